// Test support: `smcert` in a child process from the repository root, as a user runs it, and the
// reference LV profile the command tests start from.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
