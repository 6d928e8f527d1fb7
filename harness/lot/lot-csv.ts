// The lot file of `smcert lot --serials <csv>`: one row per delivered unit, a header naming the columns.
//   serial   required; the unit's id, also its run directory's name (letters, digits, . _ -)
//   address  the unit's IP address (a template on UDP: required)
//   port     its ECHONET Lite port (default the template's)
//   path     its Wi-SUN dongle's serial device (a template on SKSTACK: required)
//   localAddress  this machine's address the harness talks to the unit from (default the template's):
//            units on one local address run one at a time (ECHONET Lite answers to port 3610 of the
//            sender, so one socket per address), units on their own run --workers at once
// Every problem is collected with its line before any unit is tested: a duplicate serial (or address, or
// path), a missing address, an unknown column, a row of the wrong width. Fields may be double-quoted.
import { familyProblem, type IpFamily, localAddressProblem } from '../profile/ip-address.ts';

export interface LotUnit {
  readonly serial: string;
  /** Line of the CSV the unit came from (absent for an emulated lot). */
  readonly line?: number;
  readonly address?: string;
  readonly port?: number;
  readonly path?: string;
  readonly localAddress?: string;
  /** Fault switches an emulated unit carries (harness/devices/faults.ts). */
  readonly faults?: readonly string[];
}

export type LotTransport = { readonly type: 'udp'; readonly family: IpFamily } | { readonly type: 'skstack' };

export class LotCsvError extends Error {
  override readonly name = 'LotCsvError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${file}: ${problems.length} problem(s), no unit was tested:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
}

const COLUMNS = ['serial', 'address', 'port', 'path', 'localAddress'] as const;
type Column = (typeof COLUMNS)[number];
const SERIAL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function parseLotCsv(text: string, file: string, transport: LotTransport): LotUnit[] {
  const problems: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0)
    throw new LotCsvError(file, [
      'line 1: empty file — the first line names the columns, e.g. serial,address',
    ]);
  const header = splitRow(lines[headerAt]!).map((h) => h.trim());
  const at = (line: number) => `line ${line}`;
  header.forEach((name, i) => {
    if (!(COLUMNS as readonly string[]).includes(name))
      problems.push(
        `${at(headerAt + 1)}: unknown column '${name}' (column ${i + 1}) — the columns are ${COLUMNS.join(', ')}`,
      );
    else if (header.indexOf(name) !== i) problems.push(`${at(headerAt + 1)}: column '${name}' given twice`);
  });
  if (!header.includes('serial')) problems.push(`${at(headerAt + 1)}: no 'serial' column`);
  const needed: Column = transport.type === 'udp' ? 'address' : 'path';
  if (!header.includes(needed))
    problems.push(
      `${at(headerAt + 1)}: no '${needed}' column — the profile's device is on ${transport.type === 'udp' ? 'UDP: each unit needs its IP address' : 'SKSTACK: each unit needs its dongle path'}`,
    );
  if (problems.length > 0) throw new LotCsvError(file, problems);
  const units: LotUnit[] = [];
  const firstLine = new Map<string, number>();
  const once = (kind: string, key: string, line: number) => {
    const seen = firstLine.get(`${kind}\0${key}`);
    if (seen !== undefined) problems.push(`${at(line)}: duplicate ${kind} '${key}' (first on line ${seen})`);
    else firstLine.set(`${kind}\0${key}`, line);
  };
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = i + 1;
    if (lines[i]!.trim() === '') continue;
    const fields = splitRow(lines[i]!).map((f) => f.trim());
    if (fields.length !== header.length) {
      problems.push(
        `${at(line)}: ${fields.length} fields, the header has ${header.length} (${header.join(',')})`,
      );
      continue;
    }
    const row = Object.fromEntries(header.map((h, k) => [h, fields[k]!])) as Partial<Record<Column, string>>;
    const serial = row.serial ?? '';
    if (!SERIAL.test(serial)) {
      problems.push(
        `${at(line)}: serial '${serial}' — 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (it names the unit's run directory)`,
      );
      continue;
    }
    once('serial', serial, line);
    const unit: { -readonly [K in keyof LotUnit]: LotUnit[K] } = { serial, line };
    if (row.address) {
      const wrong =
        transport.type === 'udp'
          ? familyProblem(row.address, transport.family, "give the unit's IP address")
          : undefined;
      if (wrong) problems.push(`${at(line)}: address of ${serial}: ${wrong}`);
      unit.address = row.address;
    } else if (needed === 'address') problems.push(`${at(line)}: missing address for ${serial}`);
    if (row.port) {
      const port = Number(row.port);
      if (!/^\d+$/.test(row.port) || port < 1 || port > 65535)
        problems.push(`${at(line)}: port of ${serial}: '${row.port}' is not a port number 1–65535`);
      unit.port = port;
    }
    if (row.path) {
      if (!row.path.startsWith('/'))
        problems.push(
          `${at(line)}: path of ${serial}: '${row.path}' is not an absolute device path such as /dev/ttyUSB0`,
        );
      unit.path = row.path;
      once('path', row.path, line);
    } else if (needed === 'path') problems.push(`${at(line)}: missing path for ${serial}`);
    if (row.localAddress) {
      const wrong =
        transport.type === 'udp'
          ? (familyProblem(row.localAddress, transport.family, "give this machine's address") ??
            localAddressProblem(row.localAddress, transport.family))
          : `a SKSTACK unit is reached through its dongle: drop localAddress`;
      if (wrong) problems.push(`${at(line)}: localAddress of ${serial}: ${wrong}`);
      unit.localAddress = row.localAddress;
    }
    if (unit.address) once('address', `${unit.address}${unit.port ? ` port ${unit.port}` : ''}`, line);
    units.push(unit);
  }
  if (units.length === 0 && problems.length === 0)
    problems.push(`${at(headerAt + 2)}: no unit — one row per unit below the header`);
  if (problems.length > 0) throw new LotCsvError(file, problems);
  return units;
}

/** The fields of one CSV row (RFC 4180 quoting within the line: "a,b" and "" for a quote). */
function splitRow(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}
