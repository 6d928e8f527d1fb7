// Facts of the class data (harness/classes/data/*.json) the suites and the reference devices both use —
// value ranges, sizes, selector limits and reply timers — so a rule is written once, in the data, not as literals in TypeScript.
import type { FieldDefinition, PropertyDefinition } from './class-definition.ts';
import type { ClassRegistry } from './class-registry.ts';
import { loadClassRegistry } from './load-classes.ts';

let registry: ClassRegistry | undefined;

/** The class data's definition of `epc`, or undefined for a class or EPC it does not describe. */
export function findProperty(classCode: number, epc: number): PropertyDefinition | undefined {
  registry ??= loadClassRegistry();
  return registry.get(classCode) ? registry.property(classCode, epc) : undefined;
}

function property(classCode: number, epc: number): PropertyDefinition {
  const definition = findProperty(classCode, epc);
  if (!definition)
    throw new RangeError(`no class data for EPC 0x${epc.toString(16)} of 0x${classCode.toString(16)}`);
  return definition;
}

/**
 * The EPCs the class data makes unconditionally required for `access` (own and inherited, ascending):
 * what every device object of the class lists in that property map.
 */
export function requiredEpcs(classCode: number, access: 'get' | 'set' | 'anno'): number[] {
  registry ??= loadClassRegistry();
  return [...registry.propertiesOf(classCode).values()]
    .filter((p) => p.access[access] === 'required')
    .map((p) => p.epc);
}

/** The value range the class data gives `epc` (e.g. E5 of 0x0288: days 0–99). */
export function rangeOf(classCode: number, epc: number): { readonly min: number; readonly max: number } {
  const { range } = property(classCode, epc);
  if (range?.min === undefined || range.max === undefined)
    throw new RangeError(
      `the class data gives EPC 0x${epc.toString(16)} of 0x${classCode.toString(16)} no range`,
    );
  return { min: range.min, max: range.max };
}

/** The fixed size in bytes the class data gives `epc` (e.g. E2 of 0x0288: 2 + 48 × 4 = 194). */
export function fixedSizeOf(classCode: number, epc: number): number {
  const { size } = property(classCode, epc);
  if (!('fixed' in size))
    throw new RangeError(`EPC 0x${epc.toString(16)} of 0x${classCode.toString(16)} has no fixed size`);
  return size.fixed;
}

/** The allowed values of a structure field (e.g. n of 0x0288 ED: 1–12 values). */
export function fieldRangeOf(
  classCode: number,
  epc: number,
  field: string,
): { readonly min: number; readonly max: number } {
  const range = fieldOf(classCode, epc, field).range;
  if (!range) throw new RangeError(`the class data gives ${field} of ${where(classCode, epc)} no range`);
  return range;
}

/** What the minute of a date-time field must be a multiple of (0x0288 ED: 30, only :00 and :30); 1 when free. */
export function minuteStepOf(classCode: number, epc: number, field: string): number {
  return fieldOf(classCode, epc, field).minuteStep ?? 1;
}

/** AIF: a request including `epc` waits Timer 2 for its reply (0x0288 E2/E4, the day histories). */
export function waitsTimer2(classCode: number, epc: number): boolean {
  return findProperty(classCode, epc)?.replyTimer === 2;
}

function fieldOf(classCode: number, epc: number, name: string): FieldDefinition {
  const field = property(classCode, epc).fields?.find((f) => f.name === name);
  if (!field) throw new RangeError(`the class data gives ${where(classCode, epc)} no field '${name}'`);
  return field;
}

const where = (classCode: number, epc: number) =>
  `EPC 0x${epc.toString(16)} of 0x${classCode.toString(16).padStart(4, '0')}`;

/**
 * The selectors of `classCode`: the EPCs another property is atomic with (0x0288: E5 for E2/E4, ED for
 * EC, EF for EE), ascending. Setting one only chooses what its partner returns.
 */
export function selectorEpcs(classCode: number): number[] {
  registry ??= loadClassRegistry();
  const selectors = new Set<number>();
  for (const p of registry.propertiesOf(classCode).values())
    if (p.atomicWith !== undefined) selectors.add(p.atomicWith);
  return [...selectors].sort((a, b) => a - b);
}

/** The EPCs the class data gives `classCode` (own and inherited) with `access` at all, ascending. */
export function epcsWith(classCode: number, access: 'get' | 'set' | 'anno'): number[] {
  registry ??= loadClassRegistry();
  return [...registry.propertiesOf(classCode).values()]
    .filter((p) => p.access[access] !== 'none')
    .map((p) => p.epc)
    .sort((a, b) => a - b);
}
