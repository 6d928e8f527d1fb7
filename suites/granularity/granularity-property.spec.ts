// GR-PB-001: random load curves on an emulated LV meter installed during the case; every value read over
// the wire (the next-generation items, E2/E4 of today, EE's one-minute values) equals the exact model of
// the same curve (harness/conformance/load-curve-model.ts, written from the rules, not the meter's code).
// Voltage has no model from the rules (it depends on the grid, not on the load): only where it must be
// no data is checked.

import fc from 'fast-check';
import { loadCurveArbitrary } from '../../harness/arbitraries/load-curve.ts';
import { fieldRangeOf } from '../../harness/classes/class-facts.ts';
import { jstMidnight } from '../../harness/clock/jst.ts';
import { expectThat, framesOf, valueIn } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import type { DutClient } from '../../harness/conformance/dut-client.ts';
import { expectItemsMatchModel } from '../../harness/conformance/load-curve-checks.ts';
import { LoadCurveModel } from '../../harness/conformance/load-curve-model.ts';
import { passLong } from '../../harness/conformance/long-wait.ts';
import {
  HALF_HOUR,
  jstText,
  MINUTE,
  readDayHistory,
  selector,
  setAccepted,
} from '../../harness/conformance/meter-reads.ts';
import { checkProperty, runsFor } from '../../harness/conformance/property-case.ts';
import { withScratchMeter } from '../../harness/conformance/scratch-meter.ts';
import { readUnsigned } from '../../harness/echonet/values/integer.ts';
import { NO_DATA_U32 } from '../../harness/echonet/values/sentinels.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import type { Profile } from '../../harness/profile/profile.ts';

/** The curve spans the two hours before the reads (an assumption: long enough for 12 × 5 min and E2). */
const SPAN_MINUTES = 120;
const EF_N = fieldRangeOf(0x0288, 0xef, 'n');

async function checkDayHistory(dut: DutClient, epc: 0xe2 | 0xe4, model: LoadCurveModel, now: number) {
  const { value, frames } = await readDayHistory(dut, 0, epc);
  const midnight = jstMidnight(now);
  value.values.forEach((v, slot) => {
    const at = midnight + slot * HALF_HOUR;
    const reading = at <= now ? model.at(at) : undefined;
    const want = reading === undefined ? NO_DATA_U32 : epc === 0xe2 ? reading.forward : reading.reverse;
    expectThat(
      v === want,
      `${epc === 0xe2 ? 'E2' : 'E4'} of ${jstText(at)} is the energy of the curve`,
      String(want),
      String(v),
      frames,
      'APPX-R/0288/E2',
    );
  });
}

async function checkOneMinute(dut: DutClient, model: LoadCurveModel, latest: number, reverse: boolean) {
  const edt = selector(latest, EF_N.max);
  const set = await setAccepted(dut, 0xef, edt, 'EF accepts the latest minute and 10 values');
  const x = await dut.get(0xee);
  const ee = valueIn(x, 0xee, 'EE is served');
  for (let i = 0; i < EF_N.max; i++) {
    const at = latest - i * MINUTE;
    const reading = model.at(at);
    const pairs = [readUnsigned(ee, 7 + 8 * i, 4), readUnsigned(ee, 11 + 8 * i, 4)];
    const want = [reading?.forward ?? NO_DATA_U32, reverse ? (reading?.reverse ?? NO_DATA_U32) : pairs[1]!];
    expectThat(
      pairs[0] === want[0] && pairs[1] === want[1],
      `EE of ${jstText(at)} is the energy of the curve`,
      want.join(' '),
      pairs.join(' '),
      [...set, ...framesOf(x)],
      'APPX-R/0288/EE',
    );
  }
}

const emulatedWithItems = (p: Profile): true | string => {
  if (p.kind !== 'lv-meter') return `a ${p.kind} is not a low-voltage meter (0x0288)`;
  if ((p.nextGeneration ?? []).length === 0) return 'the profile declares no next-generation item';
  // the case installs a meter with a load of its own: a real meter's load cannot be scripted
  return p.target.type === 'emulated'
    ? true
    : 'needs a meter whose load the case scripts (emulated targets only)';
};

conformance(
  {
    id: 'GR-PB-001',
    title:
      'random load curves: every next-generation, E2/E4 and EE value equals the exact model of the curve',
    specRef: 'NG/CONSISTENT',
    severity: 'major',
    realTimeMs: 10 * 60_000, // NA on a real meter; seconds on virtual time
    applies: emulatedWithItems,
    catches: [
      'ng-5min-one-minute-late',
      'ng-15min-over-30min',
      'ng-reactive-wrong-unit',
      'ng-no-data-zero',
      'ng-8-digits-truncated',
    ],
  },
  async ({ clock, profile, transcript }) => {
    const settings = profile.target.type === 'emulated' ? (profile.target.meter ?? {}) : {};
    const maps = declaredMaps(profile);
    const reverse = maps.get.includes(0xe3); // the meter measures the reverse direction
    const run = fc.record({
      steps: loadCurveArbitrary({ spanMinutes: SPAN_MINUTES }),
      // installed on the minute, up to an hour before the curve's window ends
      installBack: fc.integer({ min: 61, max: SPAN_MINUTES }),
      // the reads come this long after the latest minute (slots that end late show)
      readAfter: fc.integer({ min: 0, max: 4 * 60 + 59 }).map((s) => s * 1000),
    });
    await checkProperty(
      fc.asyncProperty(run, async ({ steps, installBack, readAfter }) => {
        await passLong(clock, MINUTE - (clock.now() % MINUTE) + readAfter);
        const now = clock.now();
        const installed = Math.floor(now / MINUTE) * MINUTE - installBack * MINUTE;
        const model = new LoadCurveModel(steps, {
          installedAt: installed,
          unitCode: Number.parseInt(settings.unitCode ?? '0x01', 16),
          coefficient: settings.coefficient ?? 1,
          digits: settings.digits ?? 6,
          offsetKWh: settings.counterOffsetKWh ?? 0,
        });
        const meter = { installedAt: new Date(installed).toISOString().replace('.000', ''), load: { steps } };
        await withScratchMeter(profile, meter, clock, transcript, async ({ dut }) => {
          await expectItemsMatchModel(dut, profile.nextGeneration ?? [], model, reverse, 'NG/CONSISTENT');
          if (maps.get.includes(0xe2)) await checkDayHistory(dut, 0xe2, model, now);
          if (reverse && maps.get.includes(0xe4)) await checkDayHistory(dut, 0xe4, model, now);
          if (maps.get.includes(0xee))
            await checkOneMinute(dut, model, Math.floor(now / MINUTE) * MINUTE, reverse);
        });
      }),
      { numRuns: runsFor(clock, 25), seed: 1440 },
    );
  },
);
