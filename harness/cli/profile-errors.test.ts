import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REFERENCE, smcertSync } from './smcert-child.ts';

const smcert = (...args: string[]) => smcertSync(args, { timeoutMs: 60_000 });

/** stderr as lines, without the trailing newline. */
const lines = (err: string) => err.trimEnd().split('\n');
const STACK = /^\s+at |Error:|node:internal/m;

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'smcert-profile-errors-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('--profile <directory>: exit 2, one line, no stack trace', () => {
  const run = smcert('run', '--profile', dir);
  expect(run.code, run.err).toBe(2);
  expect(run.err, 'no stack trace').not.toMatch(STACK);
  expect(lines(run.err), 'one line').toHaveLength(1);
  expect(run.err).toMatch(/: at \/: is a directory, not a profile — give the path of a JSON profile file/);
});

test('--out <existing file>: exit 2, one line, no stack trace', () => {
  const file = join(dir, 'notes.txt');
  writeFileSync(file, 'not a run directory\n');
  const run = smcert('run', '--profile', 'profiles/reference-lv-meter.json', '--out', file);
  expect(run.code, run.err).toBe(2);
  expect(run.err, 'no stack trace').not.toMatch(STACK);
  expect(lines(run.err), 'one line').toHaveLength(1);
  expect(run.err).toMatch(
    /smcert run: --out .*notes\.txt is a file, not a directory — give a new or empty directory/,
  );
  expect(readFileSync(file, 'utf8'), 'the file is left alone').toBe('not a run directory\n');
});

test('a JSON syntax error next to the Route-B password: line and column, the secret never in stderr', () => {
  const profile = join(dir, 'device.json');
  // a password that begins with a letter: JSON.parse's own message quotes the text around it
  const password = 'Zq8rT2mK9vW4';
  const id = 'Kx00112233445566778899AABBCCDDEE';
  const text = JSON.stringify({ ...REFERENCE, routeB: { id, password } }, null, 2);
  writeFileSync(profile, text.replace(`"${password}"`, `${password}"`));
  const run = smcert('run', '--profile', profile);
  expect(run.code, run.err).toBe(2);
  expect(lines(run.err), 'one line').toHaveLength(1);
  expect(run.err).toMatch(/device\.json: line \d+, column 17: not valid JSON: .* — fix the syntax there/);
  for (const secret of [password, id, password.slice(0, 4), id.slice(0, 9)])
    expect(run.err, `stderr shows no profile text (${secret.length} characters of a secret)`).not.toContain(
      secret,
    );
});

test('every problem of a profile is a line of its own: unknown target type, impossible date, bad address', () => {
  const profile = join(dir, 'device.json');
  writeFileSync(
    profile,
    JSON.stringify({
      ...REFERENCE,
      transport: { ...REFERENCE.transport, address: 'not an ip' },
      target: { type: 'emulated', meter: { installedAt: '2026-02-31T25:61:00+09:00' } },
    }),
  );
  const run = smcert('run', '--profile', profile);
  expect(run.code, run.err).toBe(2);
  expect(lines(run.err), 'a line per problem').toEqual([
    expect.stringMatching(/device\.json: at \/transport\/address: 'not an ip' is not an IPv4 address — /),
    expect.stringMatching(/device\.json: at \/target\/meter\/installedAt: .*February 2026 has no day 31/),
  ]);
  writeFileSync(profile, JSON.stringify({ ...REFERENCE, target: { type: 'simulated' } }));
  const unknown = smcert('run', '--profile', profile);
  expect(unknown.code).toBe(2);
  expect(unknown.err).toMatch(
    /at \/target\/type: unknown target type 'simulated' — use one of "emulated", "real"/,
  );
});

test('a real target whose localAddress this machine lacks is refused before the run (exit 2)', () => {
  const profile = join(dir, 'device.json');
  writeFileSync(
    profile,
    JSON.stringify({ ...REFERENCE, target: { type: 'real', localAddress: '203.0.113.77' } }),
  );
  const out = join(dir, 'out');
  mkdirSync(out);
  const run = smcert('run', '--profile', profile, '--out', out);
  expect(run.code, run.out + run.err).toBe(2);
  expect(lines(run.err)).toHaveLength(1);
  expect(run.err).toMatch(/at \/target\/localAddress: 203\.0\.113\.77 is not an address of this machine/);
  expect(run.out, 'no case ran').not.toMatch(/ERROR|PASS/);
});
