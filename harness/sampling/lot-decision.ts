// The decision on a lot from its sampled units' verdicts, per nonconformity class (ISO 2859-1:1999 clause
// 3.1.5: classes are inspected with their own AQL and plan): a unit is nonconforming in a class when any of
// its cases of that severity FAILs; a unit with no FAIL but an INCONC or ERROR in the class is undetermined
// there, never counted as conforming. A class is decided only when the undetermined units cannot change it
// (d ≥ Re even without them, or d + undetermined ≤ Ac); otherwise it stays undetermined and says which
// units to re-test. `units` are in the draw's order: each class is judged on the first n of its plan. Z1.4 reduced plans with Ac + 1 < Re accept between the two and reinstate normal.
import type { Severity } from '../conformance/case-meta.ts';
import type { SamplingPlan } from './sampling-plan.ts';

export type UnitVerdict = 'PASS' | 'FAIL' | 'INCONC' | 'ERROR' | 'NA';

export interface UnitResult {
  readonly serial: string;
  /** Why the unit's run did not finish (no record, interrupted): undetermined in every class it did not FAIL. */
  readonly error?: string;
  readonly cases: readonly {
    readonly id: string;
    readonly severity: Severity;
    readonly verdict: UnitVerdict;
  }[];
}

export type ClassDecision = 'accept' | 'accept-reinstate-normal' | 'reject' | 'undetermined';

export interface ClassResult {
  readonly severity: Severity;
  readonly plan: SamplingPlan;
  readonly nonconforming: readonly string[];
  readonly undetermined: readonly string[];
  readonly decision: ClassDecision;
}

export interface LotDecision {
  readonly decision: 'accept' | 'reject' | 'undetermined';
  readonly classes: readonly ClassResult[];
}

export function classResult(
  severity: Severity,
  plan: SamplingPlan,
  units: readonly UnitResult[],
): ClassResult {
  const nonconforming: string[] = [];
  const undetermined: string[] = [];
  for (const unit of units) {
    const verdicts = unit.cases.filter((c) => c.severity === severity).map((c) => c.verdict);
    if (verdicts.includes('FAIL')) nonconforming.push(unit.serial);
    else if (unit.error !== undefined || verdicts.includes('INCONC') || verdicts.includes('ERROR'))
      undetermined.push(unit.serial);
  }
  const d = nonconforming.length;
  const worst = d + undetermined.length;
  const decision: ClassDecision =
    d >= plan.re
      ? 'reject'
      : worst <= plan.ac
        ? 'accept'
        : undetermined.length > 0
          ? 'undetermined'
          : 'accept-reinstate-normal';
  return { severity, plan, nonconforming, undetermined, decision };
}

export function lotDecision(
  plans: ReadonlyMap<Severity, SamplingPlan>,
  units: readonly UnitResult[],
): LotDecision {
  // one sample of the largest n serves every class; each is judged on the first n of its own plan
  const classes = [...plans].map(([severity, plan]) => classResult(severity, plan, units.slice(0, plan.n)));
  const decisions = classes.map((c) => c.decision);
  return {
    decision: decisions.includes('reject')
      ? 'reject'
      : decisions.includes('undetermined')
        ? 'undetermined'
        : 'accept',
    classes,
  };
}
