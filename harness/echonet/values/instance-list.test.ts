import assert from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { findProperty } from '../../classes/class-facts.ts';
import { eoj, eojHex } from '../eoj.ts';
import { fromHex, toHex } from '../hex.ts';
import { decodeInstanceList, encodeInstanceList, MAX_LISTED_INSTANCES } from './instance-list.ts';

const anyEoj = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
  .map(([classGroup, classCode, instance]) => ({ classGroup, classCode, instance }));

test.describe('instance list (node profile 0xD5 / 0xD6)', () => {
  test('round trip for 0–84 EOJs', () => {
    fc.assert(
      fc.property(fc.array(anyEoj, { maxLength: MAX_LISTED_INSTANCES }), (eojs) => {
        const decoded = decodeInstanceList(encodeInstanceList(eojs));
        assert.ok(decoded.ok, decoded.ok ? '' : decoded.error.message);
        assert.deepEqual(decoded.value, eojs);
      }),
    );
  });

  test('reads the reference LV meter’s list 01 028801', () => {
    const decoded = decodeInstanceList(fromHex('01028801'));
    expect(decoded.ok && decoded.value.map(eojHex)).toEqual(['028801']);
    expect(toHex(encodeInstanceList([eoj('028801'), eoj('05FF01')]))).toBe('0202880105FF01');
  });

  test('beyond 84 objects only the first 84 are listed, and the list stays within the class data size', () => {
    const many = Array.from({ length: 90 }, (_, i) => ({ classGroup: 0x02, classCode: 0x88, instance: i }));
    const edt = encodeInstanceList(many);
    expect(edt[0], 'count').toBe(84);
    for (const epc of [0xd5, 0xd6]) {
      const size = findProperty(0x0ef0, epc)?.size;
      expect(size && 'max' in size && size.max, `0x0EF0 ${epc.toString(16)} max size`).toBe(edt.length);
    }
  });

  test('rejects a wrong size or a count over 84, naming the field', () => {
    const short = decodeInstanceList(fromHex('02028801'));
    expect(short.ok ? '' : short.error.message).toMatch(
      /instance list at EDT byte 0.*expected 7 bytes \(count 2\), got 4 bytes/,
    );
    expect(decodeInstanceList(fromHex('0102880100')).ok, 'a trailing byte').toBe(false);
    expect(decodeInstanceList(new Uint8Array(0)).ok, 'no count').toBe(false);
    const over = decodeInstanceList(new Uint8Array(1 + 3 * 85).fill(85, 0, 1));
    expect(over.ok ? '' : over.error.field).toBe('instance list.count');
  });
});
