// The high-voltage smart electric energy meter object 0x028A01 (APPENDIX Release R, class 0x028A):
// every class property the config implements, computed from the household ConsumptionModel scaled up to
// an HV customer and from the clock (JST), the atomic selector E1 → C6/CE/E7, and the fault switches
// that break one rule each.
//
// Choices where the class data says no more than the format (see also hv-meter-config.ts):
// - Scaling: every value is raw × D3 × D4 × its unit (E6 active, C5 demand, C7 cumulative max demand,
//   CD reactive). Registers keep whole steps: raw = floor(energy / step).
// - E2 (and CA) are the reading at the present minute, stamped hh:mm:00. E3 (and CB) are the reading at
//   the latest :00/:30.
// - E4 (力測 active energy) mirrors E2, not E3: it pairs with CA (力測 reactive, present value; CB is the
//   fixed-time one), so E4 and CA carry the same instant and give a power factor. It counts every hour:
//   whether 力測 counters count only in a power-factor window of the day is not in the class data.
// - Reactive (lagging) energy = active energy × tan φ (config.tanPhi), floored to var·min.
// - Demand of the half hour ending at a boundary b (C3 stamped b, C6 slot b, candidate for C1):
//   2 × (E(b) − E(b − 30 min)) taken from the active-energy register in E6 steps (not rolled over),
//   converted to C5 steps (D3 and D4 apply to both and cancel). Exact when C5 is as fine as E6 or
//   finer; when C5 is coarser it is truncated (floor) to whole C5 steps. Saturates at 10^C4 − 1.
// - C1: the largest demand of the half hours ending after 00:00 JST of the latest fixed date E0 (the
//   half hour ending exactly at 00:00 of the fixed date belongs to the previous period); E0 past the
//   end of a short month means its last day. No complete half hour yet: 0xFFFFFFFE.
// - C2 (optional, unit C7): the sum of the monthly maxima of the completed periods since installation
//   (a cumulative demand register adds the month's maximum at each fixed date); 0 before the first.
// - C6/CE/E7 slot i = the value at 00:00 + i × 30 min of the day E1 days ago (C6: the demand of the
//   half hour ending then); 0xFFFFFFFE after now and before installation; day 0x00FF and no data while
//   E1 was never set.
import { fixedSizeOf, rangeOf, requiredEpcs } from '../../classes/class-facts.ts';
import type { Clock } from '../../clock/clock.ts';
import { DAY, HALF_HOUR, MINUTE } from '../../clock/durations.ts';
import { fromJst, jstMidnight, toJst } from '../../clock/jst.ts';
import { HV_METER } from '../../echonet/eoj.ts';
import { encodeDateTime } from '../../echonet/values/date-time.ts';
import { encodeDayHistory } from '../../echonet/values/day-history.ts';
import { writeUnsigned } from '../../echonet/values/integer.ts';
import { NO_DATA_U32, NO_DAY_U16, UNSET_DAY_SELECTOR } from '../../echonet/values/sentinels.ts';
import { coefficientMultiplierExponent, UNIT_CODES, unitExponent } from '../../echonet/values/unit.ts';
import { ConsumptionModel } from '../lv-meter/consumption-model.ts';
import type { DeviceObject } from '../node/device-object.ts';
import { SuperClassProperties } from '../node/super-class-properties.ts';
import type { HvMeterConfig } from './hv-meter-config.ts';

const E1_DAYS = rangeOf(0x028a, 0xe1);
const HISTORY_SIZE = fixedSizeOf(0x028a, 0xe7);

/** W·min in one kWh. */
const WMIN_PER_KWH = 60_000n;
/** Cumulative maximum demand C2: 0..99 999 999 (class data range). */
const C2_MAX = 99_999_999;
const TAN_SCALE = 1_000_000n;

type HistoryKind = 'active' | 'reactive' | 'demand';

export class HvMeterObject implements DeviceObject {
  readonly eoj = HV_METER;
  readonly getMap: readonly number[];
  readonly setMap = [0x81, 0xe1];
  readonly announceMap = [0x80, 0x81, 0x88];

