// Which interface ECHONET Lite multicast goes out of and is joined on, in the forms node:dgram takes:
// IPv4 names the interface by one of its addresses (IP_MULTICAST_IF, IP_ADD_MEMBERSHIP); IPv6 by its
// index, written '::%<name>' (IPV6_MULTICAST_IF, IPV6_JOIN_GROUP). The default is the loopback interface,
// so nothing leaves the machine unless an interface is named.
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export interface MulticastInterface {
  /** The argument for setMulticastInterface and addMembership. */
  readonly socketOption: string;
  /** IPv6 only: the interface name, the scope of link-local groups (ff02::1%lo). */
  readonly scope?: string;
}

export const LOOPBACK_INTERFACE_V4 = '127.0.0.1';
export const LOOPBACK_INTERFACE_V6 = 'lo';

/**
 * Accepts, for IPv4, an address of the interface or its name ('lo' → its first IPv4 address); for IPv6,
 * '::%name', a name, or an address of the interface ('::1' → '::%lo'). A bare IPv6 address would mean
 * "interface 0", which lets the kernel pick the interface by route: never what a test harness wants.
 */
export function resolveMulticastInterface(family: 4 | 6, spec: string | undefined): MulticastInterface {
  if (family === 4) {
    const given = spec ?? LOOPBACK_INTERFACE_V4;
    if (isIP(given) === 4) return { socketOption: given };
    const address = interfaceAddresses(given).find((a) => a.family === 'IPv4')?.address;
    if (address === undefined) throw unknownInterface(family, given);
    return { socketOption: address };
  }
  const given = spec ?? LOOPBACK_INTERFACE_V6;
  const scoped = /^::%(.+)$/.exec(given);
  if (scoped) return { socketOption: given, scope: scoped[1]! };
  if (isIP(given) !== 6) {
    if (interfaceAddresses(given).length === 0) throw unknownInterface(family, given);
    return { socketOption: `::%${given}`, scope: given };
  }
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if (addresses?.some((a) => a.family === 'IPv6' && sameIpv6(a.address, given))) {
      return { socketOption: `::%${name}`, scope: name };
    }
  }
  throw unknownInterface(family, given);
}

function interfaceAddresses(name: string) {
  return networkInterfaces()[name] ?? [];
}

function sameIpv6(a: string, b: string): boolean {
  const strip = (address: string) => address.replace(/%.*$/, '').toLowerCase();
  return strip(a) === strip(b);
}

function unknownInterface(family: 4 | 6, given: string): Error {
  const example = family === 4 ? `'${LOOPBACK_INTERFACE_V4}' or 'lo'` : `'::%lo', 'lo' or '::1'`;
  return new Error(
    `multicast interface '${given}' matches no IPv${family} interface of this machine: ` +
      `give one listed by 'ip addr', e.g. ${example}`,
  );
}
