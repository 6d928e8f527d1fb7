// The 30 → 15-minute switch's boundaries: 30-minute slots up to the boundary the switch takes effect at,
// 15-minute ones from it, none lost or doubled.
import { expect, test } from '@playwright/test';
import { MINUTE } from '../../clock/durations.ts';
import { IntervalTimeline } from './interval-timeline.ts';

const T0 = Date.UTC(2026, 5, 15, 3, 30);

test('before a switch: 30-minute boundaries', () => {
  const t = new IntervalTimeline(30, 15);
  expect(t.boundaryAtOrBefore(T0 + 20 * MINUTE)).toBe(T0);
  expect(t.previous(T0)).toBe(T0 - 30 * MINUTE);
  expect(t.isBoundary(T0 + 15 * MINUTE)).toBe(false);
  expect(t.minutesAt(T0)).toBe(30);
});

test('from the switch boundary: 15-minute slots, walking back crosses into 30-minute ones', () => {
  const t = new IntervalTimeline(30, 15);
  const b = T0 + 30 * MINUTE;
  t.switchFrom(b);
  expect(t.boundaryAtOrBefore(T0 + 20 * MINUTE)).toBe(T0);
  expect(t.isBoundary(T0 + 15 * MINUTE)).toBe(false);
  expect(t.boundaryAtOrBefore(b + 20 * MINUTE)).toBe(b + 15 * MINUTE);
  const walk = [b + 45 * MINUTE];
  for (let i = 0; i < 4; i++) walk.push(t.previous(walk.at(-1)!));
  expect(walk.map((x) => (x - T0) / MINUTE)).toEqual([75, 60, 45, 30, 0]);
  expect(t.minutesAt(b)).toBe(15);
  expect(t.minutesAt(b - 1)).toBe(30);
});

test('a second switch does not move the first', () => {
  const t = new IntervalTimeline(30, 15);
  t.switchFrom(T0);
  t.switchFrom(T0 + 30 * MINUTE);
  expect(t.switchAt).toBe(T0);
});
