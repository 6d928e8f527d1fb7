// Verdicts a case notes as it goes, without stopping: a late notification in cycle 3 does not hide one in
// cycle 40. The case's verdict is the worst noted (or raised), and its reason lists every one.
import { type Verdict, worse } from './verdict.ts';

export interface Noted {
  readonly verdict: Exclude<Verdict, 'PASS' | 'NA'>;
  readonly reason: string;
  readonly frames: readonly number[];
  /** The clause-registry id of the rule found broken (default: the case's specRef). */
  readonly clause?: string;
}

export class VerdictLog {
  readonly noted: Noted[] = [];

  /** FAIL of `rule` unless `ok`; the case goes on. */
  check(
    ok: boolean,
    rule: string,
    expected: string,
    actual: string,
    frames: readonly number[] = [],
    clause?: string,
  ): boolean {
    if (!ok)
      this.noted.push({
        verdict: 'FAIL',
        reason: `${rule}: expected ${expected}, got ${actual}`,
        frames,
        ...(clause ? { clause } : {}),
      });
    return ok;
  }

  inconclusive(reason: string, frames: readonly number[] = []): void {
    this.noted.push({ verdict: 'INCONC', reason, frames });
  }

  /** The worst noted verdict, PASS when none. */
  get verdict(): Verdict {
    return this.noted.reduce<Verdict>((v, n) => worse(v, n.verdict), 'PASS');
  }

  /**
   * Every noted reason with its frames, worst first, one a line; with more than one, a first line that
   * counts them (progress lines and summaries show the first line only).
   */
  reason(): string {
    const order: Verdict[] = ['ERROR', 'FAIL', 'INCONC'];
    const lines = [...this.noted]
      .sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict))
      .map(
        (n) =>
          `${n.verdict === this.verdict ? '' : `(${n.verdict}) `}${n.reason}${n.frames.length ? ` (transcript #${n.frames.join(', #')})` : ''}`,
      );
    if (lines.length === 1) return lines[0]!;
    const count = (v: Verdict) => this.noted.filter((n) => n.verdict === v).length;
    const counts = order
      .filter((v) => count(v) > 0)
      .map((v) => `${count(v)} ${v}`)
      .join(', ');
    return [`${lines.length} findings (${counts}); the first: ${lines[0]}`, ...lines].join('\n');
  }
}
