// `smcert run --shard i/n` in two processes at once (as on two machines), then `smcert merge`: together
// the shards ran each selected case once; the merged record, certificate and bundle are the run's, while
// a shard's own bundle signs no run result. A merge short of a shard is refused and writes nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { smcertRun, smcertSync } from './smcert-child.ts';

const SELECTED = ['FR-EOJ-001', 'FR-TID-001', 'LV-BR-C0-001', 'LV-BR-D0-001'];

test('two shards in two processes, merged: every selected case once, one signed run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-shards-'));
  try {
    const args = (i: number) => [
      '--profile',
      'profiles/reference-lv-meter.json',
      '--grep',
      SELECTED.join('|'),
      '--shard',
      `${i}/2`,
    ];
    const shards = await Promise.all([1, 2].map((i) => smcertRun(join(dir, `s${i}`), args(i))));
    for (const s of shards) expect(s.code, s.out).toBe(0);
    const [one, two] = shards.map((s) => Object.keys(s.verdicts));
    expect(one!.length, 'each shard gets some of the cases').toBeGreaterThan(0);
    expect(two!.length).toBeGreaterThan(0);
    expect([...one!, ...two!].sort(), 'together each selected case once').toEqual(SELECTED);
    expect(shards[0]!.out).toContain('shard 1/2:');
    const shardBundle = smcertSync(['verify', join(dir, 's1.zip')]);
    expect(shardBundle.code, shardBundle.err).toBe(0);
    expect(shardBundle.out, 'a shard signs no run result').not.toContain('signed run result');

    const short = smcertSync(['merge', '--out', join(dir, 'short'), join(dir, 's2')]);
    expect(short.code).toBe(2);
    expect(short.err).toContain('shard 1/2 not given');
    expect(existsSync(join(dir, 'short')), 'a refused merge writes nothing').toBe(false);

    const merge = smcertSync(['merge', '--out', join(dir, 'merged'), join(dir, 's2'), join(dir, 's1')]);
    expect(merge.code, merge.out + merge.err).toBe(0);
    expect(merge.out).toMatch(/4 cases of 2 shards/);
    const record = JSON.parse(readFileSync(join(dir, 'merged/run-record.json'), 'utf8'));
    expect(record.cases.map((c: { id: string }) => c.id)).toEqual(SELECTED);
    expect(record.shard).toBeUndefined();
    expect(record.mergedFrom.map((m: { shard: string }) => m.shard)).toEqual(['1/2', '2/2']);
    for (const c of record.cases) expect(existsSync(join(dir, 'merged', c.transcript)), c.id).toBe(true);
    expect(readFileSync(join(dir, 'merged/certificate.html'), 'utf8')).toContain('merged from 2 shards');
    const verified = smcertSync(['verify', join(dir, 'merged.zip')]);
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toContain('signed run result PASSED');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
