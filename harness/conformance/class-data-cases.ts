// The cases generated from the class data (harness/classes/data/*.json), as plain descriptions the spec
// file suites/generated/class-data.spec.ts turns into conformance() calls: for every property of every
// device class (a class that inherits the device super class) one case per rule the entry implies —
//   GET    a Get is answered with Get_Res of the entry's size and a value it allows (access.get ≠ none)
//   SET    a valid value is accepted, one outside the range or codes refused (access.set ≠ none, a range
//          or codes to check against)
//   NOSET  a SetC is refused with SetC_SNA where the device does not list the EPC as settable
//          (access.set ≠ required)
//   ANNO   a change is announced by INF (access.anno required)
// Ids are GEN-<class>-<EPC>-<rule>-001 (the run record's AREA-TOPIC-NNN): made from the data alone, so adding a class or a release adds cases
// and changes no id. Each case cites its entry's clause (class-data-clauses.ts) and is NA, with the
// reason, where the profile does not declare the EPC.
import type { AccessRule, ClassDefinition, PropertyDefinition } from '../classes/class-definition.ts';
import type { ClassRegistry } from '../classes/class-registry.ts';
import { byteHex } from '../echonet/hex.ts';
import { type DeclaredMaps, declaredMaps } from '../profile/declared-maps.ts';
import type { Profile } from '../profile/profile.ts';
import type { Severity } from './case-meta.ts';
import { classHex, definingClass, entryClauseId } from './class-data-clauses.ts';
import { writableConstraint } from './class-data-values.ts';
import type { Gate } from './gates.ts';

export type GeneratedRule = 'GET' | 'SET' | 'NOSET' | 'ANNO';

export interface GeneratedCase {
  readonly id: string;
  readonly title: string;
  readonly rule: GeneratedRule;
  readonly classCode: number;
  readonly epc: number;
  readonly definition: PropertyDefinition;
  /** The class data entry's clause (APPX-<release>/<class>/<EPC>/entry). */
  readonly specRef: string;
  /** The clause a FAIL of the case's own rule names. */
  readonly failClause: string;
  readonly severity: Severity;
  readonly catches: readonly string[];
  readonly noFaultBecause?: string;
  readonly applies: Gate;
}

/** The rule of a refused Get and of a SetC a non-settable EPC must refuse: ESV and SNA (§3.2.5). */
export const SNA_CLAUSE = 'EL-1.14/2/3.2.5';

/**
 * The fault switches each generated rule catches: a node engine's switch (harness/devices/node/
 * node-faults.ts) stands for the rule on every EPC (`epc` limits it to the EPC the switch breaks); a
 * device's switch that takes a value outside an entry's range is caught by that entry's SET case.
 */
const CATCHES: readonly { rule: GeneratedRule; classCode?: number; epc?: number; fault: string }[] = [
  { rule: 'GET', epc: 0x8a, fault: 'get-edt-one-byte-short-0x8a' },
  { rule: 'SET', fault: 'set-out-of-range-accepted' },
  { rule: 'NOSET', fault: 'noset-epc-set-accepted' },
  { rule: 'ANNO', fault: 'anno-missing-on-change' },
  { rule: 'SET', classCode: 0x0288, epc: 0xe5, fault: 'e5-100-accepted' },
  { rule: 'SET', classCode: 0x0288, epc: 0xed, fault: 'ed-any-minute' },
  { rule: 'SET', classCode: 0x0288, epc: 0xef, fault: 'ef-n-11-accepted' },
  { rule: 'SET', classCode: 0x028a, epc: 0xe1, fault: 'e1-100-accepted' },
  { rule: 'SET', classCode: 0x028f, epc: 0xef, fault: 'ef-11-segments-accepted' },
];

/** Every generated case of `registry`, by class, EPC and rule. */
export function generatedCases(registry: ClassRegistry): GeneratedCase[] {
  const devices = registry.classes
    .filter((c) => c.inherits !== undefined) // device objects; not the super class, not the node profile
    .sort((a, b) => a.classCode - b.classCode);
  return devices.flatMap((definition) =>
    [...registry.propertiesOf(definition.classCode).values()].flatMap((property) =>
      rulesOf(property).map((rule) => caseOf(registry, definition, property, rule)),
    ),
  );
}

/** The rules an entry implies. */
export function rulesOf(p: PropertyDefinition): GeneratedRule[] {
  const out: GeneratedRule[] = [];
  if (p.access.get !== 'none') out.push('GET');
  if (p.access.set !== 'none' && writableConstraint(p)) out.push('SET');
  if (p.access.set !== 'required' && p.access.get !== 'none') out.push('NOSET');
  if (p.access.anno === 'required' || p.access.anno === 'required_c') out.push('ANNO');
  return out;
}

