// Certification mode and the run's robustness: an incomplete profile is refused naming each missing field;
// errata cases run but do not count (an unexpected pass is flagged); an interrupted run keeps a valid
// record and --resume completes it to the same verdicts and report as an uninterrupted run.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readRunRecord } from '../../reports/run-record-io.ts';
import { unpinnedChanges } from './certify-command.ts';
import { REFERENCE, ROOT, SMCERT, smcertSync } from './smcert-child.ts';

const smcert = (args: string[], env: Record<string, string> = {}) => smcertSync(args, { env });

test('certify refuses a profile without what a certificate needs, naming each field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-certify-'));
  const { $schema: _, media: __, wiring: ___, routeB: ____, ...rest } = REFERENCE;
  writeFileSync(join(dir, 'thin.json'), JSON.stringify(rest));
  const run = smcert(['certify', '--profile', join(dir, 'thin.json')]);
  expect(run.code).toBe(2);
  expect(run.err).toContain('/media: the communication media');
  expect(run.err).toContain('/routeB: the Route-B ID');
  expect(run.err).toContain('/wiring:');
  expect(
    smcert(['certify', '--profile', 'profiles/reference-lv-meter.json', '--grep', 'FR']).code,
    'no --grep in certification',
  ).toBe(2);
  rmSync(dir, { recursive: true, force: true });
});

test('certify without --key is refused (exit 2): a certificate is attributable to a lab', () => {
  const run = smcert(['certify', '--profile', 'profiles/reference-lv-meter.json']);
  expect(run.code, run.out + run.err).toBe(2);
  expect(run.err).toMatch(/--key .*lab's Ed25519 private key/);
  expect(run.out, 'refused before anything runs').not.toContain('cases against');
});

test('errata: a known-wrong case runs and is shown apart, not counted; an unexpected pass is flagged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-errata-'));
  const { $schema: _, ...rest } = REFERENCE;
  writeFileSync(
    join(dir, 'faulty.json'),
    JSON.stringify({ ...rest, target: { ...REFERENCE.target, faults: ['get-sna-pdc-nonzero'] } }),
  );
  writeFileSync(
    join(dir, 'errata.json'),
    JSON.stringify({
      version: 1,
      errata: {
        'FR-SNA-001': { reason: 'test erratum', link: 'issue 1' },
        'NP-ID-001': { reason: 'fixed already?' },
      },
    }),
  );
  const out = join(dir, 'run');
  const run = smcert(
    ['run', '--profile', join(dir, 'faulty.json'), '--out', out, '--grep', 'FR-SNA-001|NP-ID|LV-BR-C0'],
    {
      SMCERT_ERRATA: join(dir, 'errata.json'),
    },
  );
  expect(run.code, `the only FAIL is an erratum\n${run.out}${run.err}`).toBe(0);
  expect(run.out).toMatch(/FAIL +FR-SNA-001 .*\(erratum: not counted\)/);
  const html = readFileSync(join(out, 'certificate.html'), 'utf8');
  expect(html).toContain('Known-wrong cases (suites/errata.json)');
  expect(html).toContain('unexpected PASS: the erratum may be fixed');
  const record = readRunRecord(join(out, 'run-record.json'));
  expect(record.cases.find((c) => c.id === 'FR-SNA-001')?.erratum).toBe('test erratum (issue 1)');
  expect(record.notSelected.length, 'every other case is listed as not selected').toBeGreaterThan(40);
  rmSync(dir, { recursive: true, force: true });
});

