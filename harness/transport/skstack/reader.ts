// Reads what a SKSTACK IP module sends into records (records.ts): CR LF lines, except that ERXUDP (and
// the echo of our own SKSENDTO) carry a payload whose length is given in the line, and that payload is
// read by that length, never up to a line end — binary payloads contain 0D 0A (echonet-smart-meter.md
// §4.3, wisun2mqtt test). Payloads are binary, or hex ASCII (twice as many characters) after WOPT 01.
// Field layouts come from the dialect table (dialects.ts).
//
// The parse depends only on the bytes, never on how they were chunked: every decision is taken on a
// prefix that is complete (a line end found, a header's last space found, a whole window without either).
// Nothing is ever thrown: unreadable bytes become `garbage` records.
import type { SkstackDialect } from './dialects.ts';
import { skstackEventName } from './events.ts';
import type { EventRecord, SkstackRecord } from './records.ts';

/** Longest line kept; a window this long without CR LF is dropped as garbage. */
export const MAX_LINE = 2048;
/** Longest ERXUDP / SKSENDTO header (an 11-token ERXUDP is about 130 characters). */
const MAX_HEADER = 256;

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;

export interface SkstackReaderOptions {
  readonly dialect: SkstackDialect;
  /** ERXUDP data as hex ASCII; default the dialect's. */
  readonly hexPayload?: boolean;
}

/** A line that announces a payload: the keyword, and how many tokens (keyword included) precede the length. */
interface PayloadHeader {
  readonly keyword: 'ERXUDP' | 'SKSENDTO';
  readonly tokensBeforeLength: number;
  readonly hex: boolean;
  /** Index of a token the module may leave out, told by being 2 characters wide (dialects.ts erxudpOptional). */
  readonly optionalAt?: number;
}

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

export class SkstackReader {
  private buffer = new Uint8Array(0);
  /** After a payload, the CR LF the module sends behind it is skipped. */
  private afterPayload = false;
  private pan: Record<string, string> | undefined;
  private readonly headers: readonly PayloadHeader[];

  constructor(
    private readonly options: SkstackReaderOptions,
    private readonly emit: (record: SkstackRecord) => void,
  ) {
    const { dialect } = options;
    this.headers = [
      {
        keyword: 'ERXUDP',
        tokensBeforeLength: 1 + dialect.erxudp.length,
        hex: options.hexPayload ?? dialect.hexPayload,
        ...(dialect.erxudpOptional === undefined
          ? {}
          : { optionalAt: 1 + dialect.erxudp.indexOf(dialect.erxudpOptional) }),
      },
      // SKSENDTO <handle> <ipv6> <port> <sec> [<side>] <len> <data>; its echo is always binary (§4.1)
      { keyword: 'SKSENDTO', tokensBeforeLength: 5 + (dialect.side === undefined ? 0 : 1), hex: false },
    ];
  }

  /** Feeds bytes; emits every record they complete. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
    while (this.step()) {
      // each step consumed something
    }
  }

  /** The stream ended: emits an EPANDESC block still open. Bytes of an unfinished line are dropped. */
  end(): void {
    this.closePan();
    this.buffer = new Uint8Array(0);
    this.afterPayload = false;
  }

  /** Consumes one unit from the buffer and returns true, or returns false when more bytes are needed. */
  private step(): boolean {
    const buffer = this.buffer;
    if (buffer.length === 0) return false;
    if (this.afterPayload) {
      if (buffer[0] === CR && buffer.length === 1) return false;
      this.afterPayload = false;
      if (buffer[0] === CR && buffer[1] === LF) {
        this.consume(2);
        return true;
      }
    }
    for (const header of this.headers) {
      const prefix = `${header.keyword} `;
      if (startsWith(buffer, prefix)) {
        const result = this.payload(header);
        if (result !== 'not-a-payload') return result === 'done';
        break;
      }
      if (buffer.length < prefix.length && prefix.startsWith(latin1(buffer))) {
        return false; // could still become a payload header (a prefix of it holds no CR LF)
      }
    }
    return this.line();
  }

  /** One CR LF line (or a window without one, as garbage). */
  private line(): boolean {
    const buffer = this.buffer;
    const end = lineEnd(buffer, MAX_LINE);
    if (end < 0) {
      if (buffer.length < MAX_LINE + 2) return false;
      this.emitRecord({
        kind: 'garbage',
        reason: `no CR LF within ${MAX_LINE} bytes`,
        bytes: buffer.slice(0, MAX_LINE + 1),
      });
      this.consume(MAX_LINE + 1);
      return true;
    }
    const text = latin1(buffer.subarray(0, end));
    this.consume(end + 2);
    this.classify(text);
    return true;
  }

