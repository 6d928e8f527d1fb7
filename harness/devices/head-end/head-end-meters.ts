// The meters behind the reference head-end, as far as the head-end asks them itself: their instantaneous
// power and current on request (seed 通信/システム: 瞬時電力・電流), and remote ampere control (seed その他
// 機能: 遠隔アンペア制御機能（予約機能付き）). Each one is the reference LV meter's current limiter
// (lv-meter/current-limiter.ts) on the reference household's seeded load (consumption-model.ts, seeded
// from the meter's mRID, at 100 V), on the head-end's clock. The meter holds its limit, breaker, trips
// and reservations in its own non-volatile memory: here a database beside the head-end's (not in it), so
// a meter switched off keeps its reservations, and a kill of the head-end's process is a power cycle of
// its meters (CurrentLimiter.restored), never a loss.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import type { EndDeviceControl, LimiterState, MeterReadings } from '../../a-route/contract.ts';
import { ConsumptionModel } from '../lv-meter/consumption-model.ts';
import {
  CurrentLimiter,
  LimiterRefusal,
  type LimiterSettings,
  type LimiterSnapshot,
} from '../lv-meter/current-limiter.ts';
import type { HeadEndFaults } from './head-end-fault-behaviour.ts';
import { type PolledEvent, polledOutages } from './polled-outages.ts';

export interface AmpereSettings extends LimiterSettings {
  /** The limit of a meter never commanded before, A. */
  readonly initialLimitA: number;
}

/** The household's supply voltage: the load's watts as amperes (single-phase, 100 V). */
const VOLTS = 100;
const MINUTE_MS = 60_000;

/** The meter does not answer over the A-route (its power is off). */
export class MeterSilent extends Error {
  override readonly name = 'MeterSilent';
}

interface Held {
  readonly limiter: CurrentLimiter;
  readonly load: ConsumptionModel;
}

export class HeadEndMeters {
  private readonly db: Database.Database;
  private readonly live = new Map<string, Held>();
  private readonly settings: AmpereSettings;

  /** The meters' memory at `file` ('<head-end database>.meters'; ':memory:' lives as long as the process). */
  constructor(
    file: string,
    declared: AmpereSettings,
    private readonly faults: HeadEndFaults,
  ) {
    this.settings = faults.limiterSettings(declared);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.exec(`
      pragma journal_mode = wal;
      create table if not exists meters (
        meter text primary key, snapshot text not null, powered integer not null
      ) without rowid;
      create table if not exists power_changes (
        meter text not null, at_ms integer not null, power_on integer not null,
        primary key (meter, at_ms, power_on)
      ) without rowid;
    `);
  }

  /** One control forwarded to its meter: what the meter answered. */
  control(c: EndDeviceControl, nowMs: number): { Result: 'OK' | 'FAILED'; Error?: string } {
    const meter = c.EndDevices.mRID;
    try {
      const { limiter, load } = this.reached(meter, nowMs);
      const at = Math.max(nowMs, limiter.snapshot().atMs);
      const loadA = amperes(load, at);
      switch (c.EndDeviceControlType.ref) {
        case 'ampere-limit-set':
          limiter.set(c.limit!.value, at, loadA);
          break;
        case 'ampere-limit-reserve': {
          const atMs = Date.parse(c.scheduledInterval!.start) - this.faults.reservationEarlyMs;
          limiter.reserve({ id: c.mRID, atMs, limitA: c.limit!.value }, at, loadA);
          break;
        }
        case 'ampere-limit-cancel':
          // he-cancelled-reservation-executed: acknowledged, never forwarded
          if (!this.faults.dropsCancels) limiter.cancel(c.reservation!.mRID, at, loadA);
          break;
        case 'breaker-restore':
          limiter.restore(at, loadA);
          break;
      }
      this.keep(meter, limiter, true);
      return { Result: 'OK' };
    } catch (error) {
      if (error instanceof LimiterRefusal || error instanceof MeterSilent)
        return { Result: 'FAILED', Error: `meter ${meter}: ${error.message}` };
      throw error;
    }
  }

  /** The meter's limiter as it reports it at `nowMs`. */
  state(meter: string, nowMs: number): LimiterState {
    const { limiter, load } = this.reached(meter, nowMs);
    this.keep(meter, limiter, true);
    const at = limiter.snapshot().atMs;
    const amps = (value: number) => ({ value, unit: 'A' as const });
    return {
      EndDevice: { mRID: meter },
      limit: amps(limiter.limitA),
      breaker: limiter.breaker,
      currentA: limiter.breaker === 'closed' ? amperes(load, at) : 0,
      reservations: limiter.reservations.map((r) => ({
        mRID: r.id,
        scheduledInterval: { start: new Date(r.atMs).toISOString() },
        limit: amps(r.limitA),
      })),
      readDateTime: new Date(at).toISOString(),
    };
  }

