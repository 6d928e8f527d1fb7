import { expect, test } from '@playwright/test';
import { decodePropertyValue } from '../../classes/decode-property-value.ts';
import { loadClassRegistry } from '../../classes/load-classes.ts';
import type { Clock } from '../../clock/clock.ts';
import { fromJst } from '../../clock/jst.ts';
import { HEMS_CONTROLLER, LV_METER } from '../../echonet/eoj.ts';
import { ESV } from '../../echonet/esv.ts';
import type { Format1Frame, Property } from '../../echonet/frame.ts';
import { byteHex, fromHex, toHex } from '../../echonet/hex.ts';
import { decodePropertyMap } from '../../echonet/property-map.ts';
import { readSigned, readUnsigned } from '../../echonet/values/integer.ts';
import { answerRequest } from '../node/answer-request.ts';
import { DEFAULT_LV_METER, type LvMeterConfig } from './lv-meter-config.ts';
import { LvMeterObject } from './lv-meter-object.ts';

const registry = loadClassRegistry();
const NOON = fromJst({ year: 2026, month: 3, day: 15, hour: 12, minute: 10, second: 5 });

function meter(overrides: Partial<LvMeterConfig> = {}, at = NOON) {
  const clock: Clock & { time: number } = {
    time: at,
    now: () => clock.time,
    sleep: async () => {},
    setTimer: () => ({ cancel() {} }),
  };
  const object = new LvMeterObject({ ...DEFAULT_LV_METER, ...overrides }, clock);
  const request = (esv: Format1Frame['esv'], properties: Property[]) =>
    answerRequest(
      { format: 1, tid: 7, seoj: HEMS_CONTROLLER, deoj: LV_METER, esv, properties } as Format1Frame,
      object,
      { opcLimit: 6 },
    );
  const get = (epc: number) => {
    const reply = request(ESV.Get, [{ epc, edt: new Uint8Array(0) }]);
    if (!reply || !('properties' in reply) || reply.esv !== ESV.Get_Res)
      throw new Error(`Get ${byteHex(epc)} was refused`);
    return reply.properties[0]!.edt;
  };
  const setC = (epc: number, hex: string) => request(ESV.SetC, [{ epc, edt: fromHex(hex) }]);
  return { clock, object, request, get, setC };
}

const u32s = (edt: Uint8Array, from: number, count: number, stride = 4) =>
  Array.from({ length: count }, (_, i) => readUnsigned(edt, from + i * stride, 4));

