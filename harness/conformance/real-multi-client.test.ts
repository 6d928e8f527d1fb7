// The multi-client cases against a real meter on the wall clock (the reference LV under `smcert emulate`
// in another process, as a lab runs one): the meter's client table and its clients' rate windows outlive
// each case and each run, so every multi-client case first waits for the meter to release the harness's
// earlier clients, and every other case for its extra ones (/bRoute/idleReleaseMs). A conforming meter
// passes with 1 and with 4 workers, one run after the other; under a fault its own case FAILs on the real
// path too. MC-REVOKE-001 (an operator's act at
// the head-end) and MC-NOTIFY-001 (a half hour) are left to a lab's run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REFERENCE, smcertRun, startSmcert } from '../cli/smcert-child.ts';

const { $schema: _, ...METER } = REFERENCE;
const DEVICE = '127.0.0.60';
const CLIENTS = ['127.0.0.61', '127.0.0.62', '127.0.0.63', '127.0.0.64', '127.0.0.65', '127.0.0.66'];
// a short release, so that the wait before each case is seconds; the rest is the reference meter's
const B_ROUTE = { ...METER.bRoute, idleReleaseMs: 3_000 };
const CASES = 'MC-(MAX|IDLE|CONS|SEL|RATE|FAIR)-';

function write(dir: string, name: string, profile: object): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

const emulate = (profile: string) =>
  startSmcert(['emulate', '--profile', profile, '--address', DEVICE], 'emulating');

const run = (profile: string, out: string, workers: string, grep = CASES) =>
  smcertRun(out, ['--profile', profile, '--workers', workers, '--grep', grep]);

test.describe('the multi-client cases against a real meter', () => {
  // one meter at fixed addresses: these tests take turns in one worker
  test.describe.configure({ mode: 'serial' });
  let dir: string;
  let real: string;
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'smcert-real-mc-'));
    real = write(dir, 'real.json', {
      ...METER,
      bRoute: { ...B_ROUTE, clientAddresses: CLIENTS },
      transport: { ...METER.transport, address: DEVICE },
      timers: { ...METER.timers, timer1Ms: 3_000, timer2Ms: 6_000 },
      target: { type: 'real', localAddress: '127.0.0.67' },
    });
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a conforming meter: every case PASSes, with 1 and then 4 workers', async () => {
    test.setTimeout(600_000);
    const meter = await emulate(write(dir, 'meter.json', { ...METER, bRoute: B_ROUTE }));
    try {
      const one = await run(real, join(dir, 'w1'), '1');
      expect(Object.keys(one.verdicts).sort(), one.out).toEqual([
        'MC-CONS-001',
        'MC-FAIR-001',
        'MC-IDLE-001',
        'MC-MAX-001',
        'MC-RATE-001',
        'MC-SEL-001',
      ]);
      for (const [id, verdict] of Object.entries(one.verdicts))
        expect(
          verdict,
          `${id} passes against a conforming meter, after the cases before it\n${one.out}`,
        ).toBe('PASS');
      // right after the first run: the meter still holds its clients, so the first case waits for them
      const many = await run(real, join(dir, 'w4'), '4');
      expect(
        many.verdicts,
        `--workers 4, the next run, gives the verdicts of --workers 1\n${many.out}`,
      ).toEqual(one.verdicts);
    } finally {
      meter.kill('SIGINT');
    }
  });

  test('right after a case that leaves every place of maxClients taken, the dut is not refused', async () => {
    test.setTimeout(300_000);
    // a release longer than a run's start, so that the next run's first case meets the full table
    const bRoute = { ...B_ROUTE, idleReleaseMs: 15_000 };
    const meter = await emulate(write(dir, 'meter-15s.json', { ...METER, bRoute }));
    const slow = write(dir, 'real-15s.json', {
      ...JSON.parse(readFileSync(real, 'utf8')),
      bRoute: { ...bRoute, clientAddresses: CLIENTS },
    });
    try {
      // MC-IDLE-001 ends with maxClients extra clients served; the next run's cases use the dut alone
      const idle = await run(slow, join(dir, 'idle'), '1', 'MC-IDLE-001');
      expect(idle.verdicts, idle.out).toEqual({ 'MC-IDLE-001': 'PASS' });
      const next = await run(slow, join(dir, 'next'), '1', 'FR-TMR-001|NP-VER-001');
      expect(next.verdicts, `the dut waits for the meter to release the extra clients\n${next.out}`).toEqual({
        'FR-TMR-001': 'PASS',
        'NP-VER-001': 'PASS',
      });
    } finally {
      meter.kill('SIGINT');
    }
  });

  test('a meter that keeps more clients than it declares: MC-MAX-001 FAILs on the real path', async () => {
    test.setTimeout(300_000);
    const faulty = {
      ...METER,
      bRoute: B_ROUTE,
      target: { ...METER.target, faults: ['mc-n-plus-one-accepted'] },
    };
    const meter = await emulate(write(dir, 'faulty.json', faulty));
    try {
      const r = await run(real, join(dir, 'faulty'), '1', 'MC-MAX-');
      expect(r.verdicts['MC-MAX-001'], r.out).toMatch(/^FAIL: .*serves at most 4 B-route clients/);
    } finally {
      meter.kill('SIGINT');
    }
  });
});
