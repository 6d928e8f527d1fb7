// The bidirectional high-voltage smart electric energy meter object 0x028F01 (APPENDIX Release R, class
// 0x028F): the class properties the config implements, computed on demand from the household
// ConsumptionModel (load and solar) scaled up to an HV customer that exports around noon, and from the
// clock (JST); the selectors E1 → C6/C8/E7/E8 and EF → ED/EE; fault switches that break one rule each.
//
// Choices where the class data says no more than the format (see also hv-bidirectional-meter-config.ts):
// - Forward (normal) = energy taken from the grid, reverse = energy sent to it; every register counts
//   its own direction only. Values are raw × D3 × D4 × their unit (E6 active, C5 demand, CD reactive),
//   whole steps: raw = floor(energy / step), rolled over at 10^digits (E5, CC), demand saturating at 10^C4 − 1.
// - D0, E2 (active), D1, D5 (lagging reactive) and D6 (leading reactive) are the readings at the present
//   minute, stamped hh:mm:00; C3 and E3 at the latest :00/:30.
// - Reactive energy of a direction = its active energy × tan φ (config.lagTan, config.leadTan). D1 and EE
//   (力測, for the power factor) count every hour, so they equal D5: whether a power-factor window of the
//   day applies is not in the class data.
// - ED/EE (APPENDIX 0x028F, unverified order): the selected minute first, then each minute before it;
//   0xFFFFFFFE for a minute after now, before installation or older than the one-minute retention.
// - C1: the largest demand per direction of the half hours since 00:00 JST of the latest fixed date E0.
// - EB: per-phase current of the net power at the line voltage, signed as the flow (negative = reverse);
//   three-phase three-wire: I = P / (√3 · V · cos φ) on R and T; single-phase two-wire: I = P / (V · cos φ)
//   on R and T = 0x7FFFFFFE.

import { fieldRangeOf, findProperty, fixedSizeOf, rangeOf } from '../../classes/class-facts.ts';
import type { Clock } from '../../clock/clock.ts';
import { DAY, HALF_HOUR, MINUTE } from '../../clock/durations.ts';
import { fromJst, jstMidnight, toJst } from '../../clock/jst.ts';
import { concatBytes } from '../../echonet/bytes.ts';
import { eoj } from '../../echonet/eoj.ts';
import { fromHex } from '../../echonet/hex.ts';
import { decodeDateTime6, encodeDateTime, encodeDateTime6 } from '../../echonet/values/date-time.ts';
import { writeSigned, writeUnsigned } from '../../echonet/values/integer.ts';
import { NO_DATA_I32, NO_DATA_U32, NO_DAY_U16, UNSET_DAY_SELECTOR } from '../../echonet/values/sentinels.ts';
import { coefficientMultiplierExponent, unitExponent } from '../../echonet/values/unit.ts';
import { ConsumptionModel, type Counters } from '../lv-meter/consumption-model.ts';
import type { DeviceObject } from '../node/device-object.ts';
import { SuperClassProperties } from '../node/super-class-properties.ts';
import type { HvBidirectionalMeterConfig } from './hv-bidirectional-meter-config.ts';

export const HV_BIDIRECTIONAL_METER = eoj('028F01');

const CLASS = 0x028f;
const E1_DAYS = rangeOf(CLASS, 0xe1);
const DAY_HISTORY_SIZE = fixedSizeOf(CLASS, 0xe7);
/** EF's segment count n: 1..10 (APPENDIX 0x028F EF, class data). */
const EF_SEGMENTS = fieldRangeOf(CLASS, 0xef, 'n');
const EF_DEFAULT = fromHex(classProperty(0xef).default ?? 'FFFFFFFFFFFF01');

/** W·min in one kWh. */
const WMIN_PER_KWH = 60_000n;
const TAN_SCALE = 1_000_000;

type Direction = 'forward' | 'reverse';
type Quantity = 'active' | 'lag' | 'lead';

