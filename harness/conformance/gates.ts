// Selection gates the suites share: a case applies to a kind of device, and only when the profile declares
// the EPCs it reads (a gate returns true, or the reason the case is NA).
import { declaredMaps } from '../profile/declared-maps.ts';
import { meterKindBehind } from '../profile/meter-behind.ts';
import type { DeviceKind, Profile } from '../profile/profile.ts';

export type Gate = (profile: Profile) => true | string;

/**
 * The profile is of `kind`; otherwise NA: "a <kind> is not <what>". A comms unit's profile is judged by
 * the meter behind it (its classes): only its own area's cases apply (case-meta.ts appliesTo), and of
 * those a meter-kind gate (CU-INF-001's) asks which meter the module carries frames for.
 */
export const kindGate =
  (kind: DeviceKind, what: string): Gate =>
  (p) => {
    const reached = p.kind === 'comms-unit' ? (meterKindBehind(p) ?? p.kind) : p.kind;
    return reached === kind ? true : `a ${reached} is not ${what}`;
  };

/** `gate` holds and the profile's Get map declares every one of `epcs`. */
export const declaresGate =
  (gate: Gate, epcs: readonly number[]): Gate =>
  (p) => {
    const first = gate(p);
    if (first !== true) return first;
    const get = declaredMaps(p).get;
    const missing = epcs.filter((e) => !get.includes(e));
    return missing.length === 0
      ? true
      : `the profile does not declare ${missing.map((e) => `0x${e.toString(16).toUpperCase()}`).join(', ')}`;
  };

/** Any meter (LV or HV). */
export const meters: Gate = (p) => (p.kind.endsWith('meter') ? true : `a ${p.kind} is not a meter`);

/**
 * `gate` holds and the meter answers every one of `services` (none excluded by /security/commands: a
 * meter that lists its commands refuses the others, which SEC-CMD-001 checks).
 */
export const answersGate =
  (gate: Gate, ...services: readonly string[]): Gate =>
  (p) => {
    const first = gate(p);
    if (first !== true) return first;
    const listed = p.security?.commands as readonly string[] | undefined;
    const missing = listed ? services.filter((s) => !listed.includes(s)) : [];
    return missing.length === 0
      ? true
      : `the meter answers only ${listed!.join(', ')} (/security/commands), not ${missing.join(', ')}: SEC-CMD-001 checks it refuses them`;
  };
