// A decided lot as its lot history keeps it (harness/lot/lot-history.ts): per class the inspection it was
// under, whether it was accepted, the plan's Ac and whether it would have been accepted one AQL step tighter
// (the switching score, ISO 2859-1:1999 9.3.3.2).
import type { LotDecision } from '../sampling/lot-decision.ts';
import type { HistoryLot } from './lot-history.ts';
import { acceptedOneStepTighter } from './lot-plan.ts';

export interface HistoryNames {
  readonly supplier: string;
  readonly product: string;
  readonly lot: string;
  readonly report: string;
  readonly reducedAllowed: boolean;
}

export function historyEntry(decision: LotDecision, names: HistoryNames, decidedAt: string): HistoryLot {
  return {
    ...names,
    decidedAt,
    classes: decision.classes.map((c) => ({
      severity: c.severity,
      inspection: c.plan.severity,
      accepted: c.decision !== 'reject',
      ac: c.plan.ac,
      acceptedOneStepTighter: acceptedOneStepTighter(c.plan, c.nonconforming.length),
    })),
  };
}
