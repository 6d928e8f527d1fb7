// The harness keeps to a meter's declared request rate (profile /bRoute/requestsPerMinute): before a
// request, the dut client waits until the last 60 s hold fewer than the rate, so the suite's own cases
// never meet the meter's over-rate answer. The multi-client cases' extra clients go over the rate on
// purpose and are not paced. On the virtual clock the wait is virtual time. Against a real device the
// times are kept in a file (device-files.ts): the meter's window does not end with a case or a run.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

const MINUTE = 60_000;

export class RequestPace {
  private readonly sent: number[] = [];

  constructor(
    private readonly perMinute: number,
    private readonly file?: string,
  ) {
    if (!file) return;
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // nothing sent yet in this run
    }
    const times = text.split('\n').filter(Boolean).map(Number);
    this.sent.push(...times.slice(-perMinute));
    // only the last perMinute times can matter: the file keeps no more from one case to the next
    if (times.length > perMinute) writeFileSync(file, this.sent.map((t) => `${t}\n`).join(''));
  }

  /** ms from `now` until a request keeps every 60 s window within the rate. */
  delayAt(now: number): number {
    while (this.sent.length > 0 && this.sent[0]! <= now - MINUTE) this.sent.shift();
    if (this.sent.length < this.perMinute) return 0;
    return this.sent[this.sent.length - this.perMinute]! + MINUTE - now;
  }

  /** A request went out at `at`. */
  sentAt(at: number): void {
    this.sent.push(at);
    if (this.file) appendFileSync(this.file, `${at}\n`);
  }
}

/** The dut client's pace for `profile`: its meter's declared rate, when it declares one; kept in `file`. */
export function paceOf(
  profile: { readonly bRoute?: { readonly requestsPerMinute?: number } },
  file?: string,
): { pace?: RequestPace } {
  const rate = profile.bRoute?.requestsPerMinute;
  return rate === undefined ? {} : { pace: new RequestPace(rate, file) };
}
