// Decodes one EDT as its class definition describes it (size, type, fields, sentinels, range, enum):
// data, not code, so a new class or a next-generation EPC needs a JSON entry, not a decoder.
import { byteHex, toHex } from '../echonet/hex.ts';
import { decodePropertyMap } from '../echonet/property-map.ts';
import { bad, ok, type ValueResult } from '../echonet/value-error.ts';
import { decodeDateTime, decodeDateTime6, type MaybeDateTime } from '../echonet/values/date-time.ts';
import { type IntSize, readSigned, readUnsigned } from '../echonet/values/integer.ts';
import {
  describeSize,
  type FieldDefinition,
  type PropertyDefinition,
  sizeAllows,
} from './class-definition.ts';

export interface SentinelValue {
  readonly sentinel: string;
  readonly meaning: string;
}

export interface EnumValue {
  readonly code: string;
  readonly meaning: string;
}

export type DecodedValue =
  | number
  | string
  | MaybeDateTime
  | SentinelValue
  | EnumValue
  | readonly number[]
  | readonly DecodedValue[]
  | { readonly [field: string]: DecodedValue };

export function decodePropertyValue(
  definition: PropertyDefinition,
  edt: Uint8Array,
): ValueResult<DecodedValue> {
  const name = `EPC ${byteHex(definition.epc)} (${definition.name.en})`;
  const clause = definition.source;
  if (!sizeAllows(definition.size, edt.length)) {
    return bad(
      name,
      0,
      'EDT size as the class defines it',
      clause,
      describeSize(definition.size),
      `${edt.length} bytes`,
    );
  }
  const whole = definition.sentinels?.find((s) => s.field === undefined && s.hex === toHex(edt));
  if (whole) return ok({ sentinel: whole.hex, meaning: whole.meaning });

  switch (definition.type) {
    case 'uint':
    case 'int': {
      const value = readInteger(edt, 0, edt.length, definition.type === 'int');
      if (value === undefined) return ok(toHex(edt));
      const { min, max } = definition.range ?? {};
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
        return bad(
          name,
          0,
          'value within the defined range',
          clause,
          `${min ?? '−∞'}..${max ?? '∞'}`,
          String(value),
        );
      }
      return ok(definition.scale === undefined ? value : scaled(value, definition.scale));
    }
    case 'enum': {
      const code = toHex(edt);
      const meaning = definition.enum?.[code];
      if (meaning === undefined) {
        return bad(
          name,
          0,
          'one of the defined codes',
          clause,
          Object.keys(definition.enum ?? {}).join(', '),
          code,
        );
      }
      return ok({ code, meaning });
    }
    case 'date-time':
      return decodeDateTime(edt);
    case 'date-time_6':
      return decodeDateTime6(edt);
    case 'property-map':
      return decodePropertyMap(edt);
    case 'ascii':
      return ok(new TextDecoder('latin1').decode(edt).replace(/\0+$/, ''));
    case 'structure':
      return definition.fields ? decodeStructure(name, clause, definition, edt) : ok(toHex(edt));
    default:
      return ok(toHex(edt));
  }
}

function decodeStructure(
  name: string,
  clause: string,
  definition: PropertyDefinition,
  edt: Uint8Array,
): ValueResult<DecodedValue> {
  const out: Record<string, DecodedValue> = {};
  let at = 0;
  for (const field of definition.fields ?? []) {
    const count = typeof field.count === 'string' ? out[field.count] : (field.count ?? 1);
    if (typeof count !== 'number') {
      return bad(
        `${name}.${field.name}`,
        at,
        'a count field decoded before its list',
        clause,
        'a number',
        String(count),
      );
    }
    if (at + count * field.size > edt.length) {
      return bad(
        `${name}.${field.name}`,
        at,
        'fields fit the EDT',
        clause,
        `${count * field.size} bytes`,
        `${edt.length - at} bytes left`,
      );
    }
    const items: DecodedValue[] = [];
    for (let i = 0; i < count; i++, at += field.size) {
      const item = decodeField(definition, field, edt.subarray(at, at + field.size));
      if (!item.ok)
        return bad(
          `${name}.${field.name}`,
          at,
          item.error.rule,
          clause,
          item.error.expected,
          item.error.actual,
        );
      items.push(item.value);
    }
    out[field.name] = field.count === undefined ? (items[0] as DecodedValue) : items;
  }
  if (at !== edt.length)
    return bad(name, at, 'fields fill the EDT exactly', clause, `${at} bytes`, `${edt.length} bytes`);
  return ok(out);
}

function decodeField(
  definition: PropertyDefinition,
  field: FieldDefinition,
  bytes: Uint8Array,
): ValueResult<DecodedValue> {
  const hex = toHex(bytes);
  const sentinel = definition.sentinels?.find((s) => s.field === field.name && s.hex === hex);
  if (sentinel) return ok({ sentinel: sentinel.hex, meaning: sentinel.meaning });
  switch (field.type) {
    case 'uint':
    case 'int': {
      const value = readInteger(bytes, 0, bytes.length, field.type === 'int');
      if (value === undefined) return ok(hex);
      return ok(field.scale === undefined ? value : scaled(value, field.scale));
    }
    case 'date-time':
      return decodeDateTime(bytes);
    case 'date-time_6':
      return decodeDateTime6(bytes);
    case 'ascii':
      return ok(new TextDecoder('latin1').decode(bytes));
    default:
      return ok(hex);
  }
}

function readInteger(bytes: Uint8Array, offset: number, size: number, signed: boolean): number | undefined {
  if (size < 1 || size > 4) return undefined;
  return signed ? readSigned(bytes, offset, size as IntSize) : readUnsigned(bytes, offset, size as IntSize);
}

/** raw × scale without binary noise (0.1 × 3 = 0.3, not 0.30000000000000004). */
function scaled(raw: number, scale: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(scale)));
  return Number((raw * scale).toFixed(digits));
}
