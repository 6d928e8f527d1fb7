import assert from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { hostileBytesArbitrary } from '../arbitraries/mutated-bytes.ts';
import { decodeStrict } from './decode-strict.ts';
import { FrameError } from './frame-error.ts';
import type { FrameRuleId } from './frame-rules.ts';
import { fromHex, toHex } from './hex.ts';

// One broken frame per rule: the decoder must name that rule, the field and the byte offset.
const VIOLATIONS: Array<{ hex: string; rule: FrameRuleId; field: string; offset: number; actual: string }> = [
  { hex: '10 81 00', rule: 'frame.length', field: 'frame', offset: 0, actual: '3 bytes' },
  { hex: '10 81 0001 05FF01 0288', rule: 'frame.length', field: 'frame', offset: 0, actual: '9 bytes' },
  { hex: '80 81 0001 05FF01 028801 62 01 E7 00', rule: 'ehd1', field: 'EHD1', offset: 0, actual: '0x80' },
  { hex: '10 80 0001 05FF01 028801 62 01 E7 00', rule: 'ehd2', field: 'EHD2', offset: 1, actual: '0x80' },
  {
    hex: '10 81 0001 05FF01 028801 64 01 E7 00',
    rule: 'esv.known',
    field: 'ESV',
    offset: 10,
    actual: 'reserved ESV 0x64',
  },
  {
    hex: '10 81 0001 05FF01 028801 62 02 E7 00 E8',
    rule: 'property.bounds',
    field: 'property[1].EPC/PDC',
    offset: 14,
    actual: '1 bytes left',
  },
  {
    hex: '10 81 0001 028801 05FF01 72 01 E7 04 0000',
    rule: 'property.bounds',
    field: 'property[0].EDT',
    offset: 14,
    actual: '2 bytes left',
  },
  {
    hex: '10 81 0001 05FF01 028801 62 01 E7 00 00',
    rule: 'frame.trailing',
    field: 'frame',
    offset: 14,
    actual: '1 more bytes',
  },
  {
    hex: '10 81 0001 05FF01 028801 6E 00 01 E7 00',
    rule: 'opcset.nonzero',
    field: 'OPCSet',
    offset: 11,
    actual: '0',
  },
  {
    hex: '10 81 0001 05FF01 028801 6E 01 E5 01 00',
    rule: 'property.bounds',
    field: 'OPCGet',
    offset: 15,
    actual: 'end of frame',
  },
  {
    hex: '10 81 0001 05FF01 028801 62 01 7F 00',
    rule: 'epc.range',
    field: 'property[0].EPC',
    offset: 12,
    actual: '0x7F',
  },
  {
    hex: '10 81 0001 05FF01 028801 62 01 E7 01 00',
    rule: 'pdc.read-request',
    field: 'property[0].PDC (EPC 0xE7)',
    offset: 13,
    actual: 'PDC = 1',
  },
  {
    hex: '10 81 0001 05FF01 028801 63 01 E7 01 00',
    rule: 'pdc.read-request',
    field: 'property[0].PDC (EPC 0xE7)',
    offset: 13,
    actual: 'PDC = 1',
  },
  {
    hex: '10 81 0001 05FF01 028801 61 01 E5 00',
    rule: 'pdc.write-request',
    field: 'property[0].PDC (EPC 0xE5)',
    offset: 13,
    actual: 'PDC = 0',
  },
  {
    hex: '10 81 0001 05FF01 028801 6E 01 E5 01 01 01 E2 01 00',
    rule: 'pdc.read-request',
    field: 'property[1].PDC (EPC 0xE2)',
    offset: 17,
    actual: 'PDC = 1',
  },
  {
    hex: '10 81 0001 028801 05FF01 71 01 E5 01 01',
    rule: 'pdc.set-accepted',
    field: 'property[0].PDC (EPC 0xE5)',
    offset: 13,
    actual: 'PDC = 1',
  },
  {
    hex: '10 81 0001 028801 05FF01 72 01 E7 00',
    rule: 'pdc.value-reply',
    field: 'property[0].PDC (EPC 0xE7)',
    offset: 13,
    actual: 'PDC = 0',
  },
  {
    hex: '10 81 0001 028801 05FF01 74 01 EA 00',
    rule: 'pdc.value-reply',
    field: 'property[0].PDC (EPC 0xEA)',
    offset: 13,
    actual: 'PDC = 0',
  },
  {
    hex: '10 81 0001 05FF01 028801 7A 01 EA 01 00',
    rule: 'pdc.infc-res',
    field: 'property[0].PDC (EPC 0xEA)',
    offset: 13,
    actual: 'PDC = 1',
  },
];

test.describe('strict decoder', () => {
  for (const v of VIOLATIONS) {
    test(`rule ${v.rule}: ${v.hex}`, () => {
      const result = decodeStrict(fromHex(v.hex));
      expect(result.ok, `rule ${v.rule} must reject ${v.hex}`).toBe(false);
      if (result.ok) return;
      const { rule, field, offset, actual } = result.error;
      expect({ rule, field, offset, actual }).toEqual({
        rule: v.rule,
        field: v.field,
        offset: v.offset,
        actual: v.actual,
      });
      expect(result.error.message).toContain(result.error.clause);
    });
  }

  test('names the clause in its message, as the suites print it', () => {
    const result = decodeStrict(fromHex('10 80 0001 05FF01 028801 62 01 E7 00'));
    expect(!result.ok && result.error.message).toBe(
      'EHD2 at byte 1: EHD2 must be 0x81 (Format 1) or 0x82 (Format 2); expected 0x81 or 0x82, got 0x80 (ECHONET Lite 1.14 part 2 §3.2.1.1)',
    );
  });

  test('unverified rules can be switched off, structural ones cannot', () => {
    const lowEpc = fromHex('10 81 0001 05FF01 028801 62 01 7F 00');
    expect(decodeStrict(lowEpc, { rules: { 'epc.range': false } }).ok).toBe(true);
    const truncated = fromHex('10 81 0001 05FF01 028801 62 02 E7 00 E8');
    expect(decodeStrict(truncated, { rules: { 'property.bounds': false } }).ok).toBe(false);
  });

  test('accepts the SNA body shapes: refused Get EPC with PDC 0, refused SetC EPC echoed', () => {
    expect(decodeStrict(fromHex('10 81 0001 028801 05FF01 52 02 E7 04 000004A5 C0 00')).ok).toBe(true);
    expect(decodeStrict(fromHex('10 81 0001 028801 05FF01 51 02 E5 00 ED 07 07E50917091E01')).ok).toBe(true);
    expect(decodeStrict(fromHex('10 81 0001 028801 05FF01 5E 00 01 E2 00')).ok).toBe(true);
  });

  test('on arbitrary and mutated bytes returns a frame or a FrameError, never throws', () => {
    fc.assert(
      fc.property(hostileBytesArbitrary(), (bytes) => {
        let result: ReturnType<typeof decodeStrict>;
        try {
          result = decodeStrict(bytes);
        } catch (error) {
          throw new Error(`decodeStrict threw on ${toHex(bytes, ' ')}: ${String(error)}`);
        }
        // node:assert inside the property: Playwright's expect records a step per call, too slow for 20 000 runs
        if (!result.ok)
          assert.ok(result.error instanceof FrameError, `not a FrameError: ${String(result.error)}`);
        if (!result.ok)
          assert.ok(result.error.offset <= bytes.length, `offset ${result.error.offset} past the frame`);
      }),
      { numRuns: 20_000 },
    );
  });
});
