// Secrets of a profile (Route-B ID and password) never appear in a printout, log or artefact.
import type { RunProfile } from './run-profile.ts';

export const REDACTED = '<redacted>';

export function redactProfile<P extends RunProfile>(profile: P): P {
  return profile.kind !== 'head-end' && profile.routeB
    ? { ...profile, routeB: { id: REDACTED, password: REDACTED } }
    : profile;
}

/** Replaces every occurrence of the profile's secrets in `text`. */
export function redactText(text: string, profile: RunProfile): string {
  if (profile.kind === 'head-end' || !profile.routeB) return text;
  let out = text;
  for (const secret of [profile.routeB.id, profile.routeB.password]) out = out.split(secret).join(REDACTED);
  return out;
}
