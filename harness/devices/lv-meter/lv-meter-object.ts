// The low-voltage smart electric energy meter object 0x028801 (APPENDIX Release R, class 0x0288; AIF LV
// meter v1.01): every Release R property from the consumption model and the clock, the atomic selector
// pairs E5→E2/E4, ED→EC, EF→EE, and the fault switches that break one rule each.

import { fieldRangeOf, fixedSizeOf, minuteStepOf, rangeOf, requiredEpcs } from '../../classes/class-facts.ts';
import type { Clock } from '../../clock/clock.ts';
import { HALF_HOUR, MINUTE } from '../../clock/durations.ts';
import { fromJst, jstMidnight, toJst } from '../../clock/jst.ts';
import { concatBytes } from '../../echonet/bytes.ts';
import { LV_METER } from '../../echonet/eoj.ts';
import { ESV } from '../../echonet/esv.ts';
import type { Format1Frame } from '../../echonet/frame.ts';
import { encodePropertyMap } from '../../echonet/property-map.ts';
import { decodeDateTime6, encodeDateTime, type MeterDateTime } from '../../echonet/values/date-time.ts';
import { encodeDayHistory } from '../../echonet/values/day-history.ts';
import { readUnsigned, writeSigned, writeUnsigned } from '../../echonet/values/integer.ts';
import { NO_DATA_I16, NO_DATA_U32 } from '../../echonet/values/sentinels.ts';
import { unitExponent } from '../../echonet/values/unit.ts';
import type { DeviceObject } from '../node/device-object.ts';
import { SuperClassProperties } from '../node/super-class-properties.ts';
import { ConsumptionModel, type Counters } from './consumption-model.ts';
import type { LvMeterConfig } from './lv-meter-config.ts';
import { NextGenerationItems } from './next-generation-items.ts';
import { ScriptedLoad } from './scripted-load.ts';

const E5_DAYS = rangeOf(0x0288, 0xe5);
const HISTORY_SIZE = fixedSizeOf(0x0288, 0xe2);
/** The selectors' limits, from the class data: ED 1–12 values at :00/:30, EF 1–10 values. */
const ED_N = fieldRangeOf(0x0288, 0xed, 'n');
const ED_MINUTE_STEP = minuteStepOf(0x0288, 0xed, 'start');
const EF_N = fieldRangeOf(0x0288, 0xef, 'n');

/** 1-minute values are kept 60 minutes (next-generation specification; Release R EE reaches 10 back). */
const ONE_MINUTE_RETENTION_MS = 60 * MINUTE;
const HISTORY_DAYS = 100;
/** Lagging reactive energy of the seeded curve as a share of forward active energy (assumption). */
const REACTIVE_SHARE = 0.3;
/** Past Timer 2 (60 s, AIF LV §2.4.2): how long the fault 'e2-answered-late' takes to answer E2. */
const E2_LATE_MS = 90_000;
const UNSET_SELECTOR = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);

export class LvMeterObject implements DeviceObject {
  readonly eoj = LV_METER;
  readonly getMap: readonly number[];
  readonly setMap: readonly number[];
  readonly announceMap = [0x80, 0x81, 0x88];

  private readonly model: ConsumptionModel;
  private readonly nextGeneration: NextGenerationItems;
  private readonly superClass: SuperClassProperties;
  private historyDay = 0xff;
  /** Fault utility-setting-from-b-route: the coefficient a client set. */
  private coefficientSet: number | undefined;
  private ecSelector: Uint8Array = UNSET_SELECTOR;
  private eeSelector: Uint8Array = UNSET_SELECTOR;

  /** E5, ED and EF as one state: per B-route client when the profile says so (node/b-route-clients.ts). */
  readonly selectors = {
    save: (): unknown => ({ day: this.historyDay, ec: this.ecSelector, ee: this.eeSelector }),
    restore: (state: unknown): void => {
      const s = state as { day: number; ec: Uint8Array; ee: Uint8Array } | undefined;
      this.historyDay = s?.day ?? 0xff;
      this.ecSelector = s?.ec ?? UNSET_SELECTOR;
      this.eeSelector = s?.ee ?? UNSET_SELECTOR;
    },
  };

