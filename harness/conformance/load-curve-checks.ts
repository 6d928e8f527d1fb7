// Checks of next-generation values against the exact model of a scripted load (load-curve-model.ts),
// shared by the cases that drive an emulated meter with a curve (suites/granularity/). A wrong value is
// given the clause of the rule its difference shows: no data where there is a value (or the reverse), a
// value past the roll-over of 10^D7, a value cut to 6 digits, a value in a unit other than E1 × D3, and
// otherwise a value that disagrees with the other granularities.
import type { NextGenerationItem } from '../profile/profile.ts';
import { expectThat } from './checks.ts';
import type { DutClient } from './dut-client.ts';
import type { LoadCurveModel, ModelReading } from './load-curve-model.ts';
import { jstText } from './meter-reads.ts';
import {
  type Fields,
  isNoData,
  itemName,
  noDataOf,
  readItemHistory,
  readLatest,
  stepOf,
} from './next-generation-reads.ts';

/** NG/8-DIGITS when `actual` is `expected` cut to 6 digits, else NG/CONSISTENT. */
export const energyClause = (expected: number, actual: number): string =>
  expected >= 1e6 && actual === expected % 1e6 ? 'NG/8-DIGITS' : 'NG/CONSISTENT';

/** `got` is `want` counted in a unit 10–10 000 times finer or coarser (a unit other than E1 × D3). */
function unitsOff(want: number, got: number): boolean {
  const within = (small: number, large: number) =>
    small >= 1 && [10, 100, 1000, 10_000].some((f) => large >= small * f && large < (small + 1) * f);
  return within(want, got) || within(got, want);
}

/** The fields the model gives an item at `at`: no data before installation; voltage: undefined (no model). */
function expectedFields(item: NextGenerationItem, reading: ModelReading | undefined, reverse: boolean) {
  if (!reading) return Array(item.quantity === 'active-energy' ? 2 : 1).fill(noDataOf(item)) as number[];
  if (item.quantity === 'active-energy')
    return reverse ? [reading.forward, reading.reverse] : [reading.forward];
  if (item.quantity === 'reactive-energy') return [reading.lagging];
  return undefined;
}

/** The fields of `item` read for the boundary `at` are the model's (voltage: no data where it must be). */
export function expectModelFields(
  item: NextGenerationItem,
  at: number,
  got: Fields,
  model: LoadCurveModel,
  reverse: boolean,
  frames: number[],
): void {
  const reading = model.at(at);
  const want = expectedFields(item, reading, reverse);
  const what = `${itemName(item)} at ${jstText(at)}`;
  if (!want) {
    // voltage: no data where the interval began before installation
    if (!model.at(at - stepOf(item)))
      expectThat(
        isNoData(item, got),
        `${what}: no data before installation`,
        'no data',
        got.join(' '),
        frames,
        'NG/NO-DATA',
      );
    return;
  }
  want.forEach((w, k) => {
    const g = got[k]!;
    const noData = w === noDataOf(item) || g === noDataOf(item);
    // a value cut to 6 digits exactly is NG/8-DIGITS, even where it looks like another unit
    const clause = noData
      ? 'NG/NO-DATA'
      : g >= model.rollOver
        ? 'NG/ROLL-OVER'
        : energyClause(w, g) === 'NG/8-DIGITS' || !unitsOff(w, g)
          ? energyClause(w, g)
          : 'NG/UNITS';
    expectThat(
      g === w,
      `${what}${k === 1 ? ' (reverse)' : ''} is the energy of the curve since installation (rolled over at ${model.rollOver})`,
      String(w),
      String(g),
      frames,
      clause,
    );
  });
}

/**
 * Each item's latest value (stamped on its boundary first: NG/ALIGNED) and, where it has one, its 12
 * history slots, read over the wire and checked against the model.
 */
export async function expectItemsMatchModel(
  dut: DutClient,
  items: readonly NextGenerationItem[],
  model: LoadCurveModel,
  reverse: boolean,
  clause: string,
): Promise<void> {
  for (const item of items) {
    const latest = await readLatest(dut, item, clause);
    // the stamp first: a value stamped off its boundary breaks NG/ALIGNED (GR-STAMP-001)
    expectThat(
      latest.at % stepOf(item) === 0,
      `${itemName(item)} is stamped on its interval boundary`,
      `a ${item.intervalMinutes}-minute boundary`,
      jstText(latest.at),
      latest.frames,
      'NG/ALIGNED',
    );
    expectModelFields(item, latest.at, latest.fields, model, reverse, latest.frames);
    if (!item.selectorEpc || !item.historyEpc) continue;
    const h = await readItemHistory(dut, item, latest.at, 12, clause);
    for (const [i, fields] of h.values.entries())
      expectModelFields(item, latest.at - i * stepOf(item), fields, model, reverse, h.frames);
  }
}
