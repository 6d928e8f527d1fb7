// The serial line between a Wi-SUN host under test (a HEMS controller's dongle driver) and the harness's
// emulated SKSTACK IP module, read at the module's end of the pseudo-terminal: every command the host
// wrote and every record the module answered, stamped with the clock (echonet-smart-meter.md §4.1–4.3).
// Written as the meter runs' serial log is (serial-log.ts: SKSETPWD and SKSETRBID redacted, SKSENDTO's
// data by its length, echoes left out), numbered as the case's <id>.serial.txt is, so that a verdict
// cites its lines. What the host's own software does is never read: only what crossed the line.
import type { Clock } from '../clock/clock.ts';
import { type Command, CommandReader } from '../devices/comms-unit/command-reader.ts';
import { DIALECTS, type DialectName } from '../devices/comms-unit/dialects.ts';
import type { ModuleUart } from '../devices/comms-unit/pty-bridge.ts';
import { decodeStrict } from '../echonet/decode-strict.ts';
import { esvInfo, esvName } from '../echonet/esv.ts';
import { skstackDialect } from '../transport/skstack/dialects.ts';
import { printableCommand } from '../transport/skstack/errors.ts';
import { SkstackReader } from '../transport/skstack/reader.ts';
import type { SkstackRecord } from '../transport/skstack/records.ts';
import { receivedText, sentText } from '../transport/skstack/serial-log.ts';
import { jstStamp } from './transcript.ts';

export interface SerialLine {
  /** 1-based: its line in the case's serial.txt. */
  readonly line: number;
  readonly at: number;
  /** 'host': a command the host wrote; 'module': a record of the module's output. */
  readonly from: 'host' | 'module';
  /** Host lines: the command's name (SKSENDTO, SKJOIN, …). */
  readonly command?: string;
  /** Module lines: the EVENT number (0x29, 0x32, …). */
  readonly event?: number;
  /** SKSENDTO carrying an ECHONET Lite request (Get, SetC, …): what a request rate counts. */
  readonly request?: boolean;
  readonly text: string;
}

export class SerialRecord {
  private readonly log: SerialLine[] = [];
  private readonly commands: CommandReader;
  private output: SkstackReader;
  private stopOutput: (() => void) | undefined;
  /** A WOPT the host wrote, taking effect at the module's OK (§4.1: ERXUDP data as hex ASCII or binary). */
  private wopt: boolean | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly dialect: DialectName,
  ) {
    this.commands = new CommandReader({
      sendToFields: DIALECTS[dialect].sendToTakesSide ? 6 : 5,
      maxLineBytes: 512,
    });
    this.output = this.reader(DIALECTS[dialect].hexDataByDefault);
  }

  /** `module` with its input and output recorded: what the PTY bridge drives instead of it. */
  tap(module: ModuleUart): ModuleUart {
    this.stopOutput?.();
    this.stopOutput = module.onOutput((chunk) => this.output.push(chunk));
    return {
      input: (bytes) => {
        for (const command of this.commands.push(bytes)) this.noteCommand(command);
        module.input(bytes);
      },
      onOutput: (listener) => module.onOutput(listener),
    };
  }

  /** Every line so far, in order. */
  get lines(): readonly SerialLine[] {
    return this.log;
  }

  /** The first module line of EVENT `code` after line `after` (0: from the start). */
  event(code: number, after = 0): SerialLine | undefined {
    return this.log.find((l) => l.line > after && l.event === code);
  }

  /** The SKSENDTO lines the host wrote after line `after` and before line `before` (default: up to now). */
  sends(after: number, before = Number.POSITIVE_INFINITY): SerialLine[] {
    return this.log.filter((l) => l.line > after && l.line < before && l.command === 'SKSENDTO');
  }

  /** The record as the case's serial.txt: `2026-06-15 12:10:05.000 JST → SKSENDTO 1 FE80:… <14 bytes> Get`. */
  text(): string {
    return this.log.map((l) => `${jstStamp(l.at)} ${l.from === 'host' ? '→' : '←'} ${l.text}`).join('\n');
  }

  stop(): void {
    this.stopOutput?.();
    this.stopOutput = undefined;
  }

  private reader(hex: boolean): SkstackReader {
    return new SkstackReader({ dialect: skstackDialect(this.dialect), hexPayload: hex }, (r) =>
      this.noteRecord(r),
    );
  }

  private noteCommand(command: Command): void {
    if (command.kind === 'overlong') {
      this.push({ from: 'host', text: 'an overlong line (dropped)' });
      return;
    }
    if (command.kind === 'line') {
      if (command.text === '') return; // the CR LF some hosts send after SKSENDTO's data
      const name = command.text.split(' ')[0] ?? '';
      if (name === 'WOPT') this.wopt = command.text.trim().endsWith('01');
      this.push({ from: 'host', command: name, text: printableCommand(command.text) });
      return;
    }
    const decoded = decodeStrict(command.data);
    const frame = decoded.ok && decoded.frame.format === 1 ? decoded.frame : undefined;
    const role = frame ? esvInfo(frame.esv)?.role : undefined;
    this.push({
      from: 'host',
      command: 'SKSENDTO',
      request: role === 'request',
      text: `${sentText(command.head.trim(), command.data)}${frame ? ` ${esvName(frame.esv)}` : ''}`,
    });
  }

  private noteRecord(record: SkstackRecord): void {
    if (record.kind === 'ok' && this.wopt !== undefined) {
      this.output = this.reader(this.wopt);
      this.wopt = undefined;
    } else if (record.kind === 'fail') this.wopt = undefined;
    const text = receivedText(record);
    if (text === undefined) return;
    this.push({ from: 'module', ...(record.kind === 'event' ? { event: record.code } : {}), text });
  }

  private push(line: Omit<SerialLine, 'line' | 'at'>): void {
    this.log.push({ line: this.log.length + 1, at: this.clock.now(), ...line });
  }
}
