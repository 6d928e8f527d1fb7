// A fleet of low-voltage meters for the A-route suites and the capacity bench: N meters whose 30-minute
// values are derived from a seed on demand. A meter is a number; nothing is kept per meter, so memory
// does not grow with N. Each meter draws the reference household's load (harness/devices/lv-meter/
// consumption-model.ts: base load, morning and evening peaks, the mean of its noise), scaled by its own
// factor, plus noise that telescopes — slot s adds n(s) − n(s−1) — so the cumulative value at any half
// hour has a closed form: O(1) per meter and slot, three years back as fast as today. A share of the
// meters also gives 5-minute values, each half hour's energy spread evenly over it. A fleet is cut into
// shards (meters i, i + n, i + 2n, … for shard i of n) for separate processes or Playwright shards.
import { JST_OFFSET_MS } from '../clock/jst.ts';
import { householdWatts, NOISE_W, seededHash } from '../devices/lv-meter/consumption-model.ts';
import type { MeterReading } from './contract.ts';

export const HALF_HOUR_MS = 1_800_000;
export const FIVE_MINUTES_MS = 300_000;

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
    return this.counterText(k, this.cumulativeWh(k, s + 1));
  }

  /** Meter `k` gives 5-minute values too: the seed picks the fleet's fiveMinuteShare of meters. */
  hasFiveMinute(k: number): boolean {
    return (
      seededHash(this.options.seed ^ 0x0505, k) % 10_000 < (this.options.fiveMinuteShare ?? 0.1) * 10_000
    );
  }

  /**
   * Meter `k`'s counter at the end of 5-minute slot `j` (0 = the first after installation), as valueAt:
   * within a half hour the slot's energy is spread evenly, so every sixth value is the 30-minute one.
   */
  fiveMinuteValueAt(k: number, j: number): string {
    const s = Math.floor(j / 6);
    const before = this.cumulativeWh(k, s);
    const wh = before + Math.floor(((this.cumulativeWh(k, s + 1) - before) * ((j % 6) + 1)) / 6);
    return this.counterText(k, wh);
  }

  /** The meters of shard `i` of `n` (0-based): k ≡ i (mod n). */
  *shard(i: number, n: number): Generator<number> {
    for (let k = i; k < this.options.meters; k += n) yield k;
  }

  /** Meter `k`'s 30-minute values for slots [from, to) (5-minute ones: `five`), as one MeterReading of the contract. */
  reading(k: number, from: number, to: number, five = false): MeterReading {
    const readings = [];
    const step = five ? FIVE_MINUTES_MS : HALF_HOUR_MS;
    for (let s = from; s < to; s++)
      readings.push({
        timeStamp: new Date(this.options.installedAt + (s + 1) * step).toISOString(),
        value: five ? this.fiveMinuteValueAt(k, s) : this.valueAt(k, s),
      });
    const ref = five ? 'energy-forward-5min' : 'energy-forward-30min';
    return {
      Meter: { mRID: this.meterId(k) },
      IntervalBlocks: [{ ReadingType: { ref }, IntervalReadings: readings }],
    };
  }

  /** The 8-digit counter (0.01 kWh, 6 + 2 digits) after `wh` since installation. */
  private counterText(k: number, wh: number): string {
    const units = (this.initialUnits(k) + Math.floor(wh / 10)) % 100_000_000;
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