test('an interrupted run keeps a valid record; --resume completes it like an uninterrupted run', async () => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-resume-'));
  const grep = 'FR-|NP-|PR-';
  const whole = join(dir, 'whole');
  expect(
    smcert([
      'run',
      '--profile',
      'profiles/reference-lv-meter.json',
      '--out',
      whole,
      '--grep',
      grep,
      '--workers',
      '1',
    ]).code,
  ).toBe(0);

  const cut = join(dir, 'cut');
  const child = spawn(
    process.execPath,
    [
      SMCERT,
      'run',
      '--profile',
      'profiles/reference-lv-meter.json',
      '--out',
      cut,
      '--grep',
      grep,
      '--workers',
      '1',
    ],
    { cwd: ROOT },
  );
  const recordFile = join(cut, 'run-record.json');
  await expect
    .poll(() => (existsSync(recordFile) ? readRunRecord(recordFile).cases.length : 0), {
      timeout: 60_000,
      intervals: [50],
    })
    .toBeGreaterThanOrEqual(3);
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const partial = readRunRecord(recordFile);
  expect(code).toBe(130);
  expect(partial.status).toBe('interrupted');
  expect(partial.cases.length).toBeGreaterThanOrEqual(3);
  expect(partial.cases.length).toBeLessThan(18);
  const reached = new Set(partial.cases.map((c) => c.id));
  const wholeIds = readRunRecord(join(whole, 'run-record.json')).cases.map((c) => c.id);
  expect(
    partial.notReached?.map((n) => n.id),
    'the selected cases that got no verdict are listed',
  ).toEqual(wholeIds.filter((id) => !reached.has(id)));
  for (const n of partial.notReached ?? [])
    expect(n.reason, `${n.id}: not reached, or in flight with what it observed`).toMatch(
      /^(not reached: run interrupted|interrupted while running, after \d+ s; what it observed: transcripts\/)/,
    );

  const resumed = smcert(['run', '--resume', cut, '--workers', '1']);
  expect(resumed.code, resumed.out + resumed.err).toBe(0);
  expect(resumed.out).toMatch(/resuming .*: \d+ cases already have a verdict/);
  const verdicts = (file: string) =>
    readRunRecord(file).cases.map((c) => `${c.id} ${c.verdict} ${c.reason ?? ''}`);
  expect(verdicts(recordFile)).toEqual(verdicts(join(whole, 'run-record.json')));
  expect(readRunRecord(recordFile).status).toBe('finished');
  expect(readRunRecord(recordFile).notReached, 'a completed run has no case not reached').toBeUndefined();
  const junit = (d: string) =>
    readFileSync(join(d, 'junit.xml'), 'utf8').replace(/ (time|timestamp)="[^"]*"/g, '');
  expect(junit(cut)).toBe(junit(whole));
  expect(smcert(['verify', `${cut}.zip`]).code).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

test('certify runs every applicable case and signs with the lab key — only on a pinned suite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-certify-'));
  const key = join(dir, 'lab.pem');
  spawnSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]);
  if (!existsSync(key)) writeFileSync(key, generateLabKey());
  const pinned = spawnSync('git', ['status', '--porcelain', '--', 'harness', 'suites', 'reports'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const run = smcert([
    'certify',
    '--profile',
    'profiles/reference-lv-meter.json',
    '--key',
    key,
    '--out',
    join(dir, 'out'),
  ]);
  if (pinned.status === 0 && pinned.stdout.trim() !== '') {
    expect(run.code, 'uncommitted suite changes: certification refused').toBe(2);
    expect(run.err).toContain('the suite is not pinned');
  } else {
    expect(run.code, run.out + run.err).toBe(0);
    const record = readRunRecord(join(dir, 'out', 'run-record.json'));
    expect(record.mode).toBe('certify');
    expect(record.notSelected).toEqual([]);
    expect(readFileSync(join(dir, 'out', 'certificate.html'), 'utf8')).toContain(
      '<h1>Certification report</h1>',
    );
    expect(run.out).not.toContain('ephemeral key');
  }
  rmSync(dir, { recursive: true, force: true });
});

function generateLabKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

test('the pinning check covers files git does not track: untracked, and ignored ones the runner would load', () => {
  const repo = mkdtempSync(join(tmpdir(), 'smcert-pinned-'));
  const git = (...args: string[]) =>
    spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: repo });
  git('init', '-q');
  mkdirSync(join(repo, 'harness'));
  writeFileSync(join(repo, 'harness', 'dut.ts'), 'export const dut = 1;\n');
  writeFileSync(join(repo, '.gitignore'), 'allure-results/\n');
  git('add', '.');
  git('commit', '-q', '-m', 'suite');
  expect(unpinnedChanges(repo), 'a clean checkout is pinned').toEqual([]);
  mkdirSync(join(repo, 'suites', 'allure-results'), { recursive: true });
  writeFileSync(join(repo, 'suites', 'allure-results', 'zz.spec.ts'), "import '../../harness/dut.ts';\n");
  writeFileSync(join(repo, 'harness', 'patch.ts'), 'export {};\n');
  const changes = unpinnedChanges(repo).join('\n');
  expect(changes, 'an ignored spec file the runner loads is not pinned').toContain(
    'suites/allure-results/zz.spec.ts',
  );
  expect(changes, 'an untracked file is not pinned').toContain('harness/patch.ts');
  rmSync(repo, { recursive: true, force: true });
});
