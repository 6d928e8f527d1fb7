import { expect, test } from '@playwright/test';
import { sizeAllows } from '../../classes/class-definition.ts';
import { loadClassRegistry } from '../../classes/load-classes.ts';
import type { Clock } from '../../clock/clock.ts';
import { fromJst, toJst } from '../../clock/jst.ts';
import { fromHex, toHex } from '../../echonet/hex.ts';
import { decodeDateTime, encodeDateTime6 } from '../../echonet/values/date-time.ts';
import { readUnsigned } from '../../echonet/values/integer.ts';
import {
  DEFAULT_HV_BIDIRECTIONAL_METER,
  type HvBidirectionalMeterConfig,
} from './hv-bidirectional-meter-config.ts';
import { HV_BIDIRECTIONAL_METER_FAULTS } from './hv-bidirectional-meter-faults.ts';
import { HvBidirectionalMeterObject } from './hv-bidirectional-meter-object.ts';

const registry = loadClassRegistry();
const MINUTE = 60_000;
const NO_DATA = 0xfffffffe;
/** Monday 2026-06-15 12:10:05 JST: the plant exports (reverse flow) around noon. */
const NOON = fromJst({ year: 2026, month: 6, day: 15, hour: 12, minute: 10, second: 5 });
const PRESENT_MINUTE = Math.floor(NOON / MINUTE) * MINUTE;

function meter(overrides: Partial<HvBidirectionalMeterConfig> = {}, at = NOON) {
  const clock: Clock & { time: number } = {
    time: at,
    now: () => clock.time,
    sleep: async () => {},
    setTimer: () => ({ cancel() {} }),
  };
  const object = new HvBidirectionalMeterObject({ ...DEFAULT_HV_BIDIRECTIONAL_METER, ...overrides }, clock);
  const get = (epc: number): Uint8Array => {
    const edt = object.read(epc);
    if (!edt) throw new Error(`0x${epc.toString(16)} not served`);
    return edt;
  };
  return { object, clock, get };
}

const selection = (at: number, n: number) => Uint8Array.from([...encodeDateTime6(toJst(at)), n]);
const pairsOf = (edt: Uint8Array) =>
  Array.from({ length: (edt.length - 7) / 8 }, (_, i) => [
    readUnsigned(edt, 7 + 8 * i, 4),
    readUnsigned(edt, 11 + 8 * i, 4),
  ]);

test('every EPC of the Get map is in the class data (0x028F or the super class) and has its size', () => {
  const { object, get } = meter();
  object.write(0xe1, Uint8Array.of(1));
  const all = registry.propertiesOf(0x028f);
  for (const epc of object.getMap) {
    const definition = all.get(epc);
    expect(definition, `0x${epc.toString(16)} has class data`).toBeDefined();
    const edt = get(epc);
    expect(sizeAllows(definition!.size, edt.length), `0x${epc.toString(16)}: ${edt.length} bytes`).toBe(true);
  }
  for (const epc of object.setMap) expect(all.get(epc)?.access.set, `0x${epc.toString(16)}`).not.toBe('none');
});

test('D0 is stamped with the present minute and equals ED for that minute; reverse flow at noon', () => {
  const { object, clock, get } = meter();
  const d0 = get(0xd0);
  const stamp = decodeDateTime(d0, 0);
  expect(stamp.ok && stamp.value !== 'unset' ? fromJst(stamp.value) : undefined).toBe(PRESENT_MINUTE);
  expect(object.write(0xef, selection(PRESENT_MINUTE, 1))).toBe(true);
  expect(pairsOf(get(0xed))).toEqual([[readUnsigned(d0, 7, 4), readUnsigned(d0, 11, 4)]]);
  clock.time += 5 * MINUTE;
  const later = get(0xd0);
  expect(readUnsigned(later, 7, 4), 'no forward flow while exporting').toBe(readUnsigned(d0, 7, 4));
  expect(readUnsigned(later, 11, 4), 'the reverse counter runs').toBeGreaterThan(readUnsigned(d0, 11, 4));
});

