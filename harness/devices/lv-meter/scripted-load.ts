// A scripted load for the emulated LV meter (profile `target.meter.load`): net power in steps, each
// holding until the next, optionally repeating every day from installation. Energy is integrated exactly
// between steps (W·ms, integers), so any instant's counters come from the steps alone: nothing is kept per
// minute, and a run of 400 days costs what a run of one costs.

import { DAY } from '../../clock/durations.ts';

export interface LoadStep {
  /** ms after installation the step begins (may be a fraction of a minute: a spike inside one minute). */
  readonly offsetMs: number;
  /** Net active power, W: positive = consumption from the grid, negative = reverse flow. */
  readonly watts: number;
  /** Lagging reactive power, var (0 when not given; leading reactive power is not counted). */
  readonly vars: number;
}

export interface Energy {
  /** Forward (consumed) active energy, W·ms. */
  readonly forwardWms: number;
  /** Reverse (exported) active energy, W·ms. */
  readonly reverseWms: number;
  /** Lagging reactive energy, var·ms. */
  readonly laggingVarms: number;
}

const ZERO: Energy = { forwardWms: 0, reverseWms: 0, laggingVarms: 0 };

export class ScriptedLoad {
  private readonly steps: readonly LoadStep[];
  /** before[i] = energy from offset 0 (or the pattern's day start) to steps[i].offsetMs. */
  private readonly before: readonly Energy[];
  /** Energy of one whole day of a daily pattern. */
  private readonly dayEnergy: Energy;

  constructor(
    steps: readonly LoadStep[],
    private readonly repeatDaily: boolean,
  ) {
    if (steps.length === 0) throw new Error('a scripted load needs at least one step');
    steps.forEach((s, i) => {
      if (!Number.isInteger(s.offsetMs) || !Number.isInteger(s.watts) || !Number.isInteger(s.vars))
        throw new Error(`load step ${i}: offset (ms), watts and vars must be integers`);
      if (i > 0 && s.offsetMs < steps[i - 1]!.offsetMs)
        throw new Error(`load step ${i} begins before step ${i - 1}: list the steps in time order`);
      if (repeatDaily && (s.offsetMs < 0 || s.offsetMs >= DAY))
        throw new Error(
          `load step ${i}: a daily pattern's steps lie within its first day after installation`,
        );
    });
    this.steps = steps;
    const before: Energy[] = [];
    let acc = ZERO;
    // a daily pattern starts its day with the last step of the day before (it wraps)
    let prev: LoadStep | undefined = repeatDaily ? { ...steps.at(-1)!, offsetMs: 0 } : undefined;
    let from = repeatDaily ? 0 : steps[0]!.offsetMs;
    for (const step of steps) {
      if (prev) acc = add(acc, prev, step.offsetMs - from);
      before.push(acc);
      prev = step;
      from = step.offsetMs;
    }
    this.before = before;
    this.dayEnergy = repeatDaily ? add(acc, steps.at(-1)!, DAY - from) : ZERO;
  }

  /** The step in force `offsetMs` after installation (undefined before the first step of a one-off script). */
  private stepAt(offsetMs: number): { index: number; step: LoadStep } | undefined {
    let lo = 0;
    let hi = this.steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.steps[mid]!.offsetMs <= offsetMs) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return undefined;
    return { index: lo - 1, step: this.steps[lo - 1]! };
  }

  /** Net power (W) `offsetMs` after installation; 0 before the first step of a one-off script. */
  wattsAt(offsetMs: number): number {
    if (!this.repeatDaily) return this.stepAt(offsetMs)?.step.watts ?? 0;
    return (this.stepAt(((offsetMs % DAY) + DAY) % DAY)?.step ?? this.steps.at(-1)!).watts;
  }

  /** Energy up to `offsetMs` after installation (a difference of two of these is what flowed between). */
  energyTo(offsetMs: number): Energy {
    if (!this.repeatDaily) return this.within(offsetMs);
    const days = Math.floor(offsetMs / DAY);
    return sum(scale(this.dayEnergy, days), this.within(offsetMs - days * DAY));
  }

  /** Energy from offset 0 (one-off) or the pattern's day start (daily) to `u` inside that span. */
  private within(u: number): Energy {
    const at = this.stepAt(u);
    if (!at) {
      // before the first step: nothing (one-off), or the wrapped last step since the day began (daily)
      return this.repeatDaily ? add(ZERO, this.steps.at(-1)!, u) : ZERO;
    }
    return add(this.before[at.index]!, at.step, u - at.step.offsetMs);
  }
}

/** `acc` plus `step` held for `ms`. */
function add(acc: Energy, step: LoadStep, ms: number): Energy {
  return {
    forwardWms: acc.forwardWms + Math.max(0, step.watts) * ms,
    reverseWms: acc.reverseWms + Math.max(0, -step.watts) * ms,
    laggingVarms: acc.laggingVarms + Math.max(0, step.vars) * ms,
  };
}

function sum(a: Energy, b: Energy): Energy {
  return {
    forwardWms: a.forwardWms + b.forwardWms,
    reverseWms: a.reverseWms + b.reverseWms,
    laggingVarms: a.laggingVarms + b.laggingVarms,
  };
}

function scale(e: Energy, k: number): Energy {
  return { forwardWms: e.forwardWms * k, reverseWms: e.reverseWms * k, laggingVarms: e.laggingVarms * k };
}
