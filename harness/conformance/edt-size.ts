// The size an EDT must have, from the class data (harness/classes/data/*.json): a value read from the
// device that is shorter or longer than its class defines is a FAIL naming the EPC and the sizes, never
// bytes read past the end (NaN) that slip through a comparison.
import type { PropertySize } from '../classes/class-definition.ts';
import { findProperty } from '../classes/class-facts.ts';

/** The expected size as text when `length` does not fit the class's definition of `epc`; else undefined. */
export function edtSizeProblem(classCode: number, epc: number, length: number): string | undefined {
  // a class or EPC without data (a vendor object, a next-generation item): no size known here
  const size = findProperty(classCode, epc)?.size;
  if (!size || fits(size, length)) return undefined;
  return sizeText(size);
}

function fits(size: PropertySize, length: number): boolean {
  if ('fixed' in size) return length === size.fixed;
  return length >= size.min && length <= size.max && (length - size.min) % (size.step ?? 1) === 0;
}

function sizeText(size: PropertySize): string {
  if ('fixed' in size) return `PDC ${size.fixed}`;
  return `PDC ${size.min}–${size.max}${size.step && size.step > 1 ? ` in steps of ${size.step}` : ''}`;
}
