import fc from 'fast-check';
import type { Property } from '../echonet/frame.ts';
import { type PropertyPart, pdcRule } from '../echonet/property-rules.ts';

const epc = () => fc.integer({ min: 0x80, max: 0xff });

/** EDT lengths: mostly short, sometimes up to the PDC limit of 255. */
function edt(minLength: number): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { arbitrary: fc.uint8Array({ minLength, maxLength: Math.max(minLength, 8) }), weight: 8 },
    { arbitrary: fc.uint8Array({ minLength, maxLength: 255 }), weight: 1 },
  );
}

/** A property that obeys the PDC rule of `esv` in `part` (ECHONET Lite 1.14 part 2 §3.2.5). */
export function propertyArbitrary(esv: number, part: PropertyPart): fc.Arbitrary<Property> {
  const rule = pdcRule(esv, part);
  const data = rule === undefined ? edt(0) : rule.allowsPdc(0) ? fc.constant(new Uint8Array(0)) : edt(1);
  return fc.record({ epc: epc(), edt: data });
}

/** 0..255 properties, mostly few. */
export function propertyListArbitrary(
  esv: number,
  part: PropertyPart,
  minLength = 0,
): fc.Arbitrary<Property[]> {
  const item = propertyArbitrary(esv, part);
  return fc.oneof(
    { arbitrary: fc.array(item, { minLength, maxLength: Math.max(minLength, 8) }), weight: 8 },
    { arbitrary: fc.array(item, { minLength, maxLength: 255 }), weight: 1 },
  );
}
