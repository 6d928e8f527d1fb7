// A fault switch of a reference device: it breaks exactly one rule, written at `specRef`, registered in
// suites/clauses.json as `clause`; a case that catches it FAILs naming that clause.

export interface FaultDefinition {
  readonly id: string;
  readonly device:
    | 'node'
    | 'lv-meter'
    | 'hv-meter'
    | 'hv-bidirectional-meter'
    | 'hems-controller'
    | 'comms-unit'
    | 'head-end';
  readonly rule: string;
  readonly specRef: string;
  /** The clause-registry id of the rule broken (suites/clauses.json). */
  readonly clause: string;
  /** The profile the fault is tried on when the rule only shows on a device set up for it. */
  readonly profile?: string;
}
