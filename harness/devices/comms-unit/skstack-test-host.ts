// The host end of the byte stream in the unit tests: writes command lines (and SKSENDTO data) into the
// module, keeps every chunk the module writes, and reads them back as text or ERXUDP.
import type { VirtualClock } from '../../clock/virtual-clock.ts';
import { encodeFrame } from '../../echonet/encode.ts';
import { HEMS_CONTROLLER, LV_METER } from '../../echonet/eoj.ts';
import { ESV } from '../../echonet/esv.ts';
import type { Dialect } from './dialects.ts';
import type { SkstackModule } from './skstack-module.ts';

export interface ErxudpChunk {
  /** The fields before <DATA>, `ERXUDP` first. */
  readonly fields: readonly string[];
  readonly datalen: number;
  /** The data as bytes (decoded from hex ASCII where it came so). */
  readonly data: Uint8Array;
  /** What followed the data in the chunk (CR LF when well-formed). */
  readonly trailer: string;
}

export class TestHost {
  readonly chunks: Uint8Array[] = [];

  constructor(
    readonly module: SkstackModule,
    readonly clock: VirtualClock,
  ) {
    module.onOutput((chunk) => this.chunks.push(chunk));
  }

  /** Writes `text` (latin1) and, when given, binary data after it. */
  write(text: string, data?: Uint8Array): void {
    const head = Buffer.from(text, 'latin1');
    this.module.input(Uint8Array.from(data ? Buffer.concat([head, data]) : head));
  }

  /** Sends a command line and returns the chunks it wrote at once. */
  command(line: string): string[] {
    const from = this.chunks.length;
    this.write(`${line}\r\n`);
    return this.texts(from);
  }

  /** SKSENDTO with its binary data (no CR LF after it, §4.1); the chunks up to its OK or FAIL. */
  async sendTo(fields: string, data: Uint8Array): Promise<string[]> {
    const from = this.chunks.length;
    const len = data.length.toString(16).toUpperCase().padStart(4, '0');
    this.write(`SKSENDTO ${fields} ${len} `, data);
    await this.until((t) => t === 'OK\r\n' || t.startsWith('FAIL'), 1000, from);
    return this.texts(from);
  }

  texts(from = 0): string[] {
    return this.chunks.slice(from).map((c) => Buffer.from(c).toString('latin1'));
  }

  /** Runs the clock until a chunk written after `from` satisfies `match`; returns it (or throws). */
  async until(match: (text: string) => boolean, limitMs: number, from = 0): Promise<string> {
    const found = () => this.texts(from).find(match);
    await this.clock.runUntil(() => found() !== undefined, limitMs);
    const text = found();
    if (text === undefined) {
      throw new Error(`no chunk matched within ${limitMs} ms; written: ${JSON.stringify(this.texts(from))}`);
    }
    return text;
  }

  /** Every ERXUDP chunk written after `from`, parsed for the dialect (data hex as it says by default). */
  erxudps(dialect: Dialect, from = 0, hex = dialect.hexDataByDefault): ErxudpChunk[] {
    return this.chunks
      .slice(from)
      .filter((c) => Buffer.from(c.subarray(0, 7)).toString('latin1') === 'ERXUDP ')
      .map((c) => parseErxudp(dialect, c, hex));
  }
}

/** One ERXUDP chunk: 7 fixed fields and the dialect's, <DATALEN>, then the data by its length (§4.3). */
export function parseErxudp(dialect: Dialect, chunk: Uint8Array, hex: boolean): ErxudpChunk {
  const count = 7 + dialect.erxudpFields.length;
  const fields: string[] = [];
  let at = 0;
  while (fields.length < count) {
    const space = chunk.indexOf(0x20, at);
    if (space < 0) throw new Error(`ERXUDP with fewer than ${count} fields before the data`);
    fields.push(Buffer.from(chunk.subarray(at, space)).toString('latin1'));
    at = space + 1;
  }
  const datalen = Number.parseInt(fields.at(-1)!, 16);
  const rest = chunk.subarray(at);
  const width = hex ? 2 * datalen : datalen;
  const raw = rest.subarray(0, width);
  const data = hex ? Uint8Array.from(Buffer.from(Buffer.from(raw).toString('latin1'), 'hex')) : raw.slice();
  return { fields, datalen, data, trailer: Buffer.from(rest.subarray(width)).toString('latin1') };
}

/** §4.4 up to EVENT 24/25 and a second after it, without checks; returns the PAA's address. */
export async function joinMeter(
  host: TestHost,
  dialect: Dialect,
  credentials: { readonly id: string; readonly password: string },
): Promise<string> {
  const side = dialect.scanTakesSide ? ' 0' : '';
  host.command('SKSREG SFE 0');
  host.command(`SKSETPWD C ${credentials.password}`);
  host.command(`SKSETRBID ${credentials.id}`);
  const from = host.chunks.length;
  host.command(`SKSCAN 2 FFFFFFFF 6${side}`);
  await host.until((t) => t.startsWith('EVENT 22 '), 30_000, from);
  const scanned = host.texts(from).join('');
  const field = (name: string) => new RegExp(`  ${name}:(\\S+)`).exec(scanned)?.[1] ?? '';
  host.command(`SKSREG S2 ${field('Channel')}`);
  host.command(`SKSREG S3 ${field('Pan ID')}`);
  const address = host
    .command(`SKLL64 ${field('Addr')}`)
    .join('')
    .trim();
  const joined = host.chunks.length;
  host.command(`SKJOIN ${address}`);
  await host.until((t) => /^EVENT 2[45] /.test(t), 30_000, joined);
  await host.clock.advance(1000);
  return address;
}

/** A Get of one EPC (E7 by default) from the controller to the LV meter; TID 0D 0A by default: a CR LF inside the frame. */
export function getFrame(epc = 0xe7, tid = 0x0d0a): Uint8Array {
  return encodeFrame({
    format: 1,
    tid,
    seoj: HEMS_CONTROLLER,
    deoj: LV_METER,
    esv: ESV.Get,
    properties: [{ epc, edt: new Uint8Array(0) }],
  });
}