function caseOf(
  registry: ClassRegistry,
  device: ClassDefinition,
  definition: PropertyDefinition,
  rule: GeneratedRule,
): GeneratedCase {
  const { classCode } = device;
  const { epc } = definition;
  const specRef = entryClauseId(definingClass(registry, classCode, epc) ?? device, epc);
  const catches = CATCHES.filter(
    (c) =>
      c.rule === rule &&
      (c.epc === undefined || c.epc === epc) &&
      (c.classCode === undefined || c.classCode === classCode),
  ).map((c) => c.fault);
  const name = `0x${classHex(classCode)} ${byteHex(epc)} ${definition.name.en}`;
  const access = { GET: 'get', SET: 'set', NOSET: 'get', ANNO: 'anno' } as const;
  return {
    id: `GEN-${classHex(classCode)}-${byteHex(epc).slice(2)}-${rule}-001`,
    title: `${name}: ${TITLES[rule]}`,
    rule,
    classCode,
    epc,
    definition,
    specRef,
    failClause: rule === 'NOSET' ? SNA_CLAUSE : specRef,
    severity: severityOf(definition.access[access[rule]]),
    catches,
    ...(catches.length ? {} : { noFaultBecause: noFaultBecause(classCode, epc) }),
    applies: gate(classCode, epc, rule),
  };
}

const TITLES: Record<GeneratedRule, string> = {
  GET: 'Get_Res of the size the class data gives, with a value it allows',
  SET: 'a valid value is accepted, one outside the range or codes refused with SetC_SNA; set back after',
  NOSET: 'not settable on this device: SetC is refused with SetC_SNA echoing it',
  ANNO: 'a change is announced by INF',
};

const severityOf = (rule: AccessRule): Severity =>
  rule === 'required' || rule === 'required_c' ? 'major' : 'minor';

/** Only GET has a switch limited to one EPC; the switches of the other rules break every EPC. */
function noFaultBecause(classCode: number, epc: number): string {
  return `no fault switch breaks ${byteHex(epc)} of 0x${classHex(classCode)} alone: get-edt-one-byte-short-0x8a breaks the size rule every GEN-…-GET-001 case checks, on 0x8A only (a switch per EPC would add a validity run each)`;
}

/**
 * The cases of the classes `profile` declares an object of (a run's cases; other classes would give only
 * NA); without a profile (listing the whole suite, the validity run) every case.
 */
export function casesFor(cases: readonly GeneratedCase[], profile: Profile | undefined): GeneratedCase[] {
  if (!profile) return [...cases];
  return cases.filter((c) => typeof mapsOf(profile, c.classCode) !== 'string');
}

/** The profile's declared maps of its object of `classCode`, or why the case does not apply. */
function mapsOf(profile: Profile, classCode: number): DeclaredMaps | string {
  const index = profile.classes.findIndex((c) => Number.parseInt(c.eoj.slice(0, 4), 16) === classCode);
  return index < 0 ? `the profile declares no 0x${classHex(classCode)} object` : declaredMaps(profile, index);
}

function gate(classCode: number, epc: number, rule: GeneratedRule): Gate {
  const e = byteHex(epc);
  return (profile) => {
    const maps = mapsOf(profile, classCode);
    if (typeof maps === 'string') return maps;
    const get = maps.get.includes(epc);
    const set = maps.set.includes(epc);
    switch (rule) {
      case 'GET':
        return get || `the profile does not declare ${e} in its Get map (0x9F)`;
      case 'SET':
        if (!set) return `the profile does not declare ${e} in its Set map (0x9E)`;
        return (
          get ||
          `the case reads ${e} first to set it back, and the profile does not declare it in its Get map`
        );
      case 'NOSET':
        if (set) return `the profile declares ${e} settable (Set map 0x9E): a write of it is not refused`;
        return get || `the profile does not declare ${e} in its Get map (0x9F)`;
      case 'ANNO':
        if (!maps.anno.includes(epc))
          return `the profile does not declare ${e} in its announcement map (0x9D)`;
        if (!set)
          return `the case cannot change ${e}: it is not in the profile's Set map, so only the device itself changes it (status, fault), which no request can cause`;
        return (
          get ||
          `the case reads ${e} first to set it back, and the profile does not declare it in its Get map`
        );
    }
  };
}