  /** ERXUDP or SKSENDTO: header tokens up to the length, then exactly that many bytes of data. */
  private payload(header: PayloadHeader): 'done' | 'wait' | 'not-a-payload' {
    const buffer = this.buffer;
    // find the space that ends the length token: the tokensBeforeLength+1-th space
    let spaces = 0;
    let dataStart = -1;
    let before = header.tokensBeforeLength;
    let tokenStart = 0;
    const limit = Math.min(buffer.length, MAX_HEADER);
    for (let i = 0; i < limit; i++) {
      const byte = buffer[i];
      if (byte === CR && buffer[i + 1] === LF) return 'not-a-payload'; // a short line: read as a line
      if (byte !== SPACE) continue;
      // the optional token is complete: not 2 characters wide, it is the next field (the optional one left out)
      if (spaces === header.optionalAt && i - tokenStart !== 2) before--;
      tokenStart = i + 1;
      if (++spaces === before + 1) {
        dataStart = i + 1;
        break;
      }
    }
    if (dataStart < 0) return buffer.length < MAX_HEADER ? 'wait' : 'not-a-payload';
    const tokens = latin1(buffer.subarray(0, dataStart - 1)).split(' ');
    const lengthToken = tokens[before] ?? '';
    if (!/^[0-9A-Fa-f]{1,4}$/.test(lengthToken)) return 'not-a-payload';
    const length = Number.parseInt(lengthToken, 16);
    const size = header.hex ? length * 2 : length;
    if (buffer.length < dataStart + size) return 'wait';
    const raw = buffer.slice(dataStart, dataStart + size);
    const all = buffer.slice(0, dataStart + size);
    this.consume(dataStart + size);
    this.afterPayload = true;
    const data = header.hex ? fromHex(raw) : raw;
    if (data === undefined) {
      this.emitRecord({
        kind: 'garbage',
        reason: `${header.keyword} data is not ${size} hex digits`,
        bytes: all,
      });
      return 'done';
    }
    if (header.keyword === 'SKSENDTO') {
      this.emitRecord({ kind: 'echo', text: tokens.join(' '), data });
      return 'done';
    }
    this.udp(tokens, data, all);
    return 'done';
  }

  private udp(tokens: readonly string[], data: Uint8Array, all: Uint8Array): void {
    const field: Record<string, string> = {};
    const { erxudp, erxudpOptional } = this.options.dialect;
    const names = tokens.length > erxudp.length + 1 ? erxudp : erxudp.filter((f) => f !== erxudpOptional);
    names.forEach((name, i) => {
      field[name] = tokens[i + 1] ?? '';
    });
    const rport = hexNumber(field.rport, 4);
    const lport = hexNumber(field.lport, 4);
    const lqi = field.lqi === undefined ? undefined : hexNumber(field.lqi, 2);
    if (rport === undefined || rport === null || lport === undefined || lport === null || lqi === null) {
      this.emitRecord({ kind: 'garbage', reason: 'ERXUDP port or LQI is not hex', bytes: all });
      return;
    }
    this.emitRecord({
      kind: 'udp',
      sender: field.sender ?? '',
      dest: field.dest ?? '',
      rport,
      lport,
      senderLla: field.senderLla ?? '',
      secured: field.secured === '1',
      ...(lqi === undefined ? {} : { lqi }),
      ...(field.side === undefined ? {} : { side: field.side }),
      data,
    });
  }

  private classify(text: string): void {
    if (this.pan !== undefined && text.startsWith('  ')) {
      const colon = text.indexOf(':');
      if (colon > 0) this.pan[text.slice(2, colon).trim()] = text.slice(colon + 1).trim();
      return;
    }
    if (text === 'EPANDESC') {
      this.closePan();
      this.pan = {};
      return;
    }
    if (text === 'OK' || text.startsWith('OK ')) {
      this.emitRecord({ kind: 'ok', text });
    } else if (text === 'FAIL' || text.startsWith('FAIL ')) {
      this.emitRecord({ kind: 'fail', code: text.slice(5).trim(), text });
    } else if (text.startsWith('ERXUDP ')) {
      const bytes = Buffer.from(text, 'latin1');
      this.emitRecord({
        kind: 'garbage',
        reason: 'ERXUDP without a hex DATALEN where the dialect puts it',
        bytes,
      });
    } else if (text.startsWith('EVENT ')) {
      this.emitRecord(this.event(text) ?? { kind: 'line', text });
    } else if (/^(SK|WOPT|ROPT|WUART|RUART)[A-Z0-9]*( |$)/.test(text)) {
      this.emitRecord({ kind: 'echo', text });
    } else if (/^E[A-Z]+( |$)/.test(text)) {
      const tokens = text.split(' ').filter((t) => t !== '');
      this.emitRecord({ kind: 'info', keyword: tokens[0] ?? '', tokens: tokens.slice(1), text });
    } else {
      this.emitRecord({ kind: 'line', text });
    }
  }

  /** `EVENT <num> <sender> …` with the dialect's trailing fields; undefined when <num> is not hex. */
  private event(text: string): EventRecord | undefined {
    const tokens = text.split(' ').filter((t) => t !== '');
    const code = hexNumber(tokens[1], 2);
    if (code === undefined || code === null) return undefined;
    const tail: Partial<Record<'side' | 'param', string>> = {};
    this.options.dialect.event.forEach((name, i) => {
      const token = tokens[3 + i];
      if (token !== undefined) tail[name] = token;
    });
    return { kind: 'event', code, name: skstackEventName(code), sender: tokens[2] ?? '', ...tail, text };
  }

  private emitRecord(record: SkstackRecord): void {
    this.closePan(); // any other record ends an EPANDESC block
    this.emit(record);
  }

  private closePan(): void {
    const fields = this.pan;
    if (fields === undefined) return;
    this.pan = undefined;
    this.emit({ kind: 'pan', fields });
  }

  private consume(count: number): void {
    this.buffer = this.buffer.slice(count);
  }
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** Index of the first CR LF starting at or before `limit`, or -1. */
function lineEnd(bytes: Uint8Array, limit: number): number {
  const last = Math.min(bytes.length - 2, limit);
  for (let i = 0; i <= last; i++) if (bytes[i] === CR && bytes[i + 1] === LF) return i;
  return -1;
}

/** A hex field of at most `digits` digits; undefined when absent, null when present but not hex. */
function hexNumber(token: string | undefined, digits: number): number | undefined | null {
  if (token === undefined) return undefined;
  if (!new RegExp(`^[0-9A-Fa-f]{1,${digits}}$`).test(token)) return null;
  return Number.parseInt(token, 16);
}

function fromHex(ascii: Uint8Array): Uint8Array | undefined {
  const text = latin1(ascii);
  if (!/^([0-9A-Fa-f]{2})*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}