  /**
   * The asked meters' instantaneous power (W) and current (A) as each measures it at `nowMs`: what flows
   * through its breaker (nothing while open); a meter without power does not answer, and is left out.
   * he-instantaneous-stale: the head-end answers what it read 30 minutes before.
   */
  instantaneous(meters: readonly string[], nowMs: number): MeterReadings {
    const at = nowMs - this.faults.instantaneousAgeMs;
    const answered = meters.flatMap((meter) => {
      try {
        const { limiter, load } = this.reached(meter, nowMs);
        this.keep(meter, limiter, true);
        const watts = limiter.breaker === 'closed' ? Math.max(0, load.powerAt(at)) : 0;
        return [{ meter, watts }];
      } catch (error) {
        if (error instanceof MeterSilent) return [];
        throw error;
      }
    });
    const timeStamp = new Date(at).toISOString();
    return {
      MeterReading: answered.map(({ meter, watts }) => ({
        Meter: { mRID: meter },
        IntervalBlocks: [
          {
            ReadingType: { ref: 'power-instantaneous' },
            IntervalReadings: [{ timeStamp, value: String(watts) }],
          },
          {
            ReadingType: { ref: 'current-instantaneous' },
            IntervalReadings: [{ timeStamp, value: (watts / VOLTS).toFixed(1) }],
          },
        ],
      })),
    };
  }

  /** The meter's power goes off (its limiter's memory kept as it was) or comes back on. */
  power(meter: string, on: boolean, nowMs: number): void {
    const row = this.row(meter);
    if (on) {
      if (row?.powered !== 0) return;
      this.keep(meter, this.restart(meter, row.snapshot, nowMs).limiter, true);
    } else {
      if (row?.powered === 0) return;
      this.keep(meter, this.reached(meter, nowMs).limiter, false);
      this.live.delete(meter);
    }
    this.db
      .prepare('insert or ignore into power_changes (meter, at_ms, power_on) values (?, ?, ?)')
      .run(meter, nowMs, on ? 1 : 0);
  }

  /** The outages and restorations of `meter` the head-end's polls found by `nowMs` (polled-outages.ts). */
  polled(meter: string, nowMs: number): PolledEvent[] {
    const changes = (
      this.db
        .prepare('select at_ms, power_on from power_changes where meter = ? order by at_ms, power_on')
        .all(meter) as { at_ms: number; power_on: number }[]
    ).map((c) => ({ atMs: c.at_ms, on: c.power_on === 1 }));
    return polledOutages(changes, this.faults.pollMs, nowMs);
  }

  close(): void {
    this.db.close();
  }

  /** The meter's limiter brought to `nowMs`: from memory, or from its stored state after a power cycle. */
  private reached(meter: string, nowMs: number): Held {
    let held = this.live.get(meter);
    if (!held) {
      const row = this.row(meter);
      if (row?.powered === 0) throw new MeterSilent('does not answer over the A-route (its power is off)');
      held = row
        ? this.restart(meter, row.snapshot, nowMs)
        : {
            limiter: new CurrentLimiter(this.settings, this.settings.initialLimitA, nowMs),
            load: householdOf(meter),
          };
      this.live.set(meter, held);
    }
    bringTo(held, nowMs);
    return held;
  }

  private restart(meter: string, snapshot: LimiterSnapshot, nowMs: number): Held {
    const load = householdOf(meter);
    const at = Math.max(nowMs, snapshot.atMs);
    // he-limiter-forgets-reservations: what the meter held in volatile memory only
    const kept = this.faults.forgetsReservations ? { ...snapshot, reservations: [] } : snapshot;
    const held = { limiter: CurrentLimiter.restored(this.settings, kept, at, amperes(load, at)), load };
    this.live.set(meter, held);
    return held;
  }

  private row(meter: string): { snapshot: LimiterSnapshot; powered: number } | undefined {
    const row = this.db.prepare('select snapshot, powered from meters where meter = ?').get(meter) as
      | { snapshot: string; powered: number }
      | undefined;
    return row && { snapshot: JSON.parse(row.snapshot) as LimiterSnapshot, powered: row.powered };
  }

  private keep(meter: string, limiter: CurrentLimiter, powered: boolean): void {
    this.db
      .prepare('insert or replace into meters (meter, snapshot, powered) values (?, ?, ?)')
      .run(meter, JSON.stringify(limiter.snapshot()), powered ? 1 : 0);
  }
}

/** The limiter moved to `nowMs` a minute of load at a time (the seeded load changes each minute). */
function bringTo({ limiter, load }: Held, nowMs: number): void {
  let t = limiter.snapshot().atMs;
  while (t < nowMs) {
    const next = Math.min(nowMs, (Math.floor(t / MINUTE_MS) + 1) * MINUTE_MS);
    limiter.advance(next, amperes(load, t));
    limiter.advance(next, amperes(load, next));
    t = next;
  }
}

function amperes(load: ConsumptionModel, atMs: number): number {
  return Math.max(0, load.powerAt(atMs)) / VOLTS;
}

/** The meter's household: the reference model seeded from its mRID. */
function householdOf(meter: string): ConsumptionModel {
  let seed = 0x811c9dc5;
  for (let i = 0; i < meter.length; i++) seed = Math.imul(seed ^ meter.charCodeAt(i), 0x01000193) >>> 0;
  return new ConsumptionModel({ seed, installedAt: 0, solarPeakW: 0 });
}
