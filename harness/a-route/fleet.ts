// A fleet of low-voltage meters for the A-route suites and the capacity bench: N meters whose 30-minute
// values are derived from a seed on demand. A meter is a number; nothing is kept per meter, so memory
// does not grow with N. Each meter draws the reference household's load (harness/devices/lv-meter/
// consumption-model.ts: base load, morning and evening peaks, the mean of its noise), scaled by its own
// factor, plus noise that telescopes — slot s adds n(s) − n(s−1) — so the cumulative value at any half
// hour has a closed form: O(1) per meter and slot, three years back as fast as today. A share of the
// meters also gives 5-minute values, each half hour's energy spread evenly over it. A fleet is cut into
// shards (meters i, i + n, i + 2n, … for shard i of n) for separate processes or Playwright shards.
import { JST_OFFSET_MS } from '../clock/jst.ts';
import { householdWatts, NOISE_W } from '../devices/lv-meter/consumption-model.ts';
import { seededHash } from '../seeded-hash.ts';
import type { MeterReading } from './contract.ts';

export const HALF_HOUR_MS = 1_800_000;

/** The interval lengths a meter of the fleet gives values for, minutes. */
export type IntervalMinutes = 1 | 5 | 15 | 30;

/** The reading types of one finer interval (harness/a-route/openapi.json ReadingTypeRef). */
export function fineReadingTypes(minutes: 1 | 5) {
  return {
    energy: `energy-forward-${minutes}min`,
    reactive: `reactive-energy-${minutes}min`,
    voltage: `voltage-${minutes}min`,
  } as const;
}

/** Mean energy of the reference household in each half hour of a JST day, Wh. */
const SLOT_WH: readonly number[] = Array.from({ length: 48 }, (_, k) =>
  Math.round((householdWatts(k / 2 + 0.25) + NOISE_W / 2) / 2),
);
/** SLOT_WH summed over the slots before each (PREFIX_WH[48]: a whole day). */
const PREFIX_WH: readonly number[] = SLOT_WH.map((_, k) =>
  SLOT_WH.slice(0, k).reduce((a, b) => a + b, 0),
).concat(SLOT_WH.reduce((a, b) => a + b, 0));
/** The telescoping noise: 0 to this, Wh (below the least slot energy, so no slot goes negative). */
const NOISE_WH = 40;

export interface FleetOptions {
  readonly seed: number;
  readonly meters: number;
  /** The share of meters that also give 5-minute values (seed 通信/システム: ≥ 10 % of customers); default 0.1. */
  readonly fiveMinuteShare?: number;
  /** Every meter's installation (epoch ms, on a half hour); its counter starts at its own reading. */
  readonly installedAt: number;
  /** What the meters' ids start with (default LV): a run against a real head-end makes its own. */
  readonly idPrefix?: string;
}

export class Fleet {
  /** The installation's half hour within its JST day. */
  private readonly firstSlot: number;

  constructor(readonly options: FleetOptions) {
    this.firstSlot = ((options.installedAt + JST_OFFSET_MS) % 86_400_000) / HALF_HOUR_MS;
    if (options.installedAt % HALF_HOUR_MS !== 0)
      throw new RangeError('the fleet is installed on a half hour (installedAt a multiple of 30 minutes)');
    if (!Number.isInteger(options.meters) || options.meters < 1)
      throw new RangeError('meters: a whole number ≥ 1');
  }

  /** The meter's id at the utility (its mRID): the prefix (LV) and 9 digits. */
  meterId(k: number): string {
    return `${this.options.idPrefix ?? 'LV'}${String(k).padStart(9, '0')}`;
  }

  /** Slot index of the half hour ending at `endMs` (1 for the first half hour after installation). */
  slotEnding(endMs: number): number {
    return (endMs - this.options.installedAt) / HALF_HOUR_MS;
  }

  /** Energy of meter `k` in slot `s` (0 = the first half hour after installation), Wh. */
  slotWh(k: number, s: number): number {
    return this.cumulativeWh(k, s + 1) - this.cumulativeWh(k, s);
  }

  /** Meter `k`'s forward energy over its first `slots` half hours, Wh: closed form. */
  cumulativeWh(k: number, slots: number): number {
    if (slots <= 0) return 0;
    const mean = dayShapeWh(this.firstSlot + slots) - dayShapeWh(this.firstSlot);
    return Math.floor((mean * this.scalePermille(k)) / 1000) + this.noise(k, slots - 1);
  }

  /** The 30-minute value of meter `k` at the end of slot `s`: its counter, 0.01 kWh, 8 digits (6 + 2), rolling over. */
  valueAt(k: number, s: number): string {
    return this.counterText(this.initialUnits(k), this.cumulativeWh(k, s + 1));
  }

