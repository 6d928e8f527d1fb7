// The suite validity run: for every fault switch of a reference device that has a suite, the suite runs
// against the device with that fault on (the generated cases: those that declare the fault, unless
// SMCERT_VALIDITY_FULL=1); clean runs of the same profiles must pass. Playwright projects, one per variant (playwright.config.ts adds them when SMCERT_VALIDITY=1).
import { loadClassRegistry } from '../classes/load-classes.ts';
import { FAULTS, faultsOf } from '../devices/faults.ts';
import { loadProfile } from '../profile/load-profile.ts';
import { idsGrep } from '../profile/selection.ts';
import { generatedCases } from './class-data-cases.ts';

export interface ValidityVariant {
  /** Project name: `fault:<id>` or `clean:<profile>`. */
  readonly name: string;
  readonly profileFile: string;
  readonly fault?: string;
  /** The cases left out of the variant: generated ones (see generatedLeftOut), dedicated areas (DEDICATED_AREAS). */
  readonly grepInvert?: RegExp | readonly RegExp[];
  /** Only these cases run (a comms-unit fault: the cases of area comms-unit, see ONLY_OWN_AREA). */
  readonly grep?: RegExp;
}

/**
 * Devices whose faults are tried on their own area's cases only, unless SMCERT_VALIDITY_FULL=1: under a
 * fault of the Wi-SUN module every LV case over the radio fails or stops alike (a split ERXUDP, a
 * reader out of step), which says nothing per rule and costs about 25 s a fault; the clean Wi-SUN
 * profile still runs the whole suite.
 */
const ONLY_OWN_AREA: Readonly<Record<string, RegExp>> = {
  'comms-unit': /@area-comms-unit(?=\s|$)/,
  // on a controller profile every other case is NA alike (case-meta.ts appliesTo)
  'hems-controller': /@area-hems(?=\s|$)/,
};

/**
 * Areas whose rules only their own faults break (each of those names the area, FaultDefinition.area): a
 * meter fault of another rule leaves them out, unless SMCERT_VALIDITY_FULL=1. Under each of some 70 such
 * faults their dozen cases (several clients, namespaces, fast-check) would add about 3 s of work apiece.
 */
const DEDICATED_AREAS = /@area-(multi-client|security)(?=\s|$)/;

const LV = 'profiles/reference-lv-meter.json';

/** The device kinds whose suites exist, with the profile their faults are tried on. */
const SUITED: ReadonlyArray<{
  device: 'node' | 'lv-meter' | 'hv-meter' | 'hv-bidirectional-meter' | 'comms-unit' | 'hems-controller';
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
];

export function validityVariants(): ValidityVariant[] {
  const faults = SUITED.flatMap(({ device, profile }) =>
    faultsOf(device).map((f) => ({
      name: `fault:${f.id}`,
      // a fault that needs the device set up for it names its profile (harness/devices/*-faults.ts)
      profileFile: f.profile ?? profile,
      fault: f.id,
      ...(process.env[VALIDITY_FULL_ENV] === '1'
        ? {}
        : f.area
          ? { grep: new RegExp(`@area-${f.area}(?=\\s|$)`) }
          : ONLY_OWN_AREA[device]
            ? { grep: ONLY_OWN_AREA[device] }
            : {}),
    })),
  );
  const profiles = [...new Set([...SUITED.map((s) => s.profile), ...faults.map((f) => f.profileFile)])];
  const clean: ValidityVariant[] = profiles.map((profileFile) => ({
    name: `clean:${profileFile}`,
    profileFile,
  }));
  const leftOut = generatedLeftOut(profiles);
  const full = process.env[VALIDITY_FULL_ENV] === '1';
  const areaOfFault = new Map(FAULTS.map((f) => [f.id, f.area]));
  return [...clean, ...faults].map((v) => {
    const generated = leftOut(v.profileFile, v.fault);
    const dedicated = !full && v.fault !== undefined && areaOfFault.get(v.fault) === undefined;
    return { ...v, grepInvert: dedicated ? [generated, DEDICATED_AREAS] : generated };
  });
}

/** Set to 1: the generated cases run under every fault too (see generatedLeftOut). */
export const VALIDITY_FULL_ENV = 'SMCERT_VALIDITY_FULL';

/**
 * The generated cases (suites/generated/, one per class EPC and rule) a variant leaves out: those NA for
 * its profile (NA under every fault alike) and, under a fault, those that do not declare they catch it,
 * unless SMCERT_VALIDITY_FULL=1. Run under every fault they add about 6 minutes to the validity run
 * (13.9 instead of 8 on an idle 2-core machine), too much for CI; the full run finds what they add to
 * the list of faults that break two rules.
 */
function generatedLeftOut(profileFiles: readonly string[]) {
  const cases = generatedCases(loadClassRegistry());
  const full = process.env[VALIDITY_FULL_ENV] === '1';
  const applying = new Map(
    profileFiles.map((file) => {
      const profile = loadProfile(file).profile;
      return [file, cases.filter((c) => c.applies(profile) === true)];
    }),
  );
  return (profileFile: string, fault: string | undefined): RegExp => {
    const runs = applying.get(profileFile)!.filter((c) => full || !fault || c.catches.includes(fault));
    const kept = new Set(runs.map((c) => c.id));
    return new RegExp(idsGrep(cases.filter((c) => !kept.has(c.id)).map((c) => c.id)));
  };
}

/** The devices a suite covers; faults of other devices await their suites. */
export const SUITED_DEVICES = SUITED.map((s) => s.device);

/** Playwright grep of the cases that catch `fault` (their tag), exactly. */
export function catchesGrep(fault: string): RegExp {
  return new RegExp(`@catches-${fault.replace(/[-]/g, '\\-')}(?=\\s|$)`);
}
