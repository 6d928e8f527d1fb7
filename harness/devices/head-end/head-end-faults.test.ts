// The reference head-end on its callers' clock, and what each of its fault switches does to what it
// answers (the suites must catch each: harness/conformance/suite-validity.test.ts).
import { expect, test } from '@playwright/test';
import type { MeterReadings } from '../../a-route/contract.ts';
import { HttpHeadEnd } from '../../a-route/http-head-end.ts';
import { startHeadEnd } from './head-end-server.ts';
import { HeadEndStore } from './head-end-store.ts';

const DAY_START = Date.parse('2026-12-01T00:00:00+09:00');
const HALF_HOUR_MS = 1_800_000;

/** A day of 30-minute values of meter m1, 8 digits each. */
const day: MeterReadings = {
  MeterReading: [
    {
      Meter: { mRID: 'm1' },
      IntervalBlocks: [
        {
          ReadingType: { ref: 'energy-forward-30min' },
          IntervalReadings: Array.from({ length: 48 }, (_, k) => ({
            timeStamp: new Date(DAY_START + (k + 1) * HALF_HOUR_MS).toISOString(),
            value: `${12_345_600 + k}`.replace(/(\d{6})(\d{2})$/, '$1.$2'),
          })),
        },
      ],
    },
  ],
};

const query = {
  meters: ['m1'],
  readingType: 'energy-forward-30min',
  from: new Date(DAY_START).toISOString(),
  to: new Date(DAY_START + 49 * HALF_HOUR_MS).toISOString(),
};

const values = (readings: MeterReadings) =>
  readings.MeterReading.flatMap((r) => r.IntervalBlocks.flatMap((b) => b.IntervalReadings));

test('on its callers’ clock a value is answered once it was reported, with when it was', async () => {
  let now = DAY_START + 25 * HALF_HOUR_MS;
  const running = await startHeadEnd({
    database: ':memory:',
    address: '127.0.0.83',
    port: 0,
    callerClock: true,
  });
  try {
    const headEnd = new HttpHeadEnd(running.url, () => now);
    await headEnd.ingestReadings(day);
    now -= 1000;
    expect(values(await headEnd.readings(query)), 'asked a second before it came: nothing').toEqual([]);
    now += 2000;
    const back = values(await headEnd.readings(query));
    expect(back).toHaveLength(48);
    expect(back[0]!.reportedDateTime).toBe(new Date(now - 1000).toISOString());
    const wrongDate = await fetch(`${running.url}/meter-readings`, {
      method: 'POST',
      headers: { date: 'today' },
      body: JSON.stringify(day),
    });
    expect(wrongDate.status).toBe(400);
    expect(((await wrongDate.json()) as { title: string }).title).toMatch(/Date header 'today'/);
  } finally {
    await running.close();
  }
});

test('each fault switch changes what the head-end answers, and only that', () => {
  const answered = (faults: string[], readAt = DAY_START + 49 * HALF_HOUR_MS) => {
    const store = new HeadEndStore(':memory:', faults);
    const ingest = store.ingestReadings(day, DAY_START + 48 * HALF_HOUR_MS);
    const back = values(store.readings(query, readAt));
    store.close();
    return { ingest, back };
  };
  const clean = answered([]);
  expect(clean.ingest).toEqual({ stored: 48, duplicates: 0 });
  expect(clean.back.map((v) => v.value)).toEqual(values(day).map((v) => v.value));
  // 13:00 JST acknowledged and not kept
  const dropped = answered(['he-dropped-slot']);
  expect(dropped.ingest.stored).toBe(48);
  expect(dropped.back.map((v) => v.timeStamp)).not.toContain('2026-12-01T04:00:00.000Z');
  expect(dropped.back).toHaveLength(47);
  // 19:00 JST twice
  const twice = answered(['he-duplicated-slot']);
  expect(twice.back.filter((v) => v.timeStamp === '2026-12-01T10:00:00.000Z')).toHaveLength(2);
  expect(answered(['he-truncated-digits']).back[0]!.value).toBe('3456.00');
  // answered 75 minutes after it came, not at once
  expect(answered(['he-late-delivery']).back).toEqual([]);
  expect(answered(['he-late-delivery'], DAY_START + 48 * HALF_HOUR_MS + 75 * 60_000).back).toHaveLength(48);
  // each answered 35 minutes after its interval's end: the last, ended 30 minutes before, not yet
  expect(answered(['he-hv-late-delivery']).back).toHaveLength(47);
  expect(answered(['he-hv-late-delivery'], DAY_START + 49 * HALF_HOUR_MS + 5 * 60_000).back).toHaveLength(48);
  const threeYears = DAY_START + 3 * 365 * 86_400_000;
  expect(answered([], threeYears).back).toHaveLength(48);
  expect(answered(['he-short-retention'], threeYears).back).toEqual([]);
});

test('an outage and its restoration are detected from the 30-minute values; he-missed-outage misses the outage', () => {
  // m1's values stop after 05:00 and come again from 08:30 (JST): 05:30 … 08:00 never recorded
  const gap = {
    MeterReading: [
      {
        ...day.MeterReading[0]!,
        IntervalBlocks: [
          {
            ...day.MeterReading[0]!.IntervalBlocks[0]!,
            IntervalReadings: values(day).filter((_, k) => k < 10 || k > 15),
          },
        ],
      },
    ],
  };
  const window = { meter: 'm1', from: query.from, to: query.to };
  const events = (faults: string[], nowMs: number) => {
    const store = new HeadEndStore(':memory:', faults);
    store.ingestReadings(gap, DAY_START + 48 * HALF_HOUR_MS);
    const found = store
      .events(window, nowMs)
      .EndDeviceEvent.map((e) => `${e.EndDeviceEventType.ref} ${e.createdDateTime}`);
    store.close();
    return found;
  };
  const after = DAY_START + 49 * HALF_HOUR_MS;
  expect(events([], after)).toEqual([
    'power-outage 2026-11-30T20:00:00.000Z',
    'power-restoration 2026-11-30T23:30:00.000Z',
  ]);
  expect(events(['he-missed-outage'], after)).toEqual(['power-restoration 2026-11-30T23:30:00.000Z']);
  // the last value of the day, with nothing after it for an hour: an outage since then
  expect(events([], DAY_START + 50 * HALF_HOUR_MS)).toContain('power-outage 2026-12-01T15:00:00.000Z');
  expect(events([], DAY_START + 49 * HALF_HOUR_MS)).not.toContain('power-outage 2026-12-01T15:00:00.000Z');
});
