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
      // acknowledged as new unless already written: the rows themselves wait in memory
      this.pending.push({ rows, reportedMs: nowMs });
      const held = rows.filter((r) => this.held(r)).length;
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
      for (const r of rows) {
        if (this.faults.drops(r.endMs)) {
          stored++; // acknowledged, never written
          continue;
        }
        stored += insert.run(r.meter, r.type, r.endMs, r.value, reportedMs).changes;
      }
    })();
    return { stored, duplicates: rows.length - stored };
  }

  private held(row: Row): boolean {
    return (
      this.db
        .prepare('select 1 from readings where meter = ? and reading_type = ? and end_ms = ?')
        .get(row.meter, row.type, row.endMs) !== undefined
    );
  }

  /** he-write-behind: what waited in memory is written (before any read, and at close). */
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
    this.flush();
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

  /** One meter's events created in [from, to) and reported by `nowMs`, oldest first. */
  events(query: EventsQuery, nowMs: number): EndDeviceEvents {
    const rows = this.db
      .prepare(
        'select type, created_ms from events where meter = ? and created_ms >= ? and created_ms < ? and reported_ms <= ? order by created_ms, type',
      )
      .all(query.meter, Date.parse(query.from), Date.parse(query.to), nowMs) as {
      type: string;
      created_ms: number;
    }[];
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