test('EF takes a minute and 1–10 segments; ED and EE answer it, the selected minute first', () => {
  const { object, get } = meter();
  expect(toHex(get(0xef))).toBe('FFFFFFFFFFFF01');
  expect(get(0xed).length, 'default: one empty segment').toBe(15);
  for (const n of [0, 11]) expect(object.write(0xef, selection(PRESENT_MINUTE, n)), `n = ${n}`).toBe(false);
  expect(object.write(0xef, fromHex('07EA060F0C05')), 'six bytes').toBe(false);
  const chosen = selection(PRESENT_MINUTE - MINUTE, 10);
  expect(object.write(0xef, chosen)).toBe(true);
  for (const epc of [0xed, 0xee]) {
    const edt = get(epc);
    expect(toHex(edt.subarray(0, 7))).toBe(toHex(chosen));
    const reverse = pairsOf(edt).map(([, r]) => r!);
    expect(reverse.length).toBe(10);
    expect(reverse, 'newest first: reverse values fall going back').toEqual(
      [...reverse].sort((a, b) => b - a),
    );
  }
  object.write(0xef, selection(PRESENT_MINUTE + MINUTE, 2));
  expect(pairsOf(get(0xed))[0], 'a minute after now has no data').toEqual([NO_DATA, NO_DATA]);
});

test('EB: R and T on three-phase three-wire; T = 0x7FFFFFFE on single-phase two-wire', () => {
  const three = meter().get(0xeb);
  expect(readUnsigned(three, 4, 4)).not.toBe(0x7ffffffe);
  const two = meter({ wiring: 'single-phase-2-wire' }).get(0xeb);
  expect(toHex(two.subarray(4))).toBe('7FFFFFFE');
  expect(readUnsigned(two, 0, 4)).not.toBe(0x7ffffffe);
});

test('day histories: E1 unset gives day 0x00FF; day 1 has 48 forward and reverse values', () => {
  const { object, get } = meter();
  expect(toHex(get(0xe7).subarray(0, 6))).toBe('00FFFFFFFFFE');
  expect(object.write(0xe1, Uint8Array.of(100))).toBe(false);
  expect(object.write(0xe1, Uint8Array.of(1))).toBe(true);
  for (const epc of [0xe7, 0xe8, 0xc6, 0xc8]) {
    const edt = get(epc);
    expect(readUnsigned(edt, 0, 2)).toBe(1);
    const slots = Array.from({ length: 48 }, (_, i) => readUnsigned(edt, 2 + 4 * i, 4));
    expect(
      slots.every((v) => v !== NO_DATA),
      `0x${epc.toString(16)} yesterday is complete`,
    ).toBe(true);
  }
});

test('each fault switch changes only the EPC of its rule', () => {
  const expected: Record<string, number[]> = {
    'd0-previous-minute-value': [0xd0],
    'd0-stamp-seconds': [0xd0],
    'd1-forward-reverse-swapped': [0xd1],
    'eb-t-phase-not-no-data': [0xeb],
    'ee-ignores-ef': [0xee],
    'ed-oldest-first': [0xed],
    'ef-11-segments-accepted': [],
  };
  const reads = (faults: string[]) => {
    const { object, get } = meter({ faults: new Set(faults), wiring: 'single-phase-2-wire' });
    object.write(0xe1, Uint8Array.of(0));
    object.write(0xef, selection(PRESENT_MINUTE - 3 * MINUTE, 4));
    return new Map(object.getMap.map((epc) => [epc, toHex(get(epc))]));
  };
  const clean = reads([]);
  for (const fault of HV_BIDIRECTIONAL_METER_FAULTS) {
    const broken = reads([fault.id]);
    const changed = [...clean.keys()].filter((epc) => clean.get(epc) !== broken.get(epc));
    expect(changed, fault.id).toEqual(expected[fault.id]);
  }
  const { object } = meter({ faults: new Set(['ef-11-segments-accepted']) });
  expect(object.write(0xef, selection(PRESENT_MINUTE, 11)), 'ef-11-segments-accepted').toBe(true);
});
