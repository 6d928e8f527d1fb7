import assert from 'node:assert/strict';
import { test } from '@playwright/test';
import fc from 'fast-check';
import { validFrameArbitrary } from '../arbitraries/frame.ts';
import { decodeStrict } from './decode-strict.ts';
import { encodeFrame } from './encode.ts';
import { toHex } from './hex.ts';

test.describe('ECHONET Lite codec round trip', () => {
  test('decode(encode(frame)) is the frame, for every ESV, OPC 0–255, SetGet and Format 2', () => {
    fc.assert(
      fc.property(validFrameArbitrary(), (frame) => {
        const bytes = encodeFrame(frame);
        const decoded = decodeStrict(bytes);
        if (!decoded.ok)
          throw new Error(
            `strict decoder rejected an encoded frame ${toHex(bytes, ' ')}: ${decoded.error.message}`,
          );
        assert.deepStrictEqual(normalise(decoded.frame), normalise(frame));
      }),
      { numRuns: 2000 },
    );
  });

  test('encode(decode(bytes)) gives back the same bytes', () => {
    fc.assert(
      fc.property(validFrameArbitrary(), (frame) => {
        const bytes = encodeFrame(frame);
        const decoded = decodeStrict(bytes);
        assert.equal(decoded.ok && toHex(encodeFrame(decoded.frame)), toHex(bytes));
      }),
      { numRuns: 1000 },
    );
  });
});

/** EDTs decode as views into the frame: compare their bytes, not their buffers. */
function normalise(value: unknown): unknown {
  if (value instanceof Uint8Array) return toHex(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  return value;
}
