// The suite validity run: for every fault switch of a reference device that has a suite, the cases that
// declare they catch it run against the device with that fault on; clean runs of the same profiles must
// pass. Playwright projects, one per variant (playwright.config.ts adds them when SMCERT_VALIDITY=1).
import { faultsOf } from '../devices/faults.ts';

export interface ValidityVariant {
  /** Project name: `fault:<id>` or `clean:<profile>`. */
  readonly name: string;
  readonly profileFile: string;
  readonly fault?: string;
}

const LV = 'profiles/reference-lv-meter.json';

/** The device kinds whose suites exist, with the profile their faults are tried on. */
const SUITED: ReadonlyArray<{
  device: 'node' | 'lv-meter' | 'hv-meter' | 'hv-bidirectional-meter';
  profile: string;
}> = [
  { device: 'node', profile: LV },
  { device: 'lv-meter', profile: LV },
  { device: 'hv-meter', profile: 'profiles/reference-hv-meter.json' },
  { device: 'hv-bidirectional-meter', profile: 'profiles/reference-hv-bidirectional-meter.json' },
];

export function validityVariants(): ValidityVariant[] {
  const faults = SUITED.flatMap(({ device, profile }) =>
    faultsOf(device).map((f) => ({
      name: `fault:${f.id}`,
      // a fault that needs the device set up for it names its profile (harness/devices/*-faults.ts)
      profileFile: f.profile ?? profile,
      fault: f.id,
    })),
  );
  const profiles = [...new Set([...SUITED.map((s) => s.profile), ...faults.map((f) => f.profileFile)])];
  return [...profiles.map((profileFile) => ({ name: `clean:${profileFile}`, profileFile })), ...faults];
}

/** The devices a suite covers; faults of other devices (the HEMS controller's) await their suites. */
export const SUITED_DEVICES = SUITED.map((s) => s.device);

/** Playwright grep of the cases that catch `fault` (their tag), exactly. */
export function catchesGrep(fault: string): RegExp {
  return new RegExp(`@catches-${fault.replace(/[-]/g, '\\-')}(?=\\s|$)`);
}
