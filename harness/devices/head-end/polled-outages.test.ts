// Polling finds an outage at the first poll the meter misses and its restoration at the first it
// answers; an outage between two polls goes unseen; nothing is known before its poll.
import { expect, test } from '@playwright/test';
import { POLL_MS, polledOutages } from './polled-outages.ts';

const MIN = 60_000;
const T = Date.parse('2026-06-15T00:00:00+09:00');

test('an outage at the first missed poll, its restoration at the first answered one', () => {
  const changes = [
    { atMs: T + 1 * MIN, on: false },
    { atMs: T + 41 * MIN, on: true },
  ];
  expect(polledOutages(changes, POLL_MS, T + 60 * MIN)).toEqual([
    { type: 'power-outage', created_ms: T + 5 * MIN },
    { type: 'power-restoration', created_ms: T + 45 * MIN },
  ]);
  expect(polledOutages(changes, POLL_MS, T + 44 * MIN), 'restoration not yet polled').toEqual([
    { type: 'power-outage', created_ms: T + 5 * MIN },
  ]);
  expect(polledOutages(changes, POLL_MS, T + 4 * MIN), 'no poll yet since the cut').toEqual([]);
  expect(polledOutages(changes, 30 * MIN, T + 90 * MIN), 'a slower poll finds it later').toEqual([
    { type: 'power-outage', created_ms: T + 30 * MIN },
    { type: 'power-restoration', created_ms: T + 60 * MIN },
  ]);
  expect(polledOutages(changes, 0, T + 90 * MIN), 'no polling').toEqual([]);
});

test('an outage between two polls is not seen; one still going is an outage only', () => {
  const changes = [
    { atMs: T + 1 * MIN, on: false },
    { atMs: T + 3 * MIN, on: true },
    { atMs: T + 10 * MIN, on: false },
  ];
  expect(polledOutages(changes, POLL_MS, T + 60 * MIN)).toEqual([
    { type: 'power-outage', created_ms: T + 10 * MIN },
  ]);
});