  constructor(
    private readonly config: LvMeterConfig,
    private readonly clock: Clock,
  ) {
    this.superClass = new SuperClassProperties(this, config.makerCode);
    this.model = new ConsumptionModel({
      seed: config.seed,
      installedAt: config.installedAt,
      solarPeakW: config.solarPeakW,
      ...(config.load ? { load: new ScriptedLoad(config.load.steps, config.load.repeatDaily) } : {}),
    });
    this.nextGeneration = new NextGenerationItems(
      config.nextGeneration,
      {
        // the fault: the next-generation values keep counting past 10^D7 (the 0x0288 counters roll over)
        energyRaw: (at, direction) => this.rawValue(at, direction, !this.fault('ng-no-roll-over')),
        reactiveRaw: (at) => this.reactiveValue(at),
        powerAt: (at) => this.model.powerAt(at),
      },
      clock,
      config.faults,
      config.digits,
    );
    this.setMap = [0x81, 0xe5, 0xed, 0xef, ...this.nextGeneration.setEpcs].sort((a, b) => a - b);
    // the Get map: what the class data requires, the conditional EPCs whose condition this meter meets
    // (C0 from Release R; E3/E4/EB with reverse flow), the optional ones it serves, the next-generation items
    const conditional = [0xc0, ...(this.hasReverse ? [0xe3, 0xe4, 0xeb] : [])];
    const optional = [...(config.coefficient === undefined ? [] : [0xd3]), 0xec, 0xed];
    this.getMap = [
      ...new Set([
        ...requiredEpcs(0x0288, 'get'),
        ...conditional,
        ...optional,
        ...this.nextGeneration.getEpcs,
      ]),
    ].sort((a, b) => a - b);
  }

  get hasReverse(): boolean {
    return this.config.solarPeakW > 0;
  }

  private fault(name: string): boolean {
    return this.config.faults.has(name);
  }

  read(epc: number): Uint8Array | undefined {
    if (epc === 0x9f) return this.getPropertyMap();
    const common = this.superClass.read(epc);
    if (common) return common;
    const now = this.clock.now();
    switch (epc) {
      case 0xc0:
        return Uint8Array.from([
          this.fault('c0-byte0-wrong') ? 0x01 : 0x00,
          ...writeUnsigned(this.config.makerCode, 3),
          ...this.config.routeBIdTail,
        ]);
      case 0xd0: {
        // the present minute's amounts; the fault gives those of two minutes before
        const at = Math.floor(now / MINUTE) * MINUTE - (this.fault('d0-two-minutes-old') ? 2 * MINUTE : 0);
        return concatBytes(encodeDateTime(toJst(at)), this.raw(at, 'forward'), this.raw(at, 'reverse'));
      }
      case 0xd3: {
        const coefficient = this.coefficientSet ?? this.config.coefficient;
        return coefficient === undefined ? undefined : writeUnsigned(coefficient, 4);
      }
      case 0xd7: // 1–8; the fault writes the digit in ASCII ('6' = 0x36), the counters still roll at 10^D7
        return Uint8Array.of(this.config.digits + (this.fault('d7-ascii-digit') ? 0x30 : 0));
      case 0xe0:
        return this.raw(now, 'forward');
      case 0xe3:
        return this.raw(now, 'reverse');
      case 0xe1:
        return Uint8Array.of(
          this.fault('e1-wrong-unit') ? this.config.unitCode ^ 0x03 : this.config.unitCode,
        );
      case 0xe2:
        return this.dailyHistory('forward');
      case 0xe4:
        return this.dailyHistory('reverse');
      case 0xe5:
        return Uint8Array.of(this.historyDay);
      case 0xe7:
        return this.instantaneousPower(now);
      case 0xe8:
        return this.instantaneousCurrents(now);
      case 0xea:
      case 0xeb: {
        const at = Math.floor(now / HALF_HOUR) * HALF_HOUR - (this.fault('ea-stale') ? HALF_HOUR : 0);
        return concatBytes(encodeDateTime(toJst(at)), this.raw(at, epc === 0xea ? 'forward' : 'reverse'));
      }
      case 0xec:
        return this.fault('get-map-lists-unserved')
          ? undefined
          : this.pairHistory(this.ecSelector, HALF_HOUR, now);
      case 0xed:
        return this.ecSelector;
      case 0xee:
        return this.pairHistory(this.eeSelector, MINUTE, now);
      case 0xef:
        return this.eeSelector;
      default:
        return this.nextGeneration.read(epc);
    }
  }

