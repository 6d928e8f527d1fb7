// Granularity of the next-generation items (5/15/30-minute values; seed table: measurement granularity):
// every value stamped on its interval boundary and of the size the profile's layout gives, the granularities
// of one quantity agreeing with one another and with the 30-minute values of 0x0288 (E2/E4), and the
// no-data value exactly where nothing was measured. The EPCs and encodings are profile parameters
// (harness/profile/next-generation-layout.ts); the rules are from the seed unless a comment says otherwise.

import type { Clock } from '../../harness/clock/clock.ts';
import { jstMidnight } from '../../harness/clock/jst.ts';
import { pass } from '../../harness/clock/wait.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectThat } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import type { DutClient } from '../../harness/conformance/dut-client.ts';
import { energyClause } from '../../harness/conformance/load-curve-checks.ts';
import {
  HALF_HOUR,
  halfHourFloor,
  jstText,
  MINUTE,
  readDayHistory,
  readSelected,
  selector,
} from '../../harness/conformance/meter-reads.ts';
import {
  isNoData,
  itemName,
  itemsGate,
  readItemHistory,
  readLatest,
  stepOf,
} from '../../harness/conformance/next-generation-reads.ts';
import { withScratchMeter } from '../../harness/conformance/scratch-meter.ts';
import { readUnsigned } from '../../harness/echonet/values/integer.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import type { NextGenerationItem, Profile } from '../../harness/profile/profile.ts';

const HOUR = 60 * MINUTE;

const all = () => true;
const hasHistory = (i: NextGenerationItem) => i.selectorEpc !== undefined && i.historyEpc !== undefined;
const active = (i: NextGenerationItem) => i.quantity === 'active-energy';
const items = (p: Profile, want: (i: NextGenerationItem) => boolean = all) =>
  (p.nextGeneration ?? []).filter(want);
/** Reads a few minutes after a boundary, so that a slot that ends late shows (assumption of the suite). */
const AFTER_BOUNDARY = 2 * MINUTE;

/** Seconds 00 and a minute that is a multiple of the interval, in JST (the meters' time). */
const onBoundary = (item: NextGenerationItem, at: number) => at % stepOf(item) === 0;

conformance(
  {
    id: 'GR-STAMP-001',
    title: 'every next-generation value is stamped on its interval boundary and has the declared size',
    specRef: 'NG/ALIGNED',
    severity: 'major',
    // three reads 7 minutes apart, of every item
    realTimeMs: 14 * MINUTE + FEW_REQUESTS_MS,
    applies: itemsGate(all, 'a'),
    catches: ['ng-stamp-seconds'],
  },
  async ({ dut, clock, profile }) => {
    for (let round = 0; round < 3; round++) {
      if (round > 0) await pass(clock, 7 * MINUTE);
      for (const item of items(profile)) {
        const latest = await readLatest(dut, item, 'NG/ALIGNED');
        expectThat(
          onBoundary(item, latest.at),
          `${itemName(item)}: stamped at seconds 00 of a minute that is a multiple of ${item.intervalMinutes}`,
          `a ${item.intervalMinutes}-minute boundary`,
          jstText(latest.at),
          latest.frames,
        );
        if (hasHistory(item)) {
          const boundary = Math.floor(clock.now() / stepOf(item)) * stepOf(item);
          await readItemHistory(dut, item, boundary, 3, 'NG/ALIGNED');
        }
      }
    }
  },
);

/** The forward (and reverse) 30-minute values of E2 (E4) at `at`, a :00/:30 of today or yesterday. */
async function dayValue(dut: DutClient, clock: Clock, at: number, epc: 0xe2 | 0xe4) {
  const day = Math.round((jstMidnight(clock.now()) - jstMidnight(at)) / 86_400_000);
  const { value, frames } = await readDayHistory(dut, day, epc);
  return { value: value.values[(at - jstMidnight(at)) / HALF_HOUR]!, frames };
}

