// The reference LV meter's current limiter (remote ampere control, seed その他機能: 遠隔アンペア制御機能
// （予約機能付き）; figures: ../shared/reference/next-generation.md, "Remote ampere control"): a contract
// limit of one of the utility's steps, capped by the wiring; the breaker trips when the load exceeds the
// limit and closes again by itself after the reclose delay, unless it has tripped lockoutTrips times
// within the lock-out window: then it stays open until the utility restores it. A change of limit is set
// at once or reserved for a time; a reservation takes effect at its time (not before), and a cancelled
// one never does. Time and load are given by the caller (the meter's clock and load), so the limiter is
// the same on the virtual and the wall clock. Reservations are the meter's: they survive a power cycle
// (snapshot / restore).

/** The utility's figures: steps and cap, reclose and lock-out (varying by utility, so profile parameters). */
export interface LimiterSettings {
  /** Contract limits the meter takes, A (default 5/10/15/20/30/40/50/60). */
  readonly stepsA: readonly number[];
  /** The highest limit the wiring allows, A (single-phase two-wire: 30). */
  readonly maxA: number;
  /** The breaker closes again this long after a trip (about 10 s to 1 min). */
  readonly recloseMs: number;
  /** Trips within lockoutWindowMs that lock the breaker open (3–10 within 10–30 min). */
  readonly lockoutTrips: number;
  readonly lockoutWindowMs: number;
}

export const DEFAULT_STEPS_A: readonly number[] = [5, 10, 15, 20, 30, 40, 50, 60];
export const SINGLE_PHASE_2_WIRE_MAX_A = 30;

export type BreakerState = 'closed' | 'tripped' | 'locked-out';

export interface Reservation {
  readonly id: string;
  readonly atMs: number;
  readonly limitA: number;
}

/** What the limiter holds: enough to carry it through a power cycle. */
export interface LimiterSnapshot {
  /** When it was taken (the power went). */
  readonly atMs: number;
  readonly limitA: number;
  readonly breaker: BreakerState;
  /** The last trip's time (when tripped: it recloses recloseMs after). */
  readonly trippedAtMs?: number;
  /** Trips still inside the lock-out window. */
  readonly tripsMs: readonly number[];
  readonly reservations: readonly Reservation[];
}

/** A command refused: the reason names the rule. */
export class LimiterRefusal extends Error {
  override readonly name = 'LimiterRefusal';
}

export class CurrentLimiter {
  private limit: number;
  private breakerState: BreakerState = 'closed';
  private trippedAt: number | undefined;
  private trips: number[] = [];
  private pending: Reservation[] = [];
  private time: number;

  constructor(
    readonly settings: LimiterSettings,
    limitA: number,
    nowMs: number,
  ) {
    this.checkLimit(limitA);
    this.limit = limitA;
    this.time = nowMs;
  }

  get limitA(): number {
    return this.limit;
  }

  get breaker(): BreakerState {
    return this.breakerState;
  }

  get reservations(): readonly Reservation[] {
    return this.pending;
  }

  /** The new limit at once. */
  set(limitA: number, nowMs: number, loadA: number): void {
    this.advance(nowMs, loadA);
    this.checkLimit(limitA);
    this.limit = limitA;
    this.judge(loadA);
  }

  /** A change of limit at `atMs` (later than now); `id` names it for a cancel. */
  reserve(reservation: Reservation, nowMs: number, loadA: number): void {
    this.advance(nowMs, loadA);
    this.checkLimit(reservation.limitA);
    if (reservation.atMs <= nowMs)
      throw new LimiterRefusal(
        `reservation ${reservation.id}: its time is not in the future — set the limit instead`,
      );
    if (this.pending.some((r) => r.id === reservation.id))
      throw new LimiterRefusal(`reservation ${reservation.id}: that id is held already — cancel it first`);
    this.pending = [...this.pending, reservation].sort((a, b) => a.atMs - b.atMs || a.id.localeCompare(b.id));
  }

