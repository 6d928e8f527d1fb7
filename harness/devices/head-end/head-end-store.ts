// The reference head-end's storage: an embedded SQLite database through libsql (the better-sqlite3 API
// with its native library shipped as an npm package: better-sqlite3 12 builds SQLite from source on this
// machine's Node 20, minutes of every `npm ci`). Each interval value is one row keyed by meter, reading
// type and interval end, so a value delivered twice is stored once and a restart loses nothing that was
// acknowledged (WAL: a transaction is on disk when its answer goes out). Three years of 30-minute values
// are real rows. Every call takes the head-end's now (the caller's clock when emulated): a value is
// answered once it has been reported, with when it was (CIM reportedDateTime).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import type {
  EndDeviceEvent,
  EndDeviceEvents,
  EventsQuery,
  IngestResult,
  MeterReading,
  MeterReadings,
  ReadingsQuery,
} from '../../a-route/contract.ts';
import { type HeadEndFaults, headEndFaults } from './head-end-fault-behaviour.ts';
import type { PolledEvent } from './polled-outages.ts';

/** A meter's next 30-minute value is this late past its interval's end before the head-end calls it an outage. */
const OUTAGE_GRACE_MS = 30 * 60_000;
const HALF_HOUR = 30 * 60_000;
const HALF_HOUR_TYPE = 'energy-forward-30min';
const QUARTER_TYPE = 'energy-forward-15min';

/**
 * Outage and restoration detection from the 30-minute values (seed 通信/システム: ポーリング・30分値の
 * 有効活用による停電検知・復旧検知機能): a value missing past its grace is an outage since the last value
 * before it; the next value that comes is the restoration, at its interval's end. From the values
 * answered by `nowMs` (sorted interval ends), so a restart loses nothing and a value delivered late
 * heals a gap it had opened.
 */
export function detectedOutages(
  ends: readonly number[],
  nowMs: number,
): { type: string; created_ms: number }[] {
  const out: { type: string; created_ms: number }[] = [];
  for (let i = 0; i < ends.length; i++) {
    const last = ends[i]!;
    const next = ends[i + 1];
    if (next !== undefined && next - last <= HALF_HOUR) continue;
    // a gap closed by a later value is past its grace by then
    if (last + HALF_HOUR + OUTAGE_GRACE_MS <= nowMs) out.push({ type: 'power-outage', created_ms: last });
    if (next !== undefined) out.push({ type: 'power-restoration', created_ms: next });
  }
  return out;
}

/** he-write-behind: rows acknowledged before the transaction holding them is committed. */
const WRITE_BEHIND_BATCH = 10_000;

interface Row {
  readonly meter: string;
  readonly type: string;
  readonly endMs: number;
  readonly value: string;
}

export class HeadEndStore {
  private readonly db: Database.Database;
  private readonly faults: HeadEndFaults;
  /** he-write-behind: rows acknowledged in the open transaction, not yet committed. */
  private uncommitted = 0;

