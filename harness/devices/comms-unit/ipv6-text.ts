// IPv6 addresses as SKSTACK IP writes them (eight groups of four upper-case hex digits:
// FE80:0000:0000:0000:021D:1290:1234:5678) and as transports do (RFC 5952: fe80::21d:1290:1234:5678),
// and the link-local address of a 64-bit MAC (SKLL64, echonet-smart-meter.md §4.1: the U/L bit flipped).

/** Eight 16-bit groups, or undefined when `text` is not an IPv6 address. */
export function parseIpv6(text: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:]+$/.test(text) || text.length > 39) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    if (groups.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
    return groups.map((g) => Number.parseInt(g, 16));
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...Array<number>(missing).fill(0), ...tail] : undefined;
}

/** `FE80:0000:0000:0000:021D:1290:1234:5678` */
export function skstackIpv6(groups: readonly number[]): string {
  return groups.map((g) => g.toString(16).padStart(4, '0').toUpperCase()).join(':');
}

/** RFC 5952 text (`fe80::21d:1290:1234:5678`), as node:net and the transports write addresses. */
export function compactIpv6(groups: readonly number[]): string {
  // the longest run of two or more zero groups becomes '::' (the first of equal runs)
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

/** Same address, whichever way each is written. */
export function sameIpv6(a: string, b: string): boolean {
  const x = parseIpv6(a);
  const y = parseIpv6(b);
  return x !== undefined && y !== undefined && x.every((g, i) => g === y[i]);
}

/** A 64-bit MAC as 16 hex digits (`001D129012345678`), or undefined. */
export function parseMac(text: string): Uint8Array | undefined {
  if (!/^[0-9A-Fa-f]{16}$/.test(text)) return undefined;
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

/** FE80::/64 with the interface id from the MAC, bit 1 of its first byte (U/L) flipped (§4.1 SKLL64). */
export function linkLocalOf(mac: Uint8Array, flipUniversalLocal = true): number[] {
  const id = Uint8Array.from(mac);
  if (flipUniversalLocal) id[0] = id[0]! ^ 0b0000_0010;
  const groups = [0xfe80, 0, 0, 0];
  for (let i = 0; i < 8; i += 2) groups.push((id[i]! << 8) | id[i + 1]!);
  return groups;
}

/** ff02::1, where ECHONET Lite multicast goes on IPv6 (ECHONET Lite part 2 §1.2). */
export const ALL_NODES = [0xff02, 0, 0, 0, 0, 0, 0, 1] as const;
