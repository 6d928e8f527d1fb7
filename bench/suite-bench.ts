// The whole conformance run against the emulated reference LV meter (48 notification cycles, 100 days of
// history, the property-based cases): its wall time, set against the time the same cases take on the
// device's clock — what they would take against a real meter, which is the baseline we replace.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunRecord } from '../reports/run-record.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface SuiteRun {
  readonly wallMs: number;
  readonly status: number | null;
  readonly record: RunRecord;
}

/** One `smcert run` of a profile, whole process, its wall time and run record. */
export function runSuiteOnce(profile: string): SuiteRun {
  const out = mkdtempSync(join(tmpdir(), 'smcert-bench-'));
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'harness/cli/smcert.mjs'), 'run', '--profile', profile, '--out', out],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const wallMs = performance.now() - started;
  if (!existsSync(join(out, 'run-record.json'))) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(
      `smcert run --profile ${profile} wrote no run record (exit ${run.status}):\n${run.stdout}${run.stderr}`,
    );
  }
  const record = JSON.parse(readFileSync(join(out, 'run-record.json'), 'utf8')) as RunRecord;
  rmSync(out, { recursive: true, force: true });
  return { wallMs, status: run.status, record };
}

export function benchSuite(): string[] {
  const { wallMs, status, record } = runSuiteOnce('profiles/reference-lv-meter.json');
  const applicable = record.cases.filter((c) => c.verdict !== 'NA');
  const passed = applicable.filter((c) => c.verdict === 'PASS').length;
  const deviceMs = applicable.reduce((sum, c) => sum + (c.clockMs ?? 0), 0);
  const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;
  return [
    `LV suite: smcert run on profiles/reference-lv-meter.json (emulated), ${applicable.length} cases, ${passed} PASS (exit ${status})`,
    `  wall time ${(wallMs / 1000).toFixed(1)} s (target ≤ 60 s), whole process incl. Playwright start`,
    `  device time covered ${hours(deviceMs)} (baseline: the same cases against a meter in real time)`,
    `  ratio: ${Math.round(deviceMs / wallMs).toLocaleString('en')}× faster than real time`,
  ];
}
