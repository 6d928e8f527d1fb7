// The switching rules of ISO 2859-1:1999 clause 9, per nonconformity class: normal → tightened when 2 of 5
// or fewer consecutive lots are not accepted (9.3.1); tightened → normal after 5 consecutive lots accepted
// (9.3.2); normal → reduced when the switching score reaches 30, production is steady and the responsible
// authority approves (9.3.3); reduced → normal when a lot is not accepted, production is irregular or the
// authority asks (9.3.4); inspection discontinued when 5 lots in all are not accepted while on tightened
// (9.4). Switching score (9.3.3.2, single sampling): Ac ≥ 2 — +3 if the lot would have been accepted at the
// AQL one step tighter, else 0; Ac ≤ 1 — +2 if accepted, else 0; set to 0 when normal inspection starts.
import type { InspectionSeverity } from './sampling-tables.ts';

export interface SwitchingState {
  readonly severity: InspectionSeverity;
  /** Results of the lots on normal inspection since it started, newest last, at most 5 kept. */
  readonly recentNormal: readonly boolean[];
  readonly acceptedInARowOnTightened: number;
  readonly notAcceptedOnTightened: number;
  readonly switchingScore: number;
  readonly discontinued: boolean;
}

export interface LotOutcome {
  readonly accepted: boolean;
  /** The acceptance number of the plan used. */
  readonly ac: number;
  /** Whether the lot would have been accepted at the AQL one step tighter (counts for Ac ≥ 2). */
  readonly acceptedOneStepTighter: boolean;
  /** Production steady and reduced inspection approved by the responsible authority (9.3.3 b, c). */
  readonly reducedAllowed: boolean;
}

export const START: SwitchingState = {
  severity: 'normal',
  recentNormal: [],
  acceptedInARowOnTightened: 0,
  notAcceptedOnTightened: 0,
  switchingScore: 0,
  discontinued: false,
};

const normal = (state: SwitchingState): SwitchingState => ({
  ...state,
  severity: 'normal',
  recentNormal: [],
  acceptedInARowOnTightened: 0,
  switchingScore: 0,
});

export function afterLot(state: SwitchingState, lot: LotOutcome): SwitchingState {
  if (state.discontinued) return state;
  switch (state.severity) {
    case 'normal': {
      const recentNormal = [...state.recentNormal, lot.accepted].slice(-5);
      if (recentNormal.filter((accepted) => !accepted).length >= 2)
        return {
          ...state,
          severity: 'tightened',
          recentNormal: [],
          switchingScore: 0,
          acceptedInARowOnTightened: 0,
        };
      const credit = lot.ac >= 2 ? (lot.acceptedOneStepTighter ? 3 : 0) : lot.accepted ? 2 : 0;
      const switchingScore = credit === 0 ? 0 : state.switchingScore + credit;
      if (switchingScore >= 30 && lot.reducedAllowed) return { ...normal(state), severity: 'reduced' };
      return { ...state, recentNormal, switchingScore };
    }
    case 'tightened': {
      if (!lot.accepted) {
        const notAcceptedOnTightened = state.notAcceptedOnTightened + 1;
        return {
          ...state,
          acceptedInARowOnTightened: 0,
          notAcceptedOnTightened,
          discontinued: notAcceptedOnTightened >= 5,
        };
      }
      const acceptedInARowOnTightened = state.acceptedInARowOnTightened + 1;
      if (acceptedInARowOnTightened >= 5) return { ...normal(state), notAcceptedOnTightened: 0 };
      return { ...state, acceptedInARowOnTightened };
    }
    case 'reduced':
      return lot.accepted && lot.reducedAllowed ? state : normal(state);
  }
}
