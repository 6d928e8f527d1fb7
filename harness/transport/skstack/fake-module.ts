// A scripted stand-in for a Wi-SUN module, for the unit tests of this folder only: it reads command lines
// (and SKSENDTO's data, by its length) from the module end of an in-memory pair and answers from a
// script, one chunk per write, in the layout of the chosen dialect (echonet-smart-meter.md §4.3). Not the
// emulated comms unit of harness/devices: no state, no PANA, just what a test says.
import type { ByteStream } from './byte-stream.ts';
import { SKSTACK_DIALECTS, type SkstackDialectName } from './dialects.ts';

export const METER_MAC = '001D129012345678';
export const METER_LL = 'FE80:0000:0000:0000:021D:1290:1234:5678';
export const SELF_LL = 'FE80:0000:0000:0000:021D:1290:0003:C890';

export type Chunk = string | Uint8Array;
/** What the module writes back for one command: chunks, each one write; [] for silence. */
export type Reply = (line: string, data: Uint8Array | undefined) => Chunk[];

export interface ReceivedCommand {
  readonly line: string;
  /** SKSENDTO's data. */
  readonly data?: Uint8Array;
}

export class FakeModule {
  readonly received: ReceivedCommand[] = [];
  /** Raw bytes as the host wrote them. */
  readonly wire: Uint8Array[] = [];
  readonly script: Map<string, Reply>;
  private buffer = Buffer.alloc(0);

  constructor(
    private readonly end: ByteStream,
    readonly dialect: SkstackDialectName,
    overrides: Record<string, Reply> = {},
  ) {
    this.script = new Map([...Object.entries(defaultScript(dialect)), ...Object.entries(overrides)]);
    end.onData((bytes) => this.read(bytes));
  }

  /** The command lines received so far, without SKSENDTO data. */
  get lines(): string[] {
    return this.received.map((command) => command.line);
  }

  /** Writes unsolicited output (ERXUDP, EVENT 29, …), one chunk per write. */
  async emit(...chunks: Chunk[]): Promise<void> {
    for (const chunk of chunks)
      await this.end.write(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
  }

  /** An EVENT line in this dialect's layout. */
  event(code: string, sender: string, param?: string): string {
    const side = SKSTACK_DIALECTS[this.dialect].event.includes('side') ? ' 0' : '';
    return `EVENT ${code} ${sender}${side}${param === undefined ? '' : ` ${param}`}\r\n`;
  }

  /** An ERXUDP in this dialect's layout (hex data on RL7023). */
  erxudp(data: Uint8Array, options: { dest?: string; port?: number; secured?: boolean } = {}): Chunk[] {
    const port = (options.port ?? 3610).toString(16).toUpperCase().padStart(4, '0');
    const table = SKSTACK_DIALECTS[this.dialect];
    const fields: Record<string, string> = {
      sender: METER_LL,
      dest: options.dest ?? SELF_LL,
      rport: port,
      lport: port,
      senderLla: METER_MAC,
      lqi: 'E1',
      secured: options.secured === false ? '0' : '1',
      side: '0',
    };
    const head = [
      'ERXUDP',
      ...table.erxudp.map((name) => fields[name]),
      data.length.toString(16).toUpperCase().padStart(4, '0'),
    ];
    const body = table.hexPayload ? Buffer.from(data).toString('hex').toUpperCase() : data;
    return [
      Buffer.concat([
        Buffer.from(`${head.join(' ')} `),
        typeof body === 'string' ? Buffer.from(body) : body,
        Buffer.from('\r\n'),
      ]),
    ];
  }

  private read(bytes: Uint8Array): void {
    this.wire.push(Uint8Array.from(bytes));
    this.buffer = Buffer.concat([this.buffer, bytes]);
    for (;;) {
      const command = this.next();
      if (command === undefined) return;
      this.received.push(command);
      const name = command.line.split(' ')[0] ?? '';
      const reply = this.script.get(name);
      const chunks = reply ? reply(command.line, command.data) : ['FAIL ER04\r\n'];
      void this.emit(...chunks);
    }
  }

  private next(): ReceivedCommand | undefined {
    const text = this.buffer.toString('latin1');
    if (text.startsWith('SKSENDTO ')) {
      const before = 5 + (SKSTACK_DIALECTS[this.dialect].side === undefined ? 0 : 1); // tokens before the length
      const tokens = text.split(' ');
      if (tokens.length < before + 2) return undefined;
      const header = tokens.slice(0, before + 1).join(' ');
      const length = Number.parseInt(tokens[before] ?? '', 16);
      const start = header.length + 1;
      if (this.buffer.length < start + length) return undefined;
      const data = Uint8Array.from(this.buffer.subarray(start, start + length));
      this.buffer = this.buffer.subarray(start + length);
      return { line: header, data };
    }
    const end = text.indexOf('\r\n');
    if (end < 0) return undefined;
    this.buffer = this.buffer.subarray(end + 2);
    return { line: text.slice(0, end) };
  }
}

/** A module that joins at once: one PAN found, PANA succeeds, every send completes. */
function defaultScript(dialect: SkstackDialectName): Record<string, Reply> {
  const side = SKSTACK_DIALECTS[dialect].event.includes('side') ? ' 0' : '';
  const event = (code: string, sender: string, param?: string) =>
    `EVENT ${code} ${sender}${side}${param === undefined ? '' : ` ${param}`}\r\n`;
  const ok = () => ['OK\r\n'];
  return {
    SKSREG: (line) => (line === 'SKSREG SFE 0' ? [`${line}\r\nOK\r\n`] : ok()),
    SKSETPWD: ok,
    SKSETRBID: ok,
    SKSCAN: () => ['OK\r\n', ...panFound(event), event('22', SELF_LL)],
    SKLL64: () => [`${METER_LL}\r\n`],
    SKJOIN: () => ['OK\r\n', event('21', SELF_LL, '02'), event('25', METER_LL)],
    SKINFO: () => [`EINFO ${SELF_LL} 001D129000030C890 21 8888 FFFE\r\nOK\r\n`],
    SKSENDTO: () => [event('21', SELF_LL, '00'), 'OK\r\n'],
    SKTERM: () => ['OK\r\n', event('27', METER_LL)],
  };
}

/** EVENT 20 and its EPANDESC block for the meter (channel 0x21, PAN ID 8888). */
export function panFound(event: (code: string, sender: string) => string, lqi = 'E1'): Chunk[] {
  return [
    event('20', 'FE80:0000:0000:0000:1034:5678:ABCD:EF01') +
      `EPANDESC\r\n  Channel:21\r\n  Channel Page:09\r\n  Pan ID:8888\r\n  Addr:${METER_MAC}\r\n  LQI:${lqi}\r\n  PairID:AABBCCDD\r\n`,
  ];
}
