// The rule facts the suites and the reference devices take from the class data: ranges, sizes, the
// selectors' limits and the EPCs that wait Timer 2 — and a clear error for a fact the data lacks.
import { expect, test } from '@playwright/test';
import { fieldRangeOf, fixedSizeOf, minuteStepOf, rangeOf, waitsTimer2 } from './class-facts.ts';

test('ranges and sizes of 0x0288: E5 days 0–99, the day history 194 bytes', () => {
  expect(rangeOf(0x0288, 0xe5)).toEqual({ min: 0, max: 99 });
  expect(fixedSizeOf(0x0288, 0xe2)).toBe(2 + 48 * 4);
});

test('selector limits of 0x0288: ED 1–12 values at :00/:30, EF 1–10 values at any minute', () => {
  expect(fieldRangeOf(0x0288, 0xed, 'n')).toEqual({ min: 1, max: 12 });
  expect(minuteStepOf(0x0288, 0xed, 'start')).toBe(30);
  expect(fieldRangeOf(0x0288, 0xef, 'n')).toEqual({ min: 1, max: 10 });
  expect(minuteStepOf(0x0288, 0xef, 'start')).toBe(1);
});

test('Timer 2 EPCs (AIF LV §2.4.2): the day histories E2 and E4, not the instant values', () => {
  expect(waitsTimer2(0x0288, 0xe2)).toBe(true);
  expect(waitsTimer2(0x0288, 0xe4)).toBe(true);
  expect(waitsTimer2(0x0288, 0xe7)).toBe(false);
  expect(waitsTimer2(0x0288, 0xea)).toBe(false);
  expect(waitsTimer2(0x9999, 0xe2), 'a class without data waits Timer 1').toBe(false);
});

test('a fact the class data does not give is an error naming the EPC and the field', () => {
  expect(() => fieldRangeOf(0x0288, 0xed, 'start')).toThrow(/gives start of EPC 0xed of 0x0288 no range/);
  expect(() => fieldRangeOf(0x0288, 0xed, 'nope')).toThrow(/no field 'nope'/);
  expect(() => rangeOf(0x0288, 0xe2)).toThrow(/no range/);
});
