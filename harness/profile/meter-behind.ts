// A profile of kind "comms-unit" puts a SKSTACK IP module under test (the Wi-SUN side of a meter's
// communication unit, or a lab's dongle): its classes describe the meter behind the module, which the
// module joins and carries frames to; an emulated target starts the reference meter of that class
// behind the emulated module (harness/devices/comms-unit/start-comms-unit.ts).
import type { DeviceKind, Profile } from './profile.ts';

/** The meter kind that hosts each class (first two bytes of an EOJ). */
const METER_CLASS: Readonly<Record<string, DeviceKind>> = {
  '0288': 'lv-meter',
  '028A': 'hv-meter',
  '028F': 'hv-bidirectional-meter',
};

/** The kind of the meter behind a comms unit (from its classes), or undefined when none is a meter. */
export function meterKindBehind(profile: Pick<Profile, 'classes'>): DeviceKind | undefined {
  for (const c of profile.classes) {
    const kind = METER_CLASS[c.eoj.slice(0, 4)];
    if (kind) return kind;
  }
  return undefined;
}

/** The profile of the meter a run reaches: a comms unit's meter behind it, else the profile itself. */
export function meterProfile(profile: Profile): Profile {
  if (profile.kind !== 'comms-unit') return profile;
  const kind = meterKindBehind(profile);
  if (!kind)
    throw new Error(
      'profile /classes: a comms unit names the meter behind it — add its class, e.g. {"eoj": "028801", "release": "R"}',
    );
  return { ...profile, kind };
}
