// Loads a device profile: JSON syntax, profiles/profile.schema.json (ajv, defaults filled in), then what
// the schema cannot say. Every problem names the file, the JSON pointer, what was expected and a fix.
// A missing or empty profile is an error, never "test nothing".
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { FAULTS } from '../devices/faults.ts';
import type { LoadedProfile, Profile } from './profile.ts';
import { ProfileError } from './profile-error.ts';

export const PROFILE_SCHEMA_FILE = fileURLToPath(
  new URL('../../profiles/profile.schema.json', import.meta.url),
);

const schema = JSON.parse(readFileSync(PROFILE_SCHEMA_FILE, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, useDefaults: true }).compile(schema);

/** The class each kind must host (first two bytes of an EOJ). */
const KIND_CLASS: Partial<Record<Profile['kind'], string>> = {
  'lv-meter': '0288',
  'hv-meter': '028A',
  'hems-controller': '05FF',
};
const FAULT_DEVICES: Record<string, readonly string[]> = {
  'lv-meter': ['node', 'lv-meter'],
  'hv-meter': ['node', 'hv-meter'],
  'hems-controller': ['node', 'hems-controller'],
};

export function loadProfile(file: string): LoadedProfile {
  if (!existsSync(file)) {
    throw new ProfileError(file, [
      {
        pointer: '',
        problem: 'no such file: give a JSON device profile, e.g. profiles/reference-lv-meter.json',
      },
    ]);
  }
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') {
    throw new ProfileError(file, [
      {
        pointer: '',
        problem:
          'the profile is empty: a run needs a device profile (copy profiles/reference-lv-meter.json and edit it)',
      },
    ]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ProfileError(file, [
      { pointer: '', problem: `not valid JSON (${(error as Error).message}); fix the syntax` },
    ]);
  }
  return { file, profile: checkProfile(file, data) };
}

/** Validates parsed profile data (also used for profiles built in memory). */
export function checkProfile(file: string, data: unknown): Profile {
  if (!validate(data))
    throw new ProfileError(file, (validate.errors ?? []).filter(relevant).slice(0, 8).map(describe));
  const profile = data as Profile;
  const problems = semanticProblems(profile);
  if (problems.length > 0) throw new ProfileError(file, problems);
  return profile;
}

/** oneOf reports every branch; keep the errors of the branch that matches the declared target type. */
function relevant(error: ErrorObject): boolean {
  return error.keyword !== 'oneOf' && !(error.keyword === 'const' && error.instancePath === '/target/type');
}

function describe(error: ErrorObject): { pointer: string; problem: string } {
  const pointer = error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        pointer,
        problem: `unknown field '${String(error.params.additionalProperty)}': remove it or fix its spelling (see profiles/profile.schema.json)`,
      };
    case 'required':
      return {
        pointer,
        problem: `missing field '${String(error.params.missingProperty)}': add it (see profiles/reference-lv-meter.json for an example)`,
      };
    case 'enum':
      return { pointer, problem: `must be one of ${JSON.stringify(error.params.allowedValues)}` };
    case 'pattern':
      return { pointer, problem: `${error.message ?? 'does not match'}: ${hintFor(pointer)}` };
    default:
      return { pointer, problem: error.message ?? 'invalid' };
  }
}

function hintFor(pointer: string): string {
  if (pointer === '/routeB/id') return 'the Route-B ID has 32 letters or digits';
  if (pointer === '/routeB/password') return 'the Route-B password has 12 letters or digits';
  if (pointer.endsWith('/makerCode')) return 'write the maker code as 6 hex digits, e.g. 000016';
  if (pointer.endsWith('/eoj')) return 'write the EOJ as 6 hex digits, e.g. 028801';
  if (/epc|get|set|anno/i.test(pointer)) return 'write EPCs as 0x80..0xFF, e.g. 0xE7';
  return 'see profiles/profile.schema.json';
}

function semanticProblems(profile: Profile): { pointer: string; problem: string }[] {
  const problems: { pointer: string; problem: string }[] = [];
  const wanted = KIND_CLASS[profile.kind];
  if (wanted && !profile.classes.some((c) => c.eoj.startsWith(wanted))) {
    problems.push({
      pointer: '/classes',
      problem: `a ${profile.kind} hosts class 0x${wanted}: add {"eoj": "${wanted}01", "release": "R"}`,
    });
  }
  if (profile.target.type === 'emulated') {
    const devices = FAULT_DEVICES[profile.kind] ?? ['node'];
    const known = new Set(FAULTS.filter((f) => devices.includes(f.device)).map((f) => f.id));
    (profile.target.faults ?? []).forEach((fault, i) => {
      if (!known.has(fault)) {
        problems.push({
          pointer: `/target/faults/${i}`,
          problem: `no fault switch '${fault}' for a ${profile.kind}: see harness/devices/FAULTS.md`,
        });
      }
    });
  }
  const seen = new Map<string, string>();
  (profile.nextGeneration ?? []).forEach((item, i) => {
    for (const key of ['epc', 'selectorEpc', 'historyEpc'] as const) {
      const epc = item[key];
      if (!epc) continue;
      const where = `/nextGeneration/${i}/${key}`;
      const other = seen.get(epc);
      if (other)
        problems.push({
          pointer: where,
          problem: `${epc} is already used at ${other}: give each item its own EPC`,
        });
      seen.set(epc, where);
    }
  });
  return problems;
}
