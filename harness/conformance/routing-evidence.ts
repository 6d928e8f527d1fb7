// SEC-ROUTE-001's evidence in words, for the record and the certificate: the topology, the B-route read,
// each datagram tried (from, to, bytes) and what of it arrived in the other domain, the kernel's counters
// of the other domain's interface and what the meter process said it received.
import { toHex } from '../echonet/hex.ts';
import type { Endpoint } from '../transport/transport.ts';
import type { Arrival, RoutingAttempt, RoutingEvidence } from './routing-attack.ts';

/** The certificate's attack list: the topology, the B-route read, each datagram sent and what arrived. */
export function attackList(tried: RoutingEvidence): string[] {
  const { namespaces: ns, addresses: at, leftoversRemoved } = tried.topology;
  const sysctls = Object.entries(tried.meterSysctls)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const sentTo = (a: RoutingAttempt) => {
    const came = tried.arrived.filter((d) => toHex(d.bytes) === toHex(a.bytes));
    const outcome = a.sendError
      ? `not sent: ${a.sendError}`
      : came.length
        ? `arrived in the other domain: ${arrivals(came)}`
        : 'nothing of it arrived in the other domain';
    return `${a === tried.read ? 'read' : 'tried'}: ${a.what}: ${where(a.from)} → ${where(a.to)} ${toHex(a.bytes)}${a.seq ? ` (#${a.seq})` : ''}; ${outcome}`;
  };
  return [
    `topology: B-route namespace ${ns.bRoute} (client ${at.bRoute.client}, ${at.bRoute.subnet}, route to ${at.other.subnet} via the meter's ${at.bRoute.meter}) — meter namespace ${ns.meter} (B-route ${at.bRoute.meter}, other domain ${at.other.meter}; ${sysctls}) — other-domain namespace ${ns.other} (host ${at.other.host}, ${at.other.subnet}); IPv6 off on every veth`,
    ...(leftoversRemoved.length
      ? [`removed first, left by killed runs: ${leftoversRemoved.join(', ')}`]
      : []),
    `${sentTo(tried.read)}; ${tried.read.reply ? `reply ${toHex(tried.read.reply.bytes)} (#${tried.read.reply.seq})` : 'no reply'}`,
    ...tried.attempts.map(sentTo),
    `received in the other domain (${tried.arrived.length}): ${arrivals(tried.arrived) || 'nothing'}`,
    counters(tried),
    `meter process: ${tried.meterOutput.join(' / ')}`,
  ];
}

export function counters(tried: RoutingEvidence): string {
  const { other, meterOther, topology } = tried;
  return `${topology.interfaces.other} (other domain) RX packets ${other.before.rxPackets} → ${other.after.rxPackets}, bytes ${other.before.rxBytes} → ${other.after.rxBytes}; ${topology.interfaces.meterOther} (the meter's other interface) TX packets ${meterOther.before.txPackets} → ${meterOther.after.txPackets}`;
}

export function arrivals(list: readonly Arrival[]): string {
  return list
    .map((d) => `${where(d.from)} → ${where(d.on)} ${toHex(d.bytes)}${d.seq ? ` (#${d.seq})` : ''}`)
    .join(', ');
}

export const where = (e: Endpoint) => `${e.address}:${e.port}`;
