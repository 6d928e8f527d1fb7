// The addresses of the routing topology: two /30s of private space (RFC 1918), the B-route segment and the
// other domain, in one /29 that overlaps nothing the machine routes (its own addresses and networks, every
// table), so a packet of the test can never be taken for the machine's own traffic nor leave through it.
import { ip } from './ip-command.ts';

export interface TopologyAddresses {
  /** The B-route segment: the client (harness) side and the meter's B-route interface, a /30. */
  readonly bRoute: { readonly client: string; readonly meter: string; readonly subnet: string };
  /** The other network domain: the meter's other interface and the other domain's host, a /30. */
  readonly other: { readonly meter: string; readonly host: string; readonly subnet: string };
}

/** The first /29 (from one the pid picks, so that workers differ) that the machine's routes leave free. */
export async function pickAddresses(pid: number): Promise<TopologyAddresses> {
  return firstFree(pid, await routedPrefixes());
}

/** The first /29 from the pid's that overlaps none of `taken` (`a.b.c.d/len`, or an address). */
export function firstFree(pid: number, taken: readonly Prefix[]): TopologyAddresses {
  for (const base of CANDIDATE_BASES) {
    for (let i = 0; i < 256; i++) {
      const third = (pid + i) % 256;
      const block = (((base << 8) | third) << 8) >>> 0; // a.b.third.0/29
      if (taken.some((p) => overlaps(p, { network: block, length: 29 }))) continue;
      return layout(block);
    }
  }
  throw new Error('no free private /29 in 10.254/16 or 192.168/16: the machine routes all of them');
}

/** 10.254.x.0/29 first, then 192.168.x.0/29 (as the first 16 bits, a.b). */
const CANDIDATE_BASES = [(10 << 8) | 254, (192 << 8) | 168];

export interface Prefix {
  readonly network: number;
  readonly length: number;
}

function layout(block: number): TopologyAddresses {
  const at = (k: number) => dotted(block + k);
  return {
    bRoute: { client: at(1), meter: at(2), subnet: `${at(0)}/30` },
    other: { meter: at(5), host: at(6), subnet: `${at(4)}/30` },
  };
}

/** Every IPv4 destination the machine routes, in every table (the default route aside). */
async function routedPrefixes(): Promise<Prefix[]> {
  const routes = JSON.parse(await ip(['-j', '-4', 'route', 'show', 'table', 'all'])) as { dst: string }[];
  return routes.flatMap(({ dst }) => {
    const prefix = parsePrefix(dst);
    return prefix ? [prefix] : [];
  });
}

/** `a.b.c.d/len` or `a.b.c.d` (a /32); undefined for anything else (`default`, IPv6). */
export function parsePrefix(text: string): Prefix | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)(?:\/(\d+))?$/.exec(text);
  return m ? { network: parseDotted(m[1]!), length: m[2] === undefined ? 32 : Number(m[2]) } : undefined;
}

function overlaps(a: Prefix, b: Prefix): boolean {
  const length = Math.min(a.length, b.length);
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  return (a.network & mask) >>> 0 === (b.network & mask) >>> 0;
}

function parseDotted(text: string): number {
  return text.split('.').reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0);
}

function dotted(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 0xff).join('.');
}
