// The OC curve against published values, and the statistical test of deliverable 5: over many simulated
// lots (unit verdicts drawn from the defect rate, the sample drawn by drawSample, no suite run) the share
// of lots accepted matches the plan's Pa within a stated tolerance.
import { expect, test } from '@playwright/test';
import { seededRandom } from '../seeded-hash.ts';
import { acceptanceProbability, ocCurve } from './oc-curve.ts';
import { drawSample } from './sample-draw.ts';
import { samplingPlan } from './sampling-plan.ts';

test('Pa of n 80, Ac 2 at p = 1 % and 5 %, worked by hand from the binomial', () => {
  // binomial by hand: (0.99^80)(1 + 80·0.01/0.99 + 3160·0.0001/0.9801)
  expect(acceptanceProbability({ n: 80, ac: 2 }, 0.01)).toBeCloseTo(0.9534, 3);
  expect(acceptanceProbability({ n: 80, ac: 2 }, 0.05)).toBeCloseTo(0.2306, 3);
  expect(acceptanceProbability({ n: 2, ac: 0 }, 0.5)).toBeCloseTo(0.25, 10);
  const curve = ocCurve({ n: 80, ac: 2 });
  expect(curve[0]).toEqual({ p: 0, pa: 1 });
  expect(curve.every((point, i) => i === 0 || point.pa <= curve[i - 1]!.pa)).toBe(true);
});

test('the draw is reproducible from its seed and has no repeats', () => {
  const lot = Array.from({ length: 1000 }, (_, i) => `SN${i}`);
  const a = drawSample(lot, 80, 42);
  expect(drawSample(lot, 80, 42)).toEqual(a);
  expect(drawSample(lot, 80, 43)).not.toEqual(a);
  expect(new Set(a).size).toBe(80);
});

test('simulated lots: the share accepted matches the OC curve within 4 standard errors', () => {
  // lot 1 000, level II, AQL 1.0, normal: J, n 80, Ac 2
  const plan = samplingPlan({
    scheme: 'iso-2859-1',
    lotSize: 1000,
    level: 'II',
    aql: '1.0',
    severity: 'normal',
  });
  const lots = 2000;
  for (const defectRate of [0.005, 0.02, 0.04, 0.08]) {
    const random = seededRandom(Math.round(defectRate * 1e6));
    let accepted = 0;
    for (let l = 0; l < lots; l++) {
      const units = Array.from({ length: plan.lotSize }, () => random() < defectRate);
      const nonconforming = drawSample(units, plan.n, l).filter(Boolean).length;
      if (nonconforming <= plan.ac) accepted++;
    }
    const pa = acceptanceProbability(plan, defectRate);
    const tolerance = 4 * Math.sqrt((pa * (1 - pa)) / lots) + 0.002;
    expect(
      Math.abs(accepted / lots - pa),
      `defect rate ${defectRate}: accepted ${accepted}/${lots}, OC curve Pa ${pa.toFixed(4)} ± ${tolerance.toFixed(4)}`,
    ).toBeLessThanOrEqual(tolerance);
  }
});
