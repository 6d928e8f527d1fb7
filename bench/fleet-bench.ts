// The A-route capacity benchmark, first part: one simulated day of a fleet (harness/a-route/fleet.ts) —
// every meter's 48 thirty-minute values, and the 288 five-minute ones of the tenth that gives them,
// generated as the contract carries them (8-digit strings) and checked by an in-process sink (each
// 30-minute value once, its counter moved by that slot's energy; each sixth 5-minute value the 30-minute
// one). The fleet runs as two shards in two processes at once (the machine's two cores), for N and then
// for 2N meters, each process printing its own peak memory: flat but for the sink's bit per value. The
// baseline beside it: as many bare 32-bit hashes, the least a value derived from a seed can cost.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Fleet } from '../harness/a-route/fleet.ts';
import { seededHash } from '../harness/seeded-hash.ts';

const SLOTS = 48;

export interface FleetDayResult {
  readonly meters: number;
  readonly values: number;
  readonly ms: number;
  readonly baselineMs: number;
  readonly peakRssMb: number;
  readonly wrong: number;
}

/** One day of shard `shard` of `shards` of a fleet of `meters`, in this process (the child side of benchFleet). */
export function fleetDay(meters: number, shard: number, shards: number): FleetDayResult {
  const fleet = new Fleet({ seed: 3610, meters, installedAt: Date.parse('2026-01-01T00:00:00+09:00') });
  const day = 300 * SLOTS; // a day ten months after installation
  const mine = Math.ceil((meters - shard) / shards);
  const seen = new Uint8Array(Math.ceil((mine * SLOTS) / 8)); // the sink: a bit per meter and slot
  let wrong = 0;
  let values = 0;
  let peak = process.memoryUsage().rss;
  const started = performance.now();
  let n = 0;
  for (const k of fleet.shard(shard, shards)) {
    let before = Math.round(Number(fleet.valueAt(k, day - 1)) * 100);
    const five = fleet.hasFiveMinute(k);
    for (let s = 0; s < SLOTS; s++) {
      const value = fleet.valueAt(k, day + s); // as the contract carries it
      const units = Math.round(Number(value) * 100);
      const moved = (units - before + 100_000_000) % 100_000_000;
      const bit = n * SLOTS + s;
      if (seen[bit >> 3]! & (1 << (bit & 7)) || Math.abs(moved * 10 - fleet.slotWh(k, day + s)) > 10) wrong++;
      seen[bit >> 3]! |= 1 << (bit & 7);
      before = units;
      values++;
      if (!five) continue;
      for (let i = 0; i < 6; i++) {
        const v = fleet.counterAt(k, 5, (day + s) * 6 + i);
        if (i === 5 && v !== value) wrong++;
        values++;
      }
    }
    if ((n++ & 0xfffff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const ms = performance.now() - started;
  const baselineStart = performance.now();
  let checksum = 0;
  for (let h = 0; h < values * 2; h++) checksum ^= seededHash(3610, h); // a value's two cumulative reads
  const baselineMs = performance.now() - baselineStart;
  if (checksum === 0.5) console.log('unreachable'); // keeps the loop from being optimised away
  peak = Math.max(peak, process.memoryUsage().rss);
  return { meters: mine, values, ms, baselineMs, peakRssMb: peak / 2 ** 20, wrong };
}

const SHARDS = 2;

/** A day of `meters`, then of twice as many, each as SHARDS shard processes at once; lines for `npm run bench`. */
export async function benchFleet(meters: number): Promise<string[]> {
  const lines = [
    `fleet day (harness/a-route/fleet.ts): 48 values a meter, 288 more for the tenth with 5-minute data, as ${SHARDS} shard processes at once, checked by an in-process sink`,
  ];
  for (const n of [meters, 2 * meters]) {
    const started = performance.now();
    const shards = await Promise.all(Array.from({ length: SHARDS }, (_, i) => shardRun(n, i)));
    const wallMs = performance.now() - started;
    if (shards.some((r) => typeof r === 'string')) {
      lines.push(`  ${n} meters: a shard failed: ${shards.find((r) => typeof r === 'string')}`);
      continue;
    }
    const done = shards as FleetDayResult[];
    const values = done.reduce((sum, r) => sum + r.values, 0);
    const ratio = done.reduce((sum, r) => sum + r.ms / r.baselineMs, 0) / done.length;
    lines.push(
      `  ${n.toLocaleString('en')} meters: ${(wallMs / 1000).toFixed(1)} s wall, ${values.toLocaleString('en')} values (${((values / wallMs) * 1000).toExponential(2)}/s; ${ratio.toFixed(1)}× as many bare hashes), peak RSS ${done.map((r) => `${r.peakRssMb.toFixed(0)} MB`).join(' + ')}, ${done.reduce((sum, r) => sum + r.wrong, 0)} wrong`,
    );
  }
  return lines;
}

function shardRun(meters: number, shard: number): Promise<FleetDayResult | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      String(meters),
      String(shard),
      String(SHARDS),
    ]);
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('exit', (code) =>
      resolve(
        code === 0
          ? (JSON.parse(out.trim().split('\n').at(-1)!) as FleetDayResult)
          : (err.trim().split('\n').at(-1) ?? `exit ${code}`),
      ),
    );
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [meters, shard, shards] = process.argv.slice(2).map(Number) as [number, number, number];
  console.log(JSON.stringify(fleetDay(meters, shard, shards)));
}
