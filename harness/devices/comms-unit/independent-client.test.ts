// A SKSTACK IP client we did not write against the emulated module on a real PTY: node-echonet-lite 0.6.0
// in Wi-SUN B-route mode (fixtures/independent-client/, serialport 9, in a child process), with each of
// its adapters. It sets the profile's Route-B ID and password, scans, joins (PANA: EVENT 25), discovers
// the meter (Get of D6 to 0EF000) and reads E7 of the 0x028801 meter; the value it prints must be the
// one the emulated meter answered on the radio side of the module. The client takes a chunk ending in
// CR LF as one whole message (skstack-clients.md), so this also checks the module's write boundaries:
// the echo of SKSREG SFE 0 with its OK, EVENT 20 with its EPANDESC block, ERXUDP alone.
// On the wall clock: the client runs on real time (500 ms between its commands, SKSCAN duration 6 on
// bp35a1 and rl7023: 28 channels × 9.6 ms × 65, about 17.5 s, echonet-smart-meter.md §4.1).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { WallClock } from '../../clock/wall-clock.ts';
import { decodeStrict } from '../../echonet/decode-strict.ts';
import { ESV } from '../../echonet/esv.ts';
import { loadProfile } from '../../profile/load-profile.ts';
import type { DialectName } from './dialects.ts';
import { openPtyBridge } from './pty-bridge.ts';
import { S_ERXUDP_LQI } from './registers.ts';
import { startCommsUnit } from './start-comms-unit.ts';

const loaded = loadProfile('profiles/reference-lv-meter-wisun.json').profile;
// A meter answers over the air after its own processing time (elemu waits 100–1000 ms,
// echonet-smart-meter.md §1.2); the reference profile's meter answers at once. node-echonet-lite takes a
// read ending in CR LF as one message, so on a loaded machine an instant answer can share a read with
// the OK of the send it answers (module timers overdue together on the wall clock). 200 ms keeps them
// apart as a real meter does; the module itself also waits the answer's air time.
const profile = { ...loaded, timers: { ...loaded.timers, responseLatencyMs: 200 } };
const CLIENT_DIR = 'fixtures/independent-client';
const SCRIPT = `${CLIENT_DIR}/read-e7.mjs`;
const CLIENT_TIMEOUT_MS = 60_000;

interface ClientRun {
  readonly code: number | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs read-e7.mjs to its end (or kills it after CLIENT_TIMEOUT_MS). */
function runClient(args: readonly string[]): Promise<ClientRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, CLIENT_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, stdout, stderr });
    });
  });
}

/** The EDT of E7 in the meter's Get_Res, as the meter sent it into the radio (before the module). */
function e7OfGetRes(bytes: Uint8Array): Uint8Array | undefined {
  const decoded = decodeStrict(bytes);
  if (!decoded.ok || decoded.frame.format !== 1 || decoded.frame.esv !== ESV.Get_Res) return undefined;
  return decoded.frame.properties.find((p) => p.epc === 0xe7)?.edt;
}

test.beforeAll(() => {
  if (!existsSync(`${CLIENT_DIR}/node_modules/node-echonet-lite`)) {
    throw new Error(
      `${CLIENT_DIR} is not installed: run \`npm ci --prefix ${CLIENT_DIR}\` (the root postinstall does it)`,
    );
  }
});

for (const adapter of ['bp35a1', 'bp35c2', 'rl7023'] as const satisfies readonly DialectName[]) {
  test(`node-echonet-lite 0.6.0 (${adapter} adapter) authenticates through the emulated module on a PTY and reads E7`, async () => {
    test.setTimeout(CLIENT_TIMEOUT_MS + 15_000);
    const routeB = profile.routeB!;
    const clock = new WallClock();
    const unit = await startCommsUnit({
      profile,
      clock,
      dialect: adapter,
      // the client scans with duration 6 or 4 (17.5 s or 4.6 s of wall clock at the §4.1 figure) and waits
      // for EVENT 22: 20 ms a channel keeps the scan's form and answers, at 0.6 s
      timing: { scanChannelMs: () => 20 },
      // BP35C0/C2 write <LQI> in ERXUDP only with SA2 = 1 (dialects.ts lqiRegister); node-echonet-lite's
      // bp35c2 adapter reads <DATALEN> as the 9th token, the SA2 = 0 form, and never sets SA2 itself
      ...(adapter === 'bp35c2' ? { registers: { [S_ERXUDP_LQI]: 0 } } : {}),
    });
    const bridge = openPtyBridge({ module: unit.module });
    let sessions = 0;
    unit.module.onSessionEstablished(() => sessions++);
    const answered: Uint8Array[] = [];
    unit.module.radio.onFromMeter((datagram) => {
      const edt = e7OfGetRes(datagram.bytes);
      if (edt) answered.push(edt);
    });
    try {
      const run = await runClient([adapter, bridge.path, routeB.id, routeB.password]);
      const log = `node-echonet-lite's stderr (> to the module, < from it):\n${run.stderr}`;
      expect(run.timedOut, `the client finished within ${CLIENT_TIMEOUT_MS / 1000} s\n${log}`).toBe(false);
      expect(run.code, `the client exits 0 once it has read E7\n${log}`).toBe(0);
      expect(sessions, `a PANA session with the profile's Route-B ID and password (EVENT 25)\n${log}`).toBe(
        1,
      );
      expect(answered, `the meter answered one Get of E7 over the radio\n${log}`).toHaveLength(1);
      const edt = answered[0]!;
      expect(edt.length, 'E7 is 4 bytes (signed W)').toBe(4);
      const held = Buffer.from(edt).readInt32BE(0);
      const line = run.stdout.trim().split('\n').at(-1) ?? '';
      const got = JSON.parse(line) as { adapter: string; eoj: string; energy: number | undefined };
      expect(got.eoj, `the client found the LV meter object 028801, got ${got.eoj}`).toBe('028801');
      expect(
        got.energy,
        `the client's E7 is the meter's ${held} W, got ${String(got.energy)} W\n${log}`,
      ).toBe(held);
    } finally {
      bridge.close();
      await unit.stop();
    }
  });
}
