// checkProperty (harness/conformance/property-case.ts): a failure leaves its seed, path and counterexample
// as the `replay` annotation; with SMCERT_REPLAY naming them, exactly that counterexample runs, once and
// without shrinking; a counterexample of fc.commands is found again from the failing run of its seed; an
// SMCERT_REPLAY naming another case is ignored.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { checkProperty, REPLAY_ENV } from './property-case.ts';
import { VerdictError } from './verdict.ts';

interface Replay {
  readonly seed: number;
  readonly path: string;
  readonly counterexample: string;
}

/** Runs checkProperty, expects its FAIL, returns the replay annotation it left and the values it tried. */
async function failing<T>(property: (seen: unknown[]) => fc.IAsyncProperty<T>, replay?: object) {
  const seen: unknown[] = [];
  const before = test.info().annotations.length;
  if (replay) process.env[REPLAY_ENV] = JSON.stringify(replay);
  try {
    await checkProperty(property(seen), { seed: 42, numRuns: 200 });
    throw new Error('checkProperty returned: the property was expected to fail');
  } catch (error) {
    expect(error, 'a failing property is a VerdictError').toBeInstanceOf(VerdictError);
  } finally {
    delete process.env[REPLAY_ENV];
  }
  const added = test.info().annotations.slice(before);
  const replayNote = added.filter((a) => a.type === 'replay').at(-1)?.description;
  expect(replayNote, 'the failure leaves a replay annotation').toBeDefined();
  return { replay: JSON.parse(replayNote!) as Replay, seen, added };
}

const fail = () => {
  throw new VerdictError('FAIL', 'too big');
};

// fails for arrays summing to 100 or more: shrinking takes many steps
const sums = (seen: unknown[]) =>
  fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 60 })), async (a) => {
    seen.push(a);
    if (a.reduce((s, n) => s + n, 0) >= 100) fail();
  });

test('a recorded counterexample replays alone: one run, no shrinking, the same value', async () => {
  test.info().annotations.push({ type: 'id', description: 'PB-TEST-001' });
  const recorded = await failing(sums);
  expect(recorded.seen.length, 'the first check ran and shrank').toBeGreaterThan(2);
  const replayed = await failing(sums, {
    id: 'PB-TEST-001',
    seed: recorded.replay.seed,
    path: recorded.replay.path,
  });
  expect(replayed.seen, 'the replay ran the shrunk counterexample only').toHaveLength(1);
  expect(replayed.replay, 'the replay reports the recorded seed, path and counterexample').toEqual(
    recorded.replay,
  );
  const other = await failing(sums, { id: 'PB-OTHER-001', seed: 1, path: '0' });
  expect(other.replay, 'an SMCERT_REPLAY naming another case is ignored').toEqual(recorded.replay);
});

class Add {
  constructor(readonly n: number) {}
  check = () => true;
  async run(_model: object, real: { total: number }) {
    real.total += this.n;
    if (real.total >= 100) fail();
  }
  toString = () => `Add(${this.n})`;
}

const commands = (seen: unknown[]) =>
  fc.asyncProperty(fc.commands([fc.integer({ min: 0, max: 60 }).map((n) => new Add(n))]), async (cmds) => {
    seen.push(cmds);
    await fc.asyncModelRun(() => ({ model: {}, real: { total: 0 } }), cmds);
  });

test('a counterexample of fc.commands is found again from the failing run of its seed, and the case says so', async () => {
  const recorded = await failing(commands);
  const replayed = await failing(commands, { seed: recorded.replay.seed, path: recorded.replay.path });
  expect(replayed.replay.counterexample, 'the same counterexample').toBe(recorded.replay.counterexample);
  expect(replayed.replay.path, 'the same path').toBe(recorded.replay.path);
  expect(
    replayed.added.some((a) => a.type === 'observed' && /could not follow path/.test(a.description ?? '')),
    'the case notes that it shrank again',
  ).toBe(true);
});
