// The fleet's values, derived on demand: every slot's energy is that of a household (never negative, the
// evening above the night), the 8-digit counter advances by the slot's energy and rolls over, three years
// out as today; shards cut the fleet without gap or overlap; a shard's day goes through the contract to
// the reference head-end and comes back as sent.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { startHeadEnd } from '../devices/head-end/head-end-server.ts';
import { Fleet, HALF_HOUR_MS } from './fleet.ts';
import { HttpHeadEnd } from './http-head-end.ts';
import { messageProblems } from './message-schemas.ts';

const INSTALLED = Date.parse('2026-01-01T00:00:00+09:00');
const THREE_YEARS = 3 * 365 * 48;
const fleet = new Fleet({ seed: 3610, meters: 29_000_000, installedAt: INSTALLED });

test('each slot is a household’s half hour, and the counter advances by it, three years out too', () => {
  fc.assert(
    fc.property(fc.nat(28_999_999), fc.nat(THREE_YEARS), (k, s) => {
      const wh = fleet.slotWh(k, s);
      const [before, after] = [fleet.valueAt(k, s - 1), fleet.valueAt(k, s)].map((v) =>
        Math.round(Number(v) * 100),
      );
      const advanced = (after! - before! + 100_000_000) % 100_000_000;
      const value = fleet.valueAt(k, s);
      // plain checks in the property (an expect() a run is the cost of the test), one message on failure
      return (
        wh >= 90 &&
        wh <= 3_000 &&
        Math.abs(advanced * 10 - wh) <= 10 &&
        /^\d{6}\.\d{2}$/.test(value) &&
        messageProblems('Value', value).length === 0
      );
    }),
    { numRuns: 500, seed: 16 },
  );
});

test('the evening peak is above the night for every meter; the same seed gives the same values', () => {
  const day = 100 * 48; // a day some months in: 19:30–20:00 JST is slot 39 of it, 03:00–03:30 slot 6
  for (let k = 0; k < 2_000; k++)
    expect(fleet.slotWh(k, day + 39), `meter ${k}: evening above night`).toBeGreaterThan(
      fleet.slotWh(k, day + 6),
    );
  const again = new Fleet({ seed: 3610, meters: 10, installedAt: INSTALLED });
  const other = new Fleet({ seed: 3611, meters: 10, installedAt: INSTALLED });
  expect(again.valueAt(7, 5_000)).toBe(fleet.valueAt(7, 5_000));
  expect(other.valueAt(7, 5_000)).not.toBe(fleet.valueAt(7, 5_000));
});

test('the 15- and 1-minute counters meet the 30-minute one at each :00/:30; reactive energy rises, voltage stays 97–105 V', () => {
  fc.assert(
    fc.property(fc.nat(9), fc.nat(THREE_YEARS), fc.constantFrom(1, 15) as fc.Arbitrary<1 | 15>, (k, s, m) => {
      const per = 30 / m;
      const last = fleet.counterAt(k, m, s * per + per - 1) === fleet.valueAt(k, s);
      const reactive = Array.from({ length: per }, (_, i) => Number(fleet.reactiveAt(k, m, s * per + i)));
      const rising = reactive.every((v, i) => i === 0 || v >= reactive[i - 1]! || v < 1);
      const volts = Number(fleet.voltageAt(k, m, s * per));
      return last && rising && volts >= 97 && volts <= 105;
    }),
    { numRuns: 300, seed: 15 },
  );
});

test('about a tenth of the meters give 5-minute values; every sixth of them is the 30-minute value', () => {
  const five = Array.from({ length: 20_000 }, (_, k) => k).filter((k) => fleet.hasFiveMinute(k));
  expect(five.length / 20_000, 'the share of 5-minute meters').toBeGreaterThan(0.09);
  expect(five.length / 20_000).toBeLessThan(0.11);
  fc.assert(
    fc.property(fc.constantFrom(...five.slice(0, 500)), fc.nat(THREE_YEARS), (k, s) => {
      const values = Array.from({ length: 6 }, (_, i) => Number(fleet.counterAt(k, 5, s * 6 + i)));
      const rising = values.every((v, i) => i === 0 || v >= values[i - 1]! || v < 1); // a roll-over aside
      return rising && fleet.counterAt(k, 5, s * 6 + 5) === fleet.valueAt(k, s);
    }),
    { numRuns: 300, seed: 5 },
  );
});

test('shards cut the fleet into parts without gap or overlap', () => {
  const small = new Fleet({ seed: 1, meters: 1_003, installedAt: INSTALLED });
  const seen = [0, 1, 2, 3].flatMap((i) => [...small.shard(i, 4)]);
  expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 1_003 }, (_, k) => k));
});

test('a shard’s day goes through the contract to the reference head-end and comes back as sent', async () => {
  const small = new Fleet({ seed: 7, meters: 200, installedAt: INSTALLED });
  const running = await startHeadEnd({ database: ':memory:', address: '127.0.0.82', port: 0 });
  try {
    const headEnd = new HttpHeadEnd(running.url);
    const meters = [...small.shard(1, 4)];
    const day = 10 * 48;
    const result = await headEnd.ingestReadings({
      MeterReading: meters.map((k) => small.reading(k, day, day + 48)),
    });
    expect(result).toEqual({ stored: meters.length * 48, duplicates: 0 });
    const k = meters[7]!;
    const back = await headEnd.readings({
      meters: [small.meterId(k)],
      readingType: 'energy-forward-30min',
      from: new Date(INSTALLED + (day + 1) * HALF_HOUR_MS).toISOString(),
      to: new Date(INSTALLED + (day + 49) * HALF_HOUR_MS).toISOString(),
    });
    const { IntervalBlocks } = back.MeterReading[0]!;
    expect({
      ...back.MeterReading[0],
      IntervalBlocks: IntervalBlocks.map((b) => ({
        ...b,
        IntervalReadings: b.IntervalReadings.map(({ timeStamp, value }) => ({ timeStamp, value })),
      })),
    }).toEqual(small.reading(k, day, day + 48));
  } finally {
    await running.close();
  }
});
