// A real target on the wall clock, as a lab runs one: a conforming device in another process
// (`smcert emulate`) gives the same verdicts with 1 and 4 workers (the cases take the device one at a
// time: harness/conformance/device-lock.ts); an address where nothing listens ends in well under a
// minute per case with INCONC reasons, never FAIL or ERROR (harness/conformance/device-silence.ts); a
// hostile network (harness/devices/hostile/hostile-relay.ts) that repeats, delays, cuts or pads every reply
// gets the verdicts the device and the frames earn.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REFERENCE, ROOT, SMCERT, smcertRun, startSmcert } from '../cli/smcert-child.ts';
import { type HostileBehaviour, startHostileRelay } from '../devices/hostile/hostile-relay.ts';

const { $schema: _, ...METER } = REFERENCE;

/** `smcert run --profile <profile>` in a child process; its exit code, output and the record's verdicts. */
const run = (profile: string, out: string, ...args: string[]) =>
  smcertRun(out, ['--profile', profile, ...args]);

function realProfile(dir: string, device: string, local: string, timers = {}): string {
  const file = join(dir, `real-${device}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      ...METER,
      transport: { ...METER.transport, address: device },
      timers: { ...METER.timers, ...timers },
      target: { type: 'real', localAddress: local },
    }),
  );
  return file;
}

const emulate = (address: string): Promise<ChildProcess> =>
  startSmcert(
    ['emulate', '--profile', 'profiles/reference-lv-meter.json', '--address', address],
    'emulating',
  );

// the frame rules, the node profile and the LV start-up reads: every request answered or rightly silent
const CASES = 'PR-DECL|FR-|NP-|LV-BR-C0|LV-BR-STA|LV-BR-E5-002|LV-BR-TMR-002';

test('a conforming real device: the same verdicts with 1 and 4 workers', async () => {
  test.setTimeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-workers-'));
  const device = await emulate('127.0.0.44');
  try {
    const profile = realProfile(dir, '127.0.0.44', '127.0.0.45', { timer1Ms: 3_000, timer2Ms: 6_000 });
    const one = await run(profile, join(dir, 'w1'), '--workers', '1', '--grep', CASES);
    expect(Object.keys(one.verdicts).length, one.out).toBeGreaterThan(15);
    for (const [id, verdict] of Object.entries(one.verdicts))
      expect(verdict, `${id} passes against a conforming device (NA where it does not apply)`).toMatch(
        /^(PASS|NA)/,
      );
    for (const workers of ['4']) {
      const many = await run(profile, join(dir, `w${workers}`), '--workers', workers, '--grep', CASES);
      expect(many.verdicts, `--workers ${workers} gives the verdicts of --workers 1\n${many.out}`).toEqual(
        one.verdicts,
      );
    }
  } finally {
    device.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an address where nothing listens: INCONC with reasons, the long cases not waited out', async () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-silent-'));
  try {
    const profile = realProfile(dir, '127.0.0.46', '127.0.0.47', { timer1Ms: 2_000, timer2Ms: 4_000 });
    const started = Date.now();
    const silent = await run(
      profile,
      join(dir, 'out'),
      '--allow-long', // the day-long cases are selected on purpose: they must not be waited out
      '--grep',
      'FR-|LV-BR-EA-001|LV-BR-E7-001|LV-BR-INF-001|LV-BR-TMR-002',
    );
    const seconds = (Date.now() - started) / 1000;
    expect(seconds, `the run ends in minutes, not hours (took ${seconds} s)`).toBeLessThan(150);
    expect(silent.code, 'a run with INCONC cases does not pass').toBe(1);
    for (const [id, verdict] of Object.entries(silent.verdicts))
      expect(verdict, `${id}: nothing listens, so INCONC — never FAIL, ERROR or PASS`).toMatch(/^INCONC: /);
    expect(
      Object.values(silent.verdicts).filter((v) => v.includes('device silent since')).length,
      'once silent past the limit, the remaining cases end at once as "device silent since …"',
    ).toBeGreaterThan(3);
    expect(
      JSON.stringify(silent.verdicts).includes('\\u001b'),
      'no terminal escape codes in the reasons of the record',
    ).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.describe('a hostile network between the harness and a conforming device', () => {
  // one device and one relay at fixed addresses: these tests take turns in one worker
  test.describe.configure({ mode: 'serial' });
  const DEVICE = '127.0.0.50';
  const FRONT = '127.0.0.51';
  let dir: string;
  let device: ChildProcess;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dir = mkdtempSync(join(tmpdir(), 'smcert-hostile-'));
    device = await emulate(DEVICE);
  });
  test.afterAll(() => {
    device.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  });

  async function through(behaviour: HostileBehaviour, grep: string) {
    const relay = await startHostileRelay(
      { address: FRONT, port: 3610 },
      '127.0.0.52',
      { address: DEVICE, port: 3610 },
      behaviour,
    );
    try {
      const profile = realProfile(dir, FRONT, '127.0.0.53', { timer1Ms: 3_000, timer2Ms: 6_000 });
      return await run(profile, join(dir, `out-${Object.keys(behaviour).join('-')}`), '--grep', grep);
    } finally {
      await relay.close();
    }
  }

  test('every reply twice: the copies are noted, the verdicts are those of the device (PASS)', async () => {
    test.setTimeout(180_000);
    const r = await through({ duplicateAfterMs: 300 }, 'FR-TID|FR-EOJ|FR-ESV|FR-SNA-00[12]|FR-OPC|FR-TMR');
    expect(Object.keys(r.verdicts).length, r.out).toBe(7);
    for (const [id, verdict] of Object.entries(r.verdicts))
      expect(verdict, `${id}: a repeated reply is not a fault of the rule under test`).toBe('PASS');
  });

  test('every reply 4 s late (Timer 1 is 3 s): never a PASS of Timer 1 from a stale reply', async () => {
    test.setTimeout(180_000);
    const r = await through({ delayMs: 4_000 }, 'FR-TID-001|FR-EOJ-001|FR-TMR-001');
    expect(r.verdicts['FR-TMR-001'], `a late reply is no answer within Timer 1\n${r.out}`).toMatch(
      /^(FAIL|INCONC): no reply to Get/,
    );
    for (const id of ['FR-TID-001', 'FR-EOJ-001'])
      expect(r.verdicts[id], `${id}: silence in time is INCONC, not a FAIL of the TID or EOJ rule`).toMatch(
        /^INCONC: /,
      );
  });

  test('one EPC a byte short or long: every case that reads it FAILs naming its size, none PASSes', async () => {
    test.setTimeout(240_000);
    const cases = 'PR-DECL|NP-|LV-BR-C0|LV-BR-STA';
    for (const change of ['truncate', 'pad'] as const) {
      const r = await through({ edt: { epc: 0x8a, change } }, cases);
      const out = join(dir, 'out-edt');
      const readers = Object.keys(r.verdicts).filter((id) =>
        /Get_Res \(0x72\) \[[^\]]*0x8A=/.test(readFileSync(join(out, 'transcripts', `${id}.txt`), 'utf8')),
      );
      expect(readers.length, `some cases read 0x8A (maker code)\n${r.out}`).toBeGreaterThan(0);
      for (const id of readers)
        expect(r.verdicts[id], `${id} read a ${change}d 0x8A: FAIL of its size, never PASS`).toMatch(
          /^FAIL: .*0x8A has the size its class defines .*expected PDC 3, got PDC [24]/,
        );
    }
  });

  test('every reply one byte short or one byte long: FAIL of the frame rule, never ERROR', async () => {
    test.setTimeout(180_000);
    const short = await through({ truncate: true }, 'FR-TID-001|FR-ESV-001');
    for (const [id, verdict] of Object.entries(short.verdicts))
      expect(verdict, `${id}: a truncated reply breaks a frame rule`).toMatch(/^FAIL: .*breaks a frame rule/);
    const long = await through({ pad: true }, 'FR-TID-001|FR-ESV-001');
    for (const [id, verdict] of Object.entries(long.verdicts))
      expect(verdict, `${id}: a padded reply breaks the trailing-bytes rule`).toMatch(
        /^FAIL: .*no bytes may follow the last property/,
      );
  });
});

test('NP-D5-001 on a real device: the operator is told to power it up, the start-up INF is judged', async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-power-up-'));
  const profile = join(dir, 'power-up.json');
  writeFileSync(
    profile,
    JSON.stringify({
      ...METER,
      transport: { ...METER.transport, address: '127.0.0.54' },
      target: { type: 'real', localAddress: '127.0.0.55', powerUpWaitMs: 60_000 },
    }),
  );
  const child = spawn(
    process.execPath,
    [SMCERT, 'run', '--profile', profile, '--out', join(dir, 'out'), '--grep', 'NP-D5'],
    { cwd: ROOT },
  );
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  const ended = new Promise((resolve) => child.on('exit', resolve));
  let device: ChildProcess | undefined;
  try {
    await expect
      .poll(() => out, { timeout: 60_000, message: 'the run tells the operator what to do, as it happens' })
      .toMatch(/>>> NP-D5-001: power the device at 127\.0\.0\.54 up now/);
    device = await emulate('127.0.0.54'); // the operator powers it up
    expect(await ended, out).toBe(0);
    expect(out).toMatch(/PASS +NP-D5-001/);
  } finally {
    device?.kill('SIGINT');
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run interrupted during a long case keeps what that case had observed', async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-in-flight-'));
  const device = await emulate('127.0.0.56');
  try {
    const profile = realProfile(dir, '127.0.0.56', '127.0.0.57');
    const out = join(dir, 'out');
    const child = spawn(
      process.execPath,
      [SMCERT, 'run', '--profile', profile, '--out', out, '--grep', 'LV-BR-EA-001'],
      { cwd: ROOT },
    );
    let text = '';
    child.stdout.on('data', (c) => {
      text += c;
    });
    const ended = new Promise((resolve) => child.on('exit', resolve));
    // LV-BR-EA-001 asks once, then waits for the next :00/:30 + 10 min on the wall clock
    await expect.poll(() => text, { timeout: 60_000 }).toContain('cases against');
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    child.kill('SIGINT');
    expect(await ended, text).toBe(130);
    const record = JSON.parse(readFileSync(join(out, 'run-record.json'), 'utf8'));
    const inFlight = record.notReached.find((n: { id: string }) => n.id === 'LV-BR-EA-001');
    expect(inFlight?.reason, 'the case in flight is named, with the time it ran').toMatch(
      /^interrupted while running, after \d+ s; what it observed: transcripts\/LV-BR-EA-001\.txt/,
    );
    expect(
      readFileSync(join(out, inFlight.transcript), 'utf8'),
      'its transcript keeps the frames it had exchanged',
    ).toMatch(/Get \(0x62\) \[0x80\][\s\S]*Get_Res \(0x72\) \[0x80=/);
  } finally {
    device.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  }
});
