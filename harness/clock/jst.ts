// The meters keep Japan Standard Time (UTC+9, no daylight saving): date-time values on the wire are JST.
import type { MeterDateTime } from '../echonet/values/date-time.ts';

export const JST_OFFSET_MS = 9 * 3_600_000;

export function toJst(epochMs: number): MeterDateTime {
  const d = new Date(epochMs + JST_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

export function fromJst(t: MeterDateTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - JST_OFFSET_MS;
}

/** Epoch ms of JST midnight starting the day that contains `epochMs`. */
export function jstMidnight(epochMs: number): number {
  const day = Math.floor((epochMs + JST_OFFSET_MS) / 86_400_000);
  return day * 86_400_000 - JST_OFFSET_MS;
}
