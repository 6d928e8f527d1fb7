import { expect, test } from '@playwright/test';
import { BytesInFlight } from './bytes-in-flight.ts';
import { VirtualClock } from './virtual-clock.ts';
import { pass, TIMED_OUT, waitWithin } from './wait.ts';
import { WallClock } from './wall-clock.ts';

const START = Date.UTC(2026, 5, 1);

test('virtual: a promise settled by real I/O wins without moving time', async () => {
  const clock = new VirtualClock({ start: START });
  clock.setTimer(60_000, () => {});
  const reply = new Promise((resolve) => setTimeout(() => resolve('reply'), 1));
  expect(await waitWithin(clock, reply, 20_000)).toBe('reply');
  expect(clock.now(), 'no virtual timer needed to fire').toBeLessThan(START + 20_000);
});

test('virtual: timers due before the limit fire in order; then the limit is reached', async () => {
  const clock = new VirtualClock({ start: START });
  const fired: number[] = [];
  clock.setTimer(5_000, () => fired.push(clock.now() - START));
  clock.setTimer(1_000, () => fired.push(clock.now() - START));
  clock.setTimer(30_000, () => fired.push(clock.now() - START));
  const result = await waitWithin(clock, new Promise(() => {}), 20_000, { finalGraceMs: 5 });
  expect(result).toBe(TIMED_OUT);
  expect(fired).toEqual([1_000, 5_000]);
  expect(clock.now()).toBe(START + 20_000);
});

test('virtual: a device timer that produces the reply fires before the limit', async () => {
  const clock = new VirtualClock({ start: START });
  let answer: (v: string) => void = () => {};
  const reply = new Promise<string>((resolve) => {
    answer = resolve;
  });
  clock.setTimer(150, () => setTimeout(() => answer('late reply'), 1)); // reply travels over real I/O
  expect(await waitWithin(clock, reply, 20_000)).toBe('late reply');
  expect(clock.now()).toBe(START + 150);
});

test('pass() lets virtual time pass timer by timer', async () => {
  const clock = new VirtualClock({ start: START });
  let count = 0;
  const tick = () => {
    count++;
    clock.setTimer(30 * 60_000, tick);
  };
  clock.setTimer(30 * 60_000, tick);
  await pass(clock, 24 * 3_600_000);
  expect(count, '48 half-hour ticks in a virtual day').toBe(48);
  expect(clock.now()).toBe(START + 24 * 3_600_000);
});

test('wall clock: times out after the real delay', async () => {
  const result = await waitWithin(new WallClock(), new Promise(() => {}), 20);
  expect(result).toBe(TIMED_OUT);
});

test('virtual: bytes in flight through tracked I/O arrive before the next timer fires', async () => {
  const clock = new VirtualClock({ start: START });
  const wire = new BytesInFlight();
  const untrack = clock.trackIo(wire);
  const seen: string[] = [];
  clock.setTimer(1_000, () => seen.push(`timer at +${clock.now() - START}`));
  // a command crosses a slow pipe (30 real ms); its reader sets the device's 200 ms answer on the clock
  const answered = new Promise<string>((resolve) => {
    wire.sent(12);
    setTimeout(() => {
      wire.arrived(12);
      seen.push('command read');
      clock.setTimer(200, () => resolve(`answer at +${clock.now() - START}`));
    }, 30);
  });
  expect(await waitWithin(clock, answered, 20_000, { idleMs: 1, finalGraceMs: 1 })).toBe('answer at +200');
  expect(seen, 'the timer due later than the answer did not overtake the bytes').toEqual(['command read']);
  untrack();
  wire.sent(1); // untracked: no longer holds the clock
  await waitWithin(clock, new Promise(() => {}), 2_000, { idleMs: 1, finalGraceMs: 1 });
  expect(seen).toEqual(['command read', 'timer at +1000']);
});
