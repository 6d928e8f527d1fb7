// The meters behind the reference head-end, commanded over its HTTP binding on the caller's clock: set,
// reserve, cancel, the state read back, a power cut, and what a control off the contract gets.
import { expect, test } from '@playwright/test';
import type { EndDeviceControl } from '../../a-route/contract.ts';
import { HttpHeadEnd } from '../../a-route/http-head-end.ts';
import { startHeadEnd } from './head-end-server.ts';

const START = Date.parse('2026-06-15T19:30:00+09:00');
const METER = 'LV-AMPERE-001';

function control(
  mRID: string,
  ref: EndDeviceControl['EndDeviceControlType']['ref'],
  more: Partial<EndDeviceControl> = {},
): EndDeviceControl {
  return { mRID, EndDeviceControlType: { ref }, EndDevices: { mRID: METER }, ...more };
}

const amps = (value: number) => ({ value, unit: 'A' as const });

/** The reference head-end in this process, on the caller's clock, its meters in memory. */
const onCallerClock = () =>
  startHeadEnd({ database: ':memory:', address: '127.0.0.81', port: 0, callerClock: true });

test('set, reserve and cancel reach the meter; a reservation takes effect at its time and survives a power cut', async () => {
  const running = await onCallerClock();
  let now = START;
  const client = new HttpHeadEnd(running.url, () => now);
  try {
    const first = await client.limiterState(METER);
    expect(first.limit, 'a meter never commanded: the initial 30 A').toEqual(amps(30));
    expect(first.breaker).toBe('closed');
    expect(first.currentA, 'the evening load flows').toBeGreaterThan(10);
    const at = new Date(START + 3_600_000).toISOString();
    const replies = await client.control({
      EndDeviceControl: [
        control('c1', 'ampere-limit-set', { limit: amps(40) }),
        control('c2', 'ampere-limit-set', { limit: amps(7) }),
        control('r1', 'ampere-limit-reserve', { limit: amps(20), scheduledInterval: { start: at } }),
        control('r2', 'ampere-limit-reserve', { limit: amps(10), scheduledInterval: { start: at } }),
        control('x2', 'ampere-limit-cancel', { reservation: { mRID: 'r2' } }),
      ],
    });
    expect(replies.Reply.map((r) => r.Result)).toEqual(['FAILED', 'FAILED', 'OK', 'OK', 'OK']);
    expect(replies.Reply[0]!.Error).toMatch(/40 A is over the wiring's 30 A/);
    expect(replies.Reply[1]!.Error).toMatch(/7 A is not a step/);
    expect((await client.limiterState(METER)).reservations.map((r) => r.mRID)).toEqual(['r1']);
    now = START + 3_600_000 - 1000;
    expect((await client.limiterState(METER)).limit, 'a second before its time').toEqual(amps(30));
    await client.meterPower(METER, false);
    await expect(client.limiterState(METER), 'a meter without power does not answer').rejects.toThrow(
      /HTTP 503.*power is off/,
    );
    now = START + 3_600_000 + 600_000;
    await client.meterPower(METER, true);
    const after = await client.limiterState(METER);
    expect(after.limit, 'due while the power was off: in effect at power-up').toEqual(amps(20));
    expect(after.reservations).toEqual([]);
  } finally {
    await running.close();
  }
});

test('the smallest step trips an evening load, recloses after 10 s and locks out at the third trip', async () => {
  const running = await onCallerClock();
  let now = START;
  const client = new HttpHeadEnd(running.url, () => now);
  try {
    await client.control({ EndDeviceControl: [control('c1', 'ampere-limit-set', { limit: amps(5) })] });
    const breakerAt = async (ms: number) => {
      now = START + ms;
      return (await client.limiterState(METER)).breaker;
    };
    expect(await breakerAt(0)).toBe('tripped');
    expect(await breakerAt(9_000)).toBe('tripped');
    expect(await breakerAt(19_000), 'reclosed at 10 s, tripped again').toBe('tripped');
    expect(await breakerAt(20_000), 'the third trip').toBe('locked-out');
    expect(await breakerAt(60_000)).toBe('locked-out');
    const replies = await client.control({
      EndDeviceControl: [
        control('c2', 'ampere-limit-set', { limit: amps(30) }),
        control('c3', 'breaker-restore'),
      ],
    });
    expect(replies.Reply.map((r) => r.Result)).toEqual(['OK', 'OK']);
    expect(await breakerAt(60_000)).toBe('closed');
    const bad = await fetch(`${running.url}/end-device-controls`, {
      method: 'POST',
      body: JSON.stringify({
        EndDeviceControl: [control('r9', 'ampere-limit-reserve', { limit: amps(20) })],
      }),
    });
    expect(bad.status, 'a reservation without its time').toBe(400);
    expect(((await bad.json()) as { title: string }).title).toMatch(/scheduledInterval/);
  } finally {
    await running.close();
  }
});
