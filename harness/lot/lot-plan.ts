// The plans of a lot, one per nonconformity class (ISO 2859-1:1999 clause 3.1.5): each class its AQL and its
// inspection severity (from the lot history, harness/lot/lot-history.ts); one sample serves them all, of the
// largest n, and each class is judged on the first n of its own plan (the draw's order).
import type { Severity } from '../conformance/case-meta.ts';
import { PlanRequestError, type SamplingPlan, samplingPlan } from '../sampling/sampling-plan.ts';
import { type InspectionSeverity, type SchemeName, schemeTable } from '../sampling/sampling-tables.ts';

export const SEVERITIES: readonly Severity[] = ['critical', 'major', 'minor'];

export type ClassAqls = ReadonlyMap<Severity, string>;

/** "critical=0.10,major=0.65,minor=2.5" as class → the table's AQL column ("0.1" finds "0.10"). */
export function parseAqls(text: string, scheme: SchemeName): ClassAqls {
  const columns = schemeTable(scheme, 'normal').aql;
  const aqls = new Map<Severity, string>();
  for (const part of text.split(',')) {
    const [name, value, extra] = part.split('=').map((s) => s.trim());
    if (!SEVERITIES.includes(name as Severity) || value === undefined || extra !== undefined)
      throw new PlanRequestError(
        `--aql '${part}': give class=AQL for critical, major or minor, e.g. --aql critical=0.10,major=0.65,minor=2.5`,
      );
    if (aqls.has(name as Severity)) throw new PlanRequestError(`--aql: ${name} given twice`);
    const column = columns.find((c) => Number(c) === Number(value));
    if (column === undefined || value === '')
      throw new PlanRequestError(
        `--aql ${name}=${value}: not an AQL of the tables; use one of ${columns.join(', ')}`,
      );
    aqls.set(name as Severity, column);
  }
  return aqls;
}

export interface LotPlanRequest {
  readonly scheme: SchemeName;
  readonly lotSize: number;
  readonly level: string;
  readonly aqls: ClassAqls;
  /** Each class's inspection severity; normal when absent. */
  readonly severities?: ReadonlyMap<Severity, InspectionSeverity>;
}

export function lotPlans(request: LotPlanRequest): Map<Severity, SamplingPlan> {
  return new Map(
    [...request.aqls].map(([severity, aql]) => [
      severity,
      samplingPlan({
        scheme: request.scheme,
        lotSize: request.lotSize,
        level: request.level,
        aql,
        severity: request.severities?.get(severity) ?? 'normal',
      }),
    ]),
  );
}

/** The sample to draw: the largest n of the plans. */
export function sampleSize(plans: ReadonlyMap<Severity, SamplingPlan>): number {
  return Math.max(...[...plans.values()].map((p) => p.n));
}

/**
 * Whether a class with `nonconforming` units in its sample would have been accepted at the AQL one step
 * tighter (ISO 2859-1:1999 9.3.3.2, for the switching score); false at the tightest AQL.
 */
export function acceptedOneStepTighter(plan: SamplingPlan, nonconforming: number): boolean {
  const columns = schemeTable(plan.scheme, plan.severity).aql;
  const tighter = columns[columns.indexOf(plan.aql) - 1];
  if (tighter === undefined) return false;
  return nonconforming <= samplingPlan({ ...plan, aql: tighter }).ac;
}
