// What every conformance case declares, and the checks made when a suite file loads: a stable id of the
// right shape used once, a specRef from the clause registry, a severity, and fault switches that exist.
import { FAULTS } from '../devices/faults.ts';
import type { Profile } from '../profile/profile.ts';
import { clauses } from './clauses.ts';

export type Severity = 'critical' | 'major' | 'minor';

export interface CaseMeta {
  /** Stable forever, never renumbered or reused: AREA-TOPIC-NNN, e.g. LV-BR-INF-001. */
  readonly id: string;
  readonly title: string;
  /** A clause registry id (suites/clauses.json). */
  readonly specRef: string;
  readonly severity: Severity;
  /** true when the case applies to the profile, else the reason it does not (logged as NA). */
  readonly applies: (profile: Profile) => true | string;
  /** Verdict when the device does not answer in time: FAIL where answering is the rule under test. */
  readonly onSilence?: 'FAIL' | 'INCONC';
  /** Fault switches of the reference devices that break this case's rule (the suite validity test). */
  readonly catches: readonly string[];
  /** With `catches: []`: why no fault switch exists for this case's rule (reported as case coverage). */
  readonly noFaultBecause?: string;
  /**
   * Wall time the case needs against a real device (its waits plus every request answered at its timer's
   * limit); emulated targets take seconds. The run shows the sum before it starts; the case's timeout is
   * this plus a minute.
   */
  readonly realTimeMs: number | ((profile: Profile) => number);
}

/** The wall time a case needs on a real device described by `profile`. */
export function realTimeOf(meta: Pick<CaseMeta, 'realTimeMs'>, profile: Profile): number {
  return typeof meta.realTimeMs === 'function' ? meta.realTimeMs(profile) : meta.realTimeMs;
}

/** realTimeMs of a case that makes a few requests and waits for nothing else. */
export const FEW_REQUESTS_MS = 2 * 60_000;

const ID = /^[A-Z]{2,4}(-[A-Z0-9]{2,6})+-\d{3}$/;
const SEEN = new Set<string>();
const FAULT_IDS = new Set(FAULTS.map((f) => f.id));

/** Throws, naming the case and the field, when its metadata is broken. */
export function checkCaseMeta(meta: CaseMeta): void {
  const where = `conformance case ${meta.id || '(no id)'}`;
  if (!ID.test(meta.id)) throw new Error(`${where}: id must look like LV-BR-INF-001 (AREA-TOPIC-NNN)`);
  if (areaOf(meta.id) === 'other') {
    throw new Error(`${where}: the id prefix names the area, one of ${Object.keys(AREAS).join(', ')}`);
  }
  if (SEEN.has(meta.id)) throw new Error(`${where}: id used twice; ids are never reused`);
  SEEN.add(meta.id);
  if (!meta.title.trim()) throw new Error(`${where}: empty title`);
  if (typeof meta.realTimeMs !== 'function' && (!Number.isInteger(meta.realTimeMs) || meta.realTimeMs <= 0))
    throw new Error(`${where}: realTimeMs must be the wall time the case needs on a real device, in ms`);
  if (!clauses().has(meta.specRef)) {
    throw new Error(
      `${where}: specRef '${meta.specRef}' is not in suites/clauses.json; add the clause there first`,
    );
  }
  if (!Array.isArray(meta.catches))
    throw new Error(`${where}: catches lists the fault switches the case catches, or [] with noFaultBecause`);
  if (meta.catches.length === 0 && !meta.noFaultBecause?.trim())
    throw new Error(`${where}: catches is empty: say why no fault switch exists in noFaultBecause`);
  for (const fault of meta.catches) {
    if (!FAULT_IDS.has(fault))
      throw new Error(`${where}: catches unknown fault '${fault}' (harness/devices/FAULTS.md)`);
  }
}

/**
 * Whether the case applies to the profile: its own gate, after the device under test's. A comms-unit
 * profile puts a Wi-SUN module under test, so only the comms-unit area applies; the meter behind the
 * module is the lab's, and its cases belong to that meter's own profile. A hems-controller profile puts
 * a B-route client under test: only the controller cases (area hems) apply.
 */
export function appliesTo(meta: Pick<CaseMeta, 'id' | 'applies'>, profile: Profile): true | string {
  if (profile.kind === 'comms-unit' && areaOf(meta.id) !== 'comms-unit')
    return 'the device under test is a Wi-SUN module (kind "comms-unit"): the meter behind it is the lab’s, whose own cases run on its meter profile';
  // roles turned around: the harness plays the meter, so the meter cases have no device to read
  if (profile.kind === 'hems-controller' && areaOf(meta.id) !== 'hems')
    return 'the device under test is a HEMS controller (kind "hems-controller"): the harness plays the meter, and only the controller cases (suites/hems/) apply';
  return meta.applies(profile);
}

/** The area of a case, from its id's prefix: the suites/ folder it lives in. */
export const AREAS: Readonly<Record<string, string>> = {
  PR: 'profile',
  FR: 'frame',
  NP: 'node-profile',
  LV: 'b-route-lv',
  HV: 'b-route-hv',
  HB: 'b-route-hv-bidirectional',
  PB: 'property-based',
  GEN: 'generated',
  GR: 'granularity',
  RT: 'retention',
  CU: 'comms-unit',
  HC: 'hems',
  MC: 'multi-client',
  SEC: 'security',
  AR: 'a-route',
  OUT: 'outage',
  AC: 'ampere-control',
};

/** The areas of a run against a head-end (harness/cli/conformance-run.ts); a device run has them NA. */
export const HEAD_END_AREAS: readonly string[] = ['a-route', 'outage', 'ampere-control'];

export function areaOf(id: string): string {
  return AREAS[id.split('-')[0] ?? ''] ?? 'other';
}
