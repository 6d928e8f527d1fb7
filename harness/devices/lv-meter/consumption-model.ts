// A reproducible household load (and optional rooftop solar) for the emulated meter: one integer power
// value per minute from a seed, so any instant's counters can be computed without simulating the past
// minute by minute more than once. Energy is kept in watt-minutes (exact integers; 60 000 W·min = 1 kWh).
// A scripted load (scripted-load.ts, profile `target.meter.load`) replaces the seeded curve when given.

import { MINUTE } from '../../clock/durations.ts';
import { JST_OFFSET_MS } from '../../clock/jst.ts';
import { seededHash } from '../../seeded-hash.ts';
import type { ScriptedLoad } from './scripted-load.ts';

export interface ConsumptionModelOptions {
  readonly seed: number;
  /** The meter's installation instant (epoch ms): nothing is recorded before it. */
  readonly installedAt: number;
  /** Peak solar generation in W; 0 = no generation, so no reverse flow. */
  readonly solarPeakW: number;
  /** Net power in steps instead of the seeded load and solar curves. */
  readonly load?: ScriptedLoad;
}

export interface Counters {
  readonly forwardWmin: number;
  readonly reverseWmin: number;
  /** Lagging reactive energy, var·min: from a scripted load only (the seeded curve has none). */
  readonly laggingVarmin?: number;
}

const DAY_MINUTES = 1440;

export class ConsumptionModel {
  private readonly startMinute: number;
  /** prefix[k] = counters at the start of JST day (startDay + k). */
  private readonly dayPrefix: Counters[] = [];
  private readonly startDay: number;

  constructor(private readonly options: ConsumptionModelOptions) {
    this.startMinute = Math.ceil(options.installedAt / MINUTE);
    this.startDay = jstDay(this.startMinute);
  }

  /** Net power (W) during the minute that contains `epochMs`: positive = consumption from the grid. */
  powerAt(epochMs: number): number {
    const { load } = this.options;
    if (load) return load.wattsAt(epochMs - this.options.installedAt);
    const minute = Math.floor(epochMs / MINUTE);
    return this.seededLoad(minute) - this.solar(minute);
  }

  /** Cumulative counters at `epochMs` (whole minutes elapsed since installation); undefined before it. */
  countersAt(epochMs: number): Counters | undefined {
    const minute = Math.floor(epochMs / MINUTE);
    if (minute < this.startMinute) return undefined;
    if (this.options.load) return this.scripted(this.options.load, minute);
    const day = jstDay(minute);
    const base = this.prefixAtDay(day);
    const from = Math.max(this.startMinute, day * DAY_MINUTES - JST_OFFSET_MS / MINUTE);
    return this.sumMinutes(from, minute, base);
  }

  /** A scripted load's energy from the first whole minute after installation to `minute`. */
  private scripted(load: ScriptedLoad, minute: number): Counters {
    const offset = (m: number) => m * MINUTE - this.options.installedAt;
    const [from, to] = [load.energyTo(offset(this.startMinute)), load.energyTo(offset(minute))];
    return {
      forwardWmin: (to.forwardWms - from.forwardWms) / MINUTE,
      reverseWmin: (to.reverseWms - from.reverseWms) / MINUTE,
      laggingVarmin: (to.laggingVarms - from.laggingVarms) / MINUTE,
    };
  }

  private prefixAtDay(day: number): Counters {
    if (this.dayPrefix.length === 0) this.dayPrefix.push({ forwardWmin: 0, reverseWmin: 0 });
    while (this.startDay + this.dayPrefix.length - 1 < day) {
      const k = this.dayPrefix.length - 1;
      const dayStart = Math.max(this.startMinute, (this.startDay + k) * DAY_MINUTES - JST_OFFSET_MS / MINUTE);
      const dayEnd = (this.startDay + k + 1) * DAY_MINUTES - JST_OFFSET_MS / MINUTE;
      this.dayPrefix.push(this.sumMinutes(dayStart, dayEnd, this.dayPrefix[k]!));
    }
    return this.dayPrefix[day - this.startDay]!;
  }

  private sumMinutes(from: number, to: number, base: Counters): Counters {
    let { forwardWmin, reverseWmin } = base;
    for (let m = from; m < to; m++) {
      const net = this.seededLoad(m) - this.solar(m);
      if (net >= 0) forwardWmin += net;
      else reverseWmin -= net;
    }
    return { forwardWmin, reverseWmin };
  }

  /** 150–3 500 W: the household's shape and per-minute noise from the seed. */
  private seededLoad(minute: number): number {
    const hour = ((((minute * MINUTE + JST_OFFSET_MS) / 3_600_000) % 24) + 24) % 24;
    return Math.round(householdWatts(hour) + (seededHash(this.options.seed, minute) % NOISE_W));
  }

  /** Clear-sky bell between 06:00 and 18:00 JST, scaled to the peak. */
  private solar(minute: number): number {
    if (this.options.solarPeakW <= 0) return 0;
    const hour = ((((minute * MINUTE + JST_OFFSET_MS) / 3_600_000) % 24) + 24) % 24;
    if (hour < 6 || hour >= 18) return 0;
    return Math.round(this.options.solarPeakW * Math.sin(((hour - 6) / 12) * Math.PI));
  }
}

export function jstDay(minute: number): number {
  return Math.floor((minute + JST_OFFSET_MS / MINUTE) / DAY_MINUTES);
}

/** The per-minute noise of the seeded load: 0 to this, in W. */
export const NOISE_W = 1200;

/** The seeded household's load at JST `hour` (0–24, fractional) without its noise: a base load, morning and evening peaks. */
export function householdWatts(hour: number): number {
  const peaks = 900 * bump(hour, 7.5, 1.5) + 1600 * bump(hour, 19.5, 2.5);
  return 150 + peaks; // in this order: the seeded load's values are those recorded in fixtures/
}

function bump(hour: number, centre: number, width: number): number {
  const d = (hour - centre) / width;
  return Math.exp(-d * d);
}
