import assert from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { decodePropertyValue } from '../../classes/decode-property-value.ts';
import { loadClassRegistry } from '../../classes/load-classes.ts';
import type { Clock } from '../../clock/clock.ts';
import { fromJst, jstMidnight, toJst } from '../../clock/jst.ts';
import { HEMS_CONTROLLER, HV_METER } from '../../echonet/eoj.ts';
import { ESV } from '../../echonet/esv.ts';
import type { Format1Frame, Property } from '../../echonet/frame.ts';
import { byteHex, fromHex, toHex } from '../../echonet/hex.ts';
import { decodePropertyMap } from '../../echonet/property-map.ts';
import { decodeDateTime, formatDateTime, type MeterDateTime } from '../../echonet/values/date-time.ts';
import { readUnsigned } from '../../echonet/values/integer.ts';
import {
  compareDecimal,
  decimalToString,
  type ExactDecimal,
  scaleReading,
} from '../../echonet/values/scaling.ts';
import { ConsumptionModel } from '../lv-meter/consumption-model.ts';
import { answerRequest } from '../node/answer-request.ts';
import { DEFAULT_HV_METER, type HvMeterConfig } from './hv-meter-config.ts';
import { HV_METER_FAULTS } from './hv-meter-faults.ts';
import { HvMeterObject } from './hv-meter-object.ts';

const registry = loadClassRegistry();
const MINUTE = 60_000;
const HALF_HOUR = 1_800_000;
const DAY = 86_400_000;
const NO_DATA = 0xfffffffe;
/** Sunday 2026-03-15 12:10:05 JST; the default fixed date E0 = 10, so the period began 5½ days ago. */
const NOON = fromJst({ year: 2026, month: 3, day: 15, hour: 12, minute: 10, second: 5 });

function meter(overrides: Partial<HvMeterConfig> = {}, at = NOON) {
  const config = { ...DEFAULT_HV_METER, ...overrides };
  const clock: Clock & { time: number } = {
    time: at,
    now: () => clock.time,
    sleep: async () => {},
    setTimer: () => ({ cancel() {} }),
  };
  const object = new HvMeterObject(config, clock);
  const request = (esv: Format1Frame['esv'], properties: Property[]) =>
    answerRequest(
      { format: 1, tid: 9, seoj: HEMS_CONTROLLER, deoj: HV_METER, esv, properties } as Format1Frame,
      object,
      { opcLimit: config.opcLimit },
    );
  const get = (epc: number) => {
    const reply = request(ESV.Get, [{ epc, edt: new Uint8Array(0) }]);
    if (!reply || !('properties' in reply) || reply.esv !== ESV.Get_Res)
      throw new Error(`Get ${byteHex(epc)} was refused`);
    return reply.properties[0]!.edt;
  };
  const setC = (epc: number, hex: string) => request(ESV.SetC, [{ epc, edt: fromHex(hex) }]);
  const u8 = (epc: number) => get(epc)[0]!;
  /** An 11-byte date-time + u32 property. */
  const stamped = (epc: number) => {
    const edt = get(epc);
    const time = decodeDateTime(edt);
    if (!time.ok || time.value === 'unset')
      throw new Error(`${byteHex(epc)} has no date-time: ${toHex(edt)}`);
    return { time: time.value, value: readUnsigned(edt, 7, 4) };
  };
  /** day field and 48 slots of C6/CE/E7 after SetC E1 = day. */
  const history = (epc: number, day?: number) => {
    if (day !== undefined)
      expect(setC(0xe1, byteHex(day).slice(2))?.esv, `SetC E1 = ${day}`).toBe(ESV.Set_Res);
    const edt = get(epc);
    return { day: readUnsigned(edt, 0, 2), slots: u32s(edt, 2, 48) };
  };
  /** Physical value of `raw` in the unit of `unitEpc`, scaled by D3 and D4 as the meter reports them. */
  const scaled = (raw: number, unitEpc: number): ExactDecimal =>
    scaleReading({
      raw,
      coefficient: readUnsigned(get(0xd3), 0, 4),
      multiplierCode: u8(0xd4),
      unitCode: u8(unitEpc),
    });
  return { config, clock, object, request, get, setC, u8, stamped, history, scaled };
}

