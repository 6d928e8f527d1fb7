import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const SMCERT = fileURLToPath(new URL('./smcert.mjs', import.meta.url));

function smcert(...args: string[]) {
  const run = spawnSync(process.execPath, [SMCERT, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

test.describe('smcert command line', () => {
  test('--help lists the commands and exits 0', () => {
    const { code, out } = smcert('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/smcert decode <hex>/);
  });

  test('an unknown command is a usage error (exit 2) that shows the usage', () => {
    const { code, err } = smcert('certiffy');
    expect(code).toBe(2);
    expect(err).toMatch(/unknown command 'certiffy'[\s\S]*Usage:/);
    for (const name of ['constructor', 'toString', '__proto__']) {
      const inherited = smcert(name);
      expect(inherited.code, `'${name}' (an Object member) is an unknown command too`).toBe(2);
      expect(inherited.err).toMatch(new RegExp(`unknown command '${name}'`));
    }
  });

  test('decode: a good frame exits 0, a broken one exits 1 naming the rule, bad hex exits 2', () => {
    expect(smcert('decode', '1081 0001 05FF01 028801 62 01 E7 00').code).toBe(0);
    const broken = smcert('decode', '1081 0001 05FF01 028801 62 01 E7 01 00');
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/Get, INF_REQ and the Get part of SetGet carry PDC = 0/);
    expect(smcert('decode', '10 8').code).toBe(2);
  });

  test('demo (npm start) decodes every recorded real-meter frame with values and units', () => {
    const { code, out } = smcert('demo');
    expect(code).toBe(0);
    expect(out).toContain('0xE7 Measured instantaneous electric power = 1189 W');
    expect(out).toContain('All frames decoded.');
  });

  test('emulate: --profile is required (exit 2); a broken profile is refused naming file and field', () => {
    const missing = smcert('emulate');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--profile is required/);
    const broken = smcert(
      'emulate',
      '--profile',
      'profiles/reference-lv-meter.json',
      '--fault',
      'no-such-fault',
    );
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(
      /reference-lv-meter.json: at \/target\/faults\/\d+: no fault switch 'no-such-fault'/,
    );
  });
});

test('a closed stdout (smcert run | head) ends the output, not the run: record, reports, exit code', async () => {
  const out = mkdtempSync(join(tmpdir(), 'smcert-epipe-'));
  const child = spawn(process.execPath, [
    SMCERT,
    'run',
    '--profile',
    fileURLToPath(new URL('../../profiles/reference-lv-meter.json', import.meta.url)),
    '--out',
    join(out, 'run'),
    '--grep',
    'FR-TID',
  ]);
  child.stdout.once('data', () => child.stdout.destroy()); // the reader goes away after one line
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(code, 'the run passes and says so by its exit code').toBe(0);
  const record = JSON.parse(readFileSync(join(out, 'run', 'run-record.json'), 'utf8'));
  expect(record.status, 'the record is complete').toBe('finished');
  expect(existsSync(join(out, 'run.zip')), 'the reports and the bundle are written').toBe(true);
  rmSync(out, { recursive: true, force: true });
});

test('emulate: an --address that is no IP address is a usage error naming the flag (exit 2)', () => {
  const { code, err } = smcert('emulate', '--profile', 'profiles/reference-lv-meter.json', '--address', 'x');
  expect(code).toBe(2);
  expect(err).toMatch(/--address 'x' is not an IP address/);
});

test('emulate: a --relay-to that is no IP address, or beside --serial, is a usage error naming the flag (exit 2)', () => {
  const lv = ['emulate', '--profile', 'profiles/reference-lv-meter.json'];
  const bad = smcert(...lv, '--relay-to', 'other-host');
  expect(bad.code, '--relay-to other-host: exit 2').toBe(2);
  expect(bad.err).toMatch(/--relay-to 'other-host' is not an IP address/);
  const serial = smcert(...lv, '--serial', '--relay-to', '10.0.0.6');
  expect(serial.code, '--relay-to with --serial: exit 2').toBe(2);
  expect(serial.err).toMatch(/--relay-to applies to a meter over UDP/);
});
