// `smcert replay` end to end on the reference LV meter with the fault ed-any-minute (caught by the
// property-based case PB-MODEL-001): the recorded FAIL replays as the same FAIL with the same shrunk
// counterexample (seed, path and value), a clean case replays PASS = PASS, a verdict that differs from the
// record exits 1, and a changed profile, a case the record lacks or missing arguments exit 2.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { RunRecord } from '../../reports/run-record.ts';
import { REFERENCE, smcertSync } from './smcert-child.ts';

const FAULT = 'ed-any-minute';
const PROPERTY_CASE = 'PB-MODEL-001';
const CLEAN_CASE = 'FR-MAL-001';

const recordOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'run-record.json'), 'utf8')) as RunRecord;
const caseOf = (dir: string, id: string) => recordOf(dir).cases.find((c) => c.id === id);

test('replay: a property case re-runs its recorded counterexample, a clean case passes again, exit codes 0/1/2', async () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-replay-'));
  try {
    const profile = join(dir, 'faulty.json');
    writeFileSync(
      profile,
      JSON.stringify({ ...REFERENCE, $schema: undefined, target: { ...REFERENCE.target, faults: [FAULT] } }),
    );
    const run = join(dir, 'run');
    const first = smcertSync([
      'run',
      '--profile',
      profile,
      '--out',
      run,
      '--grep',
      `${PROPERTY_CASE}|${CLEAN_CASE}`,
    ]);
    expect(first.code, `smcert run with ${FAULT} exits 1 (a case failed)\n${first.out}${first.err}`).toBe(1);
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as {
      files: Record<string, string>;
    };
    for (const id of [PROPERTY_CASE, CLEAN_CASE]) {
      const capture = `transcripts/${id}.pcapng`;
      expect(Object.keys(manifest.files), `the signed manifest lists ${capture}`).toContain(capture);
      expect(readFileSync(join(run, capture)).readUInt32LE(0), `${capture} opens with a pcapng SHB`).toBe(
        0x0a0d0d0a,
      );
    }
    const recorded = caseOf(run, PROPERTY_CASE);
    expect(recorded?.verdict, `${PROPERTY_CASE} FAILs with ${FAULT}`).toBe('FAIL');
    expect(recorded?.replay, `the record keeps ${PROPERTY_CASE}'s seed and path`).toMatchObject({
      seed: expect.any(Number),
      path: expect.stringMatching(/^\d+(:\d+)*$/),
      replayPath: expect.any(String), // fc.commands' own, for the shrunk commands
    });

    await test.step('the property case: FAIL = FAIL, the same counterexample', () => {
      const replay = smcertSync(['replay', run, PROPERTY_CASE]);
      expect(replay.code, `same verdict: exit 0\n${replay.out}${replay.err}`).toBe(0);
      expect(replay.out, 'both verdicts printed with their reasons').toMatch(/^recorded: FAIL — \S/m);
      expect(replay.out).toMatch(/^replayed: FAIL — \S/m);
      expect(replay.out, 'the recorded seed and path are handed to the case').toContain(
        `replaying the counterexample of seed ${recorded?.replay?.seed}, path "${recorded?.replay?.path}"`,
      );
      const replayDir = `${run}-replay-${PROPERTY_CASE}`;
      const replayed = caseOf(replayDir, PROPERTY_CASE);
      const frames = (d: string) =>
        JSON.parse(readFileSync(join(d, `transcripts/${PROPERTY_CASE}.json`), 'utf8')).length;
      expect(
        frames(replayDir),
        'the replay starts at the failing run: fewer frames than the recorded run, which ran the passing runs before it',
      ).toBeLessThan(frames(run));
      expect(replayed?.replay, "the replay's counterexample is the recorded one (seed, path, value)").toEqual(
        recorded?.replay,
      );
      expect(
        (replayed?.observed ?? []).join('\n'),
        'the shrunk commands ran exactly (their replayPath), not shrunk again from the failing run',
      ).not.toContain('could not follow');
    });

    await test.step('a clean case: PASS = PASS into --out', () => {
      const replay = smcertSync(['replay', run, CLEAN_CASE, '--out', join(dir, 'clean')]);
      expect(replay.code, `same verdict: exit 0\n${replay.out}${replay.err}`).toBe(0);
      expect(replay.out, 'both verdicts printed').toMatch(/^recorded: PASS\n(.*\n)*replayed: PASS$/m);
      expect(caseOf(join(dir, 'clean'), CLEAN_CASE)?.verdict, 'the replay has its own record').toBe('PASS');
    });

    await test.step('a verdict that differs from the record: exit 1', () => {
      const record = recordOf(run);
      const edited = record.cases.map((c) =>
        c.id === CLEAN_CASE ? { ...c, verdict: 'FAIL', reason: 'x' } : c,
      );
      writeFileSync(join(run, 'run-record.json'), JSON.stringify({ ...record, cases: edited }));
      const replay = smcertSync(['replay', run, CLEAN_CASE, '--out', join(dir, 'differs')]);
      expect(replay.code, `recorded FAIL, replayed PASS: exit 1\n${replay.out}${replay.err}`).toBe(1);
      expect(replay.out).toMatch(/^recorded: FAIL — x$/m);
      expect(replay.out).toMatch(/^replayed: PASS$/m);
    });

    await test.step('usage errors and a changed profile: exit 2, nothing run', () => {
      const help = smcertSync(['replay', '--help']);
      expect(help.code, '--help: exit 0').toBe(0);
      expect(help.out, '--help shows the usage').toMatch(/^smcert replay <run dir> <case id>/);
      const noCase = smcertSync(['replay', run]);
      expect(noCase.code, `one argument only: exit 2\n${noCase.err}`).toBe(2);
      const unknown = smcertSync(['replay', run, 'FR-NONE-999']);
      expect(unknown.code, `a case the record lacks: exit 2\n${unknown.err}`).toBe(2);
      expect(unknown.err).toContain('the record has no verdict for FR-NONE-999');
      const noRun = smcertSync(['replay', join(dir, 'nothing'), PROPERTY_CASE]);
      expect(noRun.code, `a directory without a record: exit 2\n${noRun.err}`).toBe(2);
      appendFileSync(profile, '\n');
      const changed = smcertSync(['replay', run, CLEAN_CASE, '--out', join(dir, 'changed')]);
      expect(changed.code, `a profile changed since the run: exit 2\n${changed.out}${changed.err}`).toBe(2);
      expect(changed.err, 'the refusal names the profile and its digests').toMatch(
        /faulty\.json has changed since the run \(sha256 [0-9a-f]{12}…, the record: [0-9a-f]{12}…\)/,
      );
      expect(changed.out, 'no case ran').not.toMatch(/^replayed:/m);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
