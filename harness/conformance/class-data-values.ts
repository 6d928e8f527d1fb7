// Values the generated cases (suites/generated/) read and write, from a property's class data entry: is
// a value read inside what the entry allows (its size, range, codes, field layout, or a declared
// sentinel), another valid value to write, and a value outside the entry's range or codes to be refused.
import type { FieldDefinition, PropertyDefinition } from '../classes/class-definition.ts';
import { decodePropertyValue } from '../classes/decode-property-value.ts';
import { MINUTE } from '../clock/durations.ts';
import { toJst } from '../clock/jst.ts';
import { fromHex, toHex } from '../echonet/hex.ts';
import { encodeDateTime, encodeDateTime6 } from '../echonet/values/date-time.ts';
import {
  type IntSize,
  readSigned,
  readUnsigned,
  writeSigned,
  writeUnsigned,
} from '../echonet/values/integer.ts';

type Range = { readonly min?: number; readonly max?: number };
/** A field as the class data may give it: with a value range of its own (optional in the schema). */
type RangedField = FieldDefinition & { readonly range?: Range };

/** Why `edt` is not a value `definition` allows, or undefined when it is one. */
export function valueProblem(definition: PropertyDefinition, edt: Uint8Array): string | undefined {
  const decoded = decodePropertyValue(definition, edt);
  if (!decoded.ok) {
    const e = decoded.error;
    return `${e.field} at EDT byte ${e.offset}: ${e.rule}; expected ${e.expected}, got ${e.actual}`;
  }
  return fieldRangeProblem(definition, edt);
}

/** Numeric fields with a range of their own, each item inside it (or a sentinel of that field). */
function fieldRangeProblem(definition: PropertyDefinition, edt: Uint8Array): string | undefined {
  const counts = new Map<string, number>();
  let at = 0;
  for (const field of (definition.fields ?? []) as readonly RangedField[]) {
    const count = typeof field.count === 'string' ? (counts.get(field.count) ?? 0) : (field.count ?? 1);
    for (let i = 0; i < count; i++, at += field.size) {
      const numeric = (field.type === 'uint' || field.type === 'int') && field.size <= 4;
      if (!numeric || at + field.size > edt.length) continue;
      const bytes = edt.subarray(at, at + field.size);
      const value =
        field.type === 'int'
          ? readSigned(bytes, 0, field.size as IntSize)
          : readUnsigned(bytes, 0, field.size as IntSize);
      if (i === 0) counts.set(field.name, value);
      const sentinel = definition.sentinels?.some((s) => s.field === field.name && s.hex === toHex(bytes));
      const { min, max } = field.range ?? {};
      if (!sentinel && ((min !== undefined && value < min) || (max !== undefined && value > max)))
        return `field ${field.name} at EDT byte ${at}: value within the field's range; expected ${min ?? '−∞'}..${max ?? '∞'}, got ${value}`;
    }
  }
  return undefined;
}

/**
 * The constraint a write can be checked against: the whole value's range or codes (one size only), or the
 * fields of a selector structure (date-time and uint fields, one with a range or a minute step: EF, ED).
 */
export function writableConstraint(definition: PropertyDefinition): 'range' | 'enum' | 'fields' | undefined {
  const size = fixedSize(definition);
  if (size === undefined) return undefined;
  if (selectorFields(definition, size)) return 'fields';
  if (definition.enum && Object.keys(definition.enum).some((code) => code.length === 2 * size)) return 'enum';
  const integer = definition.type === 'uint' || definition.type === 'int';
  if (
    integer &&
    size <= 4 &&
    definition.range &&
    (definition.range.min !== undefined || definition.range.max !== undefined)
  )
    return 'range';
  return undefined;
}

/**
 * A valid value other than `current`: another code, a bound of the range, (raw) `current` with its last
 * bit flipped, or for a selector structure the last boundary of its minute step before `now` (an instant
 * the device keeps) with each ranged field at a bound.
 */
export function otherValidValue(
  definition: PropertyDefinition,
  current: Uint8Array,
  now?: number,
): Uint8Array | undefined {
  const size = fixedSize(definition);
  const constraint = writableConstraint(definition);
  if (constraint === 'fields') return now === undefined ? undefined : validSelector(definition, current, now);
  if (constraint === 'enum') {
    const code = Object.keys(definition.enum!).find((c) => c.length === 2 * size! && c !== toHex(current));
    return code === undefined ? undefined : fromHex(code);
  }
  if (constraint === 'range') {
    const { lowest, highest } = bounds(definition);
    const candidates = [lowest, highest, lowest + 1].filter((v) => v <= highest);
    const value = candidates
      .map((v) => encode(definition, v))
      .find((bytes) => bytes && toHex(bytes) !== toHex(current) && !isSentinel(definition, bytes));
    return value;
  }
  // no values listed: the same size with the last bit flipped (e.g. 0x81 installation location)
  if (definition.enum || definition.range || definition.fields || current.length === 0) return undefined;
  const out = current.slice();
  out[out.length - 1] = (out[out.length - 1] as number) ^ 0x01;
  return out;
}

/**
 * Values of the entry's size outside its range or codes (and no sentinel): one for a whole value; for a
 * selector structure, `valid` with one field out at a time (a count past its range, a minute off its step).
 */
