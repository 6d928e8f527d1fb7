// The switching rules (ISO 2859-1:1999 clause 9) against a reference model written the other way round:
// the model keeps every lot with the severity it was inspected at and derives each rule from that history
// (the lots since the last switch), where switching-rules.ts keeps running counters.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import type { InspectionSeverity } from './sampling-tables.ts';
import { afterLot, type LotOutcome, START, type SwitchingState } from './switching-rules.ts';

interface Inspected {
  readonly severity: InspectionSeverity;
  readonly lot: LotOutcome;
}

class ReferenceModel {
  readonly history: Inspected[] = [];
  severity: InspectionSeverity = 'normal';
  discontinued = false;

  /** The lots inspected since the current severity began. */
  private runStart = 0;

  private sinceSwitch(): LotOutcome[] {
    return this.history.slice(this.runStart).map((h) => h.lot);
  }

  score(): number {
    if (this.severity !== 'normal') return 0;
    let score = 0;
    for (const lot of this.sinceSwitch()) {
      const credit = lot.ac >= 2 ? (lot.acceptedOneStepTighter ? 3 : 0) : lot.accepted ? 2 : 0;
      score = credit ? score + credit : 0;
    }
    return score;
  }

  inspect(lot: LotOutcome): void {
    if (this.discontinued) return;
    const severity = this.severity;
    this.history.push({ severity, lot });
    const lots = this.sinceSwitch();
    if (severity === 'normal') {
      const lastFive = lots.slice(-5);
      if (lastFive.filter((l) => !l.accepted).length >= 2) this.switchTo('tightened');
      else if (this.score() >= 30 && lot.reducedAllowed) this.switchTo('reduced');
    } else if (severity === 'tightened') {
      if (lots.filter((l) => !l.accepted).length >= 5) this.discontinued = true;
      else if (lots.length >= 5 && lots.slice(-5).every((l) => l.accepted)) this.switchTo('normal');
    } else if (!lot.accepted || !lot.reducedAllowed) this.switchTo('normal');
  }

  private switchTo(severity: InspectionSeverity): void {
    this.severity = severity;
    this.runStart = this.history.length;
  }
}

const lotOutcome = fc
  .record({
    accepted: fc.boolean(),
    ac: fc.constantFrom(0, 1, 2, 3, 5, 7),
    acceptedOneStepTighter: fc.integer({ min: 0, max: 19 }).map((r) => r > 0),
    reducedAllowed: fc.oneof(
      { weight: 9, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
  })
  .map((l) => ({ ...l, acceptedOneStepTighter: l.accepted && l.acceptedOneStepTighter }));

/** Every state the runs of the property below went through. */
const reached = new Set<string>();

class InspectLot implements fc.Command<ReferenceModel, { state: SwitchingState }> {
  constructor(readonly lot: LotOutcome) {}
  check = () => true;
  run(model: ReferenceModel, real: { state: SwitchingState }): void {
    model.inspect(this.lot);
    real.state = afterLot(real.state, this.lot);
    reached.add(real.state.discontinued ? 'discontinued' : real.state.severity);
    // plain comparisons: thousands of commands per test (the runner's expect costs milliseconds each)
    const seen = [
      real.state.severity,
      real.state.discontinued,
      real.state.discontinued ? 0 : real.state.switchingScore,
    ];
    const wanted = [model.severity, model.discontinued, model.discontinued ? 0 : model.score()];
    if (seen.some((v, i) => v !== wanted[i]))
      throw new Error(
        `after lot ${model.history.length} ${this}: [severity, discontinued, score] ${seen} where the model has ${wanted}`,
      );
  }
  toString = () => `lot ${JSON.stringify(this.lot)}`;
}

test('random sequences of lots: severity, switching score and discontinuation agree with the reference model', () => {
  // runs of lots mostly accepted (reaching reduced inspection) and of lots often not accepted (tightened, discontinued)
  const lots = (acceptedPercent: number) =>
    lotOutcome.chain((l) =>
      fc
        .integer({ min: 0, max: 99 })
        .map((r) =>
          r < acceptedPercent
            ? { ...l, accepted: true }
            : { ...l, accepted: false, acceptedOneStepTighter: false },
        ),
    );
  fc.assert(
    fc.property(
      fc
        .constantFrom(75, 97)
        .chain((percent) =>
          fc.commands([lots(percent).map((l) => new InspectLot(l))], { size: 'max', maxCommands: 80 }),
        ),
      (cmds) => {
        const real = { state: START };
        fc.modelRun(() => ({ model: new ReferenceModel(), real }), cmds);
      },
    ),
    { numRuns: 300, seed: 2859 },
  );
  expect([...reached].sort()).toEqual(['discontinued', 'normal', 'reduced', 'tightened']);
});

const accept = (ac: number, tighter = true): LotOutcome => ({
  accepted: true,
  ac,
  acceptedOneStepTighter: tighter,
  reducedAllowed: true,
});
const reject = (ac: number): LotOutcome => ({
  accepted: false,
  ac,
  acceptedOneStepTighter: false,
  reducedAllowed: true,
});
const run = (lots: LotOutcome[]) => lots.reduce(afterLot, START);

test('9.3.1: two lots of five not accepted on normal → tightened; one is not enough', () => {
  expect(run([reject(1), accept(1), accept(1), accept(1), reject(1)]).severity).toBe('tightened');
  expect(run([reject(1), accept(1), accept(1), accept(1), accept(1), reject(1)]).severity).toBe('normal');
});

test('9.3.3: switching score — Ac ≤ 1 +2 per accepted lot, Ac ≥ 2 +3 only if accepted one AQL step tighter; 30 → reduced', () => {
  expect(run(Array(14).fill(accept(0))).switchingScore).toBe(28);
  expect(run(Array(15).fill(accept(0))).severity).toBe('reduced');
  expect(run(Array(10).fill(accept(2))).severity).toBe('reduced');
  expect(run([...Array(9).fill(accept(2)), accept(2, false)]).switchingScore).toBe(0);
  expect(run([...Array(15).fill(accept(0))].map((l) => ({ ...l, reducedAllowed: false }))).severity).toBe(
    'normal',
  );
});

test('9.3.2, 9.3.4, 9.4: tightened → normal after 5 accepted; reduced → normal on a lot not accepted; 5 not accepted on tightened discontinue', () => {
  const tightened = [reject(1), reject(1)];
  expect(run([...tightened, ...Array(5).fill(accept(1))]).severity).toBe('normal');
  expect(run([...Array(15).fill(accept(0)), reject(0)]).severity).toBe('normal');
  const stopped = run([
    ...tightened,
    reject(1),
    accept(1),
    reject(1),
    reject(1),
    accept(1),
    reject(1),
    reject(1),
  ]);
  expect(stopped.discontinued).toBe(true);
  expect(afterLot(stopped, accept(1))).toBe(stopped);
});
