// Facts of the class data (harness/classes/data/*.json) the suites and the reference devices both use —
// value ranges and sizes — so a rule is written once, in the data, not as literals in TypeScript.
import type { PropertyDefinition } from './class-definition.ts';
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
