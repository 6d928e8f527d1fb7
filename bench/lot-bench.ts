// A lot's sample against emulated meters: lot 5 000 at level II is code letter L, n = 200 units, each its own
// smcert run (the same four cases), tested --workers at a time. Baseline beside it: the same lot's first
// shard (8 units of the draw) one at a time, which gives the time of one unit alone; the figure is the whole
// sample's wall time against n × that / workers — 1.00 when the pool scales perfectly.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LotReport } from '../reports/lot-report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CASES = 'PR-DECL-001|FR-TID-001|FR-OPC-001|FR-MAL-001';

interface LotTiming {
  readonly wallMs: number;
  readonly units: number;
}

function lotOnce(lotSize: number, workers: number, extra: readonly string[]): LotTiming {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-lot-bench-'));
  const out = join(dir, 'lot');
  try {
    const started = performance.now();
    const run = spawnSync(
      process.execPath,
      [
        join(ROOT, 'harness/cli/smcert.mjs'),
        'lot',
        '--profile',
        'profiles/reference-lv-meter.json',
        '--emulate',
        String(lotSize),
        '--aql',
        'major=0.65',
        '--seed',
        '1',
        '--grep',
        CASES,
        '--workers',
        String(workers),
        '--no-live',
        '--out',
        out,
        ...extra,
      ],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const wallMs = performance.now() - started;
    let report: LotReport;
    try {
      report = JSON.parse(readFileSync(join(out, 'lot-report.json'), 'utf8')) as LotReport;
    } catch {
      throw new Error(`smcert lot wrote no lot report (exit ${run.status}):\n${run.stdout}${run.stderr}`);
    }
    const units = report.units.filter((u) => u.state === 'done').length;
    const passed = report.units.every((u) =>
      u.attempts.at(-1)?.result.cases.every((c) => c.verdict === 'PASS'),
    );
    if (!passed) throw new Error(`a clean emulated unit did not pass: see ${run.stdout}`);
    return { wallMs, units };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function benchLot(lotSize: number, workers: number): string[] {
  const alone = lotOnce(lotSize, 1, ['--shard', '1/25']);
  const pool = lotOnce(lotSize, workers, []);
  const perUnit = alone.wallMs / alone.units;
  const ideal = (pool.units * perUnit) / workers;
  return [
    `lot sample: lot ${lotSize}, ${pool.units} units × 4 cases, ${workers} at a time: ${(pool.wallMs / 1000).toFixed(1)} s wall, ${(pool.wallMs / pool.units / 1000).toFixed(2)} s per unit`,
    `  baseline: ${alone.units} units one at a time, ${(perUnit / 1000).toFixed(2)} s per unit alone (lot start included)`,
    `  wall / (n × unit alone / workers) = ${(pool.wallMs / ideal).toFixed(2)} (1.00: the pool scales perfectly); speed-up ${(alone.wallMs / alone.units / (pool.wallMs / pool.units)).toFixed(2)}x with ${workers} workers`,
  ];
}
