// `smcert emulate --serial` as a user runs it: a child process that prints the pseudo-terminal's path and
// link, answers SKVER with EVER on it (echonet-smart-meter.md §4.1), and on SIGINT closes the PTY, removes
// the link and exits 0; flags that do not fit are usage errors (exit 2) naming the flag and the fix.
import { spawn } from 'node:child_process';
import { constants, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadStream } from 'node:tty';
import { expect, test } from '@playwright/test';
import { ROOT, SMCERT, smcertSync } from './smcert-child.ts';

const LV = 'profiles/reference-lv-meter.json';

for (const [kind, profile] of [
  ['lv-meter', LV],
  ['hv-meter', 'profiles/reference-hv-meter-wisun.json'], // Ethernet + optional Wi-SUN (seed 論点③)
] as const)
  test(`emulate --serial (${kind}): prints the path, answers SKVER on it, and SIGINT stops it with exit 0 and the link gone`, async () => {
    test.setTimeout(25_000);
    const dir = mkdtempSync(join(tmpdir(), 'smcert-emulate-'));
    const link = join(dir, 'ttyWISUN');
    const child = spawn(
      process.execPath,
      [SMCERT, 'emulate', '--profile', profile, '--serial', '--link', link],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await expect
        .poll(() => out, { timeout: 15_000, message: `the banner (stderr: ${err})` })
        .toMatch(/Ctrl-C/);
      expect(out).toContain(`emulating the ${kind} of ${profile}`);
      const device = /device: (\/dev\/\S+)/.exec(out)?.[1];
      expect(device, 'the slave device path').toMatch(/^\/dev\/pts\/\d+$/);
      expect(out).toContain(`link:   ${link} -> ${device}`);
      expect(out).toMatch(/picocom -b 115200 .*ttyWISUN/);
      expect(out).toMatch(/screen .*ttyWISUN 115200/);

      const fd = openSync(link, constants.O_RDWR | constants.O_NOCTTY);
      const client = new ReadStream(fd);
      let answer = '';
      client.on('data', (chunk: Buffer) => {
        answer += chunk.toString('latin1');
      });
      writeSync(fd, 'SKVER\r\n');
      await expect.poll(() => answer, { timeout: 5_000 }).toMatch(/EVER 1\.2\.10\r\n[\s\S]*OK\r\n/);
      client.destroy();

      child.kill('SIGINT');
      expect(await exited, `exit code (stderr: ${err})`).toBe(0);
      expect(out).toMatch(/stopped: pseudo-terminal closed/);
      expect(existsSync(link), 'the link is removed').toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

test('emulate --serial: flags that do not fit are usage errors (exit 2) naming the flag and the fix', () => {
  const cases: [string[], RegExp][] = [
    [['--dialect', 'bp35c2'], /--dialect applies to the emulated module: add --serial/],
    [['--serial', '--address', '127.0.0.5'], /--address applies to UDP; .* drop --address/],
    [
      ['--serial', '--dialect', 'bp35a2'],
      /--dialect 'bp35a2' is not a module dialect — use one of bp35a1, bp35c2, rl7023/,
    ],
    [['--serial', '--fault', 'no-such-fault'], /no fault switch 'no-such-fault'/],
  ];
  for (const [args, message] of cases) {
    const { code, err } = smcertSync(['emulate', '--profile', LV, ...args], { timeoutMs: 30_000 });
    expect(code, args.join(' ')).toBe(2);
    expect(err, args.join(' ')).toMatch(message);
  }
  const unit = smcertSync(['emulate', '--profile', 'profiles/reference-comms-unit.json', '--serial'], {
    timeoutMs: 30_000,
  });
  expect(unit.code).toBe(2);
  expect(unit.err).toMatch(/this profile is a comms-unit: give a meter profile/);
});