export class HvBidirectionalMeterObject implements DeviceObject {
  readonly eoj = HV_BIDIRECTIONAL_METER;
  readonly getMap = [
    0x80, 0x81, 0x82, 0x88, 0x8a, 0x9d, 0x9e, 0x9f, 0xc0, 0xc1, 0xc3, 0xc4, 0xc5, 0xc6, 0xc8, 0xcc, 0xcd,
    0xd0, 0xd1, 0xd3, 0xd4, 0xd5, 0xd6, 0xe0, 0xe1, 0xe2, 0xe3, 0xe5, 0xe6, 0xe7, 0xe8, 0xea, 0xeb, 0xed,
    0xee, 0xef,
  ];
  readonly setMap = [0x81, 0xe1, 0xef];
  readonly announceMap = [0x80, 0x81, 0x88];

  private readonly model: ConsumptionModel;
  private readonly superClass: SuperClassProperties;
  private readonly exponents: Readonly<Record<'energy' | 'demand' | 'reactive' | 'multiplier', number>>;
  private historyDay = UNSET_DAY_SELECTOR;
  private selector = EF_DEFAULT;
  /** Model counters at half-hour boundaries, computed once each. */
  private readonly boundaries = new Map<number, Counters | undefined>();

  constructor(
    private readonly config: HvBidirectionalMeterConfig,
    private readonly clock: Clock,
  ) {
    this.superClass = new SuperClassProperties(this, config.makerCode);
    const multiplier = coefficientMultiplierExponent(config.multiplierCode);
    if (multiplier === undefined) throw new RangeError(`D4 code ${config.multiplierCode} is not 0x00..0x03`);
    this.exponents = {
      energy: unitOf(config.energyUnitCode, 'E6'),
      demand: unitOf(config.demandUnitCode, 'C5'),
      reactive: unitOf(config.reactiveUnitCode, 'CD'),
      multiplier,
    };
    check(config.coefficient, 1, 999_999, 'D3 coefficient');
    for (const [digits, what] of [
      [config.energyDigits, 'E5 digits'],
      [config.demandDigits, 'C4 digits'],
      [config.reactiveDigits, 'CC digits'],
    ] as const)
      check(digits, 1, 8, what);
    check(config.fixedDate, 1, 31, 'E0 fixed date');
    check(config.loadScale, 1, 1_000_000, 'load scale');
    if (config.routeBIdFree.length !== 12) throw new RangeError('C0 free area must be 12 bytes');
    this.model = new ConsumptionModel({
      seed: config.seed,
      installedAt: config.installedAt,
      solarPeakW: config.solarPeakW,
    });
  }

  private fault(name: string): boolean {
    return this.config.faults.has(name);
  }

