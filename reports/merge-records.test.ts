// Merging shard records: every shard once, the same suite, profile and selection, all finished, no case
// twice — else refused naming the directory and what differs; merged, one record of every case.
import { expect, test } from '@playwright/test';
import { MergeRefused, mergeRecords } from './merge-records.ts';
import type { CaseRecord, RunRecord } from './run-record.ts';

const PROFILE = { kind: 'head-end' } as unknown as RunRecord['profile']['content']; // only compared here

function caseOf(id: string): CaseRecord {
  return { id, title: id, specRef: 'X', severity: 'major', area: 'a', verdict: 'PASS', durationMs: 1 };
}

function shard(index: number, total: number, ids: string[], more: Partial<RunRecord> = {}): RunRecord {
  return {
    format: 'smcert-run-record',
    formatVersion: 1,
    suite: { name: 'smcert', version: '0.1.0', commit: 'abc', digest: 'd'.repeat(64) },
    data: { 'suites/clauses.json': 'e'.repeat(64) },
    environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2 },
    profile: { file: 'profiles/p.json', sha256: 'f'.repeat(64), content: PROFILE },
    mode: 'run',
    shard: { index, total },
    notSelected: [{ id: 'Z-001', reason: 'not for this device' }],
    startedAt: `2026-12-02T10:0${index}:00.000Z`,
    finishedAt: `2026-12-02T10:1${index}:00.000Z`,
    status: 'finished',
    cases: ids.map(caseOf),
    ...more,
  };
}

const refusal = (shards: { dir: string; record: RunRecord }[]) => {
  try {
    mergeRecords(shards);
  } catch (error) {
    if (error instanceof MergeRefused) return error.message;
    throw error;
  }
  return 'merged';
};

test('the shards in any order make one record: every case sorted, the times spanned, where each ran', () => {
  const merged = mergeRecords([
    {
      dir: 's2',
      record: shard(2, 2, ['B-001', 'D-001'], {
        environment: { node: 'v22', platform: 'darwin', arch: 'arm64', cpus: 8 },
      }),
    },
    { dir: 's1', record: shard(1, 2, ['C-001', 'A-001']) },
  ]);
  expect(merged.cases.map((c) => c.id)).toEqual(['A-001', 'B-001', 'C-001', 'D-001']);
  expect(merged.shard).toBeUndefined();
  expect(merged.status).toBe('finished');
  expect([merged.startedAt, merged.finishedAt]).toEqual([
    '2026-12-02T10:01:00.000Z',
    '2026-12-02T10:12:00.000Z',
  ]);
  expect(merged.mergedFrom?.map((m) => `${m.shard} ${m.cases} ${m.environment.platform}`)).toEqual([
    '1/2 2 linux',
    '2/2 2 darwin',
  ]);
  expect(merged.notSelected).toEqual([{ id: 'Z-001', reason: 'not for this device' }]);
});

test('refused: a shard missing, one twice, an unsharded record, a case in two shards', () => {
  expect(refusal([{ dir: 's1', record: shard(1, 3, ['A-001']) }])).toBe('shards 2/3, 3/3 not given');
  expect(
    refusal([
      { dir: 's1', record: shard(1, 2, ['A-001']) },
      { dir: 'again', record: shard(1, 2, ['B-001']) },
    ]),
  ).toBe('again: shard 1/2 again (also s1)\nshard 2/2 not given');
  const { shard: _, ...whole } = shard(1, 1, ['A-001']);
  expect(
    refusal([
      { dir: 'run', record: whole },
      { dir: 's1', record: shard(1, 1, ['B-001']) },
    ]),
  ).toBe("run: not a shard's record (run with --shard i/n)");
  expect(
    refusal([
      { dir: 's1', record: shard(1, 2, ['A-001']) },
      { dir: 's2', record: shard(2, 2, ['A-001']) },
    ]),
  ).toBe('A-001: in s1 and in s2');
});

test('refused: shards of another suite, profile, selection or count, or one not finished', () => {
  const one = { dir: 's1', record: shard(1, 2, ['A-001']) };
  const two = (more: Partial<RunRecord>) => [one, { dir: 's2', record: shard(2, 2, ['B-001'], more) }];
  expect(refusal(two({ suite: { name: 'smcert', version: '0.1.0', commit: 'def' } }))).toBe(
    "s2: another suite (commit or files) than s1's",
  );
  expect(
    refusal(two({ profile: { file: 'profiles/p.json', sha256: '0'.repeat(64), content: PROFILE } })),
  ).toBe("s2: another profile than s1's");
  expect(refusal(two({ grep: 'AR-' }))).toBe("s2: another selection (--grep) than s1's");
  expect(refusal(two({ status: 'interrupted' }))).toBe(
    's2: shard 2/2 is interrupted: complete it first with smcert run --resume s2',
  );
  expect(refusal([one, { dir: 's2', record: shard(2, 3, ['B-001']) }])).toBe(
    "s2: another number of shards than s1's",
  );
});