type Meter = ReturnType<typeof meter>;

const u32s = (edt: Uint8Array, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => readUnsigned(edt, from + i * 4, 4));

const sameTime = (a: MeterDateTime, b: MeterDateTime) => formatDateTime(a) === formatDateTime(b);

/** Exact decimal as an integer count of 10^-12. */
const pico = ({ digits, exponent }: ExactDecimal): bigint =>
  exponent >= -12 ? digits * 10n ** BigInt(exponent + 12) : digits / 10n ** BigInt(-12 - exponent);

/** Slot index of a half-hour boundary in the history of its day. */
const slotOf = (at: number) => (at - jstMidnight(at)) / HALF_HOUR;

// ---- checks: each returns undefined when the rule holds, else what is wrong --------------------------

/** C3 (kW) = 2 × (E(b) − E(b − 30 min)) (kWh), floored to whole C5 steps: 0 ≤ 2ΔE − C3 < one C5 step. */
function demandRule(m: Meter): string | undefined {
  const now = m.clock.time;
  m.clock.time = now - HALF_HOUR;
  const before = m.stamped(0xe3);
  m.clock.time = now;
  const after = m.stamped(0xe3);
  const c3 = m.stamped(0xc3);
  const twice = 2n * (pico(m.scaled(after.value, 0xe6)) - pico(m.scaled(before.value, 0xe6)));
  const demand = pico(m.scaled(c3.value, 0xc5));
  const step = pico(m.scaled(1, 0xc5));
  if (twice - demand >= 0n && twice - demand < step) return undefined;
  return `C3 = ${c3.value} (${demand} pW) but 2 × (E3 ${after.value} − E3 ${before.value}) = ${twice} pWh, step ${step}`;
}

/** The active energy the meter measured (model × load scale), kWh at `at`. */
function measuredKwh(config: HvMeterConfig, at: number): ExactDecimal {
  const model = new ConsumptionModel({ seed: config.seed, installedAt: config.installedAt, solarPeakW: 0 });
  const wmin = model.countersAt(at)!.forwardWmin * config.loadScale + config.counterOffsetWmin;
  // W·min → kWh: / 60 000, kept exact as digits × 10^-4 / 6
  return { digits: (BigInt(wmin) * 10n ** 7n) / 60_000n, exponent: -7 };
}

/** E3 × D3 × D4 × E6 is the energy measured, within one register step below. */
function scalingRule(m: Meter): string | undefined {
  const e3 = m.stamped(0xe3);
  const reading = m.scaled(e3.value, 0xe6);
  const step = pico(
    scaleReading({
      raw: 1,
      coefficient: m.config.coefficient,
      unitCode: m.config.energyUnitCode,
      multiplierCode: m.config.multiplierCode,
    }),
  );
  const measured = pico(measuredKwh(m.config, fromJst(e3.time)));
  const gap = measured - pico(reading);
  if (gap >= -1n && gap < step) return undefined;
  return `E3 ${e3.value} scaled = ${decimalToString(reading)} kWh, measured ${measured} pWh (D4 ${m.u8(0xd4)}, E6 ${m.u8(0xe6)})`;
}

/** C3 is stamped with the latest :00/:30, seconds 00. */
function c3StampRule(m: Meter): string | undefined {
  const { time } = m.stamped(0xc3);
  const expected = toJst(Math.floor(m.clock.time / HALF_HOUR) * HALF_HOUR);
  return sameTime(time, expected)
    ? undefined
    : `C3 at ${formatDateTime(time)}, expected ${formatDateTime(expected)}`;
}

