// Emulated lots: exactly round(N·p) defective units, chosen from the seed, the faults taken in turn; and
// over many simulated lots (unit verdicts from each unit's faults, no suite run) the accepted share agrees
// with the plan's OC curve.
import { expect, test } from '@playwright/test';
import { lotDecision, type UnitResult } from '../sampling/lot-decision.ts';
import { acceptanceProbability } from '../sampling/oc-curve.ts';
import { drawSample } from '../sampling/sample-draw.ts';
import { samplingPlan } from '../sampling/sampling-plan.ts';
import { emulatedLot } from './emulated-lot.ts';

test('round(N·p) defective units, one fault each taken in turn from the list, the same for the same seed', () => {
  const lot = emulatedLot({ size: 1000, defectRate: 0.02, faults: ['a', 'b', 'c'], seed: 11 });
  expect(lot).toHaveLength(1000);
  expect(lot[0]!.serial).toBe('EMU-00001');
  const defective = lot.filter((u) => u.faults);
  expect(defective).toHaveLength(20);
  const counts = { a: 0, b: 0, c: 0 } as Record<string, number>;
  for (const u of defective) counts[u.faults![0]!]!++;
  expect(counts).toEqual({ a: 7, b: 7, c: 6 });
  expect(emulatedLot({ size: 1000, defectRate: 0.02, faults: ['a', 'b', 'c'], seed: 11 })).toEqual(lot);
  const other = emulatedLot({ size: 1000, defectRate: 0.02, faults: ['a'], seed: 12 }).filter(
    (u) => u.faults,
  );
  expect(other.map((u) => u.serial)).not.toEqual(defective.map((u) => u.serial));
  expect(emulatedLot({ size: 10, defectRate: 0, faults: [], seed: 1 }).every((u) => !u.faults)).toBe(true);
});

/** P(d ≤ ac) when n are drawn without replacement from `size` units of which `defective` are: hypergeometric. */
function hypergeometricPa(size: number, defective: number, n: number, ac: number): number {
  const logFactorial = [0];
  for (let i = 1; i <= size; i++) logFactorial.push(logFactorial[i - 1]! + Math.log(i));
  const logChoose = (a: number, b: number) => logFactorial[a]! - logFactorial[b]! - logFactorial[a - b]!;
  let pa = 0;
  for (let d = 0; d <= Math.min(ac, defective); d++)
    if (n - d <= size - defective)
      pa += Math.exp(logChoose(defective, d) + logChoose(size - defective, n - d) - logChoose(size, n));
  return pa;
}

test('over 1 000 emulated lots per defect rate the accepted share is within 4 standard errors of Pa', () => {
  // lot 2 000, level II: code letter K, n 125; major AQL 0.65: Ac 2, Re 3
  const plan = samplingPlan({
    scheme: 'iso-2859-1',
    lotSize: 2000,
    level: 'II',
    aql: '0.65',
    severity: 'normal',
  });
  expect([plan.codeLetter, plan.n, plan.ac, plan.re]).toEqual(['K', 125, 2, 3]);
  const plans = new Map([['major', plan]] as const);
  const lots = 1000;
  for (const rate of [0.005, 0.01, 0.02, 0.04]) {
    let accepted = 0;
    for (let i = 0; i < lots; i++) {
      const lot = emulatedLot({
        size: 2000,
        defectRate: rate,
        faults: ['opc-capped-at-3'],
        seed: i * 7919 + 1,
      });
      const units: UnitResult[] = drawSample(lot, plan.n, i * 104_729 + 3).map((u) => ({
        serial: u.serial,
        cases: [{ id: 'FR-OPC-001', severity: 'major', verdict: u.faults ? 'FAIL' : 'PASS' }],
      }));
      if (lotDecision(plans, units).decision === 'accept') accepted++;
    }
    // the lot holds exactly round(N·p) defective units: the draw is hypergeometric; the report's OC curve is
    // binomial (ISO 2859-1's model), which for n/N = 6 % stays within 0.03 of it
    const exact = hypergeometricPa(2000, Math.round(2000 * rate), plan.n, plan.ac);
    const binomial = acceptanceProbability(plan, rate);
    const share = accepted / lots;
    const se = Math.sqrt((exact * (1 - exact)) / lots);
    if (Math.abs(share - exact) > 4 * Math.max(se, 0.002))
      throw new Error(
        `defect rate ${rate}: accepted ${share}, hypergeometric Pa ${exact.toFixed(4)} ± ${(4 * se).toFixed(4)}`,
      );
    if (Math.abs(binomial - exact) > 0.03)
      throw new Error(
        `defect rate ${rate}: binomial OC ${binomial.toFixed(4)} vs hypergeometric ${exact.toFixed(4)}`,
      );
  }
});
