import assert from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { fixedSizeOf } from '../../classes/class-facts.ts';
import { toHex } from '../hex.ts';
import { DAY_SLOTS, decodeDayHistory, encodeDayHistory } from './day-history.ts';
import { NO_DATA_U32, NO_DAY_U16 } from './sentinels.ts';

const HISTORIES: readonly [number, number][] = [
  [0x0288, 0xe2],
  [0x0288, 0xe4],
  [0x028a, 0xc6],
  [0x028a, 0xce],
  [0x028a, 0xe7],
];

test.describe('day history (0x0288 E2/E4, 0x028A C6/CE/E7)', () => {
  test('the class data gives every day history 2 + 48 × 4 bytes', () => {
    for (const [classCode, epc] of HISTORIES) expect(fixedSizeOf(classCode, epc)).toBe(2 + 4 * DAY_SLOTS);
  });

  test('round trip', () => {
    const size = fixedSizeOf(0x0288, 0xe2);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: DAY_SLOTS, maxLength: DAY_SLOTS }),
        (day, values) => {
          const decoded = decodeDayHistory(encodeDayHistory({ day, values }), size);
          assert.ok(decoded.ok, decoded.ok ? '' : decoded.error.message);
          assert.deepEqual(decoded.value, { day, values });
        },
      ),
    );
  });

  test('day field first, then the slots oldest first, big-endian', () => {
    const values = Array.from({ length: DAY_SLOTS }, (_, i) => (i === 0 ? 0x01020304 : NO_DATA_U32));
    const edt = encodeDayHistory({ day: 3, values });
    expect(toHex(edt.subarray(0, 10))).toBe('000301020304FFFFFFFE');
    const unset = decodeDayHistory(encodeDayHistory({ day: NO_DAY_U16, values }), edt.length);
    expect(unset.ok && unset.value.day).toBe(0x00ff);
  });

  test('rejects an EDT of another size than the class data gives', () => {
    const size = fixedSizeOf(0x028a, 0xe7);
    const short = decodeDayHistory(new Uint8Array(size - 1), size);
    expect(short.ok ? '' : short.error.message).toMatch(
      /day history at EDT byte 0.*expected 194 bytes, got 193 bytes/,
    );
    expect(decodeDayHistory(new Uint8Array(size + 4), size).ok).toBe(false);
    expect(() => decodeDayHistory(new Uint8Array(7), 7), 'a size no day history has').toThrow(RangeError);
  });
});
