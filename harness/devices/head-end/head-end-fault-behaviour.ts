// What each fault switch of the reference head-end (head-end-faults.ts) does to its storage: the store
// asks these, so that the clean path reads as the rule and each defect is one line to find.
import type Database from 'libsql';
import type { LimiterSettings } from '../lv-meter/current-limiter.ts';
import { POLL_MS } from './polled-outages.ts';

const HALF_HOUR_MS = 30 * 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The next generation's 5- and 1-minute reading types (harness/a-route/openapi.json). */
const FINE = /-(1|5)min$/;

export interface HeadEndFaults {
  /** How long after it was reported a value is answered (he-late-delivery: 75 min, past the 60). */
  readonly delayMs: number;
  /** he-hv-late-delivery: a value is answered no sooner than this after its interval's end (35 min: past HV's 30). */
  readonly holdMs: number;
  /** he-write-behind: ingests acknowledged before they are written. */
  readonly writeBehind: boolean;
  /** he-missed-outage: no outage is detected from missing 30-minute values (restorations still are). */
  readonly missesOutages: boolean;
  /** How often the meters are polled (POLL_MS; he-no-polling: never, 0; he-slow-polling: every 30 min). */
  readonly pollMs: number;
  /** he-reservation-early: a reservation is forwarded to the meter this much before its time (10 min). */
  readonly reservationEarlyMs: number;
  /** he-cancelled-reservation-executed: a cancel is acknowledged and never forwarded to the meter. */
  readonly dropsCancels: boolean;
  /** he-instantaneous-stale: an instantaneous value is answered this old (30 min): read once, kept. */
  readonly instantaneousAgeMs: number;
  /** he-limiter-forgets-reservations: a meter's reservations do not survive its power cycle. */
  readonly forgetsReservations: boolean;
  /**
   * The limiter of the meters as built: he-limiter-over-cap takes every step (no wiring cap),
   * he-limiter-reclose-early recloses after half the delay, he-limiter-no-lockout never locks out.
   */
  limiterSettings<S extends LimiterSettings>(declared: S): S;
  /** A 15-minute value at :00/:30 is held as the 30-minute value too (he-fifteen-minute-no-thirty: not). */
  readonly derivesHalfHours: boolean;
  /** he-five-minute-energy-only: a row of this reading type is acknowledged and not stored. */
  dropsType(type: string): boolean;
  /** The latest report a read at `nowMs` answers of `type` (he-real-time-hourly: 5-/1-minute ones up to the last whole hour). */
  reportedBy(type: string, nowMs: number): number;
  /** The value as stored (he-truncated-digits: its last 6 digits). */
  stored(value: string): string;
  /** he-short-retention: rows older than 2 years at `nowMs` are deleted. */
  forget(db: Database.Database, nowMs: number): void;
  /**
   * The rows a read answers: he-dropped-slot leaves out the interval ending at 13:00 JST (04:00 UTC) of
   * every day (acknowledged, held, never answered); he-duplicated-slot answers the one ending at 19:00 JST
   * (10:00 UTC) twice.
   */
  answered<R extends { end_ms: number }>(rows: readonly R[]): readonly R[];
}

export function headEndFaults(faults: readonly string[]): HeadEndFaults {
  const on = new Set(faults);
  const slotOfDay = (endMs: number) => Math.floor((endMs % DAY_MS) / HALF_HOUR_MS);
  const delayMs = on.has('he-late-delivery') ? 75 * 60_000 : 0;
  return {
    delayMs,
    holdMs: on.has('he-hv-late-delivery') ? 35 * 60_000 : 0,
    writeBehind: on.has('he-write-behind'),
    missesOutages: on.has('he-missed-outage'),
    pollMs: on.has('he-no-polling') ? 0 : on.has('he-slow-polling') ? HALF_HOUR_MS : POLL_MS,
    reservationEarlyMs: on.has('he-reservation-early') ? 10 * 60_000 : 0,
    dropsCancels: on.has('he-cancelled-reservation-executed'),
    instantaneousAgeMs: on.has('he-instantaneous-stale') ? 30 * 60_000 : 0,
    forgetsReservations: on.has('he-limiter-forgets-reservations'),
    limiterSettings: (declared) => ({
      ...declared,
      ...(on.has('he-limiter-over-cap') ? { maxA: Math.max(...declared.stepsA) } : {}),
      ...(on.has('he-limiter-reclose-early') ? { recloseMs: declared.recloseMs / 2 } : {}),
      ...(on.has('he-limiter-no-lockout') ? { lockoutTrips: Number.POSITIVE_INFINITY } : {}),
    }),
    derivesHalfHours: !on.has('he-fifteen-minute-no-thirty'),
    dropsType: (type) =>
      on.has('he-five-minute-energy-only') && FINE.test(type) && !type.startsWith('energy-'),
    reportedBy: (type, nowMs) =>
      on.has('he-real-time-hourly') && FINE.test(type)
        ? Math.floor(nowMs / HOUR_MS) * HOUR_MS - 1
        : nowMs - delayMs,
    stored: (value) => (on.has('he-truncated-digits') ? lastDigits(value, 6) : value),
    forget: (db, nowMs) => {
      if (on.has('he-short-retention'))
        db.prepare('delete from readings where end_ms < ?').run(nowMs - 730 * DAY_MS);
    },
    answered: (rows) =>
      rows.flatMap((r) => {
        const slot = slotOfDay(r.end_ms);
        if (on.has('he-dropped-slot') && slot === 8) return [];
        return on.has('he-duplicated-slot') && slot === 20 ? [r, r] : [r];
      }),
  };
}

/** `value` with only its last `n` digits ("123456.78" → "3456.78"). */
function lastDigits(value: string, n: number): string {
  let digits = 0;
  let out = '';
  for (let i = value.length - 1; i >= 0; i--) {
    const c = value[i]!;
    if (c >= '0' && c <= '9' && ++digits > n) break;
    out = c + out;
  }
  return out.startsWith('.') ? `0${out}` : out;
}
