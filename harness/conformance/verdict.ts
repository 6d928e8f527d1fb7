// Verdicts of a conformance case, TTCN-3 style: a verdict only gets worse (PASS → INCONC → FAIL), and
// ERROR — the harness's or the environment's fault, never the device's — outranks them all. NA is given
// before anything ran (the case does not apply). Every non-PASS carries a reason.

export type Verdict = 'PASS' | 'INCONC' | 'FAIL' | 'ERROR' | 'NA';

const RANK: Record<Verdict, number> = { NA: -1, PASS: 0, INCONC: 1, FAIL: 2, ERROR: 3 };

/** The merge of two verdicts: the worse one. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return RANK[b] > RANK[a] ? b : a;
}

/** A verdict other than PASS, raised from inside a case; the conformance() helper records it. */
export class VerdictError extends Error {
  override readonly name = 'VerdictError';

  constructor(
    readonly verdict: Exclude<Verdict, 'PASS'>,
    /** Why, in one line for people: the rule, expected vs actual. */
    readonly reason: string,
    /** Transcript sequence numbers of the frames that show it. */
    readonly frames: readonly number[] = [],
    /** The clause-registry id of the rule broken (suites/clauses.json); default: the case's specRef. */
    readonly clause?: string,
  ) {
    super(`${verdict}: ${reason}${frames.length ? ` (transcript #${frames.join(', #')})` : ''}`);
  }
}

/** FAIL: the device broke `rule` (of `clause`, when it is not the case's own specRef). */
export function fail(
  rule: string,
  expected: string,
  actual: string,
  frames: readonly number[] = [],
  clause?: string,
): never {
  throw new VerdictError('FAIL', `${rule}: expected ${expected}, got ${actual}`, frames, clause);
}

/** INCONC: the case could not decide (the device went silent where the rule is not about silence, …). */
export function inconclusive(reason: string, frames: readonly number[] = []): never {
  throw new VerdictError('INCONC', reason, frames);
}
