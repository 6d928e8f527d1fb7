// GR-ROLL-001: the next-generation active-energy values roll over with the 0x0288 counters, at 10^D7 —
// 10^8 for a meter that keeps the 8 digits of seed ※2. An emulated meter installed during the case, with
// a random constant load and the reading at installation chosen so that its forward counter reaches 10^D7
// at a random instant of the hour before the reads; every value read equals the exact model of the load
// (harness/conformance/load-curve-model.ts), which rolls over as APPENDIX 0x0288 D7 says.

import fc from 'fast-check';
import { conformance } from '../../harness/conformance/conformance.ts';
import { expectItemsMatchModel } from '../../harness/conformance/load-curve-checks.ts';
import { kWhPerUnit, LoadCurveModel } from '../../harness/conformance/load-curve-model.ts';
import { passLong } from '../../harness/conformance/long-wait.ts';
import { MINUTE } from '../../harness/conformance/meter-reads.ts';
import { checkProperty, runsFor } from '../../harness/conformance/property-case.ts';
import { withScratchMeter } from '../../harness/conformance/scratch-meter.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import type { Profile } from '../../harness/profile/profile.ts';

const HOUR = 60 * MINUTE;
const KWH_IN_WMS = 3_600_000_000;

const emulatedWithActiveEnergy = (p: Profile): true | string => {
  if (p.kind !== 'lv-meter') return `a ${p.kind} is not a low-voltage meter (0x0288)`;
  if (!(p.nextGeneration ?? []).some((i) => i.quantity === 'active-energy'))
    return 'the profile declares no next-generation active-energy item';
  // the case sets the meter's counter just below its roll-over: a real meter's counter cannot be set
  return p.target.type === 'emulated'
    ? true
    : 'needs a meter whose counter the case sets near 10^D7 (emulated targets only)';
};

conformance(
  {
    id: 'GR-ROLL-001',
    title:
      'active energy: next-generation values roll over at 10^D7 as the 0x0288 counters do (a counter crossing it during the case)',
    specRef: 'NG/ROLL-OVER',
    severity: 'major',
    realTimeMs: 10 * 60_000, // NA on a real meter; seconds on virtual time
    applies: emulatedWithActiveEnergy,
    catches: ['ng-no-roll-over', 'ng-8-digits-truncated', 'ng-5min-one-minute-late'],
  },
  async ({ clock, profile, transcript }) => {
    const settings = profile.target.type === 'emulated' ? (profile.target.meter ?? {}) : {};
    const scale = {
      unitCode: Number.parseInt(settings.unitCode ?? '0x01', 16),
      coefficient: settings.coefficient ?? 1,
      digits: settings.digits ?? 6,
    };
    const reverse = declaredMaps(profile).get.includes(0xe3);
    const items = (profile.nextGeneration ?? []).filter((i) => i.quantity === 'active-energy');
    const run = fc.record({
      watts: fc.integer({ min: 200, max: 12_000 }),
      installBack: fc.integer({ min: 61, max: 120 }), // minutes before the reads
      rollBack: fc.integer({ min: 0, max: HOUR / 1000 - 1 }).map((s) => s * 1000), // ms before the reads
      readAfter: fc.integer({ min: 0, max: 4 * 60 + 59 }).map((s) => s * 1000),
    });
    await checkProperty(
      fc.asyncProperty(run, async ({ watts, installBack, rollBack, readAfter }) => {
        await passLong(clock, MINUTE - (clock.now() % MINUTE) + readAfter);
        const now = clock.now();
        const installed = Math.floor(now / MINUTE) * MINUTE - installBack * MINUTE;
        // the reading at installation that brings the forward counter to 10^D7 units at now − rollBack
        const rollKWh = 10 ** scale.digits * kWhPerUnit(scale.unitCode) * scale.coefficient;
        const offsetKWh = rollKWh - (watts * (now - rollBack - installed)) / KWH_IN_WMS;
        const steps = [{ at: 0, watts }];
        const model = new LoadCurveModel(steps, { ...scale, installedAt: installed, offsetKWh });
        const meter = {
          installedAt: new Date(installed).toISOString().replace('.000', ''),
          load: { steps },
          counterOffsetKWh: offsetKWh,
        };
        await withScratchMeter(profile, meter, clock, transcript, async ({ dut }) => {
          await expectItemsMatchModel(dut, items, model, reverse, 'NG/ROLL-OVER');
        });
      }),
      { numRuns: runsFor(clock, 20), seed: 108 },
    );
  },
);
