// The suite validity run: for every fault switch of a reference device that has a suite, the cases that
// declare they catch it run against the device with that fault on (the whole suite with
// SMCERT_VALIDITY_FULL=1); clean runs of the same profiles must pass every case. Playwright projects, one
// per variant (playwright.config.ts adds them when SMCERT_VALIDITY=1).
import { loadClassRegistry } from '../classes/load-classes.ts';
import { faultsOf } from '../devices/faults.ts';
import { loadProfile } from '../profile/load-profile.ts';
import { idsGrep } from '../profile/selection.ts';
import { HEAD_END_AREAS } from './case-meta.ts';
import { generatedCases } from './class-data-cases.ts';

export interface ValidityVariant {
  /** Project name: `fault:<id>` or `clean:<profile>`. */
  readonly name: string;
  readonly profileFile: string;
  readonly fault?: string;
  /** The generated cases left out of the variant (see generatedLeftOut). */
  readonly grepInvert?: RegExp;
  /** Only these cases run: under a fault, those that declare they catch it (unless SMCERT_VALIDITY_FULL=1). */
  readonly grep?: RegExp;
  /** One worker: the few cases of a fault, while the other worker starts the next variant. */
  readonly workers?: number;
}

const LV = 'profiles/reference-lv-meter.json';
const HEAD_END = 'profiles/reference-head-end.json';
/** The cases a head-end profile runs: the device cases have no device to read. */
const HEAD_END_CASES = new RegExp(`@area-(${HEAD_END_AREAS.join('|')})(?=\\s|$)`);

/** The device kinds whose suites exist, with the profile their faults are tried on. */
const SUITED: ReadonlyArray<{
  device:
    | 'node'
    | 'lv-meter'
    | 'hv-meter'
    | 'hv-bidirectional-meter'
    | 'comms-unit'
    | 'hems-controller'
    | 'head-end';
  profile: string;
}> = [
  { device: 'node', profile: LV },
  { device: 'lv-meter', profile: LV },
  { device: 'hv-meter', profile: 'profiles/reference-hv-meter.json' },
  { device: 'hv-bidirectional-meter', profile: 'profiles/reference-hv-bidirectional-meter.json' },
  // the module's faults go to the profile's transport.faults (harness/conformance/fixtures.ts)
  { device: 'comms-unit', profile: 'profiles/reference-lv-meter-wisun.json' },
  // roles turned around: the harness plays the meter, the reference controller is under test (suites/hems/)
  { device: 'hems-controller', profile: 'profiles/reference-hems-controller.json' },
  // a head-end profile runs the A-route cases only (harness/cli/conformance-run.ts), clean and faulty
  { device: 'head-end', profile: HEAD_END },
];

/**
 * The clean profiles run every case; a fault runs the cases that declare they catch it, unless
 * SMCERT_VALIDITY_FULL=1: then every case applicable to its profile, which also finds the faults that
 * break a second rule (or a case that fails for the wrong reason), at about three times the cost. Run
 * whole under each of some 120 faults, the suite took 9.4 min of the CI machine's 15.
 */
export function validityVariants(): ValidityVariant[] {
  const full = process.env[VALIDITY_FULL_ENV] === '1';
  const faults = SUITED.flatMap(({ device, profile }) =>
    faultsOf(device).map((f) => ({
      name: `fault:${f.id}`,
      // a fault that needs the device set up for it names its profile (harness/devices/*-faults.ts)
      profileFile: f.profile ?? profile,
      fault: f.id,
      ...(full
        ? (f.profile ?? profile) === HEAD_END
          ? { grep: HEAD_END_CASES }
          : {}
        : { grep: catchesGrep(f.id), workers: 1 }),
    })),
  );
  const profiles = [...new Set([...SUITED.map((s) => s.profile), ...faults.map((f) => f.profileFile)])];
  const clean: ValidityVariant[] = profiles.map((profileFile) => ({
    name: `clean:${profileFile}`,
    profileFile,
    ...(profileFile === HEAD_END ? { grep: HEAD_END_CASES } : {}),
  }));
  const leftOut = generatedLeftOut(profiles.filter((p) => p !== HEAD_END));
  return [...clean, ...faults].map((v) =>
    v.profileFile === HEAD_END ? v : { ...v, grepInvert: leftOut(v.profileFile) },
  );
}

/** Set to 1: the generated cases run under every fault too (see generatedLeftOut). */
export const VALIDITY_FULL_ENV = 'SMCERT_VALIDITY_FULL';

/**
 * The generated cases (suites/generated/, one per class EPC and rule) a variant leaves out: those NA for
 * its profile, NA alike under every fault.
 */
function generatedLeftOut(profileFiles: readonly string[]) {
  const cases = generatedCases(loadClassRegistry());
  const na = new Map(
    profileFiles.map((file) => {
      const profile = loadProfile(file).profile;
      return [file, cases.filter((c) => c.applies(profile) !== true).map((c) => c.id)];
    }),
  );
  return (profileFile: string): RegExp => new RegExp(idsGrep(na.get(profileFile)!));
}

/** The devices a suite covers; faults of other devices await their suites. */
export const SUITED_DEVICES = SUITED.map((s) => s.device);

/** Playwright grep of the cases that catch `fault` (their tag), exactly. */
export function catchesGrep(fault: string): RegExp {
  return new RegExp(`@catches-${fault.replace(/[-]/g, '\\-')}(?=\\s|$)`);
}
