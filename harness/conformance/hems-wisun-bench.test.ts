// The Wi-SUN bench's knobs and its serial record (hems-wisun-bench.ts, module-serial.ts), with a host
// joined over an in-memory line: a re-authentication is EVENT 29 then EVENT 25, an ARIB hold EVENT 32 then
// EVENT 33, and SKSENDTO is refused (FAIL ER10) meanwhile; the record numbers every line both ways,
// names each command and EVENT, tells requests apart, and never holds the Route-B ID or password.
import { expect, test } from '@playwright/test';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { pass, TIMED_OUT } from '../clock/wait.ts';
import { getFrame } from '../devices/comms-unit/skstack-test-host.ts';
import { DEFAULT_METER_RADIO } from '../devices/comms-unit/start-comms-unit.ts';
import { loadProfile } from '../profile/load-profile.ts';
import { EVENT } from '../transport/skstack/events.ts';
import { createMemoryStreamPair } from '../transport/skstack/memory-stream.ts';
import { openSkstackTransport } from '../transport/skstack/skstack-transport.ts';
import { benchModule, WisunBench } from './hems-wisun-bench.ts';
import { SerialRecord } from './module-serial.ts';
import { driven } from './skstack-device.ts';

const { profile } = loadProfile('profiles/reference-hems-controller-wisun.json');
const settings = profile.transport.type === 'skstack' ? profile.transport : undefined;

test('the module re-authenticates and holds its sends when told; the serial record shows it, secrets redacted', async () => {
  const clock = new VirtualClock({ start: Date.parse('2026-06-15T12:10:05+09:00') });
  /** The clock driven while `step` runs (a virtual clock moves only while someone waits). */
  const run = async <T>(step: Promise<T>): Promise<T> => {
    step.catch(() => {}); // a refusal may come before the wait takes the promise; the wait rethrows it
    const result = await driven(clock, step, 30_000, {});
    if (result === TIMED_OUT) throw new Error('timed out on the clock');
    return result;
  };
  const module = benchModule(profile, settings!, clock);
  const serial = new SerialRecord(clock, settings!.dialect);
  const uart = serial.tap(module);
  const pair = createMemoryStreamPair();
  uart.onOutput((chunk) => {
    pair.module.write(chunk).catch(() => {});
  });
  pair.module.onData((bytes) => uart.input(bytes));
  const host = await run(
    openSkstackTransport({
      stream: pair.host,
      dialect: settings!.dialect,
      routeB: profile.routeB!,
      clock,
      channel: DEFAULT_METER_RADIO.channel,
      panId: DEFAULT_METER_RADIO.panId,
      mac: DEFAULT_METER_RADIO.mac,
    }),
  );
  const wisun = new WisunBench(module, serial);
  try {
    await run(host.send(getFrame(), host.meter));
    const get = serial.sends(0).at(-1)!;
    expect([get.request, get.text]).toEqual([true, expect.stringMatching(/<14 bytes> Get \(0x62\)$/)]);

    const expired = wisun.reauthenticate(200);
    expect(expired.text).toMatch(/^EVENT 29 /);
    await expect(run(host.send(getFrame(), host.meter)), 'refused while re-authenticated').rejects.toThrow(
      /ER10/,
    );
    await pass(clock, 400);
    expect(serial.event(EVENT.panaEstablished, expired.line), 'EVENT 25 after it').toBeDefined();
    await run(host.send(getFrame(), host.meter));

    const limited = wisun.holdAribLimit(200);
    expect(limited.text).toMatch(/^EVENT 32 /);
    expect(() => wisun.holdAribLimit(200), 'one hold at a time').toThrow(/already holds/);
    await expect(run(host.send(getFrame(), host.meter)), 'refused under the limit').rejects.toThrow(/ER10/);
    await pass(clock, 400);
    const released = serial.event(EVENT.transmitLimitReleased, limited.line);
    expect(released, 'EVENT 33 after it').toBeDefined();
    expect(serial.sends(limited.line, released!.line).length, 'the one refused SKSENDTO').toBe(1);

    expect(serial.lines.map((l) => l.line)).toEqual(serial.lines.map((_, i) => i + 1));
    const text = serial.text();
    expect(text).toContain('→ SKSETPWD <redacted>');
    expect(text).toContain('← FAIL ER10');
    expect(text, 'the password is never in the record').not.toContain(profile.routeB!.password);
    expect(text, 'the Route-B ID is never in the record').not.toContain(profile.routeB!.id);
  } finally {
    await run(host.close());
    serial.stop();
    module.close();
  }
});