  read(epc: number): Uint8Array | undefined {
    if (!this.getMap.includes(epc)) return undefined;
    const common = this.superClass.read(epc);
    if (common) return common;
    const now = this.clock.now();
    const minute = Math.floor(now / MINUTE) * MINUTE;
    const boundary = Math.floor(now / HALF_HOUR) * HALF_HOUR;
    const c = this.config;
    switch (epc) {
      case 0xc0: // 0x00, maker code, 12 bytes free (APPENDIX 0x028F C0, Japan)
        return concatBytes(Uint8Array.of(0x00), writeUnsigned(c.makerCode, 3), c.routeBIdFree);
      case 0xc1:
        return concatBytes(...(['forward', 'reverse'] as const).map((d) => u32(this.monthlyMax(now, d))));
      case 0xc3:
        return stamped(boundary, this.demand(boundary, 'forward'), this.demand(boundary, 'reverse'));
      case 0xc4:
        return Uint8Array.of(c.demandDigits);
      case 0xc5:
        return Uint8Array.of(c.demandUnitCode);
      case 0xc6:
        return this.dayHistory((at) => this.demand(at, 'forward'));
      case 0xc8:
        return this.dayHistory((at) => this.demand(at, 'reverse'));
      case 0xcc:
        return Uint8Array.of(c.reactiveDigits);
      case 0xcd:
        return Uint8Array.of(c.reactiveUnitCode);
      case 0xd0: {
        // fault d0-previous-minute-value: the present minute's stamp on the reading of the minute before
        const at = this.fault('d0-previous-minute-value') ? minute - MINUTE : minute;
        const stamp = this.fault('d0-stamp-seconds') ? Math.floor(now / 1000) * 1000 : minute;
        return stamped(stamp, this.value('active', at, 'forward'), this.value('active', at, 'reverse'));
      }
      case 0xd1: {
        const [forward, reverse] = [
          this.value('lag', minute, 'forward'),
          this.value('lag', minute, 'reverse'),
        ];
        return this.fault('d1-forward-reverse-swapped')
          ? stamped(minute, reverse, forward)
          : stamped(minute, forward, reverse);
      }
      case 0xd3:
        return writeUnsigned(c.coefficient, 4);
      case 0xd4:
        return Uint8Array.of(c.multiplierCode);
      case 0xd5:
        return stamped(minute, this.value('lag', minute, 'forward'), this.value('lag', minute, 'reverse'));
      case 0xd6:
        return stamped(minute, this.value('lead', minute, 'forward'), this.value('lead', minute, 'reverse'));
      case 0xe0:
        return Uint8Array.of(c.fixedDate);
      case 0xe1:
        return Uint8Array.of(this.historyDay);
      case 0xe2:
        return stamped(
          minute,
          this.value('active', minute, 'forward'),
          this.value('active', minute, 'reverse'),
        );
      case 0xe3:
        return stamped(
          boundary,
          this.value('active', boundary, 'forward'),
          this.value('active', boundary, 'reverse'),
        );
      case 0xe5:
        return Uint8Array.of(c.energyDigits);
      case 0xe6:
        return Uint8Array.of(c.energyUnitCode);
      case 0xe7:
        return this.dayHistory((at) => this.value('active', at, 'forward'));
      case 0xe8:
        return this.dayHistory((at) => this.value('active', at, 'reverse'));
      case 0xea: // signed W of the net flow: positive forward, negative reverse
        return writeSigned(Math.round(this.model.powerAt(now) * c.loadScale), 4);
      case 0xeb:
        return this.currents(now);
      case 0xed:
        return this.minuteHistory('active', this.selector, this.fault('ed-oldest-first'));
      case 0xee:
        // fault ee-ignores-ef: the latest minutes instead of the instant EF selected
        return this.minuteHistory(
          'lag',
          this.fault('ee-ignores-ef')
            ? concatBytes(encodeSelector(minute), this.selector.subarray(6))
            : this.selector,
          false,
        );
      case 0xef:
        return this.selector;
      default:
        return undefined;
    }
  }

  write(epc: number, edt: Uint8Array): boolean {
    const common = this.superClass.write(epc, edt);
    if (common !== undefined) return common;
    switch (epc) {
      case 0xe1: // day 0 (today) .. the class data's maximum (99); anything else gets SetC_SNA
        if (edt.length !== 1 || (edt[0] as number) > E1_DAYS.max) return false;
        this.historyDay = edt[0] as number;
        return true;
      case 0xef: {
        // a date-time_6 and n segments of the range ED's size allows (1..10)
        const max = EF_SEGMENTS.max + (this.fault('ef-11-segments-accepted') ? 1 : 0);
        if (edt.length !== 7) return false;
        const start = decodeDateTime6(edt);
        const n = edt[6] as number;
        if (!start.ok || start.value === 'unset' || n < EF_SEGMENTS.min || n > max) return false;
        this.selector = edt.slice();
        return true;
      }
      default:
        return false;
    }
  }

  // ---- registers ------------------------------------------------------------------------------------

  /** Scaled counters (W·min) at the minute-aligned `at`; undefined before installation or after now. */
  private counters(at: number): Counters | undefined {
    if (at > this.clock.now()) return undefined;
    const boundary = Math.floor(at / HALF_HOUR) * HALF_HOUR;
    let base = this.boundaryCounters(boundary);
    if (base === undefined) base = this.model.countersAt(at);
    else base = this.advance(base, boundary, at);
    if (base === undefined) return undefined;
    const scale = this.config.loadScale;
    return {
      forwardWmin: base.forwardWmin * scale + this.config.counterOffsetWmin,
      reverseWmin: base.reverseWmin * scale,
    };
  }

