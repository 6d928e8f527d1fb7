// Property-based checks against the device under test (fast-check). A failing property becomes a FAIL
// whose reason is the rule broken by the shrunk counterexample, with its frames, and the seed and path
// that replay it (fc.assert(…, { seed, path })).
import fc from 'fast-check';
import type { Clock } from '../clock/clock.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { VerdictError } from './verdict.ts';

/** Runs: many on virtual time, few on a real device's wall clock (each run is real requests). */
export function runsFor(clock: Clock, virtualRuns: number, realRuns = Math.ceil(virtualRuns / 10)): number {
  return clock instanceof VirtualClock ? virtualRuns : realRuns;
}

export async function checkProperty<Ts>(
  property: fc.IAsyncProperty<Ts> | fc.IAsyncPropertyWithHooks<Ts>,
  params: fc.Parameters<Ts>,
): Promise<void> {
  const details = await fc.check(property, params);
  if (!details.failed) return;
  const original = details.errorInstance;
  const replay = `replay: seed ${details.seed}, path "${details.counterexamplePath}"`;
  const shown = fc.stringify(details.counterexample);
  if (original instanceof VerdictError) {
    throw new VerdictError(
      original.verdict,
      `${original.reason}; counterexample after ${details.numShrinks} shrinks: ${shown}; ${replay}`,
      original.frames,
      original.clause,
    );
  }
  throw original instanceof Error ? original : new Error(String(original));
}