  /**
   * Meter `k`'s active energy counter at the end of its interval `j` of `minutes` (0 = the first after
   * installation), as valueAt: within a half hour the slot's energy is spread evenly.
   */
  counterAt(k: number, minutes: IntervalMinutes, j: number): string {
    return this.counterText(this.initialUnits(k), this.whAt(k, minutes, j));
  }

  /** Meter `k`'s reactive energy counter (0.01 kvarh, 8 digits) at the end of interval `j`: 20–50 % of its active energy. */
  reactiveAt(k: number, minutes: IntervalMinutes, j: number): string {
    const permille = 200 + (seededHash(this.options.seed ^ 0x0a1e, k) % 301);
    const start = seededHash(this.options.seed ^ 0x1a58, k) % 100_000_000;
    return this.counterText(start, Math.floor((this.whAt(k, minutes, j) * permille) / 1000));
  }

  /** Meter `k`'s voltage over interval `j`, V to 0.1: 97.0–105.0 (101 ± 6 V is the supply's range). */
  voltageAt(k: number, minutes: IntervalMinutes, j: number): string {
    const tenths = 970 + (seededHash(this.options.seed ^ seededHash(k, minutes), j) % 81);
    return (tenths / 10).toFixed(1);
  }

  /** Meter `k` gives 5-minute values too: the seed picks the fleet's fiveMinuteShare of meters. */
  hasFiveMinute(k: number): boolean {
    return (
      seededHash(this.options.seed ^ 0x0505, k) % 10_000 < (this.options.fiveMinuteShare ?? 0.1) * 10_000
    );
  }

  /** Meter `k`'s forward energy at the end of its interval `j` of `minutes`, Wh. */
  private whAt(k: number, minutes: IntervalMinutes, j: number): number {
    const per = 30 / minutes;
    const s = Math.floor(j / per);
    const before = this.cumulativeWh(k, s);
    return before + Math.floor(((this.cumulativeWh(k, s + 1) - before) * ((j % per) + 1)) / per);
  }

  /** The meters of shard `i` of `n` (0-based): k ≡ i (mod n). */
  *shard(i: number, n: number): Generator<number> {
    for (let k = i; k < this.options.meters; k += n) yield k;
  }

  /** Meter `k`'s active energy values of `minutes` for its intervals [from, to), as one MeterReading of the contract. */
  reading(k: number, from: number, to: number, minutes: IntervalMinutes = 30): MeterReading {
    const readings = [];
    for (let j = from; j < to; j++)
      readings.push({ timeStamp: this.endText(minutes, j), value: this.counterAt(k, minutes, j) });
    return {
      Meter: { mRID: this.meterId(k) },
      IntervalBlocks: [{ ReadingType: { ref: `energy-forward-${minutes}min` }, IntervalReadings: readings }],
    };
  }

  /** Meter `k`'s active energy, reactive energy and voltage of `minutes` for intervals `js`, one block each. */
  fineReading(k: number, minutes: 1 | 5, js: readonly number[]): MeterReading {
    const types = fineReadingTypes(minutes);
    const block = (ref: string, value: (j: number) => string) => ({
      ReadingType: { ref },
      IntervalReadings: js.map((j) => ({ timeStamp: this.endText(minutes, j), value: value(j) })),
    });
    return {
      Meter: { mRID: this.meterId(k) },
      IntervalBlocks: [
        block(types.energy, (j) => this.counterAt(k, minutes, j)),
        block(types.reactive, (j) => this.reactiveAt(k, minutes, j)),
        block(types.voltage, (j) => this.voltageAt(k, minutes, j)),
      ],
    };
  }

  /** When interval `j` of `minutes` ends, ISO 8601. */
  private endText(minutes: IntervalMinutes, j: number): string {
    return new Date(this.options.installedAt + (j + 1) * minutes * 60_000).toISOString();
  }

  /** An 8-digit counter (0.01 units, 6 + 2 digits) from `startUnits` after `wh` (or varh), rolling over. */
  private counterText(startUnits: number, wh: number): string {
    const units = (startUnits + Math.floor(wh / 10)) % 100_000_000;
    return (units / 100).toFixed(2).padStart(9, '0');
  }

  /** 500–1 500 ‰: this meter's household against the reference one. */
  private scalePermille(k: number): number {
    return 500 + (seededHash(this.options.seed, k) % 1001);
  }

  /** The telescoping noise after slot `s` (0 before the first). */
  private noise(k: number, s: number): number {
    return s < 0 ? 0 : seededHash(this.options.seed ^ seededHash(k, 0x5eed), s) % NOISE_WH;
  }

  /** The counter at installation, 0.01 kWh: anywhere in its 8 digits. */
  private initialUnits(k: number): number {
    return seededHash(this.options.seed ^ 0x1a57, k) % 100_000_000;
  }
}

/** The reference household's mean energy over the first `n` half hours from a JST midnight, Wh. */
function dayShapeWh(n: number): number {
  return Math.floor(n / 48) * PREFIX_WH[48]! + PREFIX_WH[n % 48]!;
}
