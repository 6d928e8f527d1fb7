// What the A-route cases share: a fleet of the profile's size fed to the head-end on the case's clock in
// 5-minute ticks (harness/a-route/fleet-feed.ts), and what the head-end answers for the fleet's values.
// A value's latency is read from when it is first answered: the head-end is asked at every tick, so the
// latency is known to 5 minutes, and the deadline (a multiple of 5 minutes after a half hour) exactly.
import type { HeadEnd, IntervalReading, MeterReadings } from '../a-route/contract.ts';
import { type FineFeed, fineKey } from '../a-route/fine-feed.ts';
import { Fleet, fineReadingTypes, HALF_HOUR_MS } from '../a-route/fleet.ts';
import { type CommunicationLoss, FleetFeed, type PowerOutage } from '../a-route/fleet-feed.ts';
import type { HeadEndProfile } from '../a-route/head-end-profile.ts';
import type { Clock } from '../clock/clock.ts';
import { passUntil } from './long-wait.ts';

export const TICK_MS = 5 * 60_000;
const READING_TYPE = 'energy-forward-30min';
/** The most meters one GET asks for (openapi.json). */
const METERS_A_REQUEST = 1000;

export interface CaseFleet {
  readonly fleet: Fleet;
  readonly feed: FleetFeed;
  /** The first fed interval's start, on a half hour. */
  readonly startMs: number;
  /** The last fed interval's end. */
  readonly endMs: number;
}

/**
 * The profile's fleet from the next half hour on the case's clock, for observeHours of 30-minute values
 * (installed a month before, so its counters are well into their digits): its LV meters, or with `hv`
 * its HV ones (ids HV…, a seed of their own). On a real head-end the meters' ids are the run's own.
 */
export function caseFleet(
  profile: HeadEndProfile,
  clock: Clock,
  events: {
    readonly losses?: (meters: number, startMs: number) => readonly CommunicationLoss[];
    readonly outages?: (meters: number, startMs: number) => readonly PowerOutage[];
    readonly hv?: boolean;
    readonly switchedTo15?: (
      meters: number,
      startMs: number,
    ) => { readonly meters: ReadonlySet<number>; readonly fromMs: number };
  } = {},
): CaseFleet {
  const p = profile.parameters;
  const startMs = Math.ceil(clock.now() / HALF_HOUR_MS) * HALF_HOUR_MS;
  const installedAt = startMs - 30 * 48 * HALF_HOUR_MS;
  const meters = events.hv ? p.hvFleetMeters : p.fleetMeters;
  const kind = events.hv ? 'HV' : 'LV';
  const fleet = new Fleet({
    seed: events.hv ? 2 : 1,
    meters,
    installedAt,
    idPrefix: profile.target.type === 'real' ? `${kind}${(startMs / 60_000).toString(36)}-` : kind,
  });
  const fromSlot = fleet.slotEnding(startMs + HALF_HOUR_MS) - 1;
  const toSlot = fromSlot + p.observeHours * 2;
  const feed = new FleetFeed({
    fleet,
    meters: Array.from({ length: meters }, (_, k) => k),
    fromSlot,
    toSlot,
    maxLatencyMs: p.networkLatencyMinutes * 60_000,
    losses: events.losses?.(meters, startMs) ?? [],
    outages: events.outages?.(meters, startMs) ?? [],
    ...(events.switchedTo15 ? { switchedTo15: events.switchedTo15(meters, startMs) } : {}),
  });
  return { fleet, feed, startMs, endMs: feed.endOf(toSlot - 1) };
}

/** A value of the fleet: meter id and interval end. */
export const valueKey = (meter: string, endMs: number) => `${meter} ${endMs}`;

/**
 * Feeds the fleet tick by tick up to the first tick at or after `untilMs`; after each tick's delivery,
 * `onTick` (when given) asks the head-end what it needs to.
 */
export function feedOnClock(
  headEnd: HeadEnd,
  clock: Clock,
  cf: CaseFleet,
  untilMs: number,
  onTick?: (nowMs: number) => Promise<void>,
): Promise<void> {
  return feedTicks(headEnd, clock, cf.feed, { fromMs: cf.startMs, untilMs, tickMs: TICK_MS }, onTick);
}