  /** Model counters at a half-hour boundary: the previous boundary plus its 30 minutes, when known. */
  private boundaryCounters(at: number): Counters | undefined {
    if (this.boundaries.has(at)) return this.boundaries.get(at);
    const previous = this.boundaries.get(at - HALF_HOUR);
    const value =
      previous === undefined ? this.model.countersAt(at) : this.advance(previous, at - HALF_HOUR, at);
    this.boundaries.set(at, value);
    return value;
  }

  /** `base` (the counters at `from`) plus the net flow of each minute in [from, to). */
  private advance(base: Counters, from: number, to: number): Counters {
    let { forwardWmin, reverseWmin } = base;
    for (let t = from; t < to; t += MINUTE) {
      const net = this.model.powerAt(t);
      if (net >= 0) forwardWmin += net;
      else reverseWmin -= net;
    }
    return { forwardWmin, reverseWmin };
  }

  /** Register steps (not rolled over) of a quantity and direction at `at`. */
  private steps(quantity: Quantity, at: number, direction: Direction): number | undefined {
    const counters = this.counters(at);
    if (!counters) return undefined;
    const active = BigInt(direction === 'forward' ? counters.forwardWmin : counters.reverseWmin);
    if (quantity === 'active') return this.toSteps(active, this.exponents.energy);
    const tan = (quantity === 'lag' ? this.config.lagTan : this.config.leadTan)[direction];
    const varmin = (active * BigInt(Math.round(tan * TAN_SCALE))) / BigInt(TAN_SCALE);
    return this.toSteps(varmin, this.exponents.reactive);
  }

  /** The value a register shows: steps rolled over at 10^digits (E5 active, CC reactive). */
  private value(quantity: Quantity, at: number, direction: Direction): number | undefined {
    const steps = this.steps(quantity, at, direction);
    const digits = quantity === 'active' ? this.config.energyDigits : this.config.reactiveDigits;
    return steps === undefined ? undefined : steps % 10 ** digits;
  }

  /** floor(W·min / (60 000 × D3 × 10^(unit + D4))): whole register steps, exactly. */
  private toSteps(wmin: bigint, unit: number): number {
    const exponent = unit + this.exponents.multiplier;
    const perStep = WMIN_PER_KWH * BigInt(this.config.coefficient);
    if (exponent >= 0) return Number(wmin / (perStep * 10n ** BigInt(exponent)));
    return Number((wmin * 10n ** BigInt(-exponent)) / perStep);
  }

  /** Demand (C5 steps) of the half hour ending at `end`: 2 × its energy, converted from E6 steps. */
  private demand(end: number, direction: Direction): number | undefined {
    const to = this.steps('active', end, direction);
    const from = this.steps('active', end - HALF_HOUR, direction);
    if (to === undefined || from === undefined) return undefined;
    const energy = BigInt(to - from) * 2n;
    const shift = this.exponents.energy - this.exponents.demand;
    const value = Number(shift >= 0 ? energy * 10n ** BigInt(shift) : energy / 10n ** BigInt(-shift));
    return Math.min(value, 10 ** this.config.demandDigits - 1);
  }

  /** C1 of a direction: the largest demand of the half hours ending after the latest fixed date. */
  private monthlyMax(now: number, direction: Direction): number | undefined {
    let max: number | undefined;
    for (let b = this.periodStart(now) + HALF_HOUR; b <= now; b += HALF_HOUR) {
      const d = this.demand(b, direction);
      if (d !== undefined && (max === undefined || d > max)) max = d;
    }
    return max;
  }

  /** 00:00 JST of the latest fixed date at or before `at` (E0 past a month's end = its last day). */
  private periodStart(at: number): number {
    const t = toJst(at);
    const here = this.fixedDateIn(t.year, t.month);
    if (here <= at) return here;
    return t.month === 1 ? this.fixedDateIn(t.year - 1, 12) : this.fixedDateIn(t.year, t.month - 1);
  }

