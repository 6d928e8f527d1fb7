// One emulated reference LV meter held for 400 days on the virtual clock, read every day as a retention
// case reads it (E5 = 99 then E2, the 30-minute EA, and every next-generation item's latest value): the
// simulated/wall ratio against real time (the baseline a real meter imposes), and the meter's memory before
// and after — everything is computed from the clock and the load on demand, so it must not grow with days.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DAY, HALF_HOUR } from '../harness/clock/durations.ts';
import { VirtualClock } from '../harness/clock/virtual-clock.ts';
import { lvMeterConfigFromProfile } from '../harness/devices/emulation/lv-meter-from-profile.ts';
import { LvMeterObject } from '../harness/devices/lv-meter/lv-meter-object.ts';
import { checkProfile } from '../harness/profile/load-profile.ts';

const PROFILE = fileURLToPath(new URL('../profiles/reference-lv-meter.json', import.meta.url));
const DAYS = 400;

export async function benchRetention(days = DAYS): Promise<string[]> {
  const gc = exposeGc();
  const profile = checkProfile(PROFILE, JSON.parse(readFileSync(PROFILE, 'utf8')));
  const config = lvMeterConfigFromProfile(profile);
  const clock = new VirtualClock({ start: config.installedAt });
  gc();
  const before = process.memoryUsage();
  const meter = new LvMeterObject(config, clock);
  const epcs = (profile.nextGeneration ?? []).map((i) => Number.parseInt(i.epc, 16));
  const started = performance.now();
  let reads = 0;
  let bytes = 0;
  let afterFirstDay = before;
  for (let day = 1; day <= days; day++) {
    // the meter object alone sets no timers: each advance only moves the time
    await clock.advanceTo(config.installedAt + day * DAY + 13 * HALF_HOUR);
    meter.write(0xe5, Uint8Array.of(99));
    for (const epc of [0xe2, 0xea, 0xe7, ...epcs]) {
      bytes += meter.read(epc)?.length ?? 0;
      reads++;
    }
    if (day === 1) {
      gc();
      afterFirstDay = process.memoryUsage();
    }
  }
  const wallMs = performance.now() - started;
  gc();
  const after = process.memoryUsage();
  const kib = (from: NodeJS.MemoryUsage, to: NodeJS.MemoryUsage) =>
    `${((to.heapUsed - from.heapUsed) / 1024).toFixed(0)} KiB`;
  return [
    `retention: one emulated LV meter held ${days} simulated days, read daily (E5=99 → E2, EA, E7 and ${epcs.length} next-generation items: ${reads.toLocaleString('en')} reads, ${(bytes / 1024).toFixed(0)} KiB)`,
    `  wall time ${(wallMs / 1000).toFixed(2)} s; baseline: ${days} days against a real meter`,
    `  ratio: ${Math.round((days * DAY) / wallMs).toLocaleString('en')}× faster than real time`,
    `  meter heap: ${kib(afterFirstDay, after)} more after day ${days} than after day 1 (${(((after.heapUsed - afterFirstDay.heapUsed) / 1024 / (days - 1)) * 1000).toFixed(0)} B a day: values are computed on demand, only a per-day prefix sum is kept)`,
  ];
}

function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
