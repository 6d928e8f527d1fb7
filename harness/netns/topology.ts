// The routing topology: three network namespaces joined by two veth pairs, private addresses only.
//
//   B-route ns (client side)          meter ns                          other-domain ns
//   <bRoute> client/30 ─── veth ─── meter/30 <meterBRoute>
//                                    meter/30 <meterOther> ─── veth ─── host/30 <other>
//
// The B-route namespace routes the other domain's subnet via the meter's B-route address, so anything it
// sends there goes to the meter; whether it gets further is the meter's doing. IPv6 is off on every veth
// (no autoconfiguration traffic in the counters) and the other domain has no reverse-path filter, so what
// arrives there reaches its listeners. The meter's own kernel settings (ip_forward) are set where the meter
// starts (harness/netns/meter-process.ts). Leftovers of killed runs are removed first; teardown removes the
// namespaces with whatever still runs in them, and runs at exit too when a case never got to it.
import { spawnSync } from 'node:child_process';
import { IP, IpError, ip, runIp } from './ip-command.ts';
import { listNamespaces, removeLeftovers, removeNamespace } from './leftovers.ts';
import { type InterfaceNames, interfaceNames, type NamespaceNames, namespaceNames } from './netns-names.ts';
import { pickAddresses, type TopologyAddresses } from './private-subnets.ts';
import { refusedBy, SYSCTL, toolsMissing } from './refusal.ts';

export interface Topology {
  readonly namespaces: NamespaceNames;
  readonly interfaces: InterfaceNames;
  readonly addresses: TopologyAddresses;
  /** Namespaces of killed runs removed before this one was built. */
  readonly leftoversRemoved: readonly string[];
  /** Sets kernel settings (sysctl name → value) inside namespace `ns`. */
  sysctl(ns: string, settings: Readonly<Record<string, string>>): Promise<void>;
  /** Removes the namespaces (and what runs in them); safe to call twice. */
  remove(): Promise<void>;
}

export type TopologyResult = { readonly topology: Topology } | { readonly refused: string };

/** Builds the topology for process `pid`, or says why this machine does not allow it. */
export async function createTopology(pid: number = process.pid): Promise<TopologyResult> {
  const missing = await toolsMissing();
  if (missing) return { refused: missing };
  const namespaces = namespaceNames(pid);
  const all = [namespaces.bRoute, namespaces.meter, namespaces.other];
  let leftoversRemoved: string[];
  try {
    leftoversRemoved = await removeLeftovers();
    // this process's own, from a case whose teardown never ran
    for (const ns of await listNamespaces()) if (all.includes(ns)) await removeNamespace(ns);
  } catch (error) {
    const refused = error instanceof IpError ? refusedBy(error.result) : undefined;
    if (refused) return { refused };
    throw error;
  }
  const first = await runIp(['netns', 'add', namespaces.bRoute]);
  if (!first.ok) {
    const refused = refusedBy(first);
    if (refused) return { refused };
    throw new IpError(['netns', 'add', namespaces.bRoute], first);
  }
  const made = [namespaces.bRoute];
  const atExit = () => removeAtExit(made);
  process.on('exit', atExit);
  const remove = async () => {
    process.off('exit', atExit);
    for (const ns of made.splice(0)) await removeNamespace(ns).catch(() => removeAtExit([ns]));
  };
  try {
    for (const ns of [namespaces.meter, namespaces.other]) {
      await ip(['netns', 'add', ns]);
      made.push(ns);
    }
    const interfaces = interfaceNames(pid);
    const addresses = await pickAddresses(pid);
    const topology: Topology = {
      namespaces,
      interfaces,
      addresses,
      leftoversRemoved,
      sysctl: (ns, settings) => sysctl(ns, settings),
      remove,
    };
    await wire(topology);
    return { topology };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function wire({ namespaces: ns, interfaces: dev, addresses: at }: Topology): Promise<void> {
  for (const n of [ns.bRoute, ns.meter, ns.other]) await ip(['-n', n, 'link', 'set', 'lo', 'up']);
  await veth(dev.bRoute, ns.bRoute, dev.meterBRoute, ns.meter);
  await veth(dev.meterOther, ns.meter, dev.other, ns.other);
  await sysctl(ns.bRoute, ipv6Off(dev.bRoute));
  await sysctl(ns.meter, { ...ipv6Off(dev.meterBRoute), ...ipv6Off(dev.meterOther) });
  await sysctl(ns.other, {
    ...ipv6Off(dev.other),
    'net.ipv4.conf.all.rp_filter': '0',
    [`net.ipv4.conf.${dev.other}.rp_filter`]: '0',
  });
  const address = async (n: string, name: string, a: string) =>
    ip(['-n', n, 'address', 'add', `${a}/30`, 'dev', name]);
  await address(ns.bRoute, dev.bRoute, at.bRoute.client);
  await address(ns.meter, dev.meterBRoute, at.bRoute.meter);
  await address(ns.meter, dev.meterOther, at.other.meter);
  await address(ns.other, dev.other, at.other.host);
  for (const [n, name] of [
    [ns.bRoute, dev.bRoute],
    [ns.meter, dev.meterBRoute],
    [ns.meter, dev.meterOther],
    [ns.other, dev.other],
  ] as const)
    await ip(['-n', n, 'link', 'set', name, 'up']);
  await ip(['-n', ns.bRoute, 'route', 'add', at.other.subnet, 'via', at.bRoute.meter]);
}

/** A veth pair, each end created in its namespace. */
function veth(a: string, nsA: string, b: string, nsB: string): Promise<string> {
  return ip(['link', 'add', a, 'netns', nsA, 'type', 'veth', 'peer', 'name', b, 'netns', nsB]);
}

const ipv6Off = (name: string) => ({ [`net.ipv6.conf.${name}.disable_ipv6`]: '1' });

async function sysctl(ns: string, settings: Readonly<Record<string, string>>): Promise<void> {
  const pairs = Object.entries(settings).map(([k, v]) => `${k}=${v}`);
  await ip(['netns', 'exec', ns, SYSCTL!, '-q', '-w', ...pairs]);
}

/** At process exit (no awaiting there): what still runs in the namespaces is killed, then they go. */
function removeAtExit(namespaces: readonly string[]): void {
  for (const ns of namespaces) {
    const pids = spawnSync(IP, ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '';
    for (const pid of pids.split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    spawnSync(IP, ['netns', 'delete', ns]);
  }
}
