// Random scripted loads for an emulated LV meter (profile `target.meter.load` steps, `at` in minutes since
// installation): levels from zero through household loads to 12 kW, reverse flow down to −6 kW, steps
// exactly on 5/15/30-minute boundaries or on any minute, and spikes of a few seconds inside one minute.
import fc from 'fast-check';
import type { LoadStepSetting } from '../profile/profile.ts';

export interface LoadCurveConstraints {
  /** The curve's steps lie in [0, spanMinutes) after installation. */
  readonly spanMinutes: number;
  /** At most this many pieces (a level is one step, a spike two); default 8. */
  readonly maxPieces?: number;
}

const watts = fc.oneof(
  fc.constant(0), // zero load
  fc.integer({ min: 1, max: 12_000 }), // consumption, up to 60 A at 200 V
  fc.integer({ min: -6_000, max: -1 }), // reverse flow
);
const vars = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4_000 }));

export function loadCurveArbitrary({
  spanMinutes,
  maxPieces = 8,
}: LoadCurveConstraints): fc.Arbitrary<LoadStepSetting[]> {
  const minute = fc.oneof(
    fc.integer({ min: 0, max: Math.floor((spanMinutes - 1) / 5) }).map((k) => k * 5), // on a slot boundary
    fc.integer({ min: 0, max: spanMinutes - 1 }),
  );
  const level = fc.record({ at: minute, watts, vars }).map((s) => [s]);
  // a spike of 1–30 s inside one minute, then another level
  const spike = fc
    .record({
      minute: fc.integer({ min: 0, max: spanMinutes - 1 }),
      second: fc.integer({ min: 1, max: 29 }),
      seconds: fc.integer({ min: 1, max: 30 }),
      watts: fc.integer({ min: 6_000, max: 20_000 }),
      after: watts,
    })
    .map((s) => [
      { at: s.minute + s.second / 60, watts: s.watts, vars: 0 },
      { at: s.minute + (s.second + s.seconds) / 60, watts: s.after, vars: 0 },
    ]);
  return fc
    .tuple(fc.record({ watts, vars }), fc.array(fc.oneof(level, spike), { maxLength: maxPieces }))
    .map(([first, pieces]) =>
      [{ at: 0, ...first }, ...pieces.flat()].sort((a, b) => (a.at as number) - (b.at as number)),
    );
}
