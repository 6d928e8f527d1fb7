// `smcert run` under signals and contention: SIGTERM stops it like Ctrl-C, a killed smcert takes its
// Playwright child with it, a double Ctrl-C still says what was kept, two runs never share a run
// directory, and a record that cannot be written stops the run instead of losing verdicts.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readRunRecord } from '../../reports/run-record-io.ts';
import { REFERENCE, ROOT, SMCERT } from './smcert-child.ts';

/** Enough cases on one worker that a signal lands in the middle of them. */
const MANY = ['--grep', 'FR-|NP-|PR-|LV-BR', '--workers', '1'];

interface Started {
  readonly child: ChildProcess;
  readonly out: () => string;
  readonly err: () => string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[], detached = false): Started {
  const child = spawn(process.execPath, [SMCERT, ...args], { cwd: ROOT, detached });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    err += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, out: () => out, err: () => err, exit };
}

const casesIn = (recordFile: string) => (existsSync(recordFile) ? readRunRecord(recordFile).cases.length : 0);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A real target that nobody answers: every case waits on the wall clock, long enough to be killed. */
function silentRealProfile(dir: string, last: number): string {
  const { $schema: _, ...rest } = REFERENCE;
  const file = join(dir, 'silent.json');
  writeFileSync(
    file,
    JSON.stringify({
      ...rest,
      transport: { ...REFERENCE.transport, address: `127.0.0.${last}` },
      target: { type: 'real', localAddress: `127.0.0.${last + 1}` },
    }),
  );
  return file;
}

