// IPv6 addresses as SKSTACK IP writes them: eight groups of four upper-case hex digits
// (`FE80:0000:0000:0000:021D:1290:1234:5678`, echonet-smart-meter.md §4.1 SKLL64). Addresses from elsewhere
// (`fe80::21d:1290:1234:5678%wlan0`) are expanded to that form before they go into a command.
import { isIPv6 } from 'node:net';

/** The full form, or undefined when `address` is not an IPv6 address. A zone (`%…`) is dropped. */
export function fullIpv6(address: string): string | undefined {
  const bare = address.split('%')[0] ?? '';
  if (!isIPv6(bare) || bare.includes('.')) return undefined;
  const [head = '', tail] = bare.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array.from({ length: zeros }, () => '0'), ...right];
  return groups.map((group) => group.toUpperCase().padStart(4, '0')).join(':');
}

export function sameIpv6(a: string, b: string): boolean {
  const full = fullIpv6(a);
  return full !== undefined && full === fullIpv6(b);
}