  private readonly model: ConsumptionModel;
  private readonly energyExponent: number;
  private readonly demandExponent: number;
  private readonly multiplierExponent: number;
  private readonly tanMicro: bigint;
  private readonly superClass: SuperClassProperties;
  private historyDay = UNSET_DAY_SELECTOR;
  /** Household-model W·min at half-hour boundaries, computed once each (deterministic, fault-free). */
  private readonly boundaryWmin = new Map<number, number | undefined>();
  /** Largest demand (C5 steps) of a completed period, by period start (fault-free). */
  private readonly periodMax = new Map<number, number | undefined>();

  constructor(
    private readonly config: HvMeterConfig,
    private readonly clock: Clock,
  ) {
    this.superClass = new SuperClassProperties(this, config.makerCode);
    this.energyExponent = unitOf(config.energyUnitCode, 'E6');
    this.demandExponent = unitOf(config.demandUnitCode, 'C5');
    unitOf(config.reactiveUnitCode, 'CD');
    if (config.cumulativeDemandUnitCode !== undefined) unitOf(config.cumulativeDemandUnitCode, 'C7');
    const multiplier = coefficientMultiplierExponent(config.multiplierCode);
    if (multiplier === undefined) throw new RangeError(`D4 code ${config.multiplierCode} is not 0x00..0x03`);
    this.multiplierExponent = multiplier;
    check(config.coefficient, 1, 999_999, 'D3 coefficient');
    check(config.energyDigits, 1, 8, 'E5 digits');
    check(config.demandDigits, 1, 8, 'C4 digits');
    check(config.reactiveDigits, 1, 8, 'CC digits');
    check(config.fixedDate, 1, 31, 'E0 fixed date');
    check(config.loadScale, 1, 1_000_000, 'load scale');
    if (!(config.tanPhi >= 0 && config.tanPhi <= 10)) throw new RangeError(`tanPhi ${config.tanPhi}`);
    this.tanMicro = BigInt(Math.round(config.tanPhi * Number(TAN_SCALE)));
    this.model = new ConsumptionModel({ seed: config.seed, installedAt: config.installedAt, solarPeakW: 0 });
    const cumulative = config.cumulativeDemandUnitCode === undefined ? [] : [0xc2, 0xc7];
    const reactive = config.reactive ? [0xca, 0xcb, 0xcc, 0xcd, 0xce] : [];
    // the Get map: what the class data requires, and the optional EPCs this meter serves
    this.getMap = [...new Set([...requiredEpcs(0x028a, 'get'), 0xe4, ...cumulative, ...reactive])].sort(
      (a, b) => a - b,
    );
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
      case 0xc1:
        return u32(this.monthlyMaxDemand(now));
      case 0xc2:
        return u32(this.cumulativeMaxDemand(now));
      case 0xc3: {
        const stamp = this.fault('c3-not-half-hour-aligned') ? minute : boundary;
        return stamped(stamp, this.demand(boundary));
      }
      case 0xc4:
        return Uint8Array.of(c.demandDigits);
      case 0xc5:
        return Uint8Array.of(c.demandUnitCode);
      case 0xc6:
        return this.history('demand');
      case 0xc7:
        return Uint8Array.of(c.cumulativeDemandUnitCode as number);
      case 0xca: {
        // fault ca-decreasing: the counter starts again from 0 at every :00 and :30
        const value = this.reactive(minute);
        const since = this.fault('ca-decreasing') ? this.reactive(boundary) : 0;
        return stamped(minute, value === undefined || since === undefined ? value : value - since);
      }
      case 0xcb:
        return stamped(boundary, this.reactive(boundary));
      case 0xcc:
        return Uint8Array.of(c.reactiveDigits);
      case 0xcd:
        return Uint8Array.of(c.reactiveUnitCode);
      case 0xce:
        return this.history('reactive');
      case 0xd3:
        return writeUnsigned(c.coefficient, 4);
      case 0xd4:
        return Uint8Array.of(this.fault('d4-wrong-multiplier') ? c.multiplierCode ^ 0x01 : c.multiplierCode);
      case 0xe0:
        return Uint8Array.of(c.fixedDate);
      case 0xe1:
        return Uint8Array.of(this.historyDay);
      case 0xe2: {
        const at = this.fault('e2-stale') ? boundary : minute;
        return stamped(at, this.active(at));
      }
      case 0xe3:
        return stamped(boundary, this.active(boundary));
      case 0xe4: // 力測: mirrors E2 (present minute), see the header
        return stamped(minute, this.active(minute));
      case 0xe5:
        return Uint8Array.of(c.energyDigits);
      case 0xe6:
        return Uint8Array.of(this.fault('e6-wrong-unit') ? otherUnit(c.energyUnitCode) : c.energyUnitCode);
      case 0xe7:
        return this.history('active');
      default:
        return undefined;
    }
  }

  write(epc: number, edt: Uint8Array): boolean {
    const common = this.superClass.write(epc, edt);
    if (common !== undefined) return common;
    switch (epc) {
      case 0xe1: {
        // day 0 (today) .. the class data's maximum (99); anything else (0xFF included) is refused with SetC_SNA
        const limit = E1_DAYS.max + (this.fault('e1-100-accepted') ? 1 : 0);
        if (edt.length !== 1 || (edt[0] as number) > limit) return false;
        this.historyDay = edt[0] as number;
        return true;
      }
      default:
        return false;
    }
  }

  // ---- registers ------------------------------------------------------------------------------------

  /** Active energy of the scaled load at `at` (minute-aligned), W·min; undefined before install or after now. */
  private activeWmin(at: number): number | undefined {
    if (at > this.clock.now()) return undefined;
    const base = at % HALF_HOUR === 0 ? this.boundaryBase(at) : this.model.countersAt(at)?.forwardWmin;
    return base === undefined ? undefined : base * this.config.loadScale + this.config.counterOffsetWmin;
  }

  /** Model W·min at a half-hour boundary: from the previous boundary plus its 30 minutes when known. */
  private boundaryBase(at: number): number | undefined {
    if (this.boundaryWmin.has(at)) return this.boundaryWmin.get(at);
    const previous = this.boundaryWmin.get(at - HALF_HOUR);
    let value: number | undefined;
    if (previous === undefined) value = this.model.countersAt(at)?.forwardWmin;
    else {
      value = previous;
      for (let t = at - HALF_HOUR; t < at; t += MINUTE) value += Math.max(0, this.model.powerAt(t));
    }
    this.boundaryWmin.set(at, value);
    return value;
  }

  /** Active-energy register in E6 steps, not rolled over. */
  private activeSteps(at: number): number | undefined {
    const wmin = this.activeWmin(at);
    return wmin === undefined ? undefined : this.steps(BigInt(wmin), this.energyExponent);
  }

  /** E2/E3/E4/E7 value: E6 steps rolled over at 10^E5. */
  private active(at: number): number | undefined {
    const steps = this.activeSteps(at);
    return steps === undefined ? undefined : steps % 10 ** this.config.energyDigits;
  }

  /** CA/CB/CE value: lagging reactive energy (active × tan φ) in CD steps, rolled over at 10^CC. */
  private reactive(at: number): number | undefined {
    const wmin = this.activeWmin(at);
    if (wmin === undefined) return undefined;
    const varmin = (BigInt(wmin) * this.tanMicro) / TAN_SCALE;
    const exponent = unitExponent(this.config.reactiveUnitCode) as number;
    return this.steps(varmin, exponent) % 10 ** this.config.reactiveDigits;
  }

  /** floor(W·min / (60 000 × D3 × 10^(unit + D4))): whole register steps, exactly. */
  private steps(wmin: bigint, unit: number): number {
    const exponent = unit + this.multiplierExponent;
    const perStep = WMIN_PER_KWH * BigInt(this.config.coefficient);
    if (exponent >= 0) return Number(wmin / (perStep * 10n ** BigInt(exponent)));
    return Number((wmin * 10n ** BigInt(-exponent)) / perStep);
  }

  /** Demand of the half hour ending at boundary `end`, in C5 steps (see the header for the rounding). */
  private demand(end: number): number | undefined {
    const to = this.activeSteps(end);
    const from = this.activeSteps(end - HALF_HOUR);
    if (to === undefined || from === undefined) return undefined;
    const energy = BigInt(to - from) * (this.fault('c3-energy-not-doubled') ? 1n : 2n);
    const shift = this.energyExponent - this.demandExponent;
    const value = Number(shift >= 0 ? energy * 10n ** BigInt(shift) : energy / 10n ** BigInt(-shift));
    return Math.min(value, 10 ** this.config.demandDigits - 1);
  }

  /** Demands (C5 steps) of the half hours ending in (start, end], oldest first; unrecorded ones left out. */
  private demandsBetween(start: number, end: number): number[] {
    const out: number[] = [];
    for (let b = start + HALF_HOUR; b <= end; b += HALF_HOUR) {
      const value = this.demand(b);
      if (value !== undefined) out.push(value);
    }
    return out;
  }

  /** C1: the largest demand since the latest fixed date; the fault leaves out the largest one. */
  private monthlyMaxDemand(now: number): number | undefined {
    const demands = this.demandsBetween(this.periodStart(now), Math.floor(now / HALF_HOUR) * HALF_HOUR);
    if (demands.length === 0) return undefined;
    demands.sort((a, b) => b - a);
    if (this.fault('c1-below-a-half-hour-demand') && demands.length > 1) return demands[1];
    return demands[0];
  }

  /** C2: the sum of the maxima of every period completed since installation, in C7 steps. */
  private cumulativeMaxDemand(now: number): number {
    let sum = 0;
    for (let p = this.periodStart(this.config.installedAt); ; ) {
      const next = this.nextPeriodStart(p);
      if (next > now) break;
      if (!this.periodMax.has(p)) {
        const demands = this.demandsBetween(p, next);
        this.periodMax.set(p, demands.length === 0 ? undefined : Math.max(...demands));
      }
      sum += this.periodMax.get(p) ?? 0;
      p = next;
    }
    const shift = this.demandExponent - (unitExponent(this.config.cumulativeDemandUnitCode as number) ?? 0);
    const value = shift >= 0 ? sum * 10 ** shift : Math.floor(sum / 10 ** -shift);
    return Math.min(value, C2_MAX);
  }

  /** 00:00 JST of the latest fixed date at or before `at` (E0 past a month's end = its last day). */
  private periodStart(at: number): number {
    const t = toJst(at);
    const here = this.fixedDateIn(t.year, t.month);
    if (here <= at) return here;
    return t.month === 1 ? this.fixedDateIn(t.year - 1, 12) : this.fixedDateIn(t.year, t.month - 1);
  }

  private nextPeriodStart(start: number): number {
    const t = toJst(start);
    return t.month === 12 ? this.fixedDateIn(t.year + 1, 1) : this.fixedDateIn(t.year, t.month + 1);
  }

  private fixedDateIn(year: number, month: number): number {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const day = Math.min(this.config.fixedDate, last);
    return fromJst({ year, month, day, hour: 0, minute: 0, second: 0 });
  }

  /** C6/CE/E7 for the day selected by E1 (harness/echonet/values/day-history.ts): day u16 + 48 × u32. */
  private history(kind: HistoryKind): Uint8Array {
    const slots = (HISTORY_SIZE - 2) / 4;
    if (this.historyDay === UNSET_DAY_SELECTOR)
      return encodeDayHistory({ day: NO_DAY_U16, values: Array(slots).fill(NO_DATA_U32) });
    const missing = kind === 'demand' && this.fault('c6-slot-zero-unrecorded') ? 0 : NO_DATA_U32;
    const midnight = jstMidnight(this.clock.now()) - this.historyDay * DAY;
    const reversed = kind === 'active' && this.fault('e7-newest-first');
    const values = Array.from({ length: slots }, (_, i) => {
      const at = midnight + (reversed ? slots - 1 - i : i) * HALF_HOUR;
      const value =
        kind === 'active' ? this.active(at) : kind === 'reactive' ? this.reactive(at) : this.demand(at);
      return value ?? missing;
    });
    return encodeDayHistory({ day: this.fault('e7-day-field-zero') ? 0 : this.historyDay, values });
  }
}

function u32(value: number | undefined): Uint8Array {
  return writeUnsigned(value ?? NO_DATA_U32, 4);
}

/** date-time (7 bytes, JST) + u32 value or 0xFFFFFFFE. */
function stamped(at: number, value: number | undefined): Uint8Array {
  const out = new Uint8Array(11);
  out.set(encodeDateTime(toJst(at)));
  out.set(u32(value), 7);
  return out;
}

/** A valid unit code other than `code` (fault e6-wrong-unit). */
function otherUnit(code: number): number {
  return UNIT_CODES[(UNIT_CODES.indexOf(code) + 1) % UNIT_CODES.length] as number;
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
