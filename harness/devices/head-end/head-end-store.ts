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

/** A meter's next 30-minute value is this late past its interval's end before the head-end calls it an outage. */
const OUTAGE_GRACE_MS = 30 * 60_000;
const HALF_HOUR = 30 * 60_000;
const HALF_HOUR_TYPE = 'energy-forward-30min';

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

/** he-write-behind: rows kept in memory before a batch is written. */
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
  /** he-write-behind: acknowledged rows not yet written. */
  private pending: { rows: Row[]; reportedMs: number }[] = [];

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
    const rows = readings.MeterReading.flatMap((reading) =>
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
    this.faults.forget(this.db, nowMs);
    if (this.faults.writeBehind) {
      // acknowledged as new unless already held: the rows wait in memory, written in batches
      const held = rows.filter((r) => this.held(r)).length;
      this.pending.push({ rows, reportedMs: nowMs });
      if (this.pending.reduce((n, p) => n + p.rows.length, 0) >= WRITE_BEHIND_BATCH) this.flush();
      return { stored: rows.length - held, duplicates: held };
    }
    return this.write(rows, nowMs);
  }

  private write(rows: readonly Row[], reportedMs: number): IngestResult {
    const insert = this.db.prepare(
      'insert or ignore into readings (meter, reading_type, end_ms, value, reported_ms) values (?, ?, ?, ?, ?)',
    );
    let stored = 0;
    this.db.transaction(() => {
      for (const r of rows) stored += insert.run(r.meter, r.type, r.endMs, r.value, reportedMs).changes;
    })();
    return { stored, duplicates: rows.length - stored };
  }

  private held(row: Row): boolean {
    return (
      this.pendingRow(row.meter, row.type, row.endMs) !== undefined ||
      this.db
        .prepare('select 1 from readings where meter = ? and reading_type = ? and end_ms = ?')
        .get(row.meter, row.type, row.endMs) !== undefined
    );
  }

  /** he-write-behind: the row waiting in memory for this meter, type and interval end, if any. */
  private pendingRow(
    meter: string,
    type: string,
    endMs: number,
  ): { row: Row; reportedMs: number } | undefined {
    for (const p of this.pending) {
      const row = p.rows.find((r) => r.meter === meter && r.type === type && r.endMs === endMs);
      if (row) return { row, reportedMs: p.reportedMs };
    }
    return undefined;
  }

  /** he-write-behind: what waited in memory is written (a batch full, and at close). */
  private flush(): void {
    const pending = this.pending;
    this.pending = [];
    for (const p of pending) this.write(p.rows, p.reportedMs);
  }

  /**
   * The asked meters' values of one reading type with interval ends in [from, to), oldest first, each
   * with when it was reported: only those reported by `nowMs`.
   */
  readings(query: ReadingsQuery, nowMs: number): MeterReadings {
    this.faults.forget(this.db, nowMs);
    const select = this.db.prepare(
      'select end_ms, value, reported_ms from readings where meter = ? and reading_type = ? and end_ms >= ? and end_ms < ? and reported_ms <= ? order by end_ms',
    );
    const visibleBy = nowMs - this.faults.delayMs;
    const readings: MeterReading[] = [];
    for (const meter of query.meters) {
      const rows = select.all(
        meter,
        query.readingType,
        Date.parse(query.from),
        Date.parse(query.to),
        visibleBy,
      ) as { end_ms: number; value: string; reported_ms: number }[];
      rows.push(...this.pendingRows(meter, query, visibleBy, rows));
      rows.sort((a, b) => a.end_ms - b.end_ms);
      if (rows.length === 0) continue;
      readings.push({
        Meter: { mRID: meter },
        IntervalBlocks: [
          {
            ReadingType: { ref: query.readingType },
            IntervalReadings: this.faults.answered(rows).map((r) => ({
              timeStamp: new Date(r.end_ms).toISOString(),
              value: r.value,
              reportedDateTime: new Date(r.reported_ms + this.faults.delayMs).toISOString(),
            })),
          },
        ],
      });
    }
    return { MeterReading: readings };
  }

  /** he-write-behind: the rows in memory a read also answers (those not written yet). */
  private pendingRows(
    meter: string,
    query: ReadingsQuery,
    visibleBy: number,
    written: readonly { end_ms: number }[],
  ): { end_ms: number; value: string; reported_ms: number }[] {
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    const out = new Map<number, { end_ms: number; value: string; reported_ms: number }>();
    for (const p of this.pending)
      for (const r of p.rows)
        if (
          r.meter === meter &&
          r.type === query.readingType &&
          r.endMs >= from &&
          r.endMs < to &&
          p.reportedMs <= visibleBy &&
          !out.has(r.endMs) &&
          !written.some((w) => w.end_ms === r.endMs)
        )
          out.set(r.endMs, { end_ms: r.endMs, value: r.value, reported_ms: p.reportedMs });
    return [...out.values()];
  }

  ingestEvents(events: EndDeviceEvents, nowMs: number): IngestResult {
    const insert = this.db.prepare(
      'insert or ignore into events (meter, type, created_ms, reported_ms) values (?, ?, ?, ?)',
    );
    let stored = 0;
    this.db.transaction(() => {
      for (const e of events.EndDeviceEvent)
        stored += insert.run(
          e.Assets.mRID,
          e.EndDeviceEventType.ref,
          Date.parse(e.createdDateTime),
          nowMs,
        ).changes;
    })();
    return { stored, duplicates: events.EndDeviceEvent.length - stored };
  }

  /**
   * One meter's events created in [from, to) and known by `nowMs`, oldest first: those delivered, and
   * the outages and restorations its 30-minute values show (detectedOutages).
   */
  events(query: EventsQuery, nowMs: number): EndDeviceEvents {
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    const delivered = this.db
      .prepare(
        'select type, created_ms from events where meter = ? and created_ms >= ? and created_ms < ? and reported_ms <= ?',
      )
      .all(query.meter, from, to, nowMs) as { type: string; created_ms: number }[];
    // from every value held (those in memory too), as the head-end itself has them
    const held = this.db
      .prepare('select end_ms from readings where meter = ? and reading_type = ? and reported_ms <= ?')
      .all(query.meter, HALF_HOUR_TYPE, nowMs) as { end_ms: number }[];
    const all = {
      meters: [query.meter],
      readingType: HALF_HOUR_TYPE,
      from: new Date(0).toISOString(),
      to: new Date(8.64e15).toISOString(),
    };
    const ends = [...held, ...this.pendingRows(query.meter, all, nowMs, held)]
      .map((r) => r.end_ms)
      .sort((a, b) => a - b);
    const detected = detectedOutages(ends, nowMs).filter(
      (e) =>
        e.created_ms >= from &&
        e.created_ms < to &&
        !(this.faults.missesOutages && e.type === 'power-outage'),
    );
    const rows = [
      ...new Map([...delivered, ...detected].map((e) => [`${e.type} ${e.created_ms}`, e])).values(),
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
    this.flush();
    this.db.close();
  }
}
