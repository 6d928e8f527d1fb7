// One sampled unit of a lot: `smcert run` of the unit's profile into its own run directory (its own record,
// certificate and signed bundle), as a child process whose progress lines ("[ 3/14] PASS FR-TID-001 …") are
// the unit's progress. Its verdicts come from the run record it wrote, never from the exit code; a unit
// whose run wrote no record is a unit with an error (undetermined in every class), not a harness crash.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readRunRecord } from '../../reports/run-record-io.ts';
import { CASE_LIST_ENV } from '../cli/case-list.ts';
import type { UnitResult } from '../sampling/lot-decision.ts';

const SMCERT = fileURLToPath(new URL('../cli/smcert.mjs', import.meta.url));

export interface UnitRunSettings {
  readonly serial: string;
  readonly profileFile: string;
  readonly outDir: string;
  readonly grep?: string;
  /** Playwright workers of the unit's run (default 1: the pool's parallelism is across units). */
  readonly workers?: number;
  readonly keyFile?: string;
  /** The lot's listing of the cases, made once for all its units (harness/cli/case-list.ts). */
  readonly caseList?: string;
}

export interface UnitProgress {
  readonly done: number;
  readonly total: number;
  /** The case just finished, and its verdict. */
  readonly last?: { readonly id: string; readonly verdict: string };
}

export interface UnitOutcome {
  readonly result: UnitResult;
  readonly exitCode: number;
  readonly durationMs: number;
  /** The run's console output, beside its run directory. */
  readonly logFile: string;
}

const TOTAL = /^smcert: (\d+) cases against /;
const CASE = /^\[\s*(\d+)\/(\d+)\] (\w+)\s+(\S+)/;

export function runUnit(
  settings: UnitRunSettings,
  onProgress: (p: UnitProgress) => void,
): Promise<UnitOutcome> {
  const started = Date.now();
  const logFile = `${settings.outDir}.log`;
  const log = createWriteStream(logFile);
  const child = spawn(
    process.execPath,
    [
      SMCERT,
      'run',
      '--profile',
      settings.profileFile,
      '--out',
      settings.outDir,
      '--workers',
      String(settings.workers ?? 1),
      '--no-pdf',
      ...(settings.grep ? ['--grep', settings.grep] : []),
      ...(settings.keyFile ? ['--key', settings.keyFile] : []),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...(settings.caseList ? { [CASE_LIST_ENV]: settings.caseList } : {}) },
    },
  );
  let total = 0;
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    log.write(chunk);
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const announced = TOTAL.exec(line);
      if (announced) {
        total = Number(announced[1]);
        onProgress({ done: 0, total });
      }
      const finished = CASE.exec(line);
      if (finished)
        onProgress({
          done: Number(finished[1]),
          total: Number(finished[2]) || total,
          last: { id: finished[4]!, verdict: finished[3]! },
        });
    }
  });
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log.write(chunk);
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
  });
  return new Promise((resolvePromise) => {
    child.on('close', (code, signal) => {
      log.end();
      const exitCode = code ?? 128 + (signal === 'SIGKILL' ? 9 : 15);
      resolvePromise({
        result: unitResult(settings, exitCode, stderrTail),
        exitCode,
        durationMs: Date.now() - started,
        logFile,
      });
    });
  });
}

function unitResult(settings: UnitRunSettings, exitCode: number, stderrTail: string): UnitResult {
  const recordFile = `${settings.outDir}/run-record.json`;
  const why = () => stderrTail.trim().split('\n').slice(-3).join(' ') || `exit ${exitCode}`;
  if (!existsSync(recordFile))
    return { serial: settings.serial, error: `no run record: ${why()}`, cases: [] };
  const record = readRunRecord(recordFile);
  const cases = record.cases
    .filter((c) => !c.erratum) // an erratum's case counts nowhere (suites/errata.json)
    .map((c) => ({ id: c.id, severity: c.severity, verdict: c.verdict }));
  if (record.status !== 'finished')
    return { serial: settings.serial, error: `run ${record.status}: ${why()}`, cases };
  return { serial: settings.serial, cases };
}
