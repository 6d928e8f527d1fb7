// The reference head-end's storage: an embedded SQLite database through libsql (the better-sqlite3 API
// with its native library shipped as an npm package: better-sqlite3 12 builds SQLite from source on this
// machine's Node 20, minutes of every `npm ci`). Each interval value is one row keyed by meter, reading
// type and interval end, so a value delivered twice is stored once and a restart loses nothing that was
// acknowledged (WAL: a transaction is on disk when its answer goes out). Three years of 30-minute values
// are real rows.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import type {
  EndDeviceEvent,
  EndDeviceEvents,
  EventsQuery,
  IngestResult,
  MeterReadings,
  ReadingsQuery,
} from '../../a-route/contract.ts';

export class HeadEndStore {
  private readonly db: Database.Database;

  /** Opens (or creates) the database at `file`; ':memory:' for one that lives as long as the process. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.exec(`
      pragma journal_mode = wal;
      create table if not exists readings (
        meter text not null, reading_type text not null, end_ms integer not null, value text not null,
        primary key (meter, reading_type, end_ms)
      ) without rowid;
      create table if not exists events (
        meter text not null, type text not null, created_ms integer not null,
        primary key (meter, type, created_ms)
      ) without rowid;
    `);
  }

  /** Stores every interval value not yet held (meter, reading type, interval end); one transaction. */
  ingestReadings(readings: MeterReadings): IngestResult {
    const insert = this.db.prepare(
      'insert or ignore into readings (meter, reading_type, end_ms, value) values (?, ?, ?, ?)',
    );
    let stored = 0;
    let offered = 0;
    this.db.transaction(() => {
      for (const reading of readings.MeterReading)
        for (const block of reading.IntervalBlocks)
          for (const r of block.IntervalReadings) {
            offered++;
            stored += insert.run(
              reading.Meter.mRID,
              block.ReadingType.ref,
              Date.parse(r.timeStamp),
              r.value,
            ).changes;
          }
    })();
    return { stored, duplicates: offered - stored };
  }

  /** One meter's values of one reading type with interval ends in [from, to), oldest first. */
  readings(query: ReadingsQuery): MeterReadings {
    const rows = this.db
      .prepare(
        'select end_ms, value from readings where meter = ? and reading_type = ? and end_ms >= ? and end_ms < ? order by end_ms',
      )
      .all(query.meter, query.readingType, Date.parse(query.from), Date.parse(query.to)) as {
      end_ms: number;
      value: string;
    }[];
    if (rows.length === 0) return { MeterReading: [] };
    return {
      MeterReading: [
        {
          Meter: { mRID: query.meter },
          IntervalBlocks: [
            {
              ReadingType: { ref: query.readingType },
              IntervalReadings: rows.map((r) => ({
                timeStamp: new Date(r.end_ms).toISOString(),
                value: r.value,
              })),
            },
          ],
        },
      ],
    };
  }

  ingestEvents(events: EndDeviceEvents): IngestResult {
    const insert = this.db.prepare('insert or ignore into events (meter, type, created_ms) values (?, ?, ?)');
    let stored = 0;
    this.db.transaction(() => {
      for (const e of events.EndDeviceEvent)
        stored += insert.run(e.Assets.mRID, e.EndDeviceEventType.ref, Date.parse(e.createdDateTime)).changes;
    })();
    return { stored, duplicates: events.EndDeviceEvent.length - stored };
  }

  /** One meter's events created in [from, to), oldest first. */
  events(query: EventsQuery): EndDeviceEvents {
    const rows = this.db
      .prepare(
        'select type, created_ms from events where meter = ? and created_ms >= ? and created_ms < ? order by created_ms, type',
      )
      .all(query.meter, Date.parse(query.from), Date.parse(query.to)) as {
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
    this.db.close();
  }
}
