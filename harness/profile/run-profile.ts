// The profile of a run, loaded and validated once by smcert (harness/cli/conformance-run.ts) and resolved
// (the schema's defaults filled in): written with its secrets redacted beside the run's evidence
// (`profile.resolved.json` in the run directory, signed with the rest), read from there by the Playwright
// workers and the run reporter. The secrets reach those child processes only in their environment, never
// a file.
import { readFileSync, writeFileSync } from 'node:fs';
import { type HeadEndProfile, isHeadEndProfile, loadHeadEndProfile } from '../a-route/head-end-profile.ts';
import { checkProfile, loadProfile } from './load-profile.ts';
import type { Profile } from './profile.ts';
import { redactProfile } from './redact.ts';

/** Name of the resolved profile in a run directory. */
export const RESOLVED_PROFILE = 'profile.resolved.json';
/** Path of the resolved profile a run's child processes read. */
export const RUN_PROFILE_ENV = 'SMCERT_RUN_PROFILE';
/** The profile's secrets (JSON), for the child processes only. */
const RUN_SECRETS_ENV = 'SMCERT_RUN_SECRETS';

type Secrets = Pick<Profile, 'routeB'>;

/** What a run is against: a device (profiles/profile.schema.json) or a head-end (head-end.schema.json). */
export type RunProfile = Profile | HeadEndProfile;

/** Writes the resolved profile, secrets redacted; returns the environment its readers need. */
export function writeResolvedProfile(file: string, profile: RunProfile): Record<string, string> {
  if (profile.kind === 'head-end') {
    writeFileSync(file, `${JSON.stringify(profile, null, 2)}\n`); // a head-end profile holds no secret
    return { [RUN_PROFILE_ENV]: file, [RUN_SECRETS_ENV]: '{}' };
  }
  writeFileSync(file, `${JSON.stringify(redactProfile(profile), null, 2)}\n`);
  const secrets: Secrets = profile.routeB ? { routeB: profile.routeB } : {};
  return { [RUN_PROFILE_ENV]: file, [RUN_SECRETS_ENV]: JSON.stringify(secrets) };
}

let cached: { key: string; profile: Profile | undefined } | undefined;

/** The file of the run's profile: the resolved one smcert wrote, else SMCERT_PROFILE's, else undefined. */
function runProfileFile(env: NodeJS.ProcessEnv): string | undefined {
  return env[RUN_PROFILE_ENV] || env.SMCERT_PROFILE || undefined;
}

/**
 * The profile of the run this process belongs to: the resolved profile smcert wrote (with its secrets
 * put back), else the file SMCERT_PROFILE names (a Playwright run started by hand), else undefined —
 * and undefined when the run is against a head-end (runHeadEndProfile).
 */
export function runProfile(env: NodeJS.ProcessEnv = process.env): Profile | undefined {
  const key = `${env[RUN_PROFILE_ENV] ?? ''}\0${env.SMCERT_PROFILE ?? ''}`;
  if (cached?.key === key) return cached.profile;
  const resolved = env[RUN_PROFILE_ENV];
  let profile: Profile | undefined;
  const file = runProfileFile(env);
  if (file && isHeadEndProfile(file)) {
    profile = undefined;
  } else if (resolved) {
    const secrets = JSON.parse(env[RUN_SECRETS_ENV] ?? '{}') as Secrets;
    profile = checkProfile(resolved, { ...JSON.parse(readFileSync(resolved, 'utf8')), ...secrets });
  } else if (env.SMCERT_PROFILE) {
    profile = loadProfile(env.SMCERT_PROFILE).profile;
  }
  cached = { key, profile };
  return profile;
}

/** The head-end profile of the run this process belongs to (as runProfile), or undefined. */
export function runHeadEndProfile(env: NodeJS.ProcessEnv = process.env): HeadEndProfile | undefined {
  const file = runProfileFile(env);
  return file && isHeadEndProfile(file) ? loadHeadEndProfile(file) : undefined;
}
