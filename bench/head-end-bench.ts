// The A-route capacity benchmark, second part: one simulated day of a fleet delivered over real HTTP to
// the reference head-end (smcert emulate, its own process, SQLite on disk) in messages of a few thousand
// meters, as an A-route would deliver them: every meter's 48 thirty-minute values and the 5-minute ones
// of the tenth that gives them. Printed: rows/s, the database's size per meter and year, and beside them
// the baseline: the same rows of a tenth of the meters stored straight into HeadEndStore in this process
// (no HTTP, no JSON, no schema checks). Every message's answer must count each value stored once; a
// sample of meters is read back and compared.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MeterReading, MeterReadings } from '../harness/a-route/contract.ts';
import { Fleet, HALF_HOUR_MS } from '../harness/a-route/fleet.ts';
import { HttpHeadEnd } from '../harness/a-route/http-head-end.ts';
import { startHeadEndProcess } from '../harness/devices/head-end/head-end-process.ts';
import { HeadEndStore } from '../harness/devices/head-end/head-end-store.ts';

const REFERENCE_HEAD_END = fileURLToPath(new URL('../profiles/reference-head-end.json', import.meta.url));
const INSTALLED = Date.parse('2026-01-01T00:00:00+09:00');
const DAY = 300; // a day ten months after installation
/** Meters a message: about 6 MB of JSON, under the head-end's 32 MB body limit. */
const METERS_A_MESSAGE = 2_000;

/** Meters [from, to)'s day: their 30-minute values and, for those that give them, the 5-minute ones. */
function dayOf(fleet: Fleet, from: number, to: number): MeterReadings {
  const readings: MeterReading[] = [];
  for (let k = from; k < to; k++) {
    readings.push(fleet.reading(k, DAY * 48, DAY * 48 + 48));
    if (fleet.hasFiveMinute(k)) readings.push(fleet.reading(k, DAY * 288, DAY * 288 + 288, 5));
  }
  return { MeterReading: readings };
}

const valuesIn = (m: MeterReadings) =>
  m.MeterReading.reduce((n, r) => n + r.IntervalBlocks.reduce((b, x) => b + x.IntervalReadings.length, 0), 0);

export async function benchHeadEnd(meters: number): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-head-end-bench-'));
  const database = join(dir, 'head-end.db');
  const fleet = new Fleet({ seed: 3610, meters, installedAt: INSTALLED });
  const lines = [
    `head-end (harness/devices/head-end/, SQLite through libsql): a day of ${meters.toLocaleString('en')} meters over HTTP, ${METERS_A_MESSAGE} meters a message`,
  ];
  const { child, url } = await startHeadEndProcess(REFERENCE_HEAD_END, { database });
  try {
    const headEnd = new HttpHeadEnd(url, () => INSTALLED + (DAY + 1) * 86_400_000);
    const started = performance.now();
    let stored = 0;
    let offered = 0;
    let last = performance.now();
    // the next message is built while the head-end stores the last (two cores)
    let inFlight: Promise<{ stored: number }> | undefined;
    for (let from = 0; from < meters; from += METERS_A_MESSAGE) {
      const message = dayOf(fleet, from, Math.min(meters, from + METERS_A_MESSAGE));
      offered += valuesIn(message);
      if (inFlight) stored += (await inFlight).stored;
      inFlight = headEnd.ingestReadings(message);
      if (performance.now() - last > 15_000) {
        last = performance.now();
        process.stderr.write(
          `  … ${from.toLocaleString('en')} meters, ${((offered / (last - started)) * 1000).toFixed(0)} rows/s\n`,
        );
      }
    }
    if (inFlight) stored += (await inFlight).stored;
    const ms = performance.now() - started;
    const sample = [0, Math.floor(meters / 2), meters - 1];
    let wrong = 0;
    for (const k of sample) {
      const back = await headEnd.readings({
        meters: [fleet.meterId(k)],
        readingType: 'energy-forward-30min',
        from: new Date(INSTALLED + (DAY * 48 + 1) * HALF_HOUR_MS).toISOString(),
        to: new Date(INSTALLED + (DAY * 48 + 49) * HALF_HOUR_MS).toISOString(),
      });
      const got = back.MeterReading[0]?.IntervalBlocks[0]?.IntervalReadings.map((r) => r.value) ?? [];
      const sent = fleet
        .reading(k, DAY * 48, DAY * 48 + 48)
        .IntervalBlocks[0]!.IntervalReadings.map((r) => r.value);
      if (JSON.stringify(got) !== JSON.stringify(sent)) wrong++;
    }
    await stop(child);
    const bytes = sizeOf(database);
    const baseline = storeDirect(fleet, Math.max(1, Math.floor(meters / 10)), join(dir, 'baseline.db'));
    const rate = (offered / ms) * 1000;
    lines.push(
      `  ${offered.toLocaleString('en')} rows in ${(ms / 1000).toFixed(1)} s: ${rate.toFixed(0)} rows/s over HTTP (${(rate / baseline.rate).toFixed(2)}× the ${baseline.rate.toFixed(0)} rows/s of HeadEndStore in-process, ${baseline.meters.toLocaleString('en')} meters), ${stored === offered ? 'each stored once' : `${offered - stored} not stored`}, ${wrong} of ${sample.length} sampled meters read back wrong`,
      `  database ${(bytes / 2 ** 20).toFixed(0)} MB: ${(((bytes / meters) * 365) / 2 ** 10).toFixed(0)} KiB a meter-year (${(bytes / offered).toFixed(1)} bytes a row; 3 years of ${meters.toLocaleString('en')} meters: ${((bytes * 365 * 3) / 2 ** 40).toFixed(2)} TiB)`,
    );
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

/** The baseline: the same rows straight into the store, in this process. */
function storeDirect(fleet: Fleet, meters: number, database: string): { rate: number; meters: number } {
  const store = new HeadEndStore(database);
  const started = performance.now();
  let rows = 0;
  for (let from = 0; from < meters; from += METERS_A_MESSAGE) {
    const message = dayOf(fleet, from, Math.min(meters, from + METERS_A_MESSAGE));
    rows += store.ingestReadings(message, INSTALLED + (DAY + 1) * 86_400_000).stored;
  }
  const ms = performance.now() - started;
  store.close();
  return { rate: (rows / ms) * 1000, meters };
}

function sizeOf(database: string): number {
  return [database, `${database}-wal`].reduce((sum, f) => {
    try {
      return sum + statSync(f).size;
    } catch {
      return sum;
    }
  }, 0);
}

/** SIGINT: the head-end closes its database (the WAL checkpointed), so the size is the database's own. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}
