// Whether two IP addresses name the same host address as text may not show: IPv6 in any of its spellings
// (`FE80::1`, `fe80:0:0:0:0:0:0:1`, RFC 5952 §4), with the zone (`%eth0`) compared when both give one.
// A device's replies come from the address the socket reports, spelled the way the kernel spells it,
// while the profile spells it the way a person typed it.
import { isIP } from 'node:net';

/** The one spelling of an IP address: IPv6 lower case and compressed (the URL parser's), zone kept. */
export function canonicalAddress(address: string): string {
  const [bare = address, zone] = address.split('%');
  if (isIP(bare) !== 6) return address;
  const compressed = new URL(`http://[${bare}]`).hostname.slice(1, -1);
  return zone === undefined ? compressed : `${compressed}%${zone}`;
}

export function sameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  const [bareA, zoneA] = canonicalAddress(a).split('%');
  const [bareB, zoneB] = canonicalAddress(b).split('%');
  return bareA === bareB && (zoneA === undefined || zoneB === undefined || zoneA === zoneB);
}
