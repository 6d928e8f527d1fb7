// A real HEMS controller over Wi-SUN, as a lab connects one (hems-fixtures.ts): the harness's meter behind
// the emulated SKSTACK IP module on a pseudo-terminal at the profile's link, on the wall clock. The
// controller here is the reference one over the harness's own SKSTACK client (npm serialport on the link,
// as on a dongle): it joins with the profile's Route-B ID and password, hears the meter's instance list
// after PANA, and reads it; every frame is on the bench's wire, both ways.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { WallClock } from '../clock/wall-clock.ts';
import { DEFAULT_METER_RADIO } from '../devices/comms-unit/start-comms-unit.ts';
import { HemsController } from '../devices/hems-controller/hems-controller.ts';
import { ESV } from '../echonet/esv.ts';
import { checkProfile } from '../profile/load-profile.ts';
import { openSkstackTransport } from '../transport/skstack/skstack-transport.ts';
import { waitForAnswered } from './hems-checks.ts';
import { benchMeter, openRealControllerBench } from './hems-fixtures.ts';
import { Transcript } from './transcript.ts';

const ROUTE_B = { id: '00112233445566778899AABBCCDDEEFF', password: '0123456789AB' };

test('a real controller over Wi-SUN: the module on a PTY at the profile’s link; the controller joins and reads the meter', async () => {
  test.setTimeout(90_000);
  const link = join(tmpdir(), `smcert-hems-wisun-test-${process.pid}`);
  const profile = checkProfile('(test)', {
    kind: 'hems-controller',
    identity: { makerCode: 'FFFFFE', model: 'controller under test', firmware: '1', serial: 'T-1' },
    classes: [{ eoj: '05FF01', release: 'R' }],
    transport: { type: 'skstack', dialect: 'bp35a1', path: link },
    routeB: ROUTE_B,
    timers: {},
    target: { type: 'real', powerUpWaitMs: 30_000 },
  });
  const clock = new WallClock();
  const transcript = new Transcript();
  const { bench, close } = await openRealControllerBench(profile, clock, benchMeter(clock), transcript);
  let controller: HemsController | undefined;
  let skstack: Awaited<ReturnType<typeof openSkstackTransport>> | undefined;
  try {
    const first = bench.startController(); // asks the operator: here the test is the operator
    skstack = await openSkstackTransport({
      path: link,
      dialect: 'bp35a1',
      routeB: ROUTE_B,
      clock,
      channel: DEFAULT_METER_RADIO.channel,
      panId: DEFAULT_METER_RADIO.panId,
      mac: DEFAULT_METER_RADIO.mac,
    });
    controller = new HemsController({
      transport: skstack,
      clock,
      opcLimit: 2,
      timer1Ms: 2_000, // the D5 sent at PANA may come before the controller listens: ask soon
      timer2Ms: 60_000,
      faults: new Set(),
    });
    void controller.start();
    const heard = await first;
    expect(heard.entry.direction, 'the first frame is the controller’s').toBe('received');
    const ea = await waitForAnswered(bench, { esv: ESV.Get, epc: 0xea }, 30_000);
    expect(ea, 'the controller read EA through the module, and the meter answered').toBeDefined();
    const fromController = bench.fromController().filter((f) => f.request);
    expect(fromController.length, 'its start-up reads crossed the radio').toBeGreaterThanOrEqual(5);
    expect(
      transcript.entries.some((e) => e.direction === 'sent'),
      'the meter’s frames are in the transcript',
    ).toBe(true);
  } finally {
    controller?.stop();
    await skstack?.close().catch(() => {});
    bench.stop();
    await close();
  }
});
