// Property-based checks against the device under test (fast-check). A failing property becomes a FAIL
// whose reason is the rule broken by the shrunk counterexample, with its frames, and the seed and path
// that replay it (fc.assert(…, { seed, path })). The seed and path are also a `replay` annotation that the
// run record keeps with the case; `smcert replay` (harness/cli/replay-command.ts) hands them back in
// SMCERT_REPLAY, and then only that counterexample runs (endOnFailure: no new shrinking).
import { test } from '@playwright/test';
import fc from 'fast-check';
import type { Clock } from '../clock/clock.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { VerdictError } from './verdict.ts';

/** Runs: many on virtual time, few on a real device's wall clock (each run is real requests). */
export function runsFor(clock: Clock, virtualRuns: number, realRuns = Math.ceil(virtualRuns / 10)): number {
  return clock instanceof VirtualClock ? virtualRuns : realRuns;
}

/** What replays a counterexample: fast-check's seed and path, and the case they belong to. */
export interface ReplayTarget {
  /** The case id; SMCERT_REPLAY without one applies to any property case. */
  readonly id?: string;
  readonly seed: number;
  readonly path: string;
  /** The fc.commands replayPath of a model-based counterexample (with the path, it runs exactly it). */
  readonly replayPath?: string;
}

/** The environment variable `smcert replay` sets, JSON of a ReplayTarget. */
export const REPLAY_ENV = 'SMCERT_REPLAY';

export async function checkProperty<Ts>(
  property: fc.IAsyncProperty<Ts> | fc.IAsyncPropertyWithHooks<Ts>,
  params: fc.Parameters<Ts>,
): Promise<void> {
  const replaying = replayTarget();
  const details = replaying
    ? await replayCounterexample(property, params, replaying)
    : await fc.check(property, params);
  if (!details.failed) return;
  const original = details.errorInstance;
  const replay = `replay: seed ${details.seed}, path "${details.counterexamplePath}"`;
  const shown = fc.stringify(details.counterexample);
  const replayPath = commandsReplayPathIn(shown);
  test.info().annotations.push({
    type: 'replay',
    description: JSON.stringify({
      seed: details.seed,
      path: details.counterexamplePath,
      counterexample: shown,
      ...(replayPath !== undefined ? { replayPath } : {}),
    }),
  });
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

/**
 * The replayPath a model-based case gives fc.commands(…, { replayPath }) when `smcert replay` runs its
 * recorded counterexample: with it, the seed and path run exactly those commands again.
 */
export function commandsReplayPath(): string | undefined {
  return replayTarget()?.replayPath;
}

/** The replayPath fast-check prints in a counterexample of fc.commands (`/*replayPath="…"*\/`). */
export function commandsReplayPathIn(counterexample: string): string | undefined {
  const quoted = /replayPath=("(?:[^"\\]|\\.)*")/.exec(counterexample)?.[1];
  return quoted === undefined ? undefined : (JSON.parse(quoted) as string);
}

/**
 * Runs the recorded counterexample alone. A path through fc.commands shrinks can only be followed with the
 * commands' own replayPath (fc.commands(…, { replayPath }), commandsReplayPath()); a case that does not
 * take it cannot be followed: then the recorded run of the seed (the path's first step) is run and shrunk
 * again — deterministic against an emulated device, so it ends at the same counterexample; the case notes it.
 */
async function replayCounterexample<Ts>(
  property: fc.IAsyncProperty<Ts> | fc.IAsyncPropertyWithHooks<Ts>,
  params: fc.Parameters<Ts>,
  target: ReplayTarget,
): Promise<fc.RunDetails<Ts>> {
  const exact = { ...params, seed: target.seed, path: target.path, endOnFailure: true };
  try {
    const details = await fc.check(property, exact);
    if (details.failed || !target.path.includes(':')) return details;
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('Unable to replay'))) throw error;
  }
  const run = target.path.split(':')[0]!;
  test.info().annotations.push({
    type: 'observed',
    description: `replay: fast-check could not follow path "${target.path}" of seed ${target.seed} (fc.commands without its replayPath); run ${run} of that seed was run and shrunk again`,
  });
  return fc.check(property, { ...params, seed: target.seed, path: run });
}

/** SMCERT_REPLAY when it names this case (or no case); a value that is no ReplayTarget is a harness error. */
function replayTarget(): ReplayTarget | undefined {
  const text = process.env[REPLAY_ENV];
  if (!text) return undefined;
  let target: Partial<ReplayTarget>;
  try {
    target = JSON.parse(text) as Partial<ReplayTarget>;
  } catch {
    target = {};
  }
  if (!Number.isInteger(target.seed) || typeof target.path !== 'string')
    throw new Error(
      `${REPLAY_ENV} must be JSON {"seed": <integer>, "path": "<fast-check path>"}, got ${text}`,
    );
  const id = test.info().annotations.find((a) => a.type === 'id')?.description;
  if (target.id !== undefined && target.id !== id) return undefined;
  return {
    seed: target.seed!,
    path: target.path,
    ...(typeof target.replayPath === 'string' ? { replayPath: target.replayPath } : {}),
  };
}
