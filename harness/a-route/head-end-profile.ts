// A head-end profile (kind "head-end", profiles/head-end.schema.json): the binding the head-end serves and,
// for the reference one, its database. A broken file is a ProfileError naming the file, the field and
// the fix, as a device profile's is.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { HEAD_END_FAULTS } from '../devices/head-end/head-end-faults.ts';
import type { AmpereSettings } from '../devices/head-end/head-end-meters.ts';
import { DEFAULT_STEPS_A, SINGLE_PHASE_2_WIRE_MAX_A } from '../devices/lv-meter/current-limiter.ts';
import { ProfileError } from '../profile/profile-error.ts';

export interface HeadEndProfile {
  readonly kind: 'head-end';
  readonly identity: { readonly name: string; readonly version: string };
  readonly binding: { readonly type: 'http'; readonly address: string; readonly port: number };
  /** The database, resolved against the profile's folder. */
  readonly storage?: { readonly database: string };
  readonly target: {
    readonly type: 'emulated' | 'real';
    readonly faults?: readonly string[];
    /** An emulated head-end: where every case's virtual clock starts (default applied by the loader). */
    readonly clockStart?: string;
  };
  /** Test parameters of the A-route cases, defaults applied (profiles/head-end.schema.json /parameters). */
  readonly parameters: HeadEndParameters;
}

export interface HeadEndParameters {
  readonly deliveryMinutes: number;
  readonly networkLatencyMinutes: number;
  readonly fleetMeters: number;
  readonly observeHours: number;
  readonly retentionYears: number;
  readonly outageDetectionMinutes: number;
  readonly instantaneousSeconds: number;
  readonly instantaneousMeters: readonly string[];
  readonly pollDetectionMinutes: number;
  readonly pollMeters: readonly string[];
  readonly hvDeliveryMinutes: number;
  readonly hvFleetMeters: number;
  readonly historicalShare: number;
  readonly historicalDays: number;
  readonly historicalBatchHour: number;
  readonly realTimeShare: number;
  readonly realTimeMinutes: number;
  readonly realTimeGranularityMinutes: 1 | 5;
  readonly realTimeLatencySeconds: number;
  readonly ampere: AmpereParameters;
}

/** suites/ampere-control/: the meters' limiter as the utility declares it (varying by utility), and the cases' waits. */
export interface AmpereParameters {
  readonly stepsA: readonly number[];
  readonly maxA: number;
  readonly initialLimitA: number;
  readonly recloseSeconds: number;
  readonly lockoutTrips: number;
  readonly lockoutWindowMinutes: number;
  readonly reservationToleranceSeconds: number;
  readonly breakerToleranceSeconds: number;
  readonly meter: string;
  readonly powerOffMinutes: number;
  readonly loadWaitHours: number;
}

/** Today's meters (next-generation.md, Remote ampere control): the shortest reclose, the fewest trips. */
const DEFAULT_AMPERE: AmpereParameters = {
  stepsA: DEFAULT_STEPS_A,
  maxA: SINGLE_PHASE_2_WIRE_MAX_A,
  initialLimitA: SINGLE_PHASE_2_WIRE_MAX_A,
  recloseSeconds: 10,
  lockoutTrips: 3,
  lockoutWindowMinutes: 10,
  reservationToleranceSeconds: 60,
  breakerToleranceSeconds: 5,
  meter: 'LV-AMPERE-001',
  powerOffMinutes: 30,
  loadWaitHours: 24,
};

/** The limiter settings of the meters behind a head-end of `parameters` (the reference head-end's). */
export function ampereSettings(a: AmpereParameters): AmpereSettings {
  return {
    stepsA: a.stepsA,
    maxA: a.maxA,
    initialLimitA: a.initialLimitA,
    recloseMs: a.recloseSeconds * 1000,
    lockoutTrips: a.lockoutTrips,
    lockoutWindowMs: a.lockoutWindowMinutes * 60_000,
  };
}

/** The seed's figures (通信/システム: 60分以内 (HV 30分以内), 3年間保存, 10%程度以上の5分値を数日以内, 3%程度以上を10分以内) and the suite's own choices. */
export const DEFAULT_HEAD_END_PARAMETERS: HeadEndParameters = {
  deliveryMinutes: 60,
  networkLatencyMinutes: 20,
  fleetMeters: 100,
  observeHours: 24,
  retentionYears: 3,
  outageDetectionMinutes: 60,
  instantaneousSeconds: 60,
  instantaneousMeters: ['LV-AMPERE-001'],
  pollDetectionMinutes: 15,
  pollMeters: Array.from({ length: 6 }, (_, i) => `LV-POLL-00${i + 1}`),
  hvDeliveryMinutes: 30,
  hvFleetMeters: 10,
  historicalShare: 0.1,
  historicalDays: 3,
  historicalBatchHour: 2,
  realTimeShare: 0.03,
  realTimeMinutes: 10,
  realTimeGranularityMinutes: 5,
  realTimeLatencySeconds: 120,
  ampere: DEFAULT_AMPERE,
};

