// Per-class decisions: FAIL counts in its case's class only; INCONC and ERROR never pass silently.
import { expect, test } from '@playwright/test';
import type { Severity } from '../conformance/case-meta.ts';
import { lotDecision, type UnitResult, type UnitVerdict } from './lot-decision.ts';
import { samplingPlan } from './sampling-plan.ts';

const plans = new Map<Severity, ReturnType<typeof samplingPlan>>(
  (
    [
      ['critical', '0.10'],
      ['major', '0.65'],
      ['minor', '2.5'],
    ] as const
  ).map(([severity, aql]) => [
    severity,
    samplingPlan({ scheme: 'iso-2859-1', lotSize: 1000, level: 'II', aql, severity: 'normal' }),
  ]),
);

const unit = (serial: string, verdicts: Partial<Record<Severity, UnitVerdict>> = {}): UnitResult => ({
  serial,
  cases: (['critical', 'major', 'minor'] as const).map((severity) => ({
    id: `CASE-${severity}`,
    severity,
    verdict: verdicts[severity] ?? 'PASS',
  })),
});
const clean = (count: number) => Array.from({ length: count }, (_, i) => unit(`SN${i}`));

test('plans per class: lot 1 000, level II — critical 0.10 (K 125, 0/1), major 0.65 (J 80, 1/2), minor 2.5 (J 80, 5/6)', () => {
  const summary = [...plans.values()].map((p) => `${p.planLetter} ${p.n} ${p.ac}/${p.re}`);
  expect(summary).toEqual(['K 125 0/1', 'J 80 1/2', 'J 80 5/6']);
});

test('one FAIL of a critical case rejects the lot; five minor FAILs do not', () => {
  const units = clean(125);
  expect(lotDecision(plans, units).decision).toBe('accept');
  const critical = [unit('BAD', { critical: 'FAIL' }), ...units.slice(1)];
  const decided = lotDecision(plans, critical);
  expect(decided.decision).toBe('reject');
  expect(decided.classes.find((c) => c.severity === 'critical')).toMatchObject({
    nonconforming: ['BAD'],
    decision: 'reject',
  });
  const minors = [
    ...['M1', 'M2', 'M3', 'M4', 'M5'].map((s) => unit(s, { minor: 'FAIL' })),
    ...units.slice(5),
  ];
  expect(lotDecision(plans, minors).decision).toBe('accept');
  const sixMinors = [unit('M6', { minor: 'FAIL' }), ...minors.slice(0, -1)];
  expect(lotDecision(plans, sixMinors).decision).toBe('reject');
});

test('each class is judged on the first n units of the draw: a FAIL beyond its n does not count there', () => {
  // critical n 125, major n 80: unit 100 of the draw is in the critical sample only
  const units = clean(125);
  units[99] = unit('LATE', { major: 'FAIL', critical: 'FAIL' });
  const decided = lotDecision(plans, units);
  expect(decided.classes.map((c) => [c.severity, c.nonconforming])).toEqual([
    ['critical', ['LATE']],
    ['major', []],
    ['minor', []],
  ]);
});

test('a unit whose run gave no verdicts is undetermined in every class', () => {
  const units = [{ serial: 'GONE', error: 'no run record', cases: [] }, ...clean(124)];
  const decided = lotDecision(plans, units);
  expect(decided.classes.map((c) => c.undetermined)).toEqual([['GONE'], ['GONE'], ['GONE']]);
  expect(decided.decision).toBe('undetermined');
});

test('INCONC or ERROR is undetermined unless it cannot change the decision, and names the units to re-test', () => {
  const units = [unit('FLAKY', { major: 'INCONC' }), ...clean(124)];
  const major = lotDecision(plans, units).classes.find((c) => c.severity === 'major')!;
  // major Ac 1: one undetermined unit cannot take d above 1: accepted
  expect(major).toMatchObject({ undetermined: ['FLAKY'], decision: 'accept' });
  const critical = lotDecision(plans, [unit('DOWN', { critical: 'ERROR' }), ...clean(124)]);
  expect(critical.decision).toBe('undetermined');
  expect(critical.classes[0]).toMatchObject({ undetermined: ['DOWN'], decision: 'undetermined' });
  // already rejected: the undetermined unit does not matter
  const rejected = lotDecision(plans, [
    unit('BAD', { critical: 'FAIL' }),
    unit('DOWN', { critical: 'ERROR' }),
    ...clean(123),
  ]);
  expect(rejected.decision).toBe('reject');
});

test('a Z1.4 reduced plan with a gap accepts between Ac and Re and reinstates normal inspection', () => {
  const reduced = samplingPlan({
    scheme: 'ansi-z1.4',
    lotSize: 125,
    level: 'III',
    aql: '1.0',
    severity: 'reduced',
  });
  const one = lotDecision(new Map([['major', reduced]]), [...clean(19), unit('X', { major: 'FAIL' })]);
  expect(one.classes[0]?.decision).toBe('accept-reinstate-normal');
  expect(one.decision).toBe('accept');
});