/** E2 is stamped with the present minute. */
function e2NowRule(m: Meter): string | undefined {
  const { time } = m.stamped(0xe2);
  const expected = toJst(Math.floor(m.clock.time / MINUTE) * MINUTE);
  return sameTime(time, expected)
    ? undefined
    : `E2 at ${formatDateTime(time)}, expected ${formatDateTime(expected)}`;
}

/** CA read every 10 minutes over three hours never decreases. */
function caMonotoneRule(m: Meter): string | undefined {
  const start = m.clock.time;
  let last = 0;
  try {
    for (let i = 0; i < 18; i++) {
      m.clock.time = start - 3 * 3_600_000 + i * 10 * MINUTE;
      const { value } = m.stamped(0xca);
      if (value < last) return `CA went from ${last} to ${value} at ${formatDateTime(toJst(m.clock.time))}`;
      last = value;
    }
    return undefined;
  } finally {
    m.clock.time = start;
  }
}

/** The demands (C5 steps) of every half hour ending after 00:00 of the latest E0 and up to now, from C6. */
function demandsSinceFixedDate(m: Meter): number[] {
  const now = m.clock.time;
  const e0 = m.u8(0xe0);
  const t = toJst(now);
  // 00:00 of day E0 (or the month's last day) of this month, else of the previous month
  const fixedIn = (year: number, month: number) => {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return fromJst({ year, month, day: Math.min(e0, last), hour: 0, minute: 0, second: 0 });
  };
  const here = fixedIn(t.year, t.month);
  const start = here <= now ? here : t.month === 1 ? fixedIn(t.year - 1, 12) : fixedIn(t.year, t.month - 1);
  const out: number[] = [];
  for (let day = 0; jstMidnight(now) - day * DAY >= start; day++) {
    const { slots } = m.history(0xc6, day);
    slots.forEach((v, i) => {
      const at = jstMidnight(now) - day * DAY + i * HALF_HOUR;
      if (at > start && at <= now && v !== NO_DATA) out.push(v);
    });
  }
  return out;
}

/** C1 is the largest C6 demand since the fixed date. */
function c1Rule(m: Meter): string | undefined {
  const demands = demandsSinceFixedDate(m);
  const c1 = readUnsigned(m.get(0xc1), 0, 4);
  const max = Math.max(...demands);
  return c1 === max
    ? undefined
    : `C1 = ${c1}, largest of ${demands.length} half-hour demands since E0 = ${max}`;
}

/** E7 of yesterday is oldest first: non-decreasing from 00:00 to 23:30. */
function e7OrderRule(m: Meter): string | undefined {
  const { slots } = m.history(0xe7, 1);
  const i = slots.findIndex((v, k) => k > 0 && v < slots[k - 1]!);
  return i < 0 ? undefined : `E7 slot ${i} = ${slots[i]} < slot ${i - 1} = ${slots[i - 1]}`;
}

/** C6 of today: the slots after now carry 0xFFFFFFFE. */
function c6UnrecordedRule(m: Meter): string | undefined {
  const { slots } = m.history(0xc6, 0);
  const first = slotOf(Math.floor(m.clock.time / HALF_HOUR) * HALF_HOUR) + 1;
  const bad = slots.slice(first).filter((v) => v !== NO_DATA);
  return bad.length === 0 ? undefined : `C6 slots ${first}..47 after now: ${bad.slice(0, 3).join(', ')}…`;
}

/** C6/CE/E7 begin with the day set in E1. */
function dayFieldRule(m: Meter): string | undefined {
  for (const epc of [0xc6, 0xce, 0xe7]) {
    const { day } = m.history(epc, 2);
    if (day !== 2) return `${byteHex(epc)} day field ${day} after E1 = 2`;
  }
  return undefined;
}

/** E1 = 100 is refused with SetC_SNA. */
function e1RangeRule(m: Meter): string | undefined {
  const reply = m.setC(0xe1, '64');
  return reply?.esv === ESV.SetC_SNA ? undefined : `SetC E1 = 100 answered ESV ${byteHex(reply?.esv ?? 0)}`;
}

