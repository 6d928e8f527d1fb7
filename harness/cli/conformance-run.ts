// One conformance run, shared by `smcert run` and `smcert certify`: Playwright Test over suites/ with the
// profile loaded once (the caller's) and written resolved into the run directory, the cases selected once
// (harness/profile/selection.ts), the run reporter as the one writer of the record (after every case), then
// the reports and the signed bundle.
// The run holds `<out>.lock` throughout. SIGINT or SIGTERM stops the cases, keeps every verdict reached
// (status "interrupted", the cases not reached listed) and still writes the reports; a second signal stops
// at once and still says what was kept. The Playwright child watches an IPC channel to smcert and stops
// when smcert is gone. `resume` runs only the cases the record lacks and adds them to it.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReports } from '../../reports/build-reports.ts';
import { type CaseRecord, runPassed, tally } from '../../reports/run-record.ts';
import { readRunRecord } from '../../reports/run-record-io.ts';
import { HEAD_END_AREAS } from '../conformance/case-meta.ts';
import { RESOLVED_PROFILE, type RunProfile, writeResolvedProfile } from '../profile/run-profile.ts';
import { idsGrep, type ListedCase, SelectionError, selectCases } from '../profile/selection.ts';
import { ListingStopped, listCases } from './case-list.ts';
import { printReportPaths } from './print-report-paths.ts';
import { checkRunDirectory } from './run-directory.ts';
import { takeRunLock } from './run-lock.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = createRequire(import.meta.url).resolve('@playwright/test/cli');

export interface RunSettings {
  readonly command: 'run' | 'certify';
  readonly profileFile: string;
  /** The profile of profileFile, loaded and validated once (harness/cli/run-command.ts). */
  readonly profile: RunProfile;
  readonly outDir: string;
  readonly grep?: string;
  readonly workers?: string;
  readonly keyFile?: string;
  /** Keep the record in outDir and run only the cases it lacks. */
  readonly resume?: boolean;
  /** Run on a real target even when the cases would take more than WALL_TIME_LIMIT_MS. */
  readonly allowLong?: boolean;
  /** No PDF of the certificate (smcert run --no-pdf). */
  readonly noPdf?: boolean;
  /** Only the cases Playwright's sharding gives shard `index` of `total` (Playwright's --shard). */
  readonly shard?: { readonly index: number; readonly total: number };
}

/** Longest wall time a run against a real device starts without --allow-long. */
export const WALL_TIME_LIMIT_MS = 60 * 60_000;

export async function executeRun(settings: RunSettings): Promise<number> {
  const lock = takeRunLock(settings.outDir);
  if (typeof lock === 'string') {
    console.error(`smcert ${settings.command}: ${lock}`);
    return 2;
  }
  if (lock.note) console.log(`note: ${lock.note}`);
  const signals = new RunSignals(settings);
  try {
    return await runLocked(settings, signals);
  } finally {
    signals.uninstall();
    lock.release();
  }
}

