// The finer values' feed: a declared share of meters is never fewer meters than the share, each once; a
// window of delivery time cut anywhere gives every value once, on the contract's schema, as fedValues has it.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { FineFeed, fineKey, shareOfMeters } from './fine-feed.ts';
import { Fleet } from './fleet.ts';
import { messageProblems } from './message-schemas.ts';

test('a share of n meters is ceil(share × n) distinct meters below n', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 1000 }), (n, permille) => {
      const meters = shareOfMeters(n, permille / 1000);
      return (
        meters.length === Math.ceil((n * permille) / 1000) &&
        new Set(meters).size === meters.length &&
        meters.every((k) => k >= 0 && k < n)
      );
    }),
    { seed: 3, numRuns: 500 },
  );
  expect(shareOfMeters(100, 0.1)).toHaveLength(10);
  expect(shareOfMeters(100, 0.03)).toEqual([0, 33, 66]);
});

test('the feed cut at any times gives each fed value once, on the schema', () => {
  const installedAt = Date.parse('2026-06-01T00:00:00+09:00');
  const fleet = new Fleet({ seed: 9, meters: 50, installedAt });
  const fromMs = installedAt + 86_400_000;
  const toMs = fromMs + 3_600_000;
  fc.assert(
    fc.property(
      fc.constantFrom(1, 5) as fc.Arbitrary<1 | 5>,
      fc.uniqueArray(fc.nat(3_600_000), { maxLength: 5 }),
      (minutes, cuts) => {
        const feed = new FineFeed({
          fleet,
          meters: [2, 7, 31],
          minutes,
          fromMs,
          toMs,
          sendAt: (k, endMs) => endMs + k * 1000,
        });
        const times = [fromMs, ...cuts.map((c) => fromMs + c).sort((a, b) => a - b), feed.lastSendMs()];
        const seen = new Map<string, string>();
        for (let i = 1; i < times.length; i++) {
          const due = feed.due(times[i - 1]!, times[i]!);
          if (messageProblems('MeterReadings', due).length > 0) return false;
          for (const r of due.MeterReading)
            for (const b of r.IntervalBlocks)
              for (const v of b.IntervalReadings) {
                const key = fineKey(r.Meter.mRID, b.ReadingType.ref, Date.parse(v.timeStamp));
                if (seen.has(key)) return false;
                seen.set(key, v.value);
              }
        }
        const fed = feed.fedValues();
        return seen.size === fed.size && [...fed].every(([key, v]) => seen.get(key) === v.value);
      },
    ),
    { seed: 4, numRuns: 40 },
  );
});