test.describe('emulated LV meter object 0x028801', () => {
  test('every EPC in its Get map decodes against the 0x0288 class data', () => {
    const m = meter();
    m.setC(0xe5, '01');
    m.setC(0xed, '07EA030F0B0003');
    m.setC(0xef, '07EA030F0C0505');
    for (const epc of m.object.getMap) {
      const definition = registry.property(0x0288, epc);
      expect(definition, `class data for ${byteHex(epc)}`).toBeDefined();
      const value = decodePropertyValue(definition!, m.get(epc));
      expect(value.ok, `${byteHex(epc)} = ${toHex(m.get(epc))}: ${value.ok ? '' : value.error.message}`).toBe(
        true,
      );
    }
  });

  test('0x9F lists exactly the EPCs it answers, in Form 2', () => {
    const m = meter();
    const map = decodePropertyMap(m.get(0x9f));
    expect(m.get(0x9f)).toHaveLength(17);
    expect(map.ok && map.value).toEqual(m.object.getMap);
  });

  test('fault form2-off-by-one: the Get map decodes to other EPCs', () => {
    const map = decodePropertyMap(meter({ faults: new Set(['form2-off-by-one']) }).get(0x9f));
    expect(map.ok && map.value).not.toEqual(meter().object.getMap);
  });

  test('E5 → E2: day n ago, 48 half-hour values, oldest first, non-decreasing', () => {
    const m = meter();
    expect(m.setC(0xe5, '01')?.esv).toBe(ESV.Set_Res);
    const e2 = m.get(0xe2);
    expect(readUnsigned(e2, 0, 2)).toBe(1);
    const slots = u32s(e2, 2, 48);
    expect(slots.every((v, i) => i === 0 || v >= slots[i - 1]!)).toBe(true);
    expect(slots[47]).toBeGreaterThan(slots[0]!);
  });

  test('E2 before E5 was ever set: day 0x00FF, all 48 slots 0xFFFFFFFE', () => {
    expect(toHex(meter().get(0xe2))).toBe(`00FF${'FFFFFFFE'.repeat(48)}`);
  });

  test('today: slots after now carry the no-data sentinel', () => {
    const m = meter();
    m.setC(0xe5, '00');
    const slots = u32s(m.get(0xe2), 2, 48);
    expect(slots.slice(0, 25).every((v) => v !== 0xfffffffe)).toBe(true); // 00:00 … 12:00
    expect(slots.slice(25).every((v) => v === 0xfffffffe)).toBe(true); // 12:30 … 23:30
  });

  test('E5 = 100 is refused with SetC_SNA echoing the EDT; fault e5-100-accepted accepts it', () => {
    const reply = meter().setC(0xe5, '64');
    expect(reply?.esv).toBe(ESV.SetC_SNA);
    expect(reply && 'properties' in reply && toHex(reply.properties[0]!.edt)).toBe('64');
    expect(meter({ faults: new Set(['e5-100-accepted']) }).setC(0xe5, '64')?.esv).toBe(ESV.Set_Res);
  });

  test('E7 is signed: negative while solar exceeds the load; fault e7-unsigned never is', () => {
    const negatives = (faults: string[]) => {
      let count = 0;
      for (let h = 0; h < 24 * 4; h++) {
        const edt = meter({ faults: new Set(faults) }, NOON - 12 * 3_600_000 + h * 900_000).get(0xe7);
        if (readSigned(edt, 0, 4) < 0) count++;
      }
      return count;
    };
    expect(negatives([])).toBeGreaterThan(0);
    expect(negatives(['e7-unsigned'])).toBe(0);
  });

  test('E8 single-phase two-wire: T phase 0x7FFE; fault e8-t-phase-zero reports 0', () => {
    expect(toHex(meter({ wiring: 'single-phase-2-wire' }).get(0xe8)).slice(4)).toBe('7FFE');
    expect(
      toHex(meter({ wiring: 'single-phase-2-wire', faults: new Set(['e8-t-phase-zero']) }).get(0xe8)).slice(
        4,
      ),
    ).toBe('0000');
  });

  test('ED accepts only minute 00 or 30 and n 1..12; EC lists n pairs newest first matching E2', () => {
    const m = meter();
    expect(m.setC(0xed, '07EA030F0B0F03')?.esv).toBe(ESV.SetC_SNA); // 11:15
    expect(m.setC(0xed, '07EA030F0B000D')?.esv).toBe(ESV.SetC_SNA); // n = 13
    expect(m.setC(0xed, '07EA030F0B0003')?.esv).toBe(ESV.Set_Res); // 11:00, 3 values
    const ec = m.get(0xec);
    expect(ec).toHaveLength(7 + 3 * 8);
    const forward = u32s(ec, 7, 3, 8);
    m.setC(0xe5, '00');
    const e2 = u32s(m.get(0xe2), 2, 48);
    expect(forward).toEqual([e2[22], e2[21], e2[20]]); // 11:00, 10:30, 10:00
  });

  test('EF → EE: 1-minute values kept 60 minutes; fault one-minute-kept-30 loses them after 30', () => {
    const selectAgo = (minutes: number, faults: string[] = []) => {
      const m = meter({ faults: new Set(faults) });
      const t = new Date(NOON + 9 * 3_600_000 - minutes * 60_000);
      const hex = [
        t.getUTCFullYear() >> 8,
        t.getUTCFullYear() & 0xff,
        t.getUTCMonth() + 1,
        t.getUTCDate(),
        t.getUTCHours(),
        t.getUTCMinutes(),
        1,
      ];
      expect(m.setC(0xef, toHex(Uint8Array.from(hex)))?.esv).toBe(ESV.Set_Res);
      return readUnsigned(m.get(0xee), 7, 4);
    };
    expect(selectAgo(45)).not.toBe(0xfffffffe);
    expect(selectAgo(90)).toBe(0xfffffffe);
    expect(selectAgo(45, ['one-minute-kept-30'])).toBe(0xfffffffe);
  });

  test('counters never go backwards and roll over at 10^D7', () => {
    const perUnit = 6000; // 0.1 kWh in W·min
    const near = meter(
      { digits: 6, installedAt: NOON - 3_600_000, counterOffsetWmin: 999_990 * perUnit },
      NOON,
    );
    const e0 = (m: ReturnType<typeof meter>) => readUnsigned(m.get(0xe0), 0, 4);
    const readings = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((h) => {
      near.clock.time = NOON + h * 3_600_000;
      return e0(near);
    });
    expect(
      readings.some((r) => r < 100),
      `rolled over: ${readings}`,
    ).toBe(true);
    expect(readings.every((r) => r < 1_000_000)).toBe(true);
    const plain = meter();
    let last = 0;
    for (let i = 0; i < 96; i++) {
      plain.clock.time = NOON + i * 900_000;
      const r = e0(plain);
      expect(r, `E0 at step ${i}`).toBeGreaterThanOrEqual(last);
      last = r;
    }
  });

  test('a request with 7 properties is over the OPC limit of 6: Get_SNA, every EPC with PDC 0', () => {
    const epcs = [0xe0, 0xe1, 0xe7, 0xe8, 0xea, 0xd7, 0x80];
    const reply = meter().request(
      ESV.Get,
      epcs.map((epc) => ({ epc, edt: new Uint8Array(0) })),
    );
    expect(reply?.esv).toBe(ESV.Get_SNA);
    expect(reply && 'properties' in reply && reply.properties.map((p) => p.edt.length)).toEqual([
      0, 0, 0, 0, 0, 0, 0,
    ]);
  });
});

