// The meter's PAN as the first join of a run found it by an active scan (channel, PAN ID, MAC), kept in a
// file per run and dongle (device-files.ts) so that the next cases join at once: at the default scan
// duration 6 a scan takes about 18 s per case (28 channels × 9.6 ms × (2^6 + 1), echonet-smart-meter.md
// §4.1 SKSCAN). A join on a kept PAN that fails scans again (the meter may have changed channel).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Profile } from '../profile/profile.ts';

export interface FoundPan {
  readonly channel: number;
  readonly panId: number;
  readonly mac: string;
}

export function readFoundPan(file: string): FoundPan | undefined {
  try {
    const pan = JSON.parse(readFileSync(file, 'utf8')) as Partial<FoundPan>;
    const ok =
      Number.isInteger(pan.channel) && Number.isInteger(pan.panId) && /^[0-9A-F]{16}$/.test(pan.mac ?? '');
    return ok ? (pan as FoundPan) : undefined;
  } catch {
    return undefined; // no join yet in this run, or a file cut short
  }
}

export function keepFoundPan(file: string, pan: FoundPan): void {
  writeFileSync(file, JSON.stringify({ channel: pan.channel, panId: pan.panId, mac: pan.mac }));
}

export function forgetFoundPan(file: string): void {
  rmSync(file, { force: true });
}

/** The profile with the kept PAN, unless the profile names its own (then no scan is made anyway). */
export function withFoundPan(profile: Profile, pan: FoundPan | undefined): Profile {
  const t = profile.transport;
  if (!pan || t.type !== 'skstack' || (t.channel !== undefined && t.panId !== undefined && t.mac))
    return profile;
  return { ...profile, transport: { ...t, channel: pan.channel, panId: pan.panId, mac: pan.mac } };
}
