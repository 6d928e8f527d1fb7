// Virtual time for emulated devices: time moves only when a test advances it (advance, advanceTo,
// runUntil) or, in auto-advance mode, when the process has gone idle. Timers fire in order of due time;
// timers due at the same time fire in the order they were set. With wall-clock.ts, the only place in
// harness/ that touches real timers (setTimeout, setImmediate).
import type { BytesInFlight } from './bytes-in-flight.ts';
import { checkDelay } from './check-delay.ts';
import type { Clock, TimerHandle } from './clock.ts';

export interface VirtualClockOptions {
  /** Epoch ms the clock starts at. */
  start: number;
}

export interface AutoAdvanceOptions {
  /** Real milliseconds without a virtual timer firing after which the next one is fired (default 1). */
  idleMs?: number;
}

interface VirtualTimer {
  readonly due: number;
  /** Creation order: breaks ties between timers due at the same time. */
  readonly seq: number;
  readonly callback: () => void;
}

/** One macrotask turn: every promise continuation queued so far runs, and may set its next timer. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class VirtualClock implements Clock {
  private time: number;
  private nextSeq = 0;
  /** Scheduled timers, sorted by (due, seq); the head fires next. */
  private readonly queue: VirtualTimer[] = [];
  /** True while advance / advanceTo / runUntil runs; auto-advance waits for it. */
  private advancing = false;
  private autoTimer: ReturnType<typeof setTimeout> | undefined;
  private autoIdleMs = 1;
  /** Real I/O in this process that waits must let arrive before the next timer (bytes-in-flight.ts). */
  private readonly io = new Set<BytesInFlight>();

  constructor(options: VirtualClockOptions) {
    if (!Number.isFinite(options.start)) {
      throw new RangeError(`VirtualClock start must be a finite epoch ms, got ${String(options.start)}`);
    }
    this.time = options.start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    checkDelay(ms, 'VirtualClock.sleep delay');
    return new Promise((resolve) => this.setTimer(ms, resolve));
  }

  setTimer(ms: number, callback: () => void): TimerHandle {
    checkDelay(ms, 'VirtualClock.setTimer delay');
    const timer: VirtualTimer = { due: this.time + ms, seq: this.nextSeq++, callback };
    // Insert after every timer due at or before it: keeps (due, seq) order, as seq only grows.
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.queue[mid]!.due <= timer.due) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, timer);
    return {
      cancel: () => {
        const index = this.queue.indexOf(timer);
        if (index >= 0) this.queue.splice(index, 1);
      },
    };
  }

  /** Number of timers scheduled and neither fired nor cancelled. */
  pending(): number {
    return this.queue.length;
  }

  /** Epoch ms of the next timer to fire, or undefined when none is scheduled. */
  nextDue(): number | undefined {
    return this.queue[0]?.due;
  }

  /** Registers real I/O whose bytes in flight a wait lets arrive before it steps; returns the unregister. */
  trackIo(bytes: BytesInFlight): () => void {
    this.io.add(bytes);
    return () => {
      this.io.delete(bytes);
    };
  }

  /** True while some tracked I/O has bytes in flight. */
  ioBusy(): boolean {
    for (const bytes of this.io) if (!bytes.idle) return true;
    return false;
  }

  /** Resolves once no tracked I/O has bytes in flight. */
  async ioIdle(): Promise<void> {
    while (this.ioBusy()) await Promise.all([...this.io].map((bytes) => bytes.whenIdle()));
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way, including timers set by
   * those callbacks (or by code resumed from a sleep) that fall inside the window. A callback that throws
   * stops the advance there and rejects it; time stays at that timer's due time.
   */
  async advance(ms: number): Promise<void> {
    checkDelay(ms, 'VirtualClock.advance delay');
    await this.advanceTo(this.time + ms);
  }

  /** Like advance, to an absolute epoch ms (not earlier than now()). */
  async advanceTo(epochMs: number): Promise<void> {
    if (!Number.isFinite(epochMs) || epochMs < this.time) {
      throw new RangeError(
        `VirtualClock.advanceTo target must be ≥ now() (${this.time}), got ${String(epochMs)}`,
      );
    }
    await this.exclusively(async () => {
      for (;;) {
        await settle();
        const next = this.queue[0];
        if (next === undefined || next.due > epochMs) break;
        this.fireNext();
      }
      this.time = epochMs;
    });
  }

  /**
   * Fires timers one at a time until `predicate` holds or the next timer would be due later than
   * now() + `limitMs`; in that case time moves to the limit. Returns whether the predicate became true.
   */
  async runUntil(predicate: () => boolean, limitMs: number): Promise<boolean> {
    checkDelay(limitMs, 'VirtualClock.runUntil limit');
    const limit = this.time + limitMs;
    return this.exclusively(async () => {
      for (;;) {
        await settle();
        if (predicate()) return true;
        const next = this.queue[0];
        if (next === undefined || next.due > limit) break;
        this.fireNext();
      }
      this.time = limit;
      return predicate();
    });
  }

  /**
   * Auto-advance, for code that also waits on real I/O (sockets) while running on virtual time.
   * Idleness is detected with one real timer of `idleMs`: each time it fires, if a virtual timer is
   * pending (and no advance call is running), time jumps to the next due timer and that one timer fires;
   * then the real timer is re-armed. So a pending virtual timer fires after `idleMs` of real time in
   * which nothing else fired, and `await clock.sleep(30 * 60_000)` takes about `idleMs` real ms.
   * Timers still fire strictly in (due, creation) order. Real I/O slower than `idleMs` sees virtual
   * time move on meanwhile: raise `idleMs` when that matters. The real timer keeps the process alive
   * until stopAutoAdvance().
   */
  startAutoAdvance({ idleMs = 1 }: AutoAdvanceOptions = {}): void {
    checkDelay(idleMs, 'VirtualClock.startAutoAdvance idleMs');
    this.stopAutoAdvance();
    this.autoIdleMs = idleMs;
    this.armAuto();
  }

  /** Stops auto-advance and clears its real timer; safe to call when it is off. */
  stopAutoAdvance(): void {
    if (this.autoTimer !== undefined) clearTimeout(this.autoTimer);
    this.autoTimer = undefined;
  }

  get autoAdvancing(): boolean {
    return this.autoTimer !== undefined;
  }

  private armAuto(): void {
    const handle = setTimeout(() => {
      try {
        if (!this.advancing && this.queue.length > 0) this.fireNext();
      } finally {
        // Re-arm unless the callback stopped (or stopped and restarted) auto-advance.
        if (this.autoTimer === handle) this.armAuto();
      }
    }, this.autoIdleMs);
    this.autoTimer = handle;
  }

  /**
   * One step towards `limit` (epoch ms): fires the next timer if it is due by then and returns true;
   * otherwise moves time to `limit` and returns false. For waits that interleave real I/O between timers
   * (harness/clock/wait.ts).
   */
  stepTowards(limit: number): boolean {
    const next = this.queue[0];
    if (next !== undefined && next.due <= limit) {
      this.fireNext();
      return true;
    }
    if (limit > this.time) this.time = limit;
    return false;
  }

  /** Removes the head timer, moves time to its due time and calls it. */
  private fireNext(): void {
    const timer = this.queue.shift()!;
    this.time = timer.due;
    timer.callback();
  }

  private async exclusively<T>(run: () => Promise<T>): Promise<T> {
    if (this.advancing) throw new Error('VirtualClock: an advance, advanceTo or runUntil is already running');
    this.advancing = true;
    try {
      return await run();
    } finally {
      this.advancing = false;
    }
  }
}
