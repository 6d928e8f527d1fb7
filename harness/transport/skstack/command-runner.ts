// Runs one SKSTACK IP command at a time: writes the line, collects what the module answers, and settles
// on `OK` (or, for SKLL64, on its one address line with no OK), on `FAIL ERxx` (SkstackCommandError),
// or on a timeout on the injected clock (SkstackTimeoutError). Commands whose result comes as EVENTs
// after the OK (SKSENDTO → EVENT 21, SKSCAN → EVENT 22, SKJOIN → EVENT 25) pass an `until` that says
// when they are done (echonet-smart-meter.md §4.1).
import type { Clock, TimerHandle } from '../../clock/clock.ts';
import { Listeners } from '../listeners.ts';
import { printableCommand, SkstackCommandError, SkstackTimeoutError } from './errors.ts';
import type { SkstackLink } from './module-link.ts';
import type { SkstackRecord } from './records.ts';

export const DEFAULT_COMMAND_TIMEOUT_MS = 5_000;

export interface RunOptions {
  /** Default: the runner's command timeout. Counted from when the line is written. */
  readonly timeoutMs?: number;
  /** Bytes written right after the line and one space, with no CR LF behind them (SKSENDTO). */
  readonly data?: Uint8Array;
  /** 'line': the answer is the first plain line (SKLL64), with no OK. Default 'ok'. */
  readonly answer?: 'ok' | 'line';
  /**
   * After the answer, the command is done when this has returned true for a record seen since the
   * line was written (before or after the OK). Throwing from it fails the command with that error.
   */
  readonly until?: (record: SkstackRecord) => boolean;
  /** What `until` waits for, for the timeout message ('EVENT 22'). */
  readonly waitingFor?: string;
}

export interface CommandResult {
  /** Every record from the line's writing to the end, the answer included, echoes left out. */
  readonly records: readonly SkstackRecord[];
  /** The OK line's text, or the answer line for answer: 'line'. */
  readonly answer: string;
}

export class SkstackCommandRunner {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly written = new Listeners<{ readonly printable: string; readonly data?: Uint8Array }>();

  constructor(
    private readonly link: SkstackLink,
    private readonly clock: Clock,
    private readonly timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS,
  ) {}

  /** Each command as it is written, SKSETPWD / SKSETRBID redacted (errors.ts printableCommand). */
  onWrite(
    listener: (command: { readonly printable: string; readonly data?: Uint8Array }) => void,
  ): () => void {
    return this.written.add(listener);
  }

  /** Queues the command behind those already running; resolves with what the module answered. */
  run(command: string, options: RunOptions = {}): Promise<CommandResult> {
    const result = this.queue.then(() => this.runNow(command, options));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private runNow(command: string, options: RunOptions): Promise<CommandResult> {
    const printable = printableCommand(command);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    return new Promise<CommandResult>((resolve, reject) => {
      const records: SkstackRecord[] = [];
      let answer: string | undefined;
      let untilMet = options.until === undefined;
      let settled = false;
      let unsubscribe = (): void => {};
      let timer: TimerHandle | undefined;
      const finish = (error: Error | undefined): void => {
        if (settled) return;
        settled = true;
        unsubscribe();
        timer?.cancel();
        if (error) reject(error);
        else resolve({ records, answer: answer ?? '' });
      };
      unsubscribe = this.link.onRecord((record) => {
        if (record.kind === 'echo') return; // our own line coming back (echo-back on)
        records.push(record);
        if (answer === undefined) {
          // a FAIL after the answer cannot be this command's: the module answers each command once
          if (record.kind === 'fail') {
            finish(new SkstackCommandError(printable, record.code));
            return;
          }
          if (record.kind === 'ok' && options.answer !== 'line') answer = record.text;
          else if (record.kind === 'line' && options.answer === 'line') answer = record.text;
        }
        if (!untilMet && options.until) {
          try {
            untilMet = options.until(record);
          } catch (error) {
            finish(error instanceof Error ? error : new Error(String(error)));
            return;
          }
        }
        if (answer !== undefined && untilMet) finish(undefined);
      });
      timer = this.clock.setTimer(timeoutMs, () => {
        const missing =
          answer === undefined ? (options.answer === 'line' ? 'answer line' : 'OK') : options.waitingFor;
        finish(new SkstackTimeoutError(printable, missing ?? 'result', timeoutMs));
      });
      const line = Buffer.from(options.data === undefined ? `${command}\r\n` : `${command} `, 'latin1');
      const bytes = options.data === undefined ? line : Buffer.concat([line, options.data]);
      this.written.emit(options.data === undefined ? { printable } : { printable, data: options.data });
      this.link.write(bytes).catch((error: unknown) => {
        finish(
          new Error(
            `SKSTACK ${printable}: cannot write to the module: ${error instanceof Error ? error.message : String(error)}`,
            {
              cause: error,
            },
          ),
        );
      });
    });
  }
}
