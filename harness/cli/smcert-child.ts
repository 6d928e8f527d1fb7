// Test support: `smcert` in a child process from the repository root, as a user runs it (to its end, or
// a long-running one until it is ready), and the reference LV profile the command tests start from.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SMCERT = join(ROOT, 'harness/cli/smcert.mjs');
/** profiles/reference-lv-meter.json as parsed JSON (tests write variants of it). */
export const REFERENCE = JSON.parse(readFileSync(join(ROOT, 'profiles/reference-lv-meter.json'), 'utf8'));

export interface ChildResult {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs `smcert <args>` to its end (default limit 3 min) and returns its exit code and output. */
export function smcertSync(
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): ChildResult {
  const run = spawnSync(process.execPath, [SMCERT, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 180_000,
    env: { ...process.env, ...options.env },
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** A long-running `smcert <args>` (smcert emulate), resolved once its output shows `ready`. */
export async function startSmcert(
  args: readonly string[],
  ready: string,
  timeoutMs = 90_000,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SMCERT, ...args], { cwd: ROOT });
  let out = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    out += c;
  });
  await expect
    .poll(() => out, { timeout: timeoutMs, message: `smcert ${args[0]} prints '${ready}'` })
    .toContain(ready);
  return child;
}

/** `smcert run <args>` in a child process: its exit code, its output and each case's verdict from its record. */
export function smcertRun(
  out: string,
  args: readonly string[],
): Promise<{ code: number | null; out: string; verdicts: Record<string, string> }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [SMCERT, 'run', '--out', out, ...args], { cwd: ROOT });
    let text = '';
    child.stdout.on('data', (c) => {
      text += c;
    });
    child.stderr.on('data', (c) => {
      text += c;
    });
    child.on('exit', (code) => {
      const record = JSON.parse(readFileSync(join(out, 'run-record.json'), 'utf8')) as {
        cases: { id: string; verdict: string; reason?: string }[];
      };
      const verdicts = Object.fromEntries(
        record.cases.map((c) => [c.id, c.verdict === 'PASS' ? 'PASS' : `${c.verdict}: ${c.reason}`]),
      );
      done({ code, out: text, verdicts });
    });
  });
}
