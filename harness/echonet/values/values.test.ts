import assert from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { fromHex, toHex } from '../hex.ts';
import {
  decodeDateTime,
  decodeDateTime6,
  encodeDateTime,
  encodeDateTime6,
  formatDateTime,
} from './date-time.ts';
import { type IntSize, readSigned, readUnsigned, writeSigned, writeUnsigned } from './integer.ts';
import { compareDecimal, decimalToString, scaleReading } from './scaling.ts';
import { unitExponent } from './unit.ts';

test.describe('integer codecs', () => {
  test('unsigned and signed round trip for 1–4 bytes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<IntSize>(1, 2, 3, 4),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (size, f) => {
          const unsigned = Math.floor(f * (2 ** (8 * size) - 1));
          assert.equal(readUnsigned(writeUnsigned(unsigned, size), 0, size), unsigned);
          const signed = unsigned - 2 ** (8 * size - 1);
          assert.equal(readSigned(writeSigned(signed, size), 0, size), signed);
        },
      ),
    );
  });

  test('E7 and E8 are two’s complement: 0xFFFFFF9C = −100 W, 0xFFEC = −2.0 A', () => {
    expect(readSigned(fromHex('FFFFFF9C'), 0, 4)).toBe(-100);
    expect(readSigned(fromHex('FFEC'), 0, 2)).toBe(-20);
    expect(readUnsigned(fromHex('FFFFFFFE'), 0, 4)).toBe(0xfffffffe);
  });

  test('refuses values that do not fit', () => {
    expect(() => writeUnsigned(256, 1)).toThrow(RangeError);
    expect(() => writeSigned(-129, 1)).toThrow(RangeError);
    expect(() => writeUnsigned(-1, 4)).toThrow(RangeError);
  });
});

test.describe('date-time and date-time_6', () => {
  const dateTime = fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .map((d) => ({
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    }));

  test('round trip', () => {
    fc.assert(
      fc.property(dateTime, (value) => {
        const seven = decodeDateTime(encodeDateTime(value));
        assert.deepEqual(seven.ok && seven.value, value);
        const six = decodeDateTime6(encodeDateTime6(value));
        assert.deepEqual(six.ok && six.value, { ...value, second: 0 });
      }),
    );
  });

  test('decodes the real EA time stamp 07E5 09 17 09 1E 00 as 2021-09-23 09:30:00', () => {
    const result = decodeDateTime(fromHex('07E50917091E00'));
    expect(result.ok && formatDateTime(result.value)).toBe('2021-09-23 09:30:00');
  });

  test('all 0xFF is "unset" (ED/EF default)', () => {
    const result = decodeDateTime6(fromHex('FFFFFFFFFFFF'));
    expect(result.ok && result.value).toBe('unset');
    expect(toHex(encodeDateTime6('unset'))).toBe('FFFFFFFFFFFF');
  });

  test('rejects impossible dates, naming the field', () => {
    const feb30 = decodeDateTime(fromHex('07E5021E000000'));
    expect(feb30.ok ? '' : feb30.error.message).toMatch(
      /date-time.day at EDT byte 3.*expected 1..28, got 30/,
    );
    const minute60 = decodeDateTime6(fromHex('07E50917093C'));
    expect(minute60.ok ? '' : minute60.error.field).toBe('date-time_6.minute');
    const leap = decodeDateTime(fromHex('07E4021D000000'));
    expect(leap.ok).toBe(true);
    const short = decodeDateTime(fromHex('07E50917'));
    expect(short.ok).toBe(false);
  });
});

test.describe('units and scaling', () => {
  test('E1 unit table', () => {
    const table = [0x00, 0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x0c, 0x0d].map(unitExponent);
    expect(table).toEqual([0, -1, -2, -3, -4, 1, 2, 3, 4]);
    expect(unitExponent(0x05)).toBeUndefined();
  });

  test('kWh = raw × D3 × E1, exactly', () => {
    expect(decimalToString(scaleReading({ raw: 501639, unitCode: 0x02 }))).toBe('5016.39');
    expect(decimalToString(scaleReading({ raw: 501639, coefficient: 40, unitCode: 0x02 }))).toBe('200655.60');
    expect(decimalToString(scaleReading({ raw: 7, unitCode: 0x04 }))).toBe('0.0007');
    expect(decimalToString(scaleReading({ raw: 12, unitCode: 0x0b }))).toBe('1200');
    expect(
      decimalToString(scaleReading({ raw: 5, coefficient: 3, unitCode: 0x00, multiplierCode: 0x01 })),
    ).toBe('1.5');
    expect(() => scaleReading({ raw: 1, unitCode: 0x05 })).toThrow(/unit code 0x5/);
  });

  test('comparison is exact across units', () => {
    const a = scaleReading({ raw: 501645, unitCode: 0x02 });
    const b = scaleReading({ raw: 50164, unitCode: 0x01 });
    expect(compareDecimal(a, b)).toBe(1);
    expect(
      compareDecimal(scaleReading({ raw: 10, unitCode: 0x01 }), scaleReading({ raw: 1, unitCode: 0x00 })),
    ).toBe(0);
  });
});