  private fixedDateIn(year: number, month: number): number {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return fromJst({
      year,
      month,
      day: Math.min(this.config.fixedDate, last),
      hour: 0,
      minute: 0,
      second: 0,
    });
  }

  /** C6/C8/E7/E8 for the day E1 selects: day u16 + 48 × u32, 00:00 → 23:30; 0x00FF and no data unset. */
  private dayHistory(valueAt: (at: number) => number | undefined): Uint8Array {
    const out = new Uint8Array(DAY_HISTORY_SIZE);
    const unset = this.historyDay === UNSET_DAY_SELECTOR;
    out.set(writeUnsigned(unset ? NO_DAY_U16 : this.historyDay, 2));
    const midnight = jstMidnight(this.clock.now()) - this.historyDay * DAY;
    for (let i = 0; i < 48; i++)
      out.set(
        writeUnsigned((unset ? undefined : valueAt(midnight + i * HALF_HOUR)) ?? NO_DATA_U32, 4),
        2 + 4 * i,
      );
    return out;
  }

  /** ED (active) / EE (lagging reactive): the selection, then n (forward, reverse) pairs, newest first. */
  private minuteHistory(quantity: Quantity, selection: Uint8Array, oldestFirst: boolean): Uint8Array {
    const start = decodeDateTime6(selection);
    const n = selection[6] as number;
    if (!start.ok || start.value === 'unset') return concatBytes(selection, u32(undefined), u32(undefined));
    const first = fromJst(start.value);
    const now = this.clock.now();
    const parts: Uint8Array[] = [selection];
    for (let i = 0; i < n; i++) {
      const at = first - (oldestFirst ? n - 1 - i : i) * MINUTE;
      const kept = at >= now - this.config.oneMinuteRetentionMs;
      for (const direction of ['forward', 'reverse'] as const)
        parts.push(u32(kept ? this.value(quantity, at, direction) : undefined));
    }
    return concatBytes(...parts);
  }

  /** EB: R and T currents in 0.1 A, signed as the flow; T = 0x7FFFFFFE on single-phase two-wire. */
  private currents(now: number): Uint8Array {
    const watts = this.model.powerAt(now) * this.config.loadScale;
    const cosPhi = 1 / Math.sqrt(1 + this.config.lagTan.forward ** 2);
    const threePhase = this.config.wiring === 'three-phase-3-wire';
    const volts = this.config.lineVoltage * (threePhase ? Math.sqrt(3) : 1);
    const deciAmps = Math.round((watts / (volts * cosPhi)) * 10);
    if (threePhase) return concatBytes(writeSigned(deciAmps, 4), writeSigned(deciAmps, 4));
    // fault eb-t-phase-not-no-data: 0 A on the phase a two-wire meter does not have
    const t = this.fault('eb-t-phase-not-no-data') ? writeSigned(0, 4) : writeUnsigned(NO_DATA_I32, 4);
    return concatBytes(writeSigned(deciAmps, 4), t);
  }
}

function classProperty(epc: number) {
  const definition = findProperty(CLASS, epc);
  if (!definition) throw new RangeError(`no class data for EPC 0x${epc.toString(16)} of 0x028F`);
  return definition;
}

function u32(value: number | undefined): Uint8Array {
  return writeUnsigned(value ?? NO_DATA_U32, 4);
}

/** date-time (7 bytes, JST) + forward u32 + reverse u32 (0xFFFFFFFE without data). */
function stamped(at: number, forward: number | undefined, reverse: number | undefined): Uint8Array {
  return concatBytes(encodeDateTime(toJst(at)), u32(forward), u32(reverse));
}

/** The date-time_6 of a selection (EF) at `at`. */
function encodeSelector(at: number): Uint8Array {
  return encodeDateTime6(toJst(at));
}

function unitOf(code: number, epc: string): number {
  const exponent = unitExponent(code);
  if (exponent === undefined)
    throw new RangeError(`${epc} unit code 0x${code.toString(16)} is not in the table`);
  return exponent;
}

function check(value: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${what} must be an integer ${min}..${max}, got ${value}`);
}