  write(epc: number, edt: Uint8Array): boolean {
    const common = this.superClass.write(epc, edt);
    if (common !== undefined) return common;
    switch (epc) {
      case 0xd3:
        // read-only; the fault takes a coefficient from a B-route client (the node lets the write reach here)
        if (!this.fault('utility-setting-from-b-route') || edt.length !== 4) return false;
        this.coefficientSet = readUnsigned(edt, 0, 4);
        return true;
      case 0xe5: {
        // day 0 (today) .. the class data's maximum (99); anything else is refused with SetC_SNA
        const limit = E5_DAYS.max + (this.fault('e5-100-accepted') ? 1 : 0);
        if (edt.length !== 1 || (edt[0] as number) > limit) return false;
        this.historyDay = edt[0] as number;
        return true;
      }
      case 0xed:
        return this.acceptSelector(
          edt,
          ED_N,
          (t) => this.fault('ed-any-minute') || t.minute % ED_MINUTE_STEP === 0,
          (s) => (this.ecSelector = s),
        );
      case 0xef:
        return this.acceptSelector(
          edt,
          this.fault('ef-n-11-accepted') ? { ...EF_N, max: EF_N.max + 1 } : EF_N,
          () => true,
          (s) => (this.eeSelector = s),
        );
      default:
        return this.nextGeneration.write(epc, edt);
    }
  }

  /** AIF LV §2.4.2: a read of E2 is answered within Timer 2 (60 s); the fault takes 90 s for E2 reads alone. */
  replyDelayMs(request: Format1Frame): number {
    if (!this.fault('e2-answered-late') || (request.esv !== ESV.Get && request.esv !== ESV.INF_REQ)) return 0;
    return request.properties.some((p) => p.epc === 0xe2) ? E2_LATE_MS : 0;
  }

  /** 0x9F in Form 2 (≥ 16 EPCs); the fault writes every EPC one bit too high (bit (e >> 4) - 7). */
  private getPropertyMap(): Uint8Array {
    const map = encodePropertyMap(this.getMap);
    if (!this.fault('form2-off-by-one') || map.length !== 17) return map;
    return map.map((byte, i) => (i === 0 ? byte : (byte << 1) & 0xff));
  }

  /** Counter reading at `at` in E1 units × D3, rolled over at 10^D7; no data before installation. */
  private raw(at: number, direction: 'forward' | 'reverse'): Uint8Array {
    const value = this.rawValue(at, direction);
    const missing = this.fault('unrecorded-slot-zero') ? 0 : NO_DATA_U32;
    return writeUnsigned(value === undefined ? missing : value, 4);
  }

  private rawValue(at: number, direction: 'forward' | 'reverse', rolled = true): number | undefined {
    if (at > this.clock.now() || this.lostInRestart(at)) return undefined;
    // across an exchange of the communication unit the records stay the meter's (the faults aside)
    const held = this.config.unitSwaps ? this.config.unitSwaps.heldFor(at) : at;
    if (held === undefined) return undefined;
    if (held !== at) return this.rawValue(held, direction, rolled);
    const counters = this.model.countersAt(at);
    if (!counters) return undefined;
    const wmin = pick(counters, direction) + (direction === 'forward' ? this.config.counterOffsetWmin : 0);
    let value = Math.floor(wmin / this.wminPerUnit() + 1e-9);
    if (this.fault('counter-backwards') && direction === 'forward')
      value = Math.max(0, value - (Math.floor(at / HALF_HOUR) % 3));
    return this.fault('no-roll-over') || !rolled ? value : value % 10 ** this.config.digits;
  }

  /**
   * Lagging reactive energy in E1 units (kvarh) × D3 at `at`: a scripted load's reactive power integrated;
   * the seeded curve has none, so it takes 0.3 of the forward counter (tan φ at a power factor of about 0.96,
   * an assumption of the emulator). The fault gives it in units ten times finer than E1.
   */
  private reactiveValue(at: number): number | undefined {
    if (at > this.clock.now() || this.lostInRestart(at)) return undefined;
    const counters = this.model.countersAt(at);
    if (!counters) return undefined;
    let value: number | undefined;
    if (counters.laggingVarmin === undefined) {
      const active = this.rawValue(at, 'forward');
      value = active === undefined ? undefined : Math.floor(active * REACTIVE_SHARE);
    } else value = Math.floor(counters.laggingVarmin / this.wminPerUnit() + 1e-9);
    if (value === undefined) return undefined;
    if (this.fault('ng-reactive-wrong-unit')) value *= 10;
    return value % 10 ** this.config.digits;
  }

