// A real Wi-SUN target on the wall clock, as a lab runs one: `smcert emulate --serial` in another process
// is the dongle (a pseudo-terminal; harness/devices/comms-unit/pty-bridge.ts) and the profile names its
// path. With 2 workers the cases take the dongle one at a time; the first join of the run scans for the
// meter's PAN, the next ones join on the PAN it found (harness/conformance/found-pan.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SMCERT = join(ROOT, 'harness/cli/smcert.mjs');
const { $schema: _, ...WISUN } = JSON.parse(
  readFileSync(join(ROOT, 'profiles/reference-lv-meter-wisun.json'), 'utf8'),
);
const CASES = 'FR-TID-001|LV-BR-C0|LV-BR-STA|CU-DIAL-001|GEN-0288-E7-GET';

function child(args: string[]): { process: ChildProcess; output: () => string } {
  const p = spawn(process.execPath, [SMCERT, ...args], { cwd: ROOT });
  let text = '';
  p.stdout?.on('data', (c) => {
    text += c;
  });
  p.stderr?.on('data', (c) => {
    text += c;
  });
  return { process: p, output: () => text };
}

test('a real Wi-SUN dongle (the emulated module on a PTY): PASS with 2 workers, one scan for the run', async () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-real-wisun-'));
  const link = join(dir, 'ttyWISUN');
  const dongle = child([
    'emulate',
    '--profile',
    'profiles/reference-lv-meter-wisun.json',
    '--serial',
    '--link',
    link,
  ]);
  try {
    await expect
      .poll(dongle.output, { timeout: 90_000, message: 'smcert emulate --serial starts' })
      .toContain('device: /dev/pts/');
    const profile = join(dir, 'real-wisun.json');
    writeFileSync(
      profile,
      JSON.stringify({
        ...WISUN,
        transport: { ...WISUN.transport, path: link, scanDuration: 2 },
        timers: { ...WISUN.timers, timer1Ms: 5_000, timer2Ms: 10_000 },
        target: { type: 'real' },
      }),
    );
    const out = join(dir, 'out');
    const run = child(['run', '--profile', profile, '--out', out, '--workers', '2', '--grep', CASES]);
    const code = await new Promise<number | null>((done) => run.process.on('exit', done));
    expect(existsSync(join(out, 'run-record.json')), run.output()).toBe(true);
    const record = JSON.parse(readFileSync(join(out, 'run-record.json'), 'utf8')) as {
      cases: { id: string; verdict: string; reason?: string }[];
    };
    const verdicts = record.cases.map((c) => `${c.id} ${c.verdict}${c.reason ? `: ${c.reason}` : ''}`);
    expect(code, run.output()).toBe(0);
    expect(record.cases.length, run.output()).toBeGreaterThanOrEqual(4);
    for (const v of verdicts) expect(v, 'a conforming meter behind the dongle').toMatch(/ (PASS|NA)/);
    const log = dongle.output();
    const scans = log.split('\n').filter((l) => l.includes('active scan done (EVENT 22)')).length;
    const sessions = log.split('\n').filter((l) => /PANA session up|session up again/.test(l)).length;
    expect(scans, `one active scan for the whole run, then joins on the PAN it found\n${log}`).toBe(1);
    expect(sessions, 'a join per case').toBeGreaterThanOrEqual(record.cases.length - 1);
  } finally {
    dongle.process.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  }
});
