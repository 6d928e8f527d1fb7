// `smcert verify` on the command line (harness/cli/verify-command.ts): exit 0 for an intact bundle, 1 with
// the problem list for a tampered one, and 2 with one line naming the file and what is wrong, never a stack
// trace, for input that is no bundle to check: a missing or wrong --public-key file, a file that is not a
// zip, a manifest without a files list, a bundle file that is not JSON.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { type TinyBundle, tinyBundle } from './tiny-bundle.ts';

const SMCERT = fileURLToPath(new URL('../harness/cli/smcert.mjs', import.meta.url));

let bundle: TinyBundle;
let copies = 0;

test.beforeAll(() => {
  bundle = tinyBundle();
  writeFileSync(join(bundle.dir, 'lab.pub'), bundle.publicKeyPem);
});
test.afterAll(() => rmSync(bundle.dir, { recursive: true, force: true }));

function verify(...args: string[]) {
  const run = spawnSync(process.execPath, [SMCERT, 'verify', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** A copy of the bundle directory with one file's content replaced. */
function withFile(name: string, content: string): string {
  const dir = join(bundle.dir, `copy-${++copies}`);
  cpSync(bundle.out, dir, { recursive: true });
  writeFileSync(join(dir, name), content);
  return dir;
}

/** Exit 2, one line on stderr that matches `message`, and no stack trace. */
function expectInputError(args: string[], what: string, message: RegExp): void {
  const { code, out, err } = verify(...args);
  expect(code, `${what}: expected exit 2 (no bundle to check), got ${code}; stderr: ${err}`).toBe(2);
  expect(
    err.trimEnd().split('\n'),
    `${what}: expected one line on stderr, got ${JSON.stringify(err)}`,
  ).toHaveLength(1);
  expect(err, `${what}: the line names the file and the problem`).toMatch(message);
  expect(err + out, `${what}: no stack trace`).not.toMatch(/^\s+at /m);
}

test('an intact bundle exits 0, as a directory and as a zip, with --public-key', () => {
  for (const path of [bundle.out, bundle.zip]) {
    const { code, out, err } = verify(path, '--public-key', join(bundle.dir, 'lab.pub'));
    expect(code, `${path}: expected exit 0, got ${code}; stderr: ${err}`).toBe(0);
    expect(out, `${path}: the line names the signed result`).toMatch(/intact .* signed run result PASSED/);
  }
});

test('a missing --public-key file exits 2 with one line naming it', () => {
  const missing = join(bundle.dir, 'no-such-lab.pub');
  expectInputError(
    [bundle.zip, '--public-key', missing],
    'missing key file',
    /--public-key .*no-such-lab\.pub: no such file/,
  );
});

test('a --public-key file that holds no public key exits 2 with one line naming it', () => {
  const notKey = join(bundle.dir, 'not-a-key.pub');
  writeFileSync(notKey, 'lab ACME\n');
  expectInputError(
    [bundle.zip, '--public-key', notKey],
    'not a key',
    /--public-key .*not-a-key\.pub: not a PEM public key/,
  );
});

test('a file that is not a zip exits 2 with one line naming it', () => {
  const notZip = join(bundle.dir, 'run-record.zip');
  writeFileSync(notZip, readFileSync(join(bundle.out, 'run-record.json')));
  expectInputError([notZip], 'not a zip', /run-record\.zip: not a zip file/);
  expectInputError(
    [notZip, '--public-key', join(bundle.dir, 'lab.pub')],
    'not a zip, with a key',
    /not a zip file/,
  );
});

test('a manifest without a files list exits 2 with one line naming it', () => {
  const manifest = JSON.parse(readFileSync(join(bundle.out, 'manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const { files: _, ...rest } = manifest;
  expectInputError(
    [withFile('manifest.json', JSON.stringify(rest))],
    'no files',
    /manifest\.json: no files list/,
  );
  expectInputError([withFile('manifest.json', '{}')], 'empty manifest', /manifest\.json: no files list/);
  expectInputError(
    [withFile('manifest.json', JSON.stringify({ ...manifest, files: null }))],
    'files null',
    /manifest\.json: no files list/,
  );
});

test('manifest.json or statement.dsse.json that is not JSON exits 2 with one line naming it', () => {
  expectInputError(
    [withFile('manifest.json', '{"format": ')],
    'manifest cut short',
    /manifest\.json: not readable JSON/,
  );
  expectInputError(
    [withFile('statement.dsse.json', 'signed\n')],
    'envelope not JSON',
    /statement\.dsse\.json: not readable JSON/,
  );
});

test('a tampered bundle exits 1 with the problem list', () => {
  const { code, err } = verify(
    withFile('junit.xml', '<testsuites/>'),
    '--public-key',
    join(bundle.dir, 'lab.pub'),
  );
  expect(code, `added junit.xml: expected exit 1, got ${code}`).toBe(1);
  expect(err, 'the problem list names the added file').toMatch(
    /NOT INTACT\n {2}added: junit\.xml \(not in the manifest\)/,
  );
});