test.describe('next-generation items at the EPCs the profile names', () => {
  const items = [
    {
      quantity: 'active-energy',
      intervalMinutes: 5,
      retentionDays: 3,
      epc: '0xF0',
      selectorEpc: '0xF4',
      historyEpc: '0xF5',
    },
    { quantity: 'reactive-energy', intervalMinutes: 5, retentionDays: 3, epc: '0xF1' },
    { quantity: 'voltage', intervalMinutes: 5, retentionDays: 3, epc: '0xF2' },
    { quantity: 'active-energy', intervalMinutes: 15, retentionDays: 45, epc: '0xF3' },
  ] as const;

  test('latest 5-minute active energy: aligned time stamp, forward equals E0 at that instant', () => {
    const m = meter({ nextGeneration: items });
    const f0 = m.get(0xf0);
    expect(f0).toHaveLength(15);
    expect(toHex(f0.subarray(0, 7))).toBe('07EA030F0C0A00'); // 2026-03-15 12:10:00, the latest 5-minute boundary
    m.clock.time = fromJst({ year: 2026, month: 3, day: 15, hour: 12, minute: 10, second: 0 });
    expect(readUnsigned(f0, 7, 4)).toBe(readUnsigned(m.get(0xe0), 0, 4));
  });

  test('next-generation active energy rolls over at 10^D7 with E0; fault ng-no-roll-over keeps counting', () => {
    const config = {
      nextGeneration: items,
      digits: 6,
      installedAt: NOON - 3_600_000,
      counterOffsetWmin: 999_990 * 6000, // 0.1 kWh = 6000 W·min: 10 units below 10^6
    };
    for (const faults of [[], ['ng-no-roll-over']]) {
      const m = meter({ ...config, faults: new Set(faults) });
      const readings = [0, 2, 4, 6, 8].map((h) => {
        m.clock.time = NOON + h * 3_600_000;
        return [readUnsigned(m.get(0xf0), 7, 4), readUnsigned(m.get(0xe0), 0, 4)] as const;
      });
      expect(readings.every(([, e0]) => e0 < 1_000_000)).toBe(true);
      const past = readings.some(([f0]) => f0 >= 1_000_000);
      expect(past, `F0 past 10^6 with faults [${faults}]: ${readings}`).toBe(faults.length > 0);
    }
  });

  test('reactive energy and voltage are plausible and Get map lists the items', () => {
    const m = meter({ nextGeneration: items });
    expect(m.object.getMap).toEqual(expect.arrayContaining([0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5]));
    expect(m.object.setMap).toContain(0xf4);
    const volts = readUnsigned(m.get(0xf2), 7, 2) / 10;
    expect(volts).toBeGreaterThan(90);
    expect(volts).toBeLessThan(110);
    expect(readUnsigned(m.get(0xf1), 7, 4)).toBeLessThan(readUnsigned(m.get(0xf0), 7, 4));
  });

  test('history: kept for the declared retention; fault next-gen-retention-halved loses older values', () => {
    const twoDaysAgo = (faults: string[]) => {
      const m = meter({ nextGeneration: items, faults: new Set(faults) });
      expect(m.setC(0xf4, '07EA030D0C0002')?.esv).toBe(ESV.Set_Res); // 2026-03-13 12:00, 2 values
      return readUnsigned(m.get(0xf5), 7, 4);
    };
    expect(twoDaysAgo([])).not.toBe(0xfffffffe);
    expect(twoDaysAgo(['next-gen-retention-halved'])).toBe(0xfffffffe);
  });

  test('the selector refuses a time off the 5-minute grid', () => {
    expect(meter({ nextGeneration: items }).setC(0xf4, '07EA030D0C0302')?.esv).toBe(ESV.SetC_SNA);
  });

  // seed: the 30-minute interval switchable to 15 minutes (switch EPC and its 1-byte encoding: profile parameters)
  const switchable = [
    {
      quantity: 'active-energy',
      intervalMinutes: 30,
      retentionDays: 45,
      epc: '0xF6',
      selectorEpc: '0xF7',
      historyEpc: '0xF8',
      switchableTo: 15,
      switchEpc: '0xF9',
    },
  ] as const;
  const at = (hour: number, minute: number) =>
    fromJst({ year: 2026, month: 3, day: 15, hour, minute, second: 0 });
  const stampOf = (edt: Uint8Array) => toHex(edt.subarray(0, 7));

  test('30 → 15-minute switch: from the next 30-minute boundary, no slot lost; faults switch at once or lose it', () => {
    const run = (faults: string[] = []) => {
      const m = meter({ nextGeneration: switchable, faults: new Set(faults) }); // 12:10:05
      expect(m.object.setMap).toContain(0xf9);
      expect(m.setC(0xf9, '0F')?.esv).toBe(ESV.Set_Res);
      m.clock.time = at(12, 20);
      const midInterval = stampOf(m.get(0xf6));
      expect(m.get(0xf9)[0]).toBe(faults.includes('switch-15-immediate') ? 15 : 30);
      m.clock.time = at(13, 20);
      expect(stampOf(m.get(0xf6))).toBe('07EA030F0D0F00'); // 13:15
      expect(m.setC(0xf7, '07EA030F0D0F05')?.esv).toBe(ESV.Set_Res); // 13:15 back: 13:15, 13:00, 12:45, 12:30, 12:00
      return { midInterval, history: u32s(m.get(0xf8), 7, 5, 8) };
    };
    const clean = run();
    expect(clean.midInterval).toBe('07EA030F0C0000'); // 12:00: the 30-minute slot runs on until 12:30
    expect(clean.history.every((v) => v !== 0xfffffffe)).toBe(true);
    expect(run(['switch-15-immediate']).midInterval).toBe('07EA030F0C0F00'); // 12:15
    expect(run(['switch-15-loses-slot']).history[2]).toBe(0xfffffffe); // 12:45, the first 15-minute slot
  });

  test('a restart keeps the recorded values; fault restart-loses-history reads those before it as no data', () => {
    const yesterday = (faults: string[]) => {
      const m = meter({ restartedAt: NOON, faults: new Set(faults) });
      expect(m.setC(0xe5, '01')?.esv).toBe(ESV.Set_Res);
      return u32s(m.get(0xe2), 2, 3);
    };
    expect(yesterday([])).toEqual(
      u32s(
        (() => {
          const m = meter();
          m.setC(0xe5, '01');
          return m.get(0xe2);
        })(),
        2,
        3,
      ),
    );
    expect(yesterday(['restart-loses-history'])).toEqual([0xfffffffe, 0xfffffffe, 0xfffffffe]);
  });

  test('the switch accepts 15 or 30 only, and not back from 15 to 30', () => {
    const m = meter({ nextGeneration: switchable });
    expect(m.setC(0xf9, '1E')?.esv).toBe(ESV.Set_Res);
    expect(m.setC(0xf9, '05')?.esv).toBe(ESV.SetC_SNA);
    expect(m.setC(0xf9, '0F')?.esv).toBe(ESV.Set_Res);
    expect(m.setC(0xf9, '1E')?.esv).toBe(ESV.SetC_SNA);
  });
});
