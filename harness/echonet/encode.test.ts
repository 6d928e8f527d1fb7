import assert from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { decodeStrict } from './decode-strict.ts';
import { encodeFrame } from './encode.ts';
import { ALL_ESVS } from './esv.ts';
import type { Frame } from './frame.ts';
import { FrameError } from './frame-error.ts';
import { fromHex, toHex } from './hex.ts';

// Frames built with little regard for the rules: wrong PDCs, low EPCs, reserved ESVs, oversized values.
function carelessFrame(): fc.Arbitrary<Frame> {
  const byte = fc.integer({ min: -2, max: 300 });
  const eoj = fc.record({ classGroup: byte, classCode: byte, instance: byte });
  const property = fc.record({ epc: byte, edt: fc.uint8Array({ maxLength: 4 }) });
  const esv = fc.oneof(fc.constantFrom(...ALL_ESVS), fc.integer({ min: 0, max: 255 }));
  const header = {
    format: fc.constant(1 as const),
    tid: fc.integer({ min: -1, max: 70_000 }),
    seoj: eoj,
    deoj: eoj,
    esv,
  };
  return fc.oneof(
    fc.record({ ...header, properties: fc.array(property, { maxLength: 4 }) }),
    fc.record({
      ...header,
      setProperties: fc.array(property, { maxLength: 3 }),
      getProperties: fc.array(property, { maxLength: 3 }),
    }),
  ) as fc.Arbitrary<Frame>;
}

test.describe('encoder', () => {
  test('never produces a frame the strict decoder rejects: it throws instead', () => {
    let refused = 0;
    fc.assert(
      fc.property(carelessFrame(), (frame) => {
        let bytes: Uint8Array;
        try {
          bytes = encodeFrame(frame);
        } catch (error) {
          refused++;
          assert.ok(
            error instanceof FrameError || error instanceof RangeError,
            `unexpected ${String(error)}`,
          );
          return;
        }
        const decoded = decodeStrict(bytes);
        assert.ok(decoded.ok, `encoded ${toHex(bytes, ' ')} but ${decoded.ok ? '' : decoded.error.message}`);
      }),
      { numRuns: 5000 },
    );
    expect(refused, 'the careless frames must exercise the refusals').toBeGreaterThan(100);
  });

  test('writes the documented bytes of a HEMS Get of E7', () => {
    const bytes = encodeFrame({
      format: 1,
      tid: 1,
      seoj: { classGroup: 0x05, classCode: 0xff, instance: 0x01 },
      deoj: { classGroup: 0x02, classCode: 0x88, instance: 0x01 },
      esv: 0x62,
      properties: [{ epc: 0xe7, edt: new Uint8Array(0) }],
    });
    expect(toHex(bytes)).toBe(toHex(fromHex('1081 0001 05FF01 028801 62 01 E7 00')));
  });

  test('refuses a Get request carrying data, naming the rule', () => {
    const frame: Frame = {
      format: 1,
      tid: 1,
      seoj: { classGroup: 0x05, classCode: 0xff, instance: 0x01 },
      deoj: { classGroup: 0x02, classCode: 0x88, instance: 0x01 },
      esv: 0x62,
      properties: [{ epc: 0xe7, edt: Uint8Array.of(1) }],
    };
    expect(() => encodeFrame(frame)).toThrow(/Get, INF_REQ and the Get part of SetGet carry PDC = 0/);
  });
});
