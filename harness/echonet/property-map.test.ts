import assert from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { byteHex, fromHex, toHex } from './hex.ts';
import { decodePropertyMap, encodePropertyMap } from './property-map.ts';

const ALL_EPCS = Array.from({ length: 0x80 }, (_, i) => 0x80 + i);
const subsets = (minLength = 0, maxLength = 0x80) => fc.subarray(ALL_EPCS, { minLength, maxLength });

function roundTrip(epcs: number[]): void {
  const edt = encodePropertyMap(epcs);
  const expectedForm = epcs.length < 16 ? 1 : 2;
  assert.equal(
    edt.length,
    expectedForm === 1 ? epcs.length + 1 : 17,
    `Form ${expectedForm} length for ${epcs.length} EPCs`,
  );
  const decoded = decodePropertyMap(edt);
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.error.message);
  assert.deepEqual(decoded.value.map(byteHex), [...epcs].sort((a, b) => a - b).map(byteHex));
}

test.describe('property maps (APPENDIX 付録1)', () => {
  test('round trip for every subset of 0x80–0xFF', () => {
    fc.assert(fc.property(subsets(), roundTrip), { numRuns: 3000 });
  });

  test('round trip at the Form 1 / Form 2 boundary (15 and 16 EPCs)', () => {
    fc.assert(fc.property(subsets(15, 16), roundTrip), { numRuns: 2000 });
  });

  test('round trip for every count 0..128', () => {
    for (let n = 0; n <= 0x80; n++) roundTrip(ALL_EPCS.slice(0x80 - n));
  });

  test('15 EPCs are Form 1, 16 are Form 2, bit positions as the Appendix gives them', () => {
    const fifteen = ALL_EPCS.slice(0, 15);
    expect(toHex(encodePropertyMap(fifteen))).toBe(toHex(Uint8Array.from([15, ...fifteen])));
    // 0x80 → byte 1 bit 0; 0x9F → byte 16 bit 1; 0xF0 → byte 1 bit 7 (+ 13 more from 0x81..0x8D)
    const sixteen = [0x80, 0x9f, 0xf0, ...ALL_EPCS.slice(1, 14)];
    const edt = encodePropertyMap(sixteen);
    expect(edt[0]).toBe(16);
    expect(edt[1]).toBe(0b1000_0001);
    expect(edt[16]).toBe(0b0000_0010);
  });

  test('decodes the real meter maps: Form 1 Set map and a Form 2 Get map', () => {
    const set = decodePropertyMap(fromHex('03 81 E5 ED'));
    expect(set.ok && set.value.map(byteHex)).toEqual(['0x81', '0xE5', '0xED']);
    const getEpcs = fromHex('808182888A8D97989D9E9FD3D7E0E1E2E3E4E5E7E8EAEBECED');
    const get = decodePropertyMap(encodePropertyMap(getEpcs));
    expect(get.ok && get.value.length).toBe(25);
  });

  const BROKEN: Array<[string, string, RegExp]> = [
    ['empty', '', /at least its count byte/],
    ['Form 1 count larger than the list', '03 81 E5', /Form 1 length is count \+ 1/],
    ['Form 1 with an EPC below 0x80', '02 81 7F', /listed EPCs are 0x80–0xFF/],
    ['Form 1 with a repeated EPC', '02 81 81', /an EPC is listed once/],
    ['Form 2 with 16 bytes of bitmap', `10 ${'FF'.repeat(15)}`, /count \+ 16-byte bitmap/],
    ['Form 2 count off by one', `11 ${'01'.repeat(16)}`, /the count equals the number of bits set/],
  ];
  for (const [name, hex, message] of BROKEN) {
    test(`rejects ${name}`, () => {
      const result = decodePropertyMap(fromHex(hex));
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.error.message).toMatch(message);
    });
  }
});
