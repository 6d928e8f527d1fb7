// Addresses in a profile: the device's must be an IP address of the declared family (a hostname or a typo
// is otherwise only found when every case of the run fails to send), and a real target's localAddress
// must be one this machine has (otherwise every case fails to bind). On Linux every 127.x.y.z is bindable:
// the loopback interface owns all of 127.0.0.0/8.
import { isIP } from 'node:net';
import { type NetworkInterfaceInfo, networkInterfaces } from 'node:os';
import { canonicalAddress } from '../transport/same-address.ts';

export type IpFamily = 4 | 6;

/** Why `address` is not an IP address of `family` (what is wrong — how to fix it), or undefined. */
export function familyProblem(address: string, family: IpFamily, example: string): string | undefined {
  const found = isIP(address);
  if (found === family) return undefined;
  if (found === 0) return `'${address}' is not an IPv${family} address — ${example}`;
  return `'${address}' is an IPv${found} address but /transport/family is ${family} — set "family": ${found} or give an IPv${family} address`;
}

const canonical = canonicalAddress;

const isLinkLocal = (address: string) => /^fe[89ab][0-9a-f]:/i.test(canonical(address));

/**
 * Why this machine cannot bind `address` (an IP address of `family`), or undefined when it can.
 * `interfaces` and `platform` are this machine's unless given (tests give others).
 */
export function localAddressProblem(
  address: string,
  family: IpFamily,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const [bare = address, zone] = address.split('%');
  if (bare === '0.0.0.0' || canonical(bare) === '::') return undefined; // every address of the family
  if (platform === 'linux' && family === 4 && bare.startsWith('127.')) return undefined;
  const own = Object.entries(interfaces).flatMap(([name, list]) =>
    (list ?? [])
      // Node 18.0–18.3 gave the family as a number
      .filter((info) => info.family === `IPv${family}` || (info.family as unknown) === family)
      .map((info) => ({ name, address: info.address, scopeid: info.scopeid })),
  );
  const matches = own.filter((info) => canonical(info.address) === canonical(bare));
  const onInterface = matches.filter(
    (info) => zone === undefined || info.name === zone || String(info.scopeid) === zone,
  );
  const fallback = family === 4 ? '127.0.0.1' : '::1';
  if (onInterface.length === 0) {
    const where = zone !== undefined && matches.length > 0 ? ` on interface ${zone}` : '';
    const list = [
      ...new Set(
        own.map((info) => (isLinkLocal(info.address) ? `${info.address}%${info.name}` : info.address)),
      ),
    ];
    const shown = list.length > 8 ? [...list.slice(0, 8), '…'] : list;
    const loopback = platform === 'linux' && family === 4 ? ', and on Linux any 127.x.y.z' : '';
    const has = shown.length > 0 ? shown.join(', ') : `no IPv${family} address`;
    return `${address} is not an address of this machine${where} (it has ${has}${loopback}) — give one of them, or leave localAddress out to use ${fallback}`;
  }
  if (zone === undefined && isLinkLocal(bare)) {
    const names = onInterface.map((info) => `${bare}%${info.name}`).join(' or ');
    return `${address} is link-local: it cannot be bound without its interface — write ${names}`;
  }
  return undefined;
}
