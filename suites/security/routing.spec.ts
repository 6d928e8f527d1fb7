// No IP routing from the B-route to another network domain (B-route guideline, network configuration:
// A-route and B-route separated), tested on real hosts: the meter runs as its own process in a network
// namespace with one interface on a B-route segment and one on another domain (harness/netns/); a client
// on the B-route reads it, then sends datagrams addressed into the other domain through it. Nothing may
// arrive there, from the B-route or from the meter: judged by the other domain's listeners and its
// interface's kernel counters (harness/conformance/routing-attack.ts). The attack list is in the record.

import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { conformance, observe } from '../../harness/conformance/conformance.ts';
import {
  type Arrival,
  type RoutingEvidence,
  tryRoutingOut,
} from '../../harness/conformance/routing-attack.ts';
import { arrivals, attackList, counters, where } from '../../harness/conformance/routing-evidence.ts';
import { fail, inconclusive } from '../../harness/conformance/verdict.ts';
import { decodeStrict } from '../../harness/echonet/decode-strict.ts';
import { type Eoj, eoj, eojHex, NODE_PROFILE, sameEoj } from '../../harness/echonet/eoj.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { toHex } from '../../harness/echonet/hex.ts';
import { meterInNamespace } from './routing-applies.ts';

conformance(
  {
    id: 'SEC-ROUTE-001',
    title:
      'no IP routing out of the B-route: nothing sent on it reaches another network domain through the meter, and the meter sends nothing there',
    specRef: 'BRG-LV/NO-ROUTING',
    severity: 'critical',
    catches: ['b-route-ip-forwarding', 'b-route-frame-relayed'],
    realTimeMs: FEW_REQUESTS_MS,
    applies: meterInNamespace,
  },
  async ({ profile, transcript, clock }) => {
    const tried = await tryRoutingOut(profile, transcript, clock);
    if ('refused' in tried)
      inconclusive(
        `the case builds network namespaces (a B-route segment, the meter, another domain) and could not: ${tried.refused}`,
      );
    for (const line of attackList(tried)) observe(line);
    expectBRouteWorks(tried, eoj(profile.classes[0]!.eoj));
    const { client, meter } = tried.topology.addresses.bRoute;
    const meterAddresses = [meter, tried.topology.addresses.other.meter];
    const forwarded = tried.arrived.filter((d) => d.from.address === client);
    const fromMeter = tried.arrived.filter((d) => meterAddresses.includes(d.from.address));
    const into = `${tried.topology.addresses.other.host} (the other domain)`;
    if (forwarded.length > 0)
      fail(
        'no IP routing from the B-route to another network domain: the meter forwards no packet between its interfaces',
        `nothing sent from the B-route (${client}) to reach ${into}`,
        `${forwarded.length} datagram(s) from the B-route forwarded there: ${arrivals(forwarded)}; ${counters(tried)}`,
        seqs(forwarded),
      );
    if (fromMeter.length > 0)
      fail(
        'the meter sends nothing from the B-route into another network domain',
        `no datagram from the meter (${meterAddresses.join(', ')}) at ${into}`,
        `${fromMeter.length} datagram(s) from the meter: ${arrivals(fromMeter)}; ${counters(tried)}`,
        seqs(fromMeter),
      );
    const { before, after } = tried.other;
    if (after.rxPackets !== before.rxPackets || tried.arrived.length > 0)
      fail(
        'no packet enters another network domain through the meter',
        `the other domain's interface ${tried.topology.interfaces.other} to receive nothing (RX packets ${before.rxPackets} before the meter started)`,
        `${counters(tried)}; datagrams at its listeners: ${arrivals(tried.arrived) || 'none'}`,
        seqs(tried.arrived),
      );
  },
);

/** The B-route read proves the segment works: Get_Res of 0xD6 from the node profile, listing the meter. */
function expectBRouteWorks(tried: RoutingEvidence, meterEoj: Eoj): void {
  const { read } = tried;
  const to = `${where(read.to)} (Get 0xD6 of 0EF001, #${read.seq})`;
  if (!read.reply)
    inconclusive(
      `the B-route read ${to} got no reply within 5 s${read.sendError ? ` (${read.sendError})` : ''}: with the B-route itself not working, what crosses the meter cannot be judged`,
      read.seq ? [read.seq] : [],
    );
  const reply = read.reply;
  const decoded = decodeStrict(reply.bytes);
  const ok =
    decoded.ok &&
    decoded.frame.format === 1 &&
    decoded.frame.tid === readTid(read.bytes) &&
    decoded.frame.esv === ESV.Get_Res &&
    sameEoj(decoded.frame.seoj, NODE_PROFILE) &&
    'properties' in decoded.frame &&
    decoded.frame.properties.some((p) => p.epc === 0xd6 && listsEoj(p.edt, meterEoj));
  if (!ok)
    inconclusive(
      `the B-route read ${to} was answered, but not by Get_Res of 0xD6 listing ${eojHex(meterEoj)}: ${toHex(reply.bytes)} (#${reply.seq}); with the B-route not shown working, what crosses the meter cannot be judged`,
      [read.seq ?? 0, reply.seq ?? 0].filter(Boolean),
    );
}

const seqs = (list: readonly Arrival[]) => list.flatMap((d) => (d.seq ? [d.seq] : []));

const readTid = (frame: Uint8Array) => (frame[2]! << 8) | frame[3]!;

/** D6 (instance list S): a count, then that many EOJs. */
function listsEoj(edt: Uint8Array, wanted: Eoj): boolean {
  for (let i = 1; i + 3 <= edt.length; i += 3)
    if (sameEoj({ classGroup: edt[i]!, classCode: edt[i + 1]!, instance: edt[i + 2]! }, wanted)) return true;
  return false;
}
