// Clause-registry entries made from the class data (harness/classes/data/*.json): one per property entry,
// `APPX-<release>/<class>/<EPC>/entry`, so that a case generated from an entry (suites/generated/) cites
// that entry — the APPENDIX release of its file and the property's own `source` — and a new release or
// class added as JSON gets its clauses without a line of TypeScript.
import type { ClassDefinition, PropertyDefinition } from '../classes/class-definition.ts';
import { describeSize } from '../classes/class-definition.ts';
import type { ClassRegistry } from '../classes/class-registry.ts';
import { byteHex } from '../echonet/hex.ts';
import type { Clause } from './clauses.ts';

/** `0x0288` → `0288`. */
export const classHex = (classCode: number): string => classCode.toString(16).padStart(4, '0').toUpperCase();

/** The clause id of the class data entry of `epc` in the file of class `definer`. */
export function entryClauseId(definer: ClassDefinition, epc: number): string {
  return `APPX-${definer.release}/${classHex(definer.classCode)}/${byteHex(epc).slice(2)}/entry`;
}

/** The class whose own data defines `epc` for `classCode` (the class itself, or the class it inherits). */
export function definingClass(
  registry: ClassRegistry,
  classCode: number,
  epc: number,
): ClassDefinition | undefined {
  for (
    let at = registry.get(classCode);
    at;
    at = at.inherits === undefined ? undefined : registry.get(at.inherits)
  )
    if (at.properties.has(epc)) return at;
  return undefined;
}

/** Every property entry of every class in `registry`, as a clause. */
export function classDataClauses(registry: ClassRegistry): Map<string, Clause> {
  const out = new Map<string, Clause>();
  for (const definition of registry.classes) {
    for (const property of definition.properties.values()) {
      const id = entryClauseId(definition, property.epc);
      out.set(id, {
        id,
        document: 'APPX',
        clause: `class 0x${classHex(definition.classCode)} EPC ${byteHex(property.epc)}`,
        title: `${property.name.en} (class 0x${classHex(definition.classCode)} EPC ${byteHex(property.epc)}) as the class data defines it`,
        quote: quoteOf(property),
        quoteIs: 'paraphrase',
        reference: `APPENDIX Detailed Requirements for ECHONET Device objects Release ${definition.release}, class 0x${classHex(definition.classCode)} EPC ${byteHex(property.epc)} (class data ${definition.file}; source: ${property.source})`,
      });
    }
  }
  return out;
}

/** The entry in one or two sentences: size, type, values, access rules. */
function quoteOf(p: PropertyDefinition): string {
  const values = [
    p.range ? `range ${p.range.min ?? '−∞'}..${p.range.max ?? '∞'}` : '',
    p.enum ? `codes ${Object.keys(p.enum).join(', ')}` : '',
    p.sentinels?.length ? `sentinels ${p.sentinels.map((s) => s.hex).join(', ')}` : '',
  ].filter(Boolean);
  const text = `${byteHex(p.epc)} ${p.name.en}: ${describeSize(p.size)}, ${p.type}${values.length ? `, ${values.join('; ')}` : ''}. Get ${p.access.get}, Set ${p.access.set}, announcement ${p.access.anno}.`;
  return text.length <= 400 ? text : `${text.slice(0, 399)}…`;
}