export function outOfRangeValues(definition: PropertyDefinition, valid: Uint8Array): Uint8Array[] {
  if (writableConstraint(definition) === 'fields') return selectorsOutOfRange(definition, valid);
  const value = outOfRangeValue(definition);
  return value ? [value] : [];
}

function outOfRangeValue(definition: PropertyDefinition): Uint8Array | undefined {
  const size = fixedSize(definition);
  const constraint = writableConstraint(definition);
  if (constraint === 'enum') {
    const codes = new Set(Object.keys(definition.enum!));
    if (size !== 1) return undefined;
    for (let b = 0; b < 256; b++) {
      const bytes = Uint8Array.of(b);
      if (!codes.has(toHex(bytes)) && !isSentinel(definition, bytes)) return bytes;
    }
    return undefined;
  }
  if (constraint !== 'range') return undefined;
  const { lowest, highest } = bounds(definition);
  return [highest + 1, lowest - 1]
    .map((v) => encode(definition, v))
    .find((bytes) => bytes !== undefined && !isSentinel(definition, bytes));
}

function fixedSize(definition: PropertyDefinition): number | undefined {
  return 'fixed' in definition.size ? definition.size.fixed : undefined;
}

/** The range's bounds, the size's limits where the entry gives none. */
function bounds(definition: PropertyDefinition): { lowest: number; highest: number } {
  const size = fixedSize(definition) ?? 1;
  const signed = definition.type === 'int';
  const limit = 2 ** (8 * size - (signed ? 1 : 0));
  return {
    lowest: definition.range?.min ?? (signed ? -limit : 0),
    highest: definition.range?.max ?? limit - 1,
  };
}

/** `value` in the entry's size and sign, or undefined when it does not fit. */
function encode(definition: PropertyDefinition, value: number): Uint8Array | undefined {
  const size = fixedSize(definition) as IntSize;
  try {
    return definition.type === 'int' ? writeSigned(value, size) : writeUnsigned(value, size);
  } catch {
    return undefined; // outside what the size can carry
  }
}

function isSentinel(definition: PropertyDefinition, bytes: Uint8Array): boolean {
  return definition.sentinels?.some((s) => s.field === undefined && s.hex === toHex(bytes)) ?? false;
}

const SELECTOR_FIELD_TYPES = new Set(['uint', 'date-time_6', 'date-time']);

/** The fields of a selector structure filling `size`, or undefined when the entry is no such structure. */
function selectorFields(definition: PropertyDefinition, size: number): readonly RangedField[] | undefined {
  const fields = (definition.fields ?? []) as readonly RangedField[];
  if (definition.type !== 'structure' || fields.length === 0) return undefined;
  if (fields.some((f) => !SELECTOR_FIELD_TYPES.has(f.type) || (f.count ?? 1) !== 1)) return undefined;
  if (fields.reduce((n, f) => n + f.size, 0) !== size) return undefined;
  const constrained = fields.some((f) => f.range !== undefined || f.minuteStep !== undefined);
  return constrained ? fields : undefined;
}

/** Each field with its offset in the structure. */
function withOffsets(fields: readonly RangedField[]): { field: RangedField; at: number }[] {
  let at = 0;
  return fields.map((field) => {
    const entry = { field, at };
    at += field.size;
    return entry;
  });
}

function validSelector(definition: PropertyDefinition, current: Uint8Array, now: number): Uint8Array {
  const fields = selectorFields(definition, fixedSize(definition)!)!;
  const out = new Uint8Array(fixedSize(definition)!);
  for (const { field, at } of withOffsets(fields)) {
    if (field.type !== 'uint') {
      const step = (field.minuteStep ?? 1) * MINUTE;
      const instant = toJst(Math.floor(now / step) * step - step);
      out.set(field.type === 'date-time_6' ? encodeDateTime6(instant) : encodeDateTime(instant), at);
    } else if (field.range) {
      const was =
        current.length === out.length ? readUnsigned(current, at, field.size as IntSize) : undefined;
      out.set(
        writeUnsigned(was === field.range.max ? field.range.min : field.range.max, field.size as IntSize),
        at,
      );
    } else if (current.length === out.length) out.set(current.subarray(at, at + field.size), at);
  }
  return out;
}

function selectorsOutOfRange(definition: PropertyDefinition, valid: Uint8Array): Uint8Array[] {
  const fields = selectorFields(definition, fixedSize(definition)!)!;
  const out: Uint8Array[] = [];
  for (const { field, at } of withOffsets(fields)) {
    const size = field.size as IntSize;
    if (field.type === 'uint' && field.range) {
      const beyond = [field.range.max + 1, field.range.min - 1].find((v) => v >= 0 && v < 2 ** (8 * size));
      if (beyond === undefined) continue;
      const bytes = valid.slice();
      bytes.set(writeUnsigned(beyond, size), at);
      out.push(bytes);
    }
    if (field.type !== 'uint' && field.minuteStep !== undefined && field.minuteStep > 1) {
      // the minute byte (date-time_6: year(2) month day hour minute): one minute past the step
      const bytes = valid.slice();
      bytes[at + 5] = ((valid[at + 5] as number) + 1) % 60;
      out.push(bytes);
    }
  }
  return out;
}
