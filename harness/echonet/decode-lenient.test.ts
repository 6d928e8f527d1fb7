import assert from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { validFrameArbitrary } from '../arbitraries/frame.ts';
import { hostileBytesArbitrary } from '../arbitraries/mutated-bytes.ts';
import { decodeLenient } from './decode-lenient.ts';
import { decodeStrict } from './decode-strict.ts';
import { encodeFrame } from './encode.ts';
import { fromHex, toHex } from './hex.ts';

test.describe('lenient decoder', () => {
  test('agrees with the strict decoder on valid frames and reports no issue', () => {
    fc.assert(
      fc.property(validFrameArbitrary(), (frame) => {
        const bytes = encodeFrame(frame);
        const lenient = decodeLenient(bytes);
        assert.equal(lenient.issues.length, 0, lenient.issues.map((i) => i.message).join('; '));
        if (frame.format === 1) {
          const strict = decodeStrict(bytes);
          assert.ok(strict.ok && strict.frame.format === 1);
          const props = 'setProperties' in frame ? frame.setProperties : frame.properties;
          assert.deepEqual(
            lenient.properties.map((p) => `${p.epc}:${toHex(p.edt)}`),
            props.map((p) => `${p.epc}:${toHex(p.edt)}`),
          );
        }
      }),
      { numRuns: 1000 },
    );
  });

  test('never throws, and lists an issue wherever the strict decoder fails', () => {
    fc.assert(
      fc.property(hostileBytesArbitrary(), (bytes) => {
        const lenient = decodeLenient(bytes);
        const strict = decodeStrict(bytes);
        if (!strict.ok)
          assert.ok(lenient.issues.length > 0, `strict: ${strict.error.message}; lenient saw nothing`);
      }),
      { numRuns: 10_000 },
    );
  });

  test('keeps what a truncated reply still holds', () => {
    const lenient = decodeLenient(fromHex('1081 0001 028801 05FF01 72 02 E7 04 000004A5 E8 04 0014'));
    expect(lenient.properties.map((p) => toHex(p.edt))).toEqual(['000004A5', '0014']);
    expect(lenient.issues.map((i) => i.rule)).toEqual(['property.bounds']);
  });

  test('reads past rule violations, listing each', () => {
    const lenient = decodeLenient(fromHex('1080 0001 028801 05FF01 72 02 E7 00 7F 01 01 FF'));
    expect(lenient.issues.map((i) => i.rule)).toEqual([
      'ehd2',
      'pdc.value-reply',
      'epc.range',
      'frame.trailing',
    ]);
    expect(lenient.properties).toHaveLength(2);
  });
});