/** As feedOnClock, for any feed (fleet-feed.ts, fine-feed.ts) from `fromMs` in ticks of `tickMs`. */
export async function feedTicks(
  headEnd: HeadEnd,
  clock: Clock,
  feed: { due(afterMs: number, uptoMs: number): MeterReadings },
  ticks: { readonly fromMs: number; readonly untilMs: number; readonly tickMs: number },
  onTick?: (nowMs: number) => Promise<void>,
): Promise<void> {
  const { fromMs, untilMs, tickMs } = ticks;
  for (let t = fromMs + tickMs; t - tickMs < untilMs; t += tickMs) {
    await passUntil(clock, t);
    const due = feed.due(t - tickMs, t);
    if (due.MeterReading.length > 0) await headEnd.ingestReadings(due);
    await onTick?.(t);
  }
}

/** What the head-end answers now of a fine feed's values: key (fineKey) → the values answered for it. */
export async function answeredFine(headEnd: HeadEnd, feed: FineFeed): Promise<Map<string, string[]>> {
  const { fleet, meters, minutes, fromMs, toMs } = feed.options;
  const ids = meters.map((k) => fleet.meterId(k));
  const out = new Map<string, string[]>();
  for (const type of Object.values(fineReadingTypes(minutes)))
    for (let i = 0; i < ids.length; i += METERS_A_REQUEST) {
      const answer = await headEnd.readings({
        meters: ids.slice(i, i + METERS_A_REQUEST),
        readingType: type,
        from: new Date(fromMs + 1).toISOString(),
        to: new Date(toMs + 1).toISOString(),
      });
      for (const reading of answer.MeterReading)
        for (const block of reading.IntervalBlocks)
          for (const r of block.IntervalReadings) {
            const key = fineKey(reading.Meter.mRID, block.ReadingType.ref, Date.parse(r.timeStamp));
            out.set(key, [...(out.get(key) ?? []), r.value]);
          }
    }
  return out;
}

/**
 * What the head-end answers now for the fleet's fed intervals: every meter asked, of the 30-minute
 * values (or of `readingType`, for `meters` of the fleet).
 */
export async function answeredFor(
  headEnd: HeadEnd,
  cf: CaseFleet,
  only: { readonly readingType?: string; readonly meters?: readonly number[] } = {},
): Promise<MeterReadings> {
  const ids = (only.meters ?? cf.feed.options.meters).map((k) => cf.fleet.meterId(k));
  const parts: MeterReadings[] = [];
  for (let i = 0; i < ids.length; i += METERS_A_REQUEST)
    parts.push(
      await headEnd.readings({
        meters: ids.slice(i, i + METERS_A_REQUEST),
        readingType: only.readingType ?? READING_TYPE,
        from: new Date(cf.startMs + 1).toISOString(),
        to: new Date(cf.endMs + 1).toISOString(),
      }),
    );
  return { MeterReading: parts.flatMap((p) => p.MeterReading) };
}

/** Every answered value of the fleet's meters, by key, each as often as it was answered. */
export function answeredValues(answered: MeterReadings): Map<string, IntervalReading[]> {
  const out = new Map<string, IntervalReading[]>();
  for (const reading of answered.MeterReading)
    for (const block of reading.IntervalBlocks)
      for (const r of block.IntervalReadings) {
        const key = valueKey(reading.Meter.mRID, Date.parse(r.timeStamp));
        out.set(key, [...(out.get(key) ?? []), r]);
      }
  return out;
}

/** Every value the fleet feeds: key → its meter, interval end and value as delivered. */
export function fedValues(cf: CaseFleet): Map<string, { meter: string; endMs: number; value: string }> {
  const out = new Map<string, { meter: string; endMs: number; value: string }>();
  const { meters, fromSlot, toSlot } = cf.feed.options;
  for (const k of meters)
    for (let s = fromSlot; s < toSlot; s++) {
      const meter = cf.fleet.meterId(k);
      const endMs = cf.feed.endOf(s);
      out.set(valueKey(meter, endMs), { meter, endMs, value: cf.fleet.valueAt(k, s) });
    }
  return out;
}

/** A few examples of a list, and how many there are in all. */
export function someOf(items: readonly string[], n = 3): string {
  return `${items.slice(0, n).join('; ')}${items.length > n ? `; … ${items.length} in all` : ''}`;
}

/** An instant in JST, as the certificate speaks of the meters' intervals. */
export function jst(epochMs: number): string {
  return new Date(epochMs + 9 * 3_600_000).toISOString().replace(/:00\.000Z$/, '+09:00');
}
