// The next generation's finer values on the clock (seed 通信/システム: 需要家の10%程度以上の5分値を数日
// 以内に; 3%程度以上の5分値を10分以内に): for a share of the fleet's meters, each 5-minute (or
// 1-minute) interval's active energy, reactive energy and voltage, sent when the case's policy says —
// historical data in a batch after the day, real-time data within minutes of the interval's end. As in
// fleet-feed.ts nothing is kept per value: `due` derives what falls in a window of delivery time.
import type { MeterReading, MeterReadings } from './contract.ts';
import { type Fleet, fineReadingTypes } from './fleet.ts';

export interface FineFeedOptions {
  readonly fleet: Fleet;
  /** The fleet numbers of the meters that give these values. */
  readonly meters: readonly number[];
  readonly minutes: 1 | 5;
  /** The intervals fed: those ending in (fromMs, toMs], both on an interval boundary. */
  readonly fromMs: number;
  readonly toMs: number;
  /** When meter `k` sends the interval ending at `endMs`. */
  readonly sendAt: (k: number, endMs: number) => number;
}

/** One value fed: its meter, reading type, interval end and value as sent. */
export interface FineValue {
  readonly meter: string;
  readonly type: string;
  readonly endMs: number;
  readonly value: string;
}

/** `ceil(share × n)` of the meters 0 … n − 1, spread evenly (the share a utility declares, never fewer). */
export function shareOfMeters(n: number, share: number): number[] {
  const count = Math.min(n, Math.ceil(share * n - 1e-9));
  return Array.from({ length: count }, (_, i) => Math.floor((i * n) / count));
}

export class FineFeed {
  constructor(readonly options: FineFeedOptions) {}

  /** The intervals fed, by their number on the fleet's clock (0 = the first after installation). */
  private intervals(): number[] {
    const { fleet, minutes, fromMs, toMs } = this.options;
    const step = minutes * 60_000;
    const first = (fromMs - fleet.options.installedAt) / step;
    return Array.from({ length: (toMs - fromMs) / step }, (_, i) => first + i);
  }

  private endOf(j: number): number {
    return this.options.fleet.options.installedAt + (j + 1) * this.options.minutes * 60_000;
  }

  /** The values sent in (afterMs, uptoMs], as one message (empty when none). */
  due(afterMs: number, uptoMs: number): MeterReadings {
    const { fleet, meters, minutes, sendAt } = this.options;
    const out: MeterReading[] = [];
    for (const k of meters) {
      const js = this.intervals().filter((j) => {
        const t = sendAt(k, this.endOf(j));
        return t > afterMs && t <= uptoMs;
      });
      if (js.length > 0) out.push(fleet.fineReading(k, minutes, js));
    }
    return { MeterReading: out };
  }

  /** When the last value is sent. */
  lastSendMs(): number {
    const ends = this.intervals().map((j) => this.endOf(j));
    return Math.max(...this.options.meters.flatMap((k) => ends.map((e) => this.options.sendAt(k, e))));
  }

  /** Every value fed, by `${meter} ${type} ${endMs}`. */
  fedValues(): Map<string, FineValue> {
    const out = new Map<string, FineValue>();
    const { fleet, meters, minutes } = this.options;
    const types = fineReadingTypes(minutes);
    for (const k of meters) {
      const meter = fleet.meterId(k);
      const js = this.intervals();
      for (const [type, value] of [
        [types.energy, (j: number) => fleet.counterAt(k, minutes, j)],
        [types.reactive, (j: number) => fleet.reactiveAt(k, minutes, j)],
        [types.voltage, (j: number) => fleet.voltageAt(k, minutes, j)],
      ] as const)
        for (const j of js) {
          const endMs = this.endOf(j);
          out.set(fineKey(meter, type, endMs), { meter, type, endMs, value: value(j) });
        }
    }
    return out;
  }
}

export const fineKey = (meter: string, type: string, endMs: number) => `${meter} ${type} ${endMs}`;
