// ARIB STD-T108 transmission-time limit: a 920 MHz station may transmit only so long per hour; the
// module counts its own send time and, when the total reaches the limit, holds its sends (EVENT 32)
// until time leaves the window (EVENT 33) (echonet-smart-meter.md §4.2, §3.3: momonga documents the
// blocking). The figures are not in the reference [M]: they are options, with these defaults.

export interface AribLimitOptions {
  /** The window send time is summed over (default one hour). */
  readonly windowMs: number;
  /** Send time allowed in a window (default 360 s, the figure commonly quoted for T108 [M]). */
  readonly limitMs: number;
}

export const DEFAULT_ARIB_LIMIT: AribLimitOptions = { windowMs: 3_600_000, limitMs: 360_000 };

/** Send time of each transmission in a sliding window on the module's clock. */
export class AribBudget {
  private sends: { at: number; ms: number }[] = [];

  constructor(private readonly options: AribLimitOptions) {}

  /** Send time in the window ending at `now`. */
  used(now: number): number {
    this.forget(now);
    return this.sends.reduce((sum, s) => sum + s.ms, 0);
  }

  reached(now: number): boolean {
    return this.used(now) >= this.options.limitMs;
  }

  record(now: number, ms: number): void {
    this.sends.push({ at: now, ms });
  }

  /** When enough send time will have left the window for the total to be below the limit again. */
  releaseAt(now: number): number {
    this.forget(now);
    let total = this.used(now);
    for (const send of this.sends) {
      total -= send.ms;
      if (total < this.options.limitMs) return send.at + this.options.windowMs;
    }
    return now;
  }

  private forget(now: number): void {
    this.sends = this.sends.filter((s) => s.at + this.options.windowMs > now);
  }
}
