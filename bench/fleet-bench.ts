// The A-route capacity benchmark, first part: one simulated day of a fleet (harness/a-route/fleet.ts) —
// every meter's 48 thirty-minute values generated as the contract carries them (8-digit strings) and
// checked by an in-process sink (each value once, its counter moved by that slot's energy). Run for N
// and for 2N meters in child processes of their own, so each prints its own peak memory: flat but for
// the sink's bit per value. The baseline beside it: the same number of bare 32-bit hashes, the least a
// value derived from a seed can cost.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Fleet } from '../harness/a-route/fleet.ts';
import { seededHash } from '../harness/devices/lv-meter/consumption-model.ts';

const SLOTS = 48;

export interface FleetDayResult {
  readonly meters: number;
  readonly values: number;
  readonly ms: number;
  readonly baselineMs: number;
  readonly peakRssMb: number;
  readonly wrong: number;
}

/** One day of `meters` meters, in this process (the child side of benchFleet). */
export function fleetDay(meters: number): FleetDayResult {
  const fleet = new Fleet({ seed: 3610, meters, installedAt: Date.parse('2026-01-01T00:00:00+09:00') });
  const day = 300 * SLOTS; // a day ten months after installation
  const seen = new Uint8Array(Math.ceil((meters * SLOTS) / 8)); // the sink: a bit per meter and slot
  let wrong = 0;
  let peak = process.memoryUsage().rss;
  const started = performance.now();
  for (let k = 0; k < meters; k++) {
    let before = Math.round(Number(fleet.valueAt(k, day - 1)) * 100);
    for (let s = 0; s < SLOTS; s++) {
      const value = fleet.valueAt(k, day + s); // as the contract carries it
      const units = Math.round(Number(value) * 100);
      const moved = (units - before + 100_000_000) % 100_000_000;
      const bit = k * SLOTS + s;
      if (seen[bit >> 3]! & (1 << (bit & 7)) || Math.abs(moved * 10 - fleet.slotWh(k, day + s)) > 10) wrong++;
      seen[bit >> 3]! |= 1 << (bit & 7);
      before = units;
    }
    if ((k & 0xfffff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const ms = performance.now() - started;
  const baselineStart = performance.now();
  let checksum = 0;
  for (let n = 0; n < meters * SLOTS * 3; n++) checksum ^= seededHash(3610, n); // valueAt, slotWh and the value before
  const baselineMs = performance.now() - baselineStart;
  if (checksum === 0.5) console.log('unreachable'); // keeps the loop from being optimised away
  peak = Math.max(peak, process.memoryUsage().rss);
  return { meters, values: meters * SLOTS, ms, baselineMs, peakRssMb: peak / 2 ** 20, wrong };
}

/** N and 2N meters, each in a child process; lines for `npm run bench`. */
export function benchFleet(meters: number): string[] {
  const lines = [
    `fleet day (harness/a-route/fleet.ts): ${SLOTS} values a meter, generated and checked by an in-process sink`,
  ];
  for (const n of [meters, 2 * meters]) {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), String(n)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    if (child.status !== 0) {
      lines.push(`  ${n} meters: the run failed: ${child.stderr.trim().split('\n').at(-1)}`);
      continue;
    }
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as FleetDayResult;
    lines.push(
      `  ${r.meters.toLocaleString('en')} meters: ${(r.ms / 1000).toFixed(1)} s (${((r.values / r.ms) * 1000).toExponential(2)} values/s; ${(r.ms / r.baselineMs).toFixed(2)}× the bare hashes beside it), peak RSS ${r.peakRssMb.toFixed(0)} MB, ${r.wrong} wrong`,
    );
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  console.log(JSON.stringify(fleetDay(Number(process.argv[2]))));