  /** Drops a reservation not yet due. */
  cancel(id: string, nowMs: number, loadA: number): void {
    this.advance(nowMs, loadA);
    if (!this.pending.some((r) => r.id === id))
      throw new LimiterRefusal(`reservation ${id}: none held (unknown, or already in effect)`);
    this.pending = this.pending.filter((r) => r.id !== id);
  }

  /** The utility's restore after a lock-out: the breaker closes and the trips are forgotten. */
  restore(nowMs: number, loadA: number): void {
    this.advance(nowMs, loadA);
    if (this.breakerState !== 'locked-out')
      throw new LimiterRefusal(`restore: the breaker is ${this.breakerState}, not locked out`);
    this.breakerState = 'closed';
    this.trips = [];
    this.trippedAt = undefined;
    this.judge(loadA);
  }

  /**
   * Time moves to `nowMs` with the load `loadA` held since the last call: reservations due take effect
   * in their order, a tripped breaker recloses after its delay, and a closed one trips on overload.
   */
  advance(nowMs: number, loadA: number): void {
    if (nowMs < this.time) throw new RangeError(`the limiter's time goes back: ${nowMs} < ${this.time}`);
    for (;;) {
      const reserved = this.pending[0];
      const reclose =
        this.breakerState === 'tripped' && this.trippedAt !== undefined
          ? this.trippedAt + this.settings.recloseMs
          : Number.POSITIVE_INFINITY;
      const next = Math.min(reserved?.atMs ?? Number.POSITIVE_INFINITY, reclose);
      if (next > nowMs) break;
      this.time = next;
      if (reserved && reserved.atMs === next) {
        this.pending = this.pending.slice(1);
        this.limit = reserved.limitA;
      } else {
        this.breakerState = 'closed';
        this.trippedAt = undefined;
      }
      this.judge(loadA);
    }
    this.time = nowMs;
    this.judge(loadA);
  }

  snapshot(): LimiterSnapshot {
    return {
      atMs: this.time,
      limitA: this.limit,
      breaker: this.breakerState,
      ...(this.trippedAt !== undefined ? { trippedAtMs: this.trippedAt } : {}),
      tripsMs: this.trips,
      reservations: this.pending,
    };
  }

  /**
   * After a power cycle: what the limiter held when the power went, brought to `nowMs` — without power
   * nothing flows, so the reservations due meanwhile take effect and a tripped breaker recloses, with no
   * trip — then judged on the load at power-up.
   */
  static restored(
    settings: LimiterSettings,
    held: LimiterSnapshot,
    nowMs: number,
    loadA: number,
  ): CurrentLimiter {
    const limiter = new CurrentLimiter(settings, held.limitA, held.atMs);
    limiter.breakerState = held.breaker;
    limiter.trippedAt = held.trippedAtMs;
    limiter.trips = [...held.tripsMs];
    limiter.pending = [...held.reservations];
    limiter.advance(nowMs, 0);
    limiter.advance(nowMs, loadA);
    return limiter;
  }

  /** A closed breaker over its limit trips; the trips of the window may lock it out. */
  private judge(loadA: number): void {
    if (this.breakerState !== 'closed' || loadA <= this.limit) return;
    this.trips = [...this.trips.filter((t) => t > this.time - this.settings.lockoutWindowMs), this.time];
    this.trippedAt = this.time;
    this.breakerState = this.trips.length >= this.settings.lockoutTrips ? 'locked-out' : 'tripped';
  }

  private checkLimit(limitA: number): void {
    if (!this.settings.stepsA.includes(limitA))
      throw new LimiterRefusal(
        `${limitA} A is not a step of the utility's (${this.settings.stepsA.join('/')} A)`,
      );
    if (limitA > this.settings.maxA)
      throw new LimiterRefusal(
        `${limitA} A is over the wiring's ${this.settings.maxA} A (single-phase two-wire: 30 A)`,
      );
  }
}
