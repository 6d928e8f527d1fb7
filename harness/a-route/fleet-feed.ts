// The fleet's side of the A-route on the clock: when each 30-minute value of each meter reaches the
// head-end. A value leaves its meter after a seeded network latency (1 minute up to the declared
// network budget); a meter whose communication is lost holds its values and, when the link is back,
// sends everything of the lost window again with the hour before it (what it cannot know was received),
// so the head-end is offered duplicates it must hold once; a meter without power records nothing. Nothing is kept per value: `due` derives what
// falls in a window of delivery time from the seed, as the fleet derives the values.
import { seededHash } from '../seeded-hash.ts';
import type { MeterReading, MeterReadings } from './contract.ts';
import { type Fleet, HALF_HOUR_MS } from './fleet.ts';

export interface CommunicationLoss {
  /** The meters (fleet numbers) whose link is down. */
  readonly meters: ReadonlySet<number>;
  readonly fromMs: number;
  /** The link is back: the held values go then, with the hour before the loss again. */
  readonly toMs: number;
}

/** A power outage: the meters are off from fromMs until toMs, and record no interval ending then. */
export interface PowerOutage {
  readonly meters: ReadonlySet<number>;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface FeedOptions {
  readonly fleet: Fleet;
  /** The fleet numbers of the meters fed. */
  readonly meters: readonly number[];
  /** The slots fed: [fromSlot, toSlot) (fleet slot numbers). */
  readonly fromSlot: number;
  readonly toSlot: number;
  /** The A-route network's longest latency, ms (the rest of the deadline is the head-end's). */
  readonly maxLatencyMs: number;
  readonly losses?: readonly CommunicationLoss[];
  readonly outages?: readonly PowerOutage[];
  /**
   * The 30 → 15-minute switch (seed: 15分値へ切替): from `fromMs` these meters give 15-minute values
   * instead, a half hour's two sent together when its 30-minute value would have been.
   */
  readonly switchedTo15?: { readonly meters: ReadonlySet<number>; readonly fromMs: number };
}

const RESENT_BEFORE_LOSS_MS = 60 * 60_000;
const QUARTER_MS = 15 * 60_000;

export class FleetFeed {
  constructor(readonly options: FeedOptions) {}

  /** When slot `s` of meter `k` ends (epoch ms). */
  endOf(s: number): number {
    return this.options.fleet.options.installedAt + (s + 1) * HALF_HOUR_MS;
  }

  /**
   * The times slot `s` of meter `k` is sent: once, twice when it went in the hour before a loss, never
   * when the meter was off at the interval's end.
   */
  sendTimes(k: number, s: number): number[] {
    const end = this.endOf(s);
    if (this.options.outages?.some((o) => o.meters.has(k) && end >= o.fromMs && end < o.toMs)) return [];
    const sent = this.endOf(s) + this.latencyMs(k, s);
    const loss = this.options.losses?.find(
      (l) => l.meters.has(k) && sent >= l.fromMs - RESENT_BEFORE_LOSS_MS && sent < l.toMs,
    );
    if (!loss) return [sent];
    // sent in the hour before the loss and again when the link is back, or held back until then
    return sent < loss.fromMs ? [sent, loss.toMs] : [loss.toMs];
  }

  /** The values sent in (afterMs, uptoMs], as one message (empty when none). */
  due(afterMs: number, uptoMs: number): MeterReadings {
    const { fleet, meters, fromSlot, toSlot } = this.options;
    const out: MeterReading[] = [];
    for (const k of meters) {
      const halfHours = [];
      const quarters = [];
      for (let s = fromSlot; s < toSlot && this.endOf(s) <= uptoMs; s++) {
        if (!this.sendTimes(k, s).some((t) => t > afterMs && t <= uptoMs)) continue;
        if (this.fifteenMinute(k, s))
          for (const j of [2 * s, 2 * s + 1])
            quarters.push({
              timeStamp: new Date(this.endOf(s) - (2 * s + 1 - j) * QUARTER_MS).toISOString(),
              value: fleet.counterAt(k, 15, j),
            });
        else halfHours.push({ timeStamp: new Date(this.endOf(s)).toISOString(), value: fleet.valueAt(k, s) });
      }
      const blocks = [
        ...(halfHours.length > 0
          ? [{ ReadingType: { ref: 'energy-forward-30min' }, IntervalReadings: halfHours }]
          : []),
        ...(quarters.length > 0
          ? [{ ReadingType: { ref: 'energy-forward-15min' }, IntervalReadings: quarters }]
          : []),
      ];
      if (blocks.length > 0) out.push({ Meter: { mRID: fleet.meterId(k) }, IntervalBlocks: blocks });
    }
    return { MeterReading: out };
  }

  /** Meter `k` gives slot `s` as two 15-minute values (switched before the slot began). */
  fifteenMinute(k: number, s: number): boolean {
    const sw = this.options.switchedTo15;
    return sw?.meters.has(k) === true && this.endOf(s) - HALF_HOUR_MS >= sw.fromMs;
  }

  /** When the last value is sent. */
  lastSendMs(): number {
    const { meters, fromSlot, toSlot } = this.options;
    let last = 0;
    for (const k of meters)
      for (let s = fromSlot; s < toSlot; s++) last = Math.max(last, ...this.sendTimes(k, s));
    return last;
  }

  /** 1 minute to maxLatencyMs, seeded per meter and slot. */
  private latencyMs(k: number, s: number): number {
    const span = Math.max(0, this.options.maxLatencyMs - 60_000);
    return 60_000 + (seededHash(seededHash(this.options.fleet.options.seed, k), s) % (span + 1));
  }
}
