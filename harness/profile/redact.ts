// Secrets of a profile (Route-B ID and password) never appear in a printout, log or artefact.
import type { Profile } from './profile.ts';

export const REDACTED = '<redacted>';

export function redactProfile(profile: Profile): Profile {
  return profile.routeB ? { ...profile, routeB: { id: REDACTED, password: REDACTED } } : profile;
}

/** Replaces every occurrence of the profile's secrets in `text`. */
export function redactText(text: string, profile: Profile): string {
  if (!profile.routeB) return text;
  let out = text;
  for (const secret of [profile.routeB.id, profile.routeB.password]) out = out.split(secret).join(REDACTED);
  return out;
}
