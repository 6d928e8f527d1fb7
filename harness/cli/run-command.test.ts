// `smcert run` end to end: on the embedded reference meter, with a fault switched on, with a bad profile,
// and against a "real" device — a second process running `smcert emulate` — on the wall clock.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REFERENCE, ROOT, SMCERT, smcertSync } from './smcert-child.ts';

const smcert = (...args: string[]) => smcertSync(args);

function tempDir(t: string): string {
  return mkdtempSync(join(tmpdir(), `smcert-${t}-`));
}

test('run on the reference meter: a line per case, a summary by area, the record, exit 0', () => {
  const out = tempDir('run');
  const run = smcert(
    'run',
    '--profile',
    'profiles/reference-lv-meter.json',
    '--out',
    out,
    '--grep',
    'FR-TID|LV-BR-C0',
  );
  expect(run.code, run.out + run.err).toBe(0);
  expect(run.out).toMatch(/\[1\/2\] PASS {3}/);
  expect(run.out).toMatch(/frame +1 +0 +0 +0 +0/);
  const record = JSON.parse(readFileSync(join(out, 'run-record.json'), 'utf8'));
  expect(record.status).toBe('finished');
  expect(record.cases.map((c: { id: string; verdict: string }) => `${c.id} ${c.verdict}`).sort()).toEqual([
    'FR-TID-001 PASS',
    'LV-BR-C0-001 PASS',
  ]);
  expect(readFileSync(join(out, record.cases[0].transcript), 'utf8')).toMatch(/^#1 .* Get \(0x62\)/);
  expect(JSON.stringify(record)).not.toContain(REFERENCE.routeB.password);
  rmSync(out, { recursive: true, force: true });
});

test('run with a fault switched on: FAIL with the rule, exit 1', () => {
  const dir = tempDir('fault');
  const profile = join(dir, 'faulty.json');
  writeFileSync(
    profile,
    JSON.stringify({
      ...REFERENCE,
      $schema: undefined,
      target: { ...REFERENCE.target, faults: ['tid-not-echoed'] },
    }),
  );
  const run = smcert('run', '--profile', profile, '--out', join(dir, 'out'), '--grep', 'FR-TID');
  expect(run.code).toBe(1);
  expect(run.out).toMatch(
    /FAIL +FR-TID-001 \[EL-1\.14\/2\/3\.2\.2\] .*TID echoed \(§3\.2\.2\): expected 0x0000, got 0x0001/,
  );
  rmSync(dir, { recursive: true, force: true });
});

test('run refuses a missing or broken profile naming the file (exit 2), and a missing --profile', () => {
  const missing = smcert('run', '--profile', 'profiles/nope.json');
  expect(missing.code).toBe(2);
  expect(missing.err).toMatch(/profiles\/nope\.json.*no such file/s);
  expect(smcert('run').code).toBe(2);
  expect(smcert('run', '--profile', 'profiles/reference-lv-meter.json', '--workers', 'many').code).toBe(2);
  const wipe = smcert('run', '--profile', 'profiles/reference-lv-meter.json', '--out', 'harness');
  expect(wipe.code, 'a directory that is not a run directory is never cleared').toBe(2);
  expect(wipe.err).toMatch(/harness is not empty and holds no run record/);
});

test('run against a real target: the same cases on the wall clock reach a device in another process', async () => {
  test.setTimeout(180_000);
  const dir = tempDir('real');
  const device = '127.0.0.30';
  const emulator = spawn(
    process.execPath,
    [SMCERT, 'emulate', '--profile', 'profiles/reference-lv-meter.json', '--address', device],
    { cwd: ROOT },
  );
  let emulatorOut = '';
  emulator.stdout.on('data', (chunk) => {
    emulatorOut += chunk;
  });
  try {
    await expect.poll(() => emulatorOut, { timeout: 30_000 }).toContain('emulating');
    const profile = join(dir, 'real.json');
    const { $schema: _, ...rest } = REFERENCE;
    writeFileSync(
      profile,
      JSON.stringify({
        ...rest,
        transport: { ...REFERENCE.transport, address: device },
        target: { type: 'real', localAddress: '127.0.0.31' },
      }),
    );
    const run = smcert(
      'run',
      '--profile',
      profile,
      '--out',
      join(dir, 'out'),
      '--grep',
      'PR-DECL|FR-TID|FR-ESV|NP-ID|NP-D5|LV-BR-C0|LV-BR-E5-002',
    );
    expect(run.code, run.out + run.err).toBe(0);
    expect(run.out).toContain('(lv-meter, real)');
    expect(run.out).toMatch(/NA +NP-D5-001 .* — a real device must be powered up while the harness listens/);
    expect(run.out).toMatch(/all +6 +0 +0 +0 +1/);
  } finally {
    emulator.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--out never deletes what it did not write: a stray run-record.json, an unrelated X.zip', () => {
  const dir = tempDir('stray');
  const stray = join(dir, 'notes');
  mkdirSync(stray);
  writeFileSync(join(stray, 'run-record.json'), '{"mine": "not a run record"}\n');
  writeFileSync(join(stray, 'notes.txt'), 'keep me\n');
  const run = smcert(
    'run',
    '--profile',
    'profiles/reference-lv-meter.json',
    '--out',
    stray,
    '--grep',
    'FR-TID',
  );
  expect(run.code, `a run-record.json that does not parse is no run's: refused\n${run.out}${run.err}`).toBe(
    2,
  );
  expect(run.err).toMatch(/notes.*run-record\.json is not a run record/);
  expect(readFileSync(join(stray, 'notes.txt'), 'utf8'), 'the files of --out are left as they were').toBe(
    'keep me\n',
  );

  const fresh = join(dir, 'X');
  writeFileSync(`${fresh}.zip`, 'an archive of mine');
  const beside = smcert(
    'run',
    '--profile',
    'profiles/reference-lv-meter.json',
    '--out',
    fresh,
    '--grep',
    'FR-TID',
  );
  expect(beside.code, `X.zip that is not X's bundle: refused\n${beside.out}${beside.err}`).toBe(2);
  expect(beside.err).toMatch(/X\.zip .*not the bundle of a run in/);
  expect(readFileSync(`${fresh}.zip`, 'utf8'), 'an unrelated X.zip beside --out X is kept').toBe(
    'an archive of mine',
  );
  rmSync(dir, { recursive: true, force: true });
});

test('--out clears a previous run: only the files its manifest lists, its bundle and its own zip', () => {
  const dir = tempDir('again');
  const out = join(dir, 'run');
  const args = ['run', '--profile', 'profiles/reference-lv-meter.json', '--out', out];
  expect(smcert(...args, '--grep', 'FR-TID').code).toBe(0);
  expect(existsSync(join(out, 'transcripts/FR-TID-001.txt'))).toBe(true);
  writeFileSync(join(out, 'transcripts', 'my-notes.txt'), 'mine\n');
  const refused = smcert(...args, '--grep', 'LV-BR-C0');
  expect(refused.code, 'a file the previous run did not write: refused, nothing removed').toBe(2);
  expect(refused.err).toContain('transcripts/my-notes.txt');
  expect(existsSync(join(out, 'transcripts/FR-TID-001.txt')), 'nothing removed on a refusal').toBe(true);
  rmSync(join(out, 'transcripts', 'my-notes.txt'));
  const again = smcert(...args, '--grep', 'LV-BR-C0');
  expect(again.code, again.out + again.err).toBe(0);
  expect(existsSync(join(out, 'transcripts/FR-TID-001.txt')), "the previous run's files are gone").toBe(
    false,
  );
  expect(smcert('verify', `${out}.zip`).code, 'its zip was replaced by the new bundle').toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

test('run --resume keeps one device and one suite: an edited profile or another suite is refused', () => {
  const dir = tempDir('resume-same');
  const profile = join(dir, 'meter.json');
  const { $schema: _, ...rest } = REFERENCE;
  writeFileSync(
    profile,
    JSON.stringify({ ...rest, target: { ...REFERENCE.target, faults: ['e5-100-accepted'] } }),
  );
  const out = join(dir, 'run');
  const first = smcert('run', '--profile', profile, '--out', out, '--grep', 'LV-BR-C0');
  expect(first.code, first.out + first.err).toBe(0);
  const recordFile = join(out, 'run-record.json');
  const recorded = readFileSync(recordFile, 'utf8');

  writeFileSync(
    profile,
    JSON.stringify({ ...rest, identity: { ...REFERENCE.identity, serial: 'OTHER-0002' } }),
  );
  const edited = smcert('run', '--resume', out);
  expect(edited.code, `faults removed, serial changed: another device\n${edited.out}${edited.err}`).toBe(2);
  expect(edited.err).toMatch(/meter\.json has changed since the run began/);
  expect(readFileSync(recordFile, 'utf8'), 'a refused resume leaves the record alone').toBe(recorded);

  writeFileSync(
    profile,
    JSON.stringify({ ...rest, target: { ...REFERENCE.target, faults: ['e5-100-accepted'] } }),
  );
  const record = JSON.parse(recorded);
  writeFileSync(
    recordFile,
    JSON.stringify({ ...record, suite: { ...record.suite, commit: 'f'.repeat(40) } }),
  );
  const moved = smcert('run', '--resume', out);
  expect(moved.code, `the record was made with another suite\n${moved.out}${moved.err}`).toBe(2);
  expect(moved.err).toMatch(/suite has changed since the run began/);
  rmSync(dir, { recursive: true, force: true });
});

test('a real target: the expected wall time first; above 60 min refused unless --allow-long', async () => {
  test.setTimeout(120_000);
  const dir = tempDir('long');
  const { $schema: _, ...rest } = REFERENCE;
  const profile = join(dir, 'real.json');
  writeFileSync(
    profile,
    JSON.stringify({
      ...rest,
      transport: { ...REFERENCE.transport, address: '127.0.0.44' },
      target: { type: 'real', localAddress: '127.0.0.45' },
    }),
  );
  const out = join(dir, 'out');
  const long = smcert('run', '--profile', profile, '--out', out);
  expect(long.code, `every case on the wall clock takes hours\n${long.out}${long.err}`).toBe(2);
  expect(long.out).toMatch(/expected wall time: ~\d+ min for \d+ cases/);
  expect(long.err, 'the refusal names the flag').toContain('--allow-long');
  expect(long.err, 'and the longest cases').toContain('LV-BR-INF-001');
  expect(existsSync(join(out, 'run-record.json')), 'nothing ran').toBe(false);

  const emulated = smcert(
    'run',
    '--profile',
    'profiles/reference-lv-meter.json',
    '--out',
    join(dir, 'e'),
    '--grep',
    'FR-TID',
  );
  expect(emulated.out, 'an emulated target runs on a virtual clock: no wall time').not.toContain(
    'expected wall time',
  );

  const allowed = spawn(
    process.execPath,
    [SMCERT, 'run', '--profile', profile, '--out', out, '--allow-long'],
    {
      cwd: ROOT,
    },
  );
  let said = '';
  allowed.stdout.on('data', (chunk) => {
    said += chunk;
  });
  await expect.poll(() => said, { timeout: 60_000 }).toContain('cases against');
  allowed.kill('SIGINT');
  expect(await new Promise((resolve) => allowed.on('exit', resolve)), 'it ran until interrupted').toBe(130);
  rmSync(dir, { recursive: true, force: true });
});
