// The host → module byte stream cut into commands: ASCII lines ending CR LF (echonet-smart-meter.md
// §4), except SKSENDTO, whose <len> hex field is followed by that many bytes of binary data and no
// CR LF (§4.1) — the reader counts them instead of looking for a line end, so data may hold 0D 0A.

export type Command =
  | { readonly kind: 'line'; readonly text: string }
  /** SKSENDTO: `head` is the text up to and with the space after <len>. */
  | { readonly kind: 'send'; readonly head: string; readonly data: Uint8Array }
  /** More than the line limit without a line end: what came is dropped up to the next LF. */
  | { readonly kind: 'overlong' };

export interface CommandReaderOptions {
  /** SKSENDTO's fields before the data, <len> included (5, or 6 with SIDE). */
  readonly sendToFields: number;
  /** Longest line kept, in bytes (an emulator bound, not a module figure). */
  readonly maxLineBytes: number;
}

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;

export class CommandReader {
  private line: number[] = [];
  private overlong = false;
  private data: { head: string; length: number; bytes: number[] } | undefined;

  constructor(private readonly options: CommandReaderOptions) {}

  /** Takes bytes as they come (any split); returns the commands they complete, in order. */
  push(bytes: Uint8Array): Command[] {
    const out: Command[] = [];
    for (const byte of bytes) {
      if (this.data) {
        this.data.bytes.push(byte);
        if (this.data.bytes.length === this.data.length) out.push(this.finishData());
        continue;
      }
      if (byte === LF) {
        if (this.overlong) out.push({ kind: 'overlong' });
        else {
          if (this.line.at(-1) === CR) this.line.pop();
          out.push({ kind: 'line', text: latin1(this.line) });
        }
        this.line = [];
        this.overlong = false;
        continue;
      }
      if (this.overlong) continue;
      if (this.line.length >= this.options.maxLineBytes) {
        this.overlong = true;
        this.line = [];
        continue;
      }
      if (byte === SPACE && this.startsData()) {
        this.line.push(byte);
        const head = latin1(this.line);
        this.line = [];
        const length = Number.parseInt(head.trim().split(/ +/).at(-1)!, 16);
        this.data = { head, length, bytes: [] };
        if (length === 0) out.push(this.finishData());
        continue;
      }
      this.line.push(byte);
    }
    return out;
  }

  /** The line so far is `SKSENDTO` and its fields up to a 4-hex-digit <len>, and this space ends it. */
  private startsData(): boolean {
    if (this.line.at(-1) === SPACE) return false;
    const text = latin1(this.line);
    if (!text.startsWith('SKSENDTO ')) return false;
    const fields = text.split(/ +/).slice(1);
    return fields.length === this.options.sendToFields && /^[0-9A-Fa-f]{4}$/.test(fields.at(-1)!);
  }

  private finishData(): Command {
    const { head, bytes } = this.data!;
    this.data = undefined;
    return { kind: 'send', head, data: Uint8Array.from(bytes) };
  }
}

function latin1(bytes: readonly number[]): string {
  return Buffer.from(bytes).toString('latin1');
}
