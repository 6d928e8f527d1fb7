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

/** Faults that need a device set up so that the broken rule can show (see each file's model line). */
const PROFILE_FOR_FAULT: Readonly<Record<string, string>> = {
  'no-roll-over': 'fixtures/validity/lv-meter-near-roll-over.json',
  'e8-t-phase-zero': 'fixtures/validity/lv-meter-two-wire.json',
};

/** The device kinds whose suites exist, with the profile their faults are tried on. */
const SUITED: ReadonlyArray<{ device: 'node' | 'lv-meter' | 'hv-meter'; profile: string }> = [
  { device: 'node', profile: LV },
  { device: 'lv-meter', profile: LV },
  { device: 'hv-meter', profile: 'profiles/reference-hv-meter.json' },
];

export function validityVariants(): ValidityVariant[] {
  const faults = SUITED.flatMap(({ device, profile }) =>
    faultsOf(device).map((f) => ({
      name: `fault:${f.id}`,
      profileFile: PROFILE_FOR_FAULT[f.id] ?? profile,
      fault: f.id,
    })),
  );
  const profiles = [...new Set([...SUITED.map((s) => s.profile), ...Object.values(PROFILE_FOR_FAULT)])];
  return [...profiles.map((profileFile) => ({ name: `clean:${profileFile}`, profileFile })), ...faults];
}

/** The devices a suite covers; faults of other devices (the HEMS controller's) await their suites. */
export const SUITED_DEVICES = SUITED.map((s) => s.device);

/** Playwright grep of the cases that catch `fault` (their tag), exactly. */
export function catchesGrep(fault: string): RegExp {
  return new RegExp(`@catches-${fault.replace(/[-]/g, '\\-')}(?=\\s|$)`);
}
