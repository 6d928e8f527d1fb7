// The interval boundaries of one next-generation item, with the 30 → 15-minute switch (seed: "the
// 30-minute interval switchable to 15 minutes by software"; no public EPC, so the profile names the switch,
// profiles/profile.schema.json). Before the switch the item's own interval; from the boundary the switch
// takes effect at, 15-minute slots — the first one starts at that boundary, none lost or doubled. Where
// the switch takes effect (the next boundary of the old interval after the Set) is the suite's reading of
// the seed, an assumption until a specification says so.
import { MINUTE } from '../../clock/durations.ts';

export class IntervalTimeline {
  /** The boundary from which slots are `to` minutes, once a switch was set. */
  private from: number | undefined;

  constructor(
    private readonly minutes: number,
    private readonly to?: number,
  ) {}

  /** The interval in minutes at `at` (the item's own until the switch has taken effect). */
  minutesAt(at: number): number {
    return this.from !== undefined && this.to !== undefined && at >= this.from ? this.to : this.minutes;
  }

  /** Whether a switch was set (pending or in effect). */
  get switched(): boolean {
    return this.from !== undefined;
  }

  /** The boundary the switch takes effect at (undefined before a Set). */
  get switchAt(): number | undefined {
    return this.from;
  }

  /** Switches to the shorter interval from `boundary`, a boundary of the current interval. */
  switchFrom(boundary: number): void {
    if (this.from === undefined) this.from = boundary;
  }

  /** The latest boundary at or before `t`. */
  boundaryAtOrBefore(t: number): number {
    const step = this.minutesAt(t) * MINUTE;
    return Math.floor(t / step) * step;
  }

  /** The boundary before boundary `b`: a slot before the switch is of the old interval. */
  previous(b: number): number {
    return this.boundaryAtOrBefore(b - 1);
  }

  isBoundary(t: number): boolean {
    return this.boundaryAtOrBefore(t) === t;
  }
}