const FAULT_CHECKS: Record<string, (m: Meter) => string | undefined> = {
  'e1-100-accepted': e1RangeRule,
  'e7-newest-first': e7OrderRule,
  'c6-slot-zero-unrecorded': c6UnrecordedRule,
  'e6-wrong-unit': scalingRule,
  'd4-wrong-multiplier': scalingRule,
  'c3-not-half-hour-aligned': c3StampRule,
  'c3-energy-not-doubled': demandRule,
  'ca-decreasing': caMonotoneRule,
  'c1-below-a-half-hour-demand': c1Rule,
  'e2-stale': e2NowRule,
  'e7-day-field-zero': dayFieldRule,
};

test.describe('emulated HV meter object 0x028A01', () => {
  test('every EPC in its Get map decodes against the 0x028A class data, before and after E1 is set', () => {
    const m = meter();
    for (const phase of ['E1 unset', 'E1 = 1']) {
      if (phase === 'E1 = 1') m.setC(0xe1, '01');
      for (const epc of m.object.getMap) {
        const definition = registry.property(0x028a, epc);
        expect(definition, `class data for ${byteHex(epc)}`).toBeDefined();
        const edt = m.get(epc);
        const value = decodePropertyValue(definition!, edt);
        expect(
          value.ok,
          `${phase}: ${byteHex(epc)} = ${toHex(edt)}: ${value.ok ? '' : value.error.message}`,
        ).toBe(true);
      }
    }
  });

  test('the Get map holds every EPC the class requires and the optional ones the config implements', () => {
    const required = [...registry.propertiesOf(0x028a).values()]
      .filter((p) => p.access.get === 'required')
      .map((p) => p.epc);
    const full = meter().object.getMap;
    expect(required.filter((epc) => !full.includes(epc)).map(byteHex), 'required EPCs missing').toEqual([]);
    for (const epc of [0xc2, 0xc7, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xe4]) expect(full).toContain(epc);
    const lean = meter({ reactive: false, cumulativeDemandUnitCode: undefined });
    for (const epc of [0xc2, 0xc7, 0xca, 0xcb, 0xcc, 0xcd, 0xce]) {
      expect(lean.object.getMap, `${byteHex(epc)} not implemented`).not.toContain(epc);
      expect(lean.request(ESV.Get, [{ epc, edt: new Uint8Array(0) }])?.esv).toBe(ESV.Get_SNA);
    }
  });

  test('0x9F decodes to exactly the Get map (Form 2) and every EPC of it is answered', () => {
    for (const m of [meter(), meter({ reactive: false, cumulativeDemandUnitCode: undefined })]) {
      const edt = m.get(0x9f);
      expect(edt).toHaveLength(17);
      const map = decodePropertyMap(edt);
      expect(map.ok && map.value).toEqual(m.object.getMap);
      for (const epc of m.object.getMap) expect(m.object.read(epc), `${byteHex(epc)} answered`).toBeDefined();
      expect(toHex(m.get(0x9e))).toBe('0281E1');
      expect(toHex(m.get(0x82))).toBe('00005200');
    }
  });

  test('E1 unset: E1 = FF; C6, CE and E7 are day 0x00FF and 48 × 0xFFFFFFFE', () => {
    const m = meter();
    expect(m.u8(0xe1)).toBe(0xff);
    for (const epc of [0xc6, 0xce, 0xe7])
      expect(toHex(m.get(epc)), byteHex(epc)).toBe(`00FF${'FFFFFFFE'.repeat(48)}`);
  });

  test('E1 → C6/CE/E7: the day n ago, 48 values oldest first; today has no data after now', () => {
    const m = meter();
    const yesterday = m.history(0xe7, 1);
    expect(yesterday.day).toBe(1);
    expect(m.u8(0xe1)).toBe(1);
    expect(yesterday.slots.every((v, i) => v !== NO_DATA && (i === 0 || v >= yesterday.slots[i - 1]!))).toBe(
      true,
    );
    expect(yesterday.slots[47]).toBeGreaterThan(yesterday.slots[0]!);
    expect(m.history(0xce).slots.every((v, i, all) => v !== NO_DATA && (i === 0 || v >= all[i - 1]!))).toBe(
      true,
    );
    expect(m.history(0xc6).slots.every((v) => v !== NO_DATA && v > 0)).toBe(true);
    for (const epc of [0xc6, 0xce, 0xe7]) {
      const { day, slots } = m.history(epc, 0);
      expect(day).toBe(0);
      expect(
        slots.slice(0, 25).every((v) => v !== NO_DATA),
        `${byteHex(epc)} 00:00 … 12:00`,
      ).toBe(true);
      expect(
        slots.slice(25).every((v) => v === NO_DATA),
        `${byteHex(epc)} 12:30 … 23:30`,
      ).toBe(true);
    }
    // before installation (2026-01-01 00:00 JST): 2025-12-31 is all no-data, 2026-01-01 00:00 is 0
    const back = (NOON - fromJst({ year: 2025, month: 12, day: 31, hour: 12, minute: 0, second: 0 })) / DAY;
    const eve = m.history(0xe7, Math.round(back));
    expect(eve.slots.every((v) => v === NO_DATA)).toBe(true);
    expect(m.history(0xe7, Math.round(back) - 1).slots[0]).toBe(0);
    expect(m.history(0xc6).slots[0], 'no demand for the half hour before installation').toBe(NO_DATA);
  });

  test('E1 = 100 (and FF) is refused with SetC_SNA echoing the EDT; E1 keeps its value', () => {
    const m = meter();
    m.setC(0xe1, '03');
    for (const hex of ['64', 'FF']) {
      const reply = m.setC(0xe1, hex);
      expect(reply?.esv).toBe(ESV.SetC_SNA);
      expect(reply && 'properties' in reply && toHex(reply.properties[0]!.edt)).toBe(hex);
      expect(m.u8(0xe1)).toBe(3);
    }
    expect(m.setC(0xe1, '63')?.esv).toBe(ESV.Set_Res);
  });

  test('SetGet E1 = 2 with Get E7 in one frame answers day 2', () => {
    const m = meter();
    const reply = answerRequest(
      {
        format: 1,
        tid: 1,
        seoj: HEMS_CONTROLLER,
        deoj: HV_METER,
        esv: ESV.SetGet,
        setProperties: [{ epc: 0xe1, edt: Uint8Array.of(2) }],
        getProperties: [{ epc: 0xe7, edt: new Uint8Array(0) }],
      },
      m.object,
      { opcLimit: 6 },
    );
    expect(reply?.esv).toBe(ESV.SetGet_Res);
    const edt = reply && 'getProperties' in reply ? reply.getProperties[0]!.edt : new Uint8Array(0);
    expect(readUnsigned(edt, 0, 2)).toBe(2);
  });

  test('scaling: E2 ≥ E3 in kWh (D3 × D4 × E6); E3, CB, C3 equal the history slot of the same half hour', () => {
    const m = meter();
    const e2 = m.stamped(0xe2);
    const e3 = m.stamped(0xe3);
    expect(
      compareDecimal(m.scaled(e2.value, 0xe6), m.scaled(e3.value, 0xe6)),
      `E2 ${e2.value} ≥ E3 ${e3.value}`,
    ).toBe(1);
    expect(formatDateTime(e3.time)).toBe('2026-03-15 12:00:00');
    expect(formatDateTime(e2.time)).toBe('2026-03-15 12:10:00');
    const slot = slotOf(fromJst(e3.time));
    expect(m.history(0xe7, 0).slots[slot], 'E7 slot 12:00 = E3').toBe(e3.value);
    expect(m.history(0xce).slots[slot], 'CE slot 12:00 = CB').toBe(m.stamped(0xcb).value);
    expect(m.history(0xc6).slots[slot], 'C6 slot 12:00 = C3').toBe(m.stamped(0xc3).value);
    expect(scalingRule(m)).toBeUndefined();
    // E4 (力測) and CA carry the same instant
    expect(sameTime(m.stamped(0xe4).time, m.stamped(0xca).time)).toBe(true);
  });

  test('reactive (lagging) energy is active × tan φ (0.4), within a register step each', () => {
    const m = meter();
    const active = pico(m.scaled(m.stamped(0xe3).value, 0xe6));
    const reactive = pico(m.scaled(m.stamped(0xcb).value, 0xcd));
    const tolerance = pico(m.scaled(1, 0xcd)) + pico(m.scaled(1, 0xe6));
    const expected = (active * 4n) / 10n;
    expect(
      reactive - expected < tolerance && expected - reactive < tolerance,
      `CB ${reactive} vs ${expected}`,
    ).toBe(true);
  });

  test('demand: C3 = 2 × the half-hour energy, floored to C5 steps, for any time and unit codes', () => {
    const unit = fc.constantFrom(0x00, 0x01, 0x02, 0x03, 0x0a);
    fc.assert(
      fc.property(
        fc.integer({ min: 2 * 48, max: 170 * 48 }),
        fc.integer({ min: 0, max: 29 }),
        unit,
        unit,
        fc.integer({ min: 0, max: 3 }),
        (halfHours, minutes, energyUnitCode, demandUnitCode, multiplierCode) => {
          const exponent = (code: number) => (code === 0x0a ? 1 : -code);
          // keep the registers below 10^8 and the demand below 10^6 (no roll-over, no saturation)
          fc.pre(
            exponent(energyUnitCode) - multiplierCode >= -3 &&
              exponent(demandUnitCode) - multiplierCode >= -4,
          );
          const at = DEFAULT_HV_METER.installedAt + halfHours * HALF_HOUR + minutes * MINUTE + 7_000;
          const m = meter({ energyUnitCode, demandUnitCode, multiplierCode }, at);
          assert.equal(demandRule(m), undefined);
          const e2 = m.stamped(0xe2);
          const e3 = m.stamped(0xe3);
          assert.ok(
            compareDecimal(m.scaled(e2.value, 0xe6), m.scaled(e3.value, 0xe6)) >= 0,
            'E2 ≥ E3 in kWh',
          );
          const boundary = fromJst(e3.time);
          assert.equal(boundary, Math.floor(at / HALF_HOUR) * HALF_HOUR, 'E3 at the latest :00/:30');
          assert.equal(m.history(0xe7, 0).slots[slotOf(boundary)], e3.value, 'E3 = E7 slot');
          assert.equal(m.history(0xc6).slots[slotOf(boundary)], m.stamped(0xc3).value, 'C3 = C6 slot');
          const c1 = readUnsigned(m.get(0xc1), 0, 4);
          const c3 = m.stamped(0xc3).value;
          const t = toJst(boundary);
          if (!(t.day === DEFAULT_HV_METER.fixedDate && t.hour === 0 && t.minute === 0))
            assert.ok(c1 !== NO_DATA && c1 >= c3, `C1 ${c1} ≥ C3 ${c3}`);
        },
      ),
      { numRuns: 40, seed: 1 },
    );
  });

  test('demand rounding: C5 coarser than E6 truncates, C5 finer is exact', () => {
    const coarse = meter({ energyUnitCode: 0x03, demandUnitCode: 0x01 });
    expect(demandRule(coarse)).toBeUndefined();
    const fine = meter({ energyUnitCode: 0x01, demandUnitCode: 0x03 });
    expect(demandRule(fine)).toBeUndefined();
    expect(fine.stamped(0xc3).value % 200, 'finer: exactly 2 × ΔE × 100').toBe(0);
  });

  test('C1 is the largest half-hour demand since the fixed date; no data in the first half hour', () => {
    expect(c1Rule(meter())).toBeUndefined();
    expect(c1Rule(meter({ fixedDate: 14 }))).toBeUndefined();
    const justAfter = meter({}, fromJst({ year: 2026, month: 3, day: 10, hour: 0, minute: 20, second: 0 }));
    expect(toHex(justAfter.get(0xc1))).toBe('FFFFFFFE');
    // E0 = 31 in February: the period starts on the 28th
    const feb = meter(
      { fixedDate: 31 },
      fromJst({ year: 2026, month: 3, day: 2, hour: 9, minute: 0, second: 0 }),
    );
    expect(c1Rule(feb)).toBeUndefined();
  });

  test('C2 is the sum of the monthly maxima of the periods completed since installation (C7 unit)', () => {
    const m = meter();
    const e0 = m.config.fixedDate;
    const maxima = new Map<string, number>();
    const days = Math.round((jstMidnight(NOON) - jstMidnight(m.config.installedAt)) / DAY);
    for (let day = 0; day <= days; day++) {
      const { slots } = m.history(0xc6, day);
      slots.forEach((v, i) => {
        if (v === NO_DATA) return;
        const t = toJst(jstMidnight(NOON) - day * DAY + i * HALF_HOUR);
        const inThis = t.day > e0 || (t.day === e0 && (t.hour > 0 || t.minute > 0));
        const month = inThis ? t.month : t.month - 1; // period beginning on day E0 of this month
        const key = `${t.year}-${month}`;
        maxima.set(key, Math.max(maxima.get(key) ?? 0, v));
      });
    }
    // completed by 2026-03-15: the periods beginning 2025-12-10 (2026-0), 2026-01-10 and 2026-02-10
    const sum = ['2026-0', '2026-1', '2026-2'].reduce((s, k) => s + maxima.get(k)!, 0);
    const c2 = readUnsigned(m.get(0xc2), 0, 4);
    expect(c2, `C2 in C7 0.1 kW steps from the C6 sum ${sum} in 0.01 kW steps`).toBe(Math.floor(sum / 10));
  });

  test('counters never go backwards over a day (E2, CA) and E2 is stamped with the present minute', () => {
    const m = meter();
    let last = 0;
    for (let i = 0; i < 96; i++) {
      m.clock.time = NOON + i * 15 * MINUTE;
      const { value } = m.stamped(0xe2);
      expect(value, `E2 at step ${i}`).toBeGreaterThanOrEqual(last);
      last = value;
    }
    m.clock.time = NOON;
    expect(caMonotoneRule(m)).toBeUndefined();
    expect(e2NowRule(m)).toBeUndefined();
  });

  test('the active register rolls over at 10^E5', () => {
    const m = meter({ energyDigits: 6, counterOffsetWmin: 999_990 * 3600, installedAt: NOON - 3_605_000 });
    const readings = [-1, 0, 1, 2].map((h) => {
      m.clock.time = NOON + h * 3_600_000;
      return m.stamped(0xe2).value;
    });
    expect(readings[0], 'at installation').toBe(999_990);
    expect(readings.every((r) => r < 1_000_000)).toBe(true);
    expect(
      readings.some((r) => r < 100_000),
      `rolled over: ${readings}`,
    ).toBe(true);
  });

  test('every fault has a check here; the clean meter passes every check', () => {
    expect(Object.keys(FAULT_CHECKS).sort()).toEqual(HV_METER_FAULTS.map((f) => f.id).sort());
    for (const [id, check] of Object.entries(FAULT_CHECKS))
      expect(check(meter()), `clean meter, check of ${id}`).toBeUndefined();
  });

  for (const fault of HV_METER_FAULTS) {
    test(`fault ${fault.id}: ${fault.rule} — the check fails`, () => {
      const check = FAULT_CHECKS[fault.id];
      expect(check, `a check for ${fault.id}`).toBeDefined();
      const problem = check!(meter({ faults: new Set([fault.id]) }));
      expect(problem, `fault ${fault.id} is visible`).toBeDefined();
    });
  }
});