conformance(
  {
    id: 'GR-CONS-001',
    title:
      'active energy: 5- and 15-minute values agree with the 30-minute values of E2/E4 and the 1-minute values of EE at shared boundaries',
    specRef: 'NG/CONSISTENT',
    severity: 'major',
    // up to a half hour until the next :00/:30 (latest-only items are read 2 minutes after it)
    realTimeMs: 32 * MINUTE + FEW_REQUESTS_MS,
    applies: (p) => {
      const gate = itemsGate(active, 'an active-energy')(p);
      if (gate !== true) return gate;
      return declaredMaps(p).get.includes(0xe2) ? true : 'the profile does not declare E2';
    },
    catches: ['ng-15min-over-30min', 'ng-8-digits-truncated'],
  },
  async ({ dut, clock, profile }) => {
    const maps = declaredMaps(profile);
    const reverse = maps.get.includes(0xe4);
    const directions = reverse ? ([0xe2, 0xe4] as const) : ([0xe2] as const);
    // the two boundaries of a half hour that has passed: B0 and B0 + 30 min
    const end = halfHourFloor(clock.now() - AFTER_BOUNDARY);
    const start = end - HALF_HOUR;
    const e2 = new Map<string, { value: number; frames: number[] }>();
    for (const at of [start, end])
      for (const [k, epc] of directions.entries()) e2.set(`${at}/${k}`, await dayValue(dut, clock, at, epc));
    // items with a history: the boundaries of the half hour (two 15-minute, six 5-minute increments)
    for (const item of items(profile, (i) => active(i) && hasHistory(i))) {
      const n = HALF_HOUR / stepOf(item) + 1;
      const h = await readItemHistory(dut, item, end, n, 'NG/CONSISTENT');
      for (const [i, at] of [
        [0, end],
        [n - 1, start],
      ] as const) {
        for (const k of directions.keys()) {
          const want = e2.get(`${at}/${k}`)!;
          const got = h.values[i]![k]!;
          expectThat(
            got === want.value,
            `${itemName(item)} at ${jstText(at)} is the 30-minute value of ${k === 0 ? 'E2' : 'E4'} (so ${n - 1} increments make the 30-minute one)`,
            String(want.value),
            String(got),
            [...h.frames, ...want.frames],
            energyClause(want.value, got),
          );
        }
      }
    }
    // the 1-minute values (EF → EE) at each item's latest boundary: the same cumulative reading
    if (maps.get.includes(0xee) && maps.set.includes(0xef))
      for (const item of items(profile, (i) => active(i) && HOUR % stepOf(i) === 0)) {
        const latest = await readLatest(dut, item, 'NG/CONSISTENT');
        if (clock.now() - latest.at >= HOUR) continue; // EE keeps 60 minutes
        const ee = await readSelected(dut, 0xef, 0xee, selector(latest.at, 1), 'EF takes one minute');
        for (const k of directions.keys()) {
          const minute = readUnsigned(ee.value, 7 + 4 * k, 4);
          expectThat(
            latest.fields[k] === minute,
            `${itemName(item)} at ${jstText(latest.at)} is EE's 1-minute ${k === 0 ? 'forward' : 'reverse'} value of that minute`,
            String(minute),
            String(latest.fields[k]),
            [...latest.frames, ...ee.frames],
          );
        }
      }
    // items without a history: read 2 minutes after the next :00/:30, compared with E2/E4 of it
    const latestOnly = items(profile, (i) => active(i) && !hasHistory(i) && HALF_HOUR % stepOf(i) === 0);
    if (latestOnly.length === 0) return;
    const next = halfHourFloor(clock.now()) + HALF_HOUR;
    await pass(clock, next + AFTER_BOUNDARY - clock.now());
    const read = new Map<number, Awaited<ReturnType<typeof readLatest>>[]>();
    for (const item of latestOnly)
      read.set(item.intervalMinutes, [await readLatest(dut, item, 'NG/CONSISTENT')]);
    for (const at of [next]) {
      for (const [k, epc] of directions.entries()) {
        const want = await dayValue(dut, clock, at, epc);
        for (const item of latestOnly) {
          const got = read.get(item.intervalMinutes)![0]!;
          // a value of another interval breaks NG/LATEST (LV-NG-LAT-001), not the agreement checked here
          expectThat(
            got.at === at,
            `${itemName(item)} read 2 minutes after ${jstText(at)} gives that boundary's value`,
            jstText(at),
            jstText(got.at),
            got.frames,
            'NG/LATEST',
          );
          expectThat(
            got.fields[k] === want.value,
            `${itemName(item)} at ${jstText(at)} is the 30-minute value of ${k === 0 ? 'E2' : 'E4'}`,
            `${want.value} at ${jstText(at)}`,
            `${got.fields[k]} at ${jstText(got.at)}`,
            [...got.frames, ...want.frames],
            energyClause(want.value, got.fields[k]!),
          );
        }
      }
    }
  },
);

conformance(
  {
    id: 'GR-NODATA-001',
    title: 'a meter installed during the case: no-data exactly for the intervals before installation',
    specRef: 'NG/NO-DATA',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: (p) => {
      const gate = itemsGate(all, 'a')(p);
      if (gate !== true) return gate;
      // a real meter's installation cannot be moved into the case
      return p.target.type === 'emulated'
        ? true
        : 'needs a meter installed during the case (emulated targets only)';
    },
    catches: ['ng-no-data-zero'],
  },
  async ({ clock, profile, transcript }) => {
    // installed at the next whole minute: every boundary until then has nothing measured
    const installed = Math.floor(clock.now() / MINUTE) * MINUTE + MINUTE;
    await withScratchMeter(
      profile,
      { installedAt: new Date(installed).toISOString() },
      clock,
      transcript,
      async ({ dut }) => {
        for (const item of items(profile)) {
          const before = await readLatest(dut, item, 'NG/NO-DATA');
          expectThat(
            isNoData(item, before.fields),
            `${itemName(item)} at ${jstText(before.at)}, before installation at ${jstText(installed)}: no data`,
            'no data',
            before.fields.join(' '),
            before.frames,
          );
        }
        await pass(clock, halfHourFloor(installed) + 2 * HALF_HOUR + MINUTE - clock.now());
        for (const item of items(profile)) {
          const step = stepOf(item);
          const latest = await readLatest(dut, item, 'NG/NO-DATA');
          expectThat(
            !isNoData(item, latest.fields),
            `${itemName(item)} at ${jstText(latest.at)}, after installation: measured`,
            'a value',
            'no data',
            latest.frames,
          );
          if (!hasHistory(item)) continue;
          const n = Math.min(12, Math.floor((latest.at - installed) / step) + 3);
          const h = await readItemHistory(dut, item, latest.at, n, 'NG/NO-DATA');
          h.values.forEach((fields, i) => {
            const at = latest.at - i * step;
            // voltage averages an interval: one straddling installation may go either way
            const measured = item.quantity === 'voltage' ? at - step >= installed : at >= installed;
            if (item.quantity === 'voltage' && !measured && at >= installed) return;
            expectThat(
              isNoData(item, fields) !== measured,
              `${itemName(item)} at ${jstText(at)} (installed ${jstText(installed)}): ${measured ? 'measured' : 'no data'}`,
              measured ? 'a value' : 'no data',
              fields.join(' '),
              h.frames,
            );
          });
        }
      },
    );
  },
);
