// The suite validity run: for every fault switch of a reference device that has a suite, the cases that
// declare they catch it run against the device with that fault on; clean runs of the same profiles must
// pass. Playwright projects, one per variant (playwright.config.ts adds them when SMCERT_VALIDITY=1).
import { loadClassRegistry } from '../classes/load-classes.ts';
import { faultsOf } from '../devices/faults.ts';
import { loadProfile } from '../profile/load-profile.ts';
import { idsGrep } from '../profile/selection.ts';
import { generatedCases } from './class-data-cases.ts';

export interface ValidityVariant {
  /** Project name: `fault:<id>` or `clean:<profile>`. */
  readonly name: string;
  readonly profileFile: string;
  readonly fault?: string;
  /** The generated cases left out of the variant (see generatedLeftOut). */
  readonly grepInvert?: RegExp;
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
  const clean: ValidityVariant[] = profiles.map((profileFile) => ({
    name: `clean:${profileFile}`,
    profileFile,
  }));
  return [...clean, ...faults].map((v) => ({ ...v, grepInvert: generatedLeftOut(v.profileFile, v.fault) }));
}

/**
 * The generated cases (suites/generated/) a variant leaves out: those NA for its profile (NA under every
 * fault) and, under a fault, those that do not declare they catch it. They are many and alike (a few
 * hundred, one per EPC and rule): run under every fault they made the run's JSON report too large and
 * the run over half an hour, so their FAILs of another rule under a fault are not looked for.
 */
function generatedLeftOut(profileFile: string, fault: string | undefined): RegExp {
  const profile = loadProfile(profileFile).profile;
  const ids = generatedCases(loadClassRegistry())
    .filter((c) => c.applies(profile) !== true || (fault !== undefined && !c.catches.includes(fault)))
    .map((c) => c.id);
  return new RegExp(idsGrep(ids));
}

/** The devices a suite covers; faults of other devices (the HEMS controller's) await their suites. */
export const SUITED_DEVICES = SUITED.map((s) => s.device);

/** Playwright grep of the cases that catch `fault` (their tag), exactly. */
export function catchesGrep(fault: string): RegExp {
  return new RegExp(`@catches-${fault.replace(/[-]/g, '\\-')}(?=\\s|$)`);
}
