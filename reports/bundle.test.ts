// The evidence bundle is tamper-evident and leaks nothing: a byte flipped in any artefact, in the zip, a
// file added or removed, a signature from another key: each is detected; no artefact contains the
// profile's Route-B ID or password or the signing key.
import { createPublicKey } from 'node:crypto';
import { cpSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { filesBelow, verifyBundle } from './bundle.ts';
import { type ReportRun, reportRun } from './report-run.ts';
import { intact } from './tiny-bundle.ts';

test.describe.configure({ mode: 'serial' }); // one run of the suite, shared

let run: ReportRun;

test.beforeAll(() => {
  run = reportRun('FR-TID|NP-ID|LV-BR-C0', []);
});
test.afterAll(() => rmSync(run.dir, { recursive: true, force: true }));

test('the bundle of a run verifies as a directory and as a zip, and with the lab public key', () => {
  expect(run.status, run.stdout).toBe(0);
  expect(run.stdout).toContain(`verify with: npx smcert verify`);
  expect(run.stdout).not.toContain('ephemeral key');
  const publicPem = createPublicKey(run.privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  for (const path of [run.out, `${run.out}.zip`]) {
    const result = verifyBundle(path, publicPem);
    expect(result.problems, path).toEqual([]);
    expect(result.files).toBeGreaterThan(10);
  }
});

test('a byte flipped in any artefact, in turn, is detected', () => {
  const copy = join(run.dir, 'tampered');
  const files = filesBelow(run.out);
  expect(files).toEqual(
    expect.arrayContaining([
      'run-record.json',
      'certificate.html',
      'junit.xml',
      'manifest.json',
      'statement.dsse.json',
      'public-key.pem',
    ]),
  );
  const missed: string[] = [];
  for (const file of files) {
    rmSync(copy, { recursive: true, force: true });
    cpSync(run.out, copy, { recursive: true });
    const bytes = readFileSync(join(copy, file));
    if (bytes.length === 0) continue;
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(join(copy, file), bytes);
    if (intact(copy)) missed.push(file);
  }
  expect(missed, 'artefacts whose change went unnoticed').toEqual([]);
});

test('a file added or removed, a flipped zip byte, and another signing key are detected', () => {
  const copy = join(run.dir, 'changed');
  rmSync(copy, { recursive: true, force: true });
  cpSync(run.out, copy, { recursive: true });
  writeFileSync(join(copy, 'extra.txt'), 'not part of the run');
  expect(verifyBundle(copy).problems).toContain('added: extra.txt (not in the manifest)');
  unlinkSync(join(copy, 'extra.txt'));
  unlinkSync(join(copy, 'junit.xml'));
  expect(verifyBundle(copy).problems).toContain('missing: junit.xml');

  const zip = readFileSync(`${run.out}.zip`);
  // bytes inside the compressed artefacts (the zip's own directory metadata, such as mtimes, is not an artefact)
  const flips = [200, Math.floor(zip.length / 3), Math.floor(zip.length / 2)];
  for (const at of flips) {
    const bad = Buffer.from(zip);
    bad[at] = bad[at]! ^ 0x01;
    writeFileSync(join(run.dir, 'bad.zip'), bad);
    expect(intact(join(run.dir, 'bad.zip')), `zip byte ${at} flipped: expected not intact`).toBe(false);
  }
  const other = createPublicKey(readFileSync(join(run.out, 'public-key.pem')))
    .export({ type: 'spki', format: 'pem' })
    .toString();
  const stranger = `-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n`;
  expect(verifyBundle(run.out, other).ok).toBe(true);
  expect(verifyBundle(run.out, stranger).problems).toContain(
    'key: the bundle is signed with another key than the one given',
  );
});

test('no artefact of the run contains the Route-B ID, the password or the private key', () => {
  const secrets = [
    run.profile.routeB!.id,
    run.profile.routeB!.password,
    ...run.privateKeyPem.split('\n').filter((l) => l.length > 20),
  ];
  const leaks: string[] = [];
  for (const path of [...filesBelow(run.out).map((f) => join(run.out, f)), `${run.out}.zip`]) {
    const text = readFileSync(path).toString('latin1');
    for (const secret of secrets) if (text.includes(secret)) leaks.push(`${path}: ${secret.slice(0, 6)}…`);
  }
  expect(run.stdout.includes(run.profile.routeB!.password), 'console output').toBe(false);
  expect(leaks).toEqual([]);
});