  /** Opens (or creates) the database at `file`; ':memory:' for one that lives as long as the process. */
  constructor(file: string, faults: readonly string[] = []) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.faults = headEndFaults(faults);
    this.db = new Database(file);
    this.db.exec(`
      pragma journal_mode = wal;
      create table if not exists readings (
        meter text not null, reading_type text not null, end_ms integer not null, value text not null,
        reported_ms integer not null,
        primary key (meter, reading_type, end_ms)
      ) without rowid;
      create table if not exists events (
        meter text not null, type text not null, created_ms integer not null, reported_ms integer not null,
        primary key (meter, type, created_ms)
      ) without rowid;
    `);
  }

  /** Stores every interval value not yet held (meter, reading type, interval end); one transaction. */
  ingestReadings(readings: MeterReadings, nowMs: number): IngestResult {
    const given = readings.MeterReading.flatMap((reading) =>
      reading.IntervalBlocks.flatMap((block) =>
        block.IntervalReadings.map(
          (r): Row => ({
            meter: reading.Meter.mRID,
            type: block.ReadingType.ref,
            endMs: Date.parse(r.timeStamp),
            value: this.faults.stored(r.value),
          }),
        ),
      ),
    );
    // a meter switched to 15-minute values still has its 30-minute ones: the counter at each :00/:30
    const rows = given.concat(
      this.faults.derivesHalfHours
        ? given
            .filter((r) => r.type === QUARTER_TYPE && r.endMs % HALF_HOUR === 0)
            .map((r) => ({ ...r, type: HALF_HOUR_TYPE }))
        : [],
    );
    this.faults.forget(this.db, nowMs);
    // he-write-behind: the rows go into a transaction left open and committed a batch at a time; this
    // connection reads them, a kill of the process rolls them back
    if (this.faults.writeBehind && !this.db.inTransaction) this.db.exec('begin');
    const insert = this.db.prepare(
      'insert or ignore into readings (meter, reading_type, end_ms, value, reported_ms) values (?, ?, ?, ?, ?)',
    );
    let stored = 0;
    this.atomically(() => {
      rows.forEach((r, i) => {
        // he-five-minute-energy-only: acknowledged as stored, never written
        const changes = this.faults.dropsType(r.type)
          ? 1
          : insert.run(r.meter, r.type, r.endMs, r.value, nowMs).changes;
        // the 30-minute rows taken from 15-minute values are not what was sent
        if (i < given.length) stored += changes;
      });
    });
    if (this.faults.writeBehind) {
      this.uncommitted += rows.length;
      if (this.uncommitted >= WRITE_BEHIND_BATCH) this.commit();
    }
    return { stored, duplicates: given.length - stored };
  }

  /** `work` in one transaction (within the open one of he-write-behind: libsql's do not nest). */
  private atomically(work: () => void): void {
    if (this.db.inTransaction) work();
    else this.db.transaction(work)();
  }

  /** he-write-behind: the open transaction committed (a batch full, and at close). */
  private commit(): void {
    if (this.db.inTransaction) this.db.exec('commit');
    this.uncommitted = 0;
  }

  /**
   * The asked meters' values of one reading type with interval ends in [from, to), oldest first, each
   * with when it was reported: only those reported by `nowMs`.
   */
  readings(query: ReadingsQuery, nowMs: number): MeterReadings {
    this.faults.forget(this.db, nowMs);
    const select = this.db.prepare(
      'select end_ms, value, reported_ms from readings where meter = ? and reading_type = ? and end_ms >= ? and end_ms < ? and reported_ms <= ? and end_ms <= ? order by end_ms',
    );
    const { delayMs, holdMs } = this.faults;
    const readings: MeterReading[] = [];
    for (const meter of query.meters) {
      const rows = select.all(
        meter,
        query.readingType,
        Date.parse(query.from),
        Date.parse(query.to),
        this.faults.reportedBy(query.readingType, nowMs),
        holdMs > 0 ? nowMs - holdMs : Number.MAX_SAFE_INTEGER,
      ) as { end_ms: number; value: string; reported_ms: number }[];
      if (rows.length === 0) continue;
      readings.push({
        Meter: { mRID: meter },
        IntervalBlocks: [
          {
            ReadingType: { ref: query.readingType },
            IntervalReadings: this.faults.answered(rows).map((r) => ({
              timeStamp: new Date(r.end_ms).toISOString(),
              value: r.value,
              reportedDateTime: new Date(Math.max(r.reported_ms + delayMs, r.end_ms + holdMs)).toISOString(),
            })),
          },
        ],
      });
    }
    return { MeterReading: readings };
  }

  ingestEvents(events: EndDeviceEvents, nowMs: number): IngestResult {
    const insert = this.db.prepare(
      'insert or ignore into events (meter, type, created_ms, reported_ms) values (?, ?, ?, ?)',
    );
    let stored = 0;
    this.atomically(() => {
      for (const e of events.EndDeviceEvent)
        stored += insert.run(
          e.Assets.mRID,
          e.EndDeviceEventType.ref,
          Date.parse(e.createdDateTime),
          nowMs,
        ).changes;
    });
    return { stored, duplicates: events.EndDeviceEvent.length - stored };
  }

  /**
   * One meter's events created in [from, to) and known by `nowMs`, oldest first: those delivered, those
   * its polls found (`polled`, polled-outages.ts), and the outages and restorations its 30-minute values
   * show (detectedOutages) where no poll had found the same one.
   */
  events(query: EventsQuery, nowMs: number, polled: readonly PolledEvent[] = []): EndDeviceEvents {
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    const delivered = this.db
      .prepare(
        'select type, created_ms from events where meter = ? and created_ms >= ? and created_ms < ? and reported_ms <= ?',
      )
      .all(query.meter, from, to, nowMs) as { type: string; created_ms: number }[];
    // from every value held, as the head-end itself has them (not as late as he-late-delivery answers)
    const ends = (
      this.db
        .prepare(
          'select end_ms from readings where meter = ? and reading_type = ? and reported_ms <= ? order by end_ms',
        )
        .all(query.meter, HALF_HOUR_TYPE, nowMs) as { end_ms: number }[]
    ).map((r) => r.end_ms);
    // the values tell an outage at its last value, polls at their first miss: the same one within the grace
    const polledAlready = (e: { type: string; created_ms: number }) =>
      polled.some(
        (p) => p.type === e.type && Math.abs(p.created_ms - e.created_ms) <= HALF_HOUR + OUTAGE_GRACE_MS,
      );
    const detected = detectedOutages(ends, nowMs).filter(
      (e) => !(this.faults.missesOutages && e.type === 'power-outage') && !polledAlready(e),
    );
    const rows = [
      ...new Map(
        [...delivered, ...polled, ...detected]
          .filter((e) => e.created_ms >= from && e.created_ms < to)
          .map((e) => [`${e.type} ${e.created_ms}`, e]),
      ).values(),
    ].sort((a, b) => a.created_ms - b.created_ms || a.type.localeCompare(b.type));
    return {
      EndDeviceEvent: rows.map(
        (r): EndDeviceEvent => ({
          EndDeviceEventType: { ref: r.type as EndDeviceEvent['EndDeviceEventType']['ref'] },
          Assets: { mRID: query.meter },
          createdDateTime: new Date(r.created_ms).toISOString(),
        }),
      ),
    };
  }

  close(): void {
    this.commit();
    this.db.close();
  }
}