async function runLocked(settings: RunSettings, signals: RunSignals): Promise<number> {
  const { outDir, command } = settings;
  const recordFile = `${outDir}/run-record.json`;
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  let skip: string[] = [];
  // a shard's record lists the cases Playwright gave it: resumed, it runs those it lacks, unsharded
  let only: Set<string> | undefined;
  let prepare = () => {};
  if (settings.resume) {
    const record = readRunRecord(recordFile);
    skip = record.cases.map((c) => c.id);
    if (record.shard) only = new Set((record.notReached ?? []).map((n) => n.id));
    console.log(`smcert ${command}: resuming ${rel(outDir)}: ${skip.length} cases already have a verdict`);
  } else {
    const checked = checkRunDirectory(outDir);
    if (typeof checked === 'string') {
      console.error(`smcert ${command}: ${checked}`);
      return 2;
    }
    prepare = checked;
  }
  let selected: readonly ListedCase[];
  let notSelected: Awaited<ReturnType<typeof selectCases>>['notSelected'];
  try {
    ({ selected, notSelected } = selectCases(listCases(settings.profile), {
      ...(settings.grep ? { grep: settings.grep } : {}),
      done: skip,
      ...(settings.profile.kind === 'head-end' ? { areas: HEAD_END_AREAS } : {}),
    }));
  } catch (error) {
    console.error(`smcert ${command}: ${(error as Error).message}`);
    if (error instanceof SelectionError) return 2;
    return error instanceof ListingStopped ? 128 + constants.signals[error.signal] : 1;
  }
  if (only) selected = selected.filter((c) => only.has(c.id));
  const sharded = settings.shard && !settings.resume ? settings.shard : undefined;
  const tooLong = wallTimeProblem(settings, selected);
  if (tooLong) {
    console.error(`smcert ${command}: ${tooLong}`);
    return 2;
  }
  if (selected.length === 0 && !settings.resume) {
    console.error(`smcert ${command}: no case matches --grep ${settings.grep ?? ''}; nothing was run`);
    return 2;
  }
  prepare();
  signals.begin();
  const profileEnv = writeResolvedProfile(`${outDir}/${RESOLVED_PROFILE}`, settings.profile);
  // a resumed run with every verdict in runs no case: the reporter still closes the record
  const child = await playwright(
    [
      'test',
      '--project=conformance',
      // only the spec files of the selected cases are loaded (Playwright otherwise loads all to grep them)
      ...specFiles(selected),
      '--grep',
      idsGrep(selected.map((c) => c.id)),
      // a shard may get no case (more shards than cases)
      ...(selected.length === 0 || sharded ? ['--pass-with-no-tests'] : []),
      ...(sharded ? ['--shard', `${sharded.index}/${sharded.total}`] : []),
      ...(settings.workers ? ['--workers', settings.workers] : []),
    ],
    {
      ...profileEnv,
      SMCERT_PROFILE: settings.profileFile,
      SMCERT_OUT: outDir,
      SMCERT_MODE: command,
      SMCERT_NOT_SELECTED: JSON.stringify(notSelected),
      ...(settings.grep ? { SMCERT_GREP: settings.grep } : {}),
      ...(settings.resume ? { SMCERT_RESUME: '1' } : {}),
      ...(sharded ? { SMCERT_SHARD: `${sharded.index}/${sharded.total}` } : {}),
    },
    signals,
  );
  if (!existsSync(recordFile)) {
    console.error(`smcert ${command}: the run ended (exit ${child.status}) before any case was recorded`);
    return 1;
  }
  const kept = () => `${rel(recordFile)} keeps the ${readRunRecord(recordFile).cases.length} verdicts`;
  const cannotWrite = (what: string, error: string) => {
    console.error(
      `smcert ${command}: cannot write the ${what} (${error}): the run was stopped; ${kept()} of the last record written. Free the space, then continue with: npx smcert run --resume ${rel(outDir)}`,
    );
    return 1;
  };
  if (child.recordError) return cannotWrite('run record', child.recordError);
  if (!existsSync(recordFile)) {
    console.error(
      `smcert ${command}: ${rel(recordFile)} is gone: the run directory was removed or moved while the run went on; nothing of this run is kept, run it again`,
    );
    return 1;
  }
  const record = readRunRecord(recordFile);
  // "running": the reporter was stopped before its end (a second Ctrl-C); its record still lists what is missing
  const interrupted = record.status !== 'finished';
  signals.reporting(record.cases.length);
  printSummary(record.cases);
  let reports: Awaited<ReturnType<typeof buildReports>>;
  try {
    reports = await buildReports(outDir, {
      ...(settings.keyFile ? { keyFile: settings.keyFile } : {}),
      ...(settings.noPdf ? { pdf: false } : {}),
    });
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' || /ERR_FILE_NOT_FOUND/.test(String(error))) {
      // the directory went away while the reports were built (the PDF reads certificate.html back)
      console.error(
        `smcert ${command}: cannot build the reports: a file of ${rel(outDir)} vanished while they were written (${(error as Error).message.split('\n')[0]}); if the run record is still there, build them again with: npx smcert run --resume ${rel(outDir)}`,
      );
      return 1;
    }
    if (code !== 'ENOSPC' && code !== 'EDQUOT' && code !== 'EIO') throw error;
    return cannotWrite('reports', (error as Error).message);
  }
  printReportPaths(outDir, reports);
  if (interrupted) {
    const why = signals.first
      ? 'interrupted'
      : `the Playwright run stopped before its end (exit ${child.status})`;
    console.error(
      `smcert ${command}: ${why}; ${record.cases.length} verdicts kept, ${record.notReached?.length ?? 0} cases not reached. Continue with: npx smcert run --resume ${rel(outDir)}`,
    );
    return signals.exitCode() ?? 1;
  }
  if (record.shard) {
    console.log(
      `shard ${record.shard.index}/${record.shard.total}: ${record.cases.length} cases; make one record of all the shards with: npx smcert merge --out <dir> <the shards' run directories>`,
    );
    if (record.cases.length === 0) return 0;
  }
  if (record.cases.length === 0) {
    console.error(`smcert ${command}: no case ran (check --grep)`);
    return 1;
  }
  return runPassed(record.cases.filter((c) => !c.erratum)) ? 0 : 1;
}