/** Where an emulated head-end's cases start: a JST midnight, so a case's day is a calendar day. */
export const DEFAULT_HEAD_END_CLOCK_START = '2026-06-15T00:00:00+09:00';

const validate = new Ajv({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(new URL('../../profiles/head-end.schema.json', import.meta.url), 'utf8')),
);

/** True when `file` is a JSON profile of kind head-end (anything else is left to the device profiles). */
export function isHeadEndProfile(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { kind?: unknown }).kind === 'head-end';
  } catch {
    return false;
  }
}

export function loadHeadEndProfile(file: string): HeadEndProfile {
  if (!existsSync(file))
    throw new ProfileError(file, [
      {
        pointer: '',
        problem: 'no such file — give the path of a head-end profile, e.g. profiles/reference-head-end.json',
      },
    ]);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ProfileError(file, [{ pointer: '', problem: `not JSON: ${(error as Error).message}` }]);
  }
  if (!validate(value))
    throw new ProfileError(
      file,
      (validate.errors ?? []).map((e) => ({
        pointer: e.instancePath,
        problem: `${e.message ?? 'invalid'} — see profiles/head-end.schema.json${e.instancePath}`,
      })),
    );
  const given = value as HeadEndProfile;
  const profile: HeadEndProfile = {
    ...given,
    parameters: {
      ...DEFAULT_HEAD_END_PARAMETERS,
      ...given.parameters,
      ampere: { ...DEFAULT_AMPERE, ...given.parameters?.ampere },
    },
    target:
      given.target.type === 'emulated'
        ? { clockStart: DEFAULT_HEAD_END_CLOCK_START, ...given.target }
        : given.target,
  };
  const problems = [
    ...deadlineProblems(profile.parameters),
    ...ampereProblems(profile.parameters.ampere),
    ...(profile.target.clockStart !== undefined && Date.parse(profile.target.clockStart) % 1_800_000 !== 0
      ? [
          {
            pointer: '/target/clockStart',
            problem: 'not a real date and time on a half hour, e.g. 2026-06-15T00:00:00+09:00',
          },
        ]
      : []),
  ];
  if (problems.length > 0) throw new ProfileError(file, problems);
  const unknown = (profile.target.faults ?? []).filter((f) => !HEAD_END_FAULTS.some((d) => d.id === f));
  if (unknown.length > 0)
    throw new ProfileError(
      file,
      unknown.map((f) => ({
        pointer: `/target/faults/${profile.target.faults!.indexOf(f)}`,
        problem: `'${f}' is not a fault switch of the reference head-end — one of ${HEAD_END_FAULTS.map((d) => d.id).join(', ')} (harness/devices/FAULTS.md)`,
      })),
    );
  return profile.storage
    ? { ...profile, storage: { database: resolve(dirname(file), profile.storage.database) } }
    : profile;
}

/** What the schema cannot say of the deadlines: the network must leave the head-end some of each. */
function deadlineProblems(p: HeadEndParameters): { pointer: string; problem: string }[] {
  const budgets = [
    ['deliveryMinutes', p.deliveryMinutes * 60, p.networkLatencyMinutes * 60, 'networkLatencyMinutes'],
    ['hvDeliveryMinutes', p.hvDeliveryMinutes * 60, p.networkLatencyMinutes * 60, 'networkLatencyMinutes'],
    ['realTimeMinutes', p.realTimeMinutes * 60, p.realTimeLatencySeconds, 'realTimeLatencySeconds'],
  ] as const;
  return budgets
    .filter(([, deadlineS, latencyS]) => latencyS >= deadlineS)
    .map(([deadline, , , latency]) => ({
      pointer: `/parameters/${latency}`,
      problem: `${p[latency]} leaves the head-end no time of the ${p[deadline]}-minute ${deadline}: give less`,
    }));
}

/** What the schema cannot say of the ampere parameters: the initial limit a step within the cap. */
function ampereProblems(a: AmpereParameters): { pointer: string; problem: string }[] {
  if (a.stepsA.includes(a.initialLimitA) && a.initialLimitA <= a.maxA) return [];
  return [
    {
      pointer: '/parameters/ampere/initialLimitA',
      problem: `${a.initialLimitA} A is not one of stepsA (${a.stepsA.join('/')}) at or below maxA ${a.maxA}: give one that is`,
    },
  ];
}