test.describe('smcert run under signals', () => {
  let dir = '';
  test.beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'smcert-signals-'));
  });
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('SIGTERM stops the run like Ctrl-C: exit 143, reports and bundle, the cases not reached listed', async () => {
    test.setTimeout(120_000);
    const out = join(dir, 'run');
    const run = start(['run', '--profile', 'profiles/reference-lv-meter.json', '--out', out, ...MANY]);
    const recordFile = join(out, 'run-record.json');
    await expect
      .poll(() => casesIn(recordFile), { timeout: 60_000, intervals: [50] })
      .toBeGreaterThanOrEqual(3);
    run.child.kill('SIGTERM');
    const { code } = await run.exit;
    expect(code, `SIGTERM: exit 128 + 15\n${run.out()}${run.err()}`).toBe(143);
    const record = readRunRecord(recordFile);
    expect(record.status).toBe('interrupted');
    expect(run.err()).toContain(`${record.cases.length} verdicts kept`);
    expect(existsSync(join(out, 'certificate.html')), 'reports written after SIGTERM').toBe(true);
    expect(spawnSync(process.execPath, [SMCERT, 'verify', `${out}.zip`]).status, 'the bundle verifies').toBe(
      0,
    );
    const notReached = record.notReached ?? [];
    expect(notReached.length, 'the selected cases without a verdict are listed').toBeGreaterThan(0);
    expect(
      notReached.every((c) => /^(not reached: run interrupted|interrupted while running)/.test(c.reason)),
      'each is not reached, or was in flight (then with what it observed)',
    ).toBe(true);
    const done = new Set(record.cases.map((c) => c.id));
    expect(
      notReached.filter((c) => done.has(c.id)),
      'a case with a verdict is not "not reached"',
    ).toEqual([]);
  });

  test('SIGKILL of smcert: the Playwright child stops testing within seconds', async () => {
    test.setTimeout(120_000);
    const out = join(dir, 'run');
    const profile = silentRealProfile(dir, 40);
    const run = start(['run', '--profile', profile, '--out', out, '--grep', 'FR-|NP-', '--workers', '1']);
    const recordFile = join(out, 'run-record.json');
    await expect.poll(() => existsSync(recordFile), { timeout: 60_000 }).toBe(true);
    const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(run.child.pid)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number);
    expect(children.length, 'smcert runs Playwright in a child process').toBeGreaterThan(0);
    run.child.kill('SIGKILL');
    await run.exit;
    for (const pid of children)
      await expect
        .poll(() => alive(pid), { timeout: 15_000, message: `Playwright child ${pid} outlives smcert` })
        .toBe(false);
    expect(readRunRecord(recordFile).status, 'the orphaned run did not go on to "finished"').not.toBe(
      'finished',
    );
  });

  test('a double Ctrl-C still says what was kept', async () => {
    test.setTimeout(120_000);
    const out = join(dir, 'run');
    // its own process group, as in a terminal: Ctrl-C reaches every process of the group
    const run = start(['run', '--profile', 'profiles/reference-lv-meter.json', '--out', out, ...MANY], true);
    const recordFile = join(out, 'run-record.json');
    await expect
      .poll(() => casesIn(recordFile), { timeout: 60_000, intervals: [50] })
      .toBeGreaterThanOrEqual(3);
    process.kill(-run.child.pid!, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    try {
      process.kill(-run.child.pid!, 'SIGINT');
    } catch {
      // the group has ended already
    }
    const { code, signal } = await run.exit;
    // what a shell reports is 130 either way: smcert's own exit code, or — seen only on a loaded machine,
    // when the second Ctrl-C lands as the process ends — the SIGINT itself (128 + 2)
    const status = code ?? (signal === 'SIGINT' ? 130 : null);
    expect(status, `two Ctrl-C: exit status 130\n${run.out()}${run.err()}`).toBe(130);
    expect(run.err()).toMatch(/\d+ verdicts kept/);
    expect(readRunRecord(recordFile).status).toBe('interrupted');
  });

  test('two runs into one --out: the second is refused naming the first one; a stale lock is taken over', async () => {
    test.setTimeout(120_000);
    const out = join(dir, 'run');
    const first = start(['run', '--profile', silentRealProfile(dir, 42), '--out', out, '--grep', 'FR-TID']);
    try {
      await expect.poll(() => existsSync(join(out, 'run-record.json')), { timeout: 60_000 }).toBe(true);
      const second = spawnSync(
        process.execPath,
        [SMCERT, 'run', '--profile', 'profiles/reference-lv-meter.json', '--out', out, '--grep', 'FR-TID'],
        { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
      );
      expect(second.status, `a second run into the same --out\n${second.stdout}${second.stderr}`).toBe(2);
      expect(second.stderr).toContain(`pid ${first.child.pid}`);
      expect(existsSync(join(out, 'run-record.json')), "the first run's record is left alone").toBe(true);
      first.child.kill('SIGINT');
      await first.exit;
      expect(existsSync(`${out}.lock`), 'the lock goes with its run').toBe(false);
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
    }
    const fresh = join(dir, 'fresh');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(`${fresh}.lock`, `${dead}\n`);
    const after = spawnSync(
      process.execPath,
      [SMCERT, 'run', '--profile', 'profiles/reference-lv-meter.json', '--out', fresh, '--grep', 'FR-TID'],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(after.status, after.stdout + after.stderr).toBe(0);
    expect(after.stdout + after.stderr).toContain(`pid ${dead}`);
  });

  test('a record that cannot be written (disk full) stops the run with the error; the last record stays valid', async () => {
    test.setTimeout(120_000);
    const out = join(dir, 'run');
    const run = start(['run', '--profile', 'profiles/reference-lv-meter.json', '--out', out, ...MANY]);
    const recordFile = join(out, 'run-record.json');
    await expect
      .poll(() => casesIn(recordFile), { timeout: 60_000, intervals: [20] })
      .toBeGreaterThanOrEqual(2);
    // the next write of the record goes to /dev/full: ENOSPC, as on a full disk
    await expect
      .poll(
        () => {
          try {
            symlinkSync('/dev/full', `${recordFile}.tmp`);
            return true;
          } catch {
            return false; // the reporter's own temporary file is there this instant
          }
        },
        { intervals: [1] },
      )
      .toBe(true);
    const { code } = await run.exit;
    expect(code, `a run that cannot keep its record fails\n${run.out()}${run.err()}`).toBe(1);
    expect(run.err()).toMatch(/cannot write the run record.*ENOSPC/);
    expect(run.err()).toContain('smcert run --resume');
    expect(readRunRecord(recordFile).cases.length, 'the last valid record is kept').toBeGreaterThanOrEqual(2);
  });
});