/** The spec files of the cases, as Playwright's file filters (anchored, dots literal); none when any is unknown. */
function specFiles(cases: readonly ListedCase[]): string[] {
  if (cases.length === 0 || cases.some((c) => c.file === undefined)) return [];
  return [...new Set(cases.map((c) => c.file!))].map((f) => `${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/**
 * A real device runs the cases on the wall clock, one at a time: prints what the selected cases will take
 * and returns why they may not start (above the limit without --allow-long). Emulated targets take seconds.
 */
function wallTimeProblem(settings: RunSettings, selected: readonly ListedCase[]): string | undefined {
  if (settings.profile.target.type !== 'real') return undefined;
  const minutes = (ms: number) => `~${Math.ceil(ms / 60_000)} min`;
  const total = selected.reduce((sum, c) => sum + c.realTimeMs, 0);
  console.log(
    `smcert ${settings.command}: expected wall time: ${minutes(total)} for ${selected.length} cases (${selected.filter((c) => c.realTimeMs === 0).length} of them NA for this profile)`,
  );
  if (total <= WALL_TIME_LIMIT_MS || settings.allowLong) return undefined;
  const longest = [...selected]
    .sort((a, b) => b.realTimeMs - a.realTimeMs)
    .slice(0, 5)
    .map((c) => `${c.id} (${minutes(c.realTimeMs)})`);
  return `the selected cases would take ${minutes(total)} on the wall clock, more than ${WALL_TIME_LIMIT_MS / 60_000} min; the longest: ${longest.join(', ')}. Select fewer with --grep, or give --allow-long to run them all`;
}

/**
 * SIGINT and SIGTERM during a run. The first stops the cases gracefully (the child finishes its running
 * cases' teardown, the reporter marks the record interrupted) and the reports are still written; a second
 * one kills the Playwright child and its workers at once, and once the cases are over it leaves the
 * reports unwritten — each time saying what the record keeps.
 */
class RunSignals {
  first: NodeJS.Signals | undefined;
  private count = 0;
  private child: ChildProcess | undefined;
  private verdicts: number | undefined;
  private started = false;
  private readonly handler = (signal: NodeJS.Signals) => this.received(signal);

  constructor(private readonly settings: RunSettings) {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
  }

  uninstall(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
    // an interrupted run ends with its signal's exit code: a second signal on the way out (a double
    // Ctrl-C) must not turn that into a kill with no code
    if (this.first) {
      const ending = () => {};
      process.on('SIGINT', ending);
      process.on('SIGTERM', ending);
    }
  }

  /** The run directory is being written from now on. */
  begin(): void {
    this.started = true;
  }

  running(child: ChildProcess | undefined): void {
    this.child = child;
  }

  /** The cases are over: a signal from now on is about the reports. */
  reporting(verdicts: number): void {
    this.verdicts = verdicts;
  }

  /** 128 + the number of the first signal, as a shell reports a process it stopped. */
  exitCode(): number | undefined {
    return this.first ? 128 + constants.signals[this.first] : undefined;
  }

  private received(signal: NodeJS.Signals): void {
    this.first ??= signal;
    this.count++;
    const { command, outDir } = this.settings;
    const say = (text: string) => console.error(`\nsmcert ${command}: ${signal}: ${text}`);
    if (this.child) {
      if (this.count === 1) {
        say('stopping after the running cases; every verdict reached is kept (once more to stop at once)');
        this.child.kill('SIGINT');
      } else {
        say('stopping at once');
        killGroup(this.child);
      }
      return;
    }
    if (!this.started) {
      say('stopped before any case ran; the run directory is as it was');
      process.exit(this.exitCode());
    }
    if (this.count === 1 && this.verdicts !== undefined) {
      say(`writing the reports of the ${this.verdicts} verdicts kept (once more to leave them unwritten)`);
      return;
    }
    const rel = relative(process.cwd(), outDir) || '.';
    let kept = 'no verdict was recorded';
    try {
      kept = `${readRunRecord(`${outDir}/run-record.json`).cases.length} verdicts kept in ${rel}/run-record.json`;
    } catch {
      // no record yet: nothing was kept
    }
    say(`interrupted; ${kept}, the reports not written. Continue with: npx smcert run --resume ${rel}`);
    process.exit(this.exitCode());
  }
}

/** Playwright runs in a process group of its own (with its workers): all of it stops at once. */
function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // the group has gone already
  }
}

/** The verdicts by area, and each case that did not pass with its reason's first line. */
export function printSummary(cases: readonly CaseRecord[]): void {
  const areas = [...new Set(cases.map((c) => c.area))].sort();
  const width = Math.max(16, ...areas.map((a) => a.length)); // the area names line up, however long
  const row = (name: string, list: readonly CaseRecord[]) => {
    const t = tally(list);
    return `${name.padEnd(width)} ${pad(t.PASS, 5)} ${pad(t.FAIL, 5)} ${pad(t.INCONC, 7)} ${pad(t.ERROR, 6)} ${pad(t.NA, 3)}`;
  };
  console.log(`\n${'area'.padEnd(width)}  PASS  FAIL  INCONC  ERROR  NA`);
  for (const area of areas)
    console.log(
      row(
        area,
        cases.filter((c) => c.area === area),
      ),
    );
  console.log(row('all', cases));
  const bad = cases.filter((c) => c.verdict === 'FAIL' || c.verdict === 'INCONC' || c.verdict === 'ERROR');
  if (bad.length > 0) {
    console.log('\nnot passed:');
    for (const c of bad)
      console.log(
        `  ${c.verdict.padEnd(6)} ${c.id} [${c.specRef}] ${c.reason?.split('\n')[0] ?? ''}${c.erratum ? ' (erratum: not counted)' : ''}`,
      );
  }
}

const pad = (n: number, width: number) => String(n).padStart(width);

interface ChildEnd {
  readonly status: number;
  /** Set when the run reporter could not write the record (it stopped the run). */
  readonly recordError?: string;
}

/**
 * Runs the Playwright Test CLI of this repository with extra environment. The child is the leader of a
 * process group of its own, so that only smcert decides how a Ctrl-C reaches it, and has an IPC channel
 * whose end tells the run reporter that smcert is gone (reports/run-reporter.ts).
 */
function playwright(args: string[], env: Record<string, string>, signals: RunSignals): Promise<ChildEnd> {
  const child = spawn(process.execPath, [CLI, ...args, '--config', `${ROOT}playwright.config.ts`], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  signals.running(child);
  let recordError: string | undefined;
  child.on('message', (message: { smcert?: string; error?: string }) => {
    if (message.smcert === 'record-not-written') recordError ??= message.error ?? 'unknown error';
  });
  return new Promise((resolvePromise) => {
    child.on('exit', (code, signal) => {
      signals.running(undefined);
      resolvePromise({
        status: code ?? 128 + (signal ? constants.signals[signal] : 0),
        ...(recordError ? { recordError } : {}),
      });
    });
  });
}