  /** The fault: a restart loses every recorded value before it (seed retention: values survive a power cycle). */
  private lostInRestart(at: number): boolean {
    const restarted = this.config.restartedAt;
    return this.fault('restart-loses-history') && restarted !== undefined && at < restarted;
  }

  /** W·min (or var·min) per raw counter step: E1's unit × D3. */
  private wminPerUnit(): number {
    const exponent = unitExponent(this.config.unitCode) ?? 0;
    return 60_000 * 10 ** exponent * (this.config.coefficient ?? 1);
  }

  /** E2/E4 for the day E5 selected (harness/echonet/values/day-history.ts); never set: day 0x00FF, no data. */
  private dailyHistory(direction: 'forward' | 'reverse'): Uint8Array {
    const slots = (HISTORY_SIZE - 2) / 4;
    if (this.historyDay === 0xff)
      return encodeDayHistory({ day: 0x00ff, values: Array(slots).fill(NO_DATA_U32) });
    const missing = this.fault('unrecorded-slot-zero') ? 0 : NO_DATA_U32;
    const midnight = jstMidnight(this.clock.now()) - this.historyDay * 86_400_000;
    const values = Array.from({ length: slots }, (_, i) => {
      const slot = this.fault('e2-newest-first') ? slots - 1 - i : i;
      return this.rawValue(midnight + slot * HALF_HOUR, direction) ?? missing;
    });
    return encodeDayHistory({ day: this.fault('e2-day-field-zero') ? 0 : this.historyDay, values });
  }

  private instantaneousPower(now: number): Uint8Array {
    const watts = this.model.powerAt(now);
    if (this.fault('e7-unsigned')) return writeUnsigned(Math.abs(watts), 4);
    return writeSigned(watts, 4);
  }

  /** R and T phase currents in 0.1 A at 100 V per phase; single-phase two-wire has no T phase (0x7FFE). */
  private instantaneousCurrents(now: number): Uint8Array {
    const deciAmps = Math.round(this.model.powerAt(now) / 10);
    if (this.config.wiring === 'single-phase-2-wire') {
      return concatBytes(
        writeSigned(deciAmps, 2),
        writeUnsigned(this.fault('e8-t-phase-zero') ? 0 : NO_DATA_I16, 2),
      );
    }
    const r = Math.trunc(deciAmps / 2);
    return concatBytes(writeSigned(r, 2), writeSigned(deciAmps - r, 2));
  }

  /** EC/EE: from the selected instant backwards, n steps, each (forward, reverse); newest first. */
  private pairHistory(selector: Uint8Array, step: number, now: number): Uint8Array {
    const start = decodeDateTime6(selector);
    const n = selector[6] as number;
    if (!start.ok || start.value === 'unset')
      return concatBytes(selector, writeUnsigned(NO_DATA_U32, 4), writeUnsigned(NO_DATA_U32, 4));
    const first = fromJst(start.value);
    const retained = (at: number) =>
      step === MINUTE
        ? this.fault('one-minute-kept-forever') ||
          at >= now - (this.fault('one-minute-kept-30') ? 30 * MINUTE : ONE_MINUTE_RETENTION_MS)
        : at >= now - HISTORY_DAYS * 86_400_000;
    const parts: Uint8Array[] = [selector];
    for (let i = 0; i < n; i++) {
      const at =
        this.fault('ec-oldest-first') && step === HALF_HOUR ? first - (n - 1 - i) * step : first - i * step;
      const keep = retained(at);
      parts.push(keep ? this.raw(at, 'forward') : writeUnsigned(NO_DATA_U32, 4));
      parts.push(keep && this.hasReverse ? this.raw(at, 'reverse') : writeUnsigned(NO_DATA_U32, 4));
    }
    return concatBytes(...parts);
  }

  private acceptSelector(
    edt: Uint8Array,
    count: { readonly min: number; readonly max: number },
    minuteOk: (t: MeterDateTime) => boolean,
    apply: (s: Uint8Array) => void,
  ): boolean {
    if (edt.length !== 7) return false;
    const start = decodeDateTime6(edt);
    const n = edt[6] as number;
    if (!start.ok || start.value === 'unset' || n < count.min || n > count.max || !minuteOk(start.value))
      return false;
    apply(edt.slice());
    return true;
  }
}

function pick(counters: Counters, direction: 'forward' | 'reverse'): number {
  return direction === 'forward' ? counters.forwardWmin : counters.reverseWmin;
}
