// What SEC-ROUTE-001 tries against a meter on real network namespaces (harness/netns/): the meter runs as
// its own process between a B-route segment and another network domain; a client on the B-route reads it
// (the B-route works), then sends datagrams addressed into the other domain through it (an ECHONET Lite
// request to the other host's port 3610, a plain UDP datagram, the same request to the domain's broadcast).
// The other domain listens on those ports and its interface's kernel counters are read before the meter
// starts and after the attack: what crossed is judged from packets, not from the meter's account of itself.
// Every ECHONET Lite frame sent or heard goes into the case's transcript. Teardown always runs.
import type { Clock } from '../clock/clock.ts';
import { WallClock } from '../clock/wall-clock.ts';
import { encodeFrame } from '../echonet/encode.ts';
import { HEMS_CONTROLLER, NODE_PROFILE } from '../echonet/eoj.ts';
import { ESV } from '../echonet/esv.ts';
import { propertyRequest } from '../echonet/frame.ts';
import { type LinkCounters, readCounters } from '../netns/link-counters.ts';
import { type MeterProcess, startMeterProcess } from '../netns/meter-process.ts';
import { createTopology, type Topology } from '../netns/topology.ts';
import { type PeerDatagram, UdpPeer } from '../netns/udp-peer.ts';
import type { Profile } from '../profile/profile.ts';
import { ECHONET_PORT, type Endpoint } from '../transport/transport.ts';
import type { Transcript } from './transcript.ts';

/** One datagram the B-route client sent, where to, and its transcript entry when it is ECHONET Lite. */
export interface RoutingAttempt {
  readonly what: string;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly bytes: Uint8Array;
  readonly seq?: number;
  /** The client's socket refused to send it (no route, …). */
  readonly sendError?: string;
}

/** A datagram heard in the other domain, with its transcript entry when it came to port 3610. */
export interface Arrival extends PeerDatagram {
  readonly seq?: number;
}

export interface RoutingEvidence {
  readonly topology: Pick<Topology, 'namespaces' | 'interfaces' | 'addresses' | 'leftoversRemoved'>;
  /** The meter namespace's kernel settings (ip_forward). */
  readonly meterSysctls: Readonly<Record<string, string>>;
  /** The B-route read: Get 0xD6 of the node profile, and the meter's reply if one came. */
  readonly read: RoutingAttempt & { readonly reply?: Arrival };
  readonly attempts: readonly RoutingAttempt[];
  /** Every datagram the other domain's listeners received, from anyone. */
  readonly arrived: readonly Arrival[];
  /** The other domain's interface (facing the meter), before the meter started and after the attack. */
  readonly other: { readonly before: LinkCounters; readonly after: LinkCounters };
  /** The meter's interface on the other domain, likewise. */
  readonly meterOther: { readonly before: LinkCounters; readonly after: LinkCounters };
  /** What the meter process printed: its banner, and at stop the frames it received and answered. */
  readonly meterOutput: readonly string[];
}

/** The port of the plain (not ECHONET Lite) datagram; the other domain listens there too. */
export const PLAIN_PORT = 40_000;
/** How long the B-route read may take (the meter is emulated: it answers in milliseconds). */
const READ_MS = 5_000;
/** After the last datagram, the wait for anything the meter forwards or relays to arrive. */
const SETTLE_MS = 300;

const wall = new WallClock();

/** Runs the attack, or says why this machine cannot build the namespaces. */
export async function tryRoutingOut(
  profile: Profile,
  transcript: Transcript,
  clock: Clock,
): Promise<RoutingEvidence | { readonly refused: string }> {
  const built = await createTopology();
  if ('refused' in built) return built;
  const topology = built.topology;
  const { namespaces: ns, interfaces: dev, addresses: at } = topology;
  const client: Endpoint = { address: at.bRoute.client, port: ECHONET_PORT };
  const meter: Endpoint = { address: at.bRoute.meter, port: ECHONET_PORT };
  const host = (port: number): Endpoint => ({ address: at.other.host, port });
  const running: { stop(): Promise<void> }[] = [];
  try {
    const before = await Promise.all([
      readCounters(ns.other, dev.other),
      readCounters(ns.meter, dev.meterOther),
    ]);
    const started = await Promise.allSettled([
      UdpPeer.start(ns.other, [host(ECHONET_PORT), host(PLAIN_PORT)]),
      UdpPeer.start(ns.bRoute, [client]),
      startMeterProcess(topology, profile, host(ECHONET_PORT)),
    ]);
    for (const s of started) if (s.status === 'fulfilled') running.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [listener, bRoute, meterProcess] = started.map(
      (s) => (s as PromiseFulfilledResult<unknown>).value,
    ) as [UdpPeer, UdpPeer, MeterProcess];
    const send = async (what: string, to: Endpoint, bytes: Uint8Array, echonet = true) => {
      const seq = echonet
        ? transcript.record({ direction: 'sent', at: clock.now(), from: client, to, multicast: false, bytes })
            .seq
        : undefined;
      const attempt: RoutingAttempt = { what, from: client, to, bytes, ...(seq ? { seq } : {}) };
      try {
        await bRoute.send(client, to, bytes);
        return attempt;
      } catch (error) {
        return { ...attempt, sendError: (error as Error).message };
      }
    };
    const sent = await send('the B-route read: Get 0xD6 of the node profile', meter, getD6(0x5ec0));
    const heard = await bRoute.waitFor((d) => d.from.address === meter.address, READ_MS);
    const reply = heard && record(transcript, clock, heard);
    const read = { ...sent, ...(reply ? { reply } : {}) };
    const attempts = [
      await send(`ECHONET Lite Get 0xD6 to the other domain's host`, host(ECHONET_PORT), getD6(0x5ec1)),
      await send(`a plain UDP datagram to the other domain's host`, host(PLAIN_PORT), PLAIN_BYTES, false),
      await send(
        `ECHONET Lite Get 0xD6 to the other domain's broadcast`,
        { address: broadcastOf(at.other.subnet), port: ECHONET_PORT },
        getD6(0x5ec2),
      ),
    ];
    await wall.sleep(SETTLE_MS);
    const after = await Promise.all([
      readCounters(ns.other, dev.other),
      readCounters(ns.meter, dev.meterOther),
    ]);
    for (const r of running.splice(0).reverse()) await r.stop();
    const arrived = listener.received.map((d) =>
      d.on.port === ECHONET_PORT ? record(transcript, clock, d) : d,
    );
    return {
      topology,
      meterSysctls: meterProcess.sysctls,
      read,
      attempts,
      arrived,
      other: { before: before[0], after: after[0] },
      meterOther: { before: before[1], after: after[1] },
      meterOutput: meterProcess.output,
    };
  } finally {
    for (const r of running.reverse()) await r.stop().catch(() => {});
    await topology.remove();
  }
}

/** A B-route client's Get of the node profile's instance list (0xD6): what any ECHONET Lite node answers. */
function getD6(tid: number): Uint8Array {
  return encodeFrame({
    format: 1,
    tid,
    seoj: HEMS_CONTROLLER,
    deoj: NODE_PROFILE,
    esv: ESV.Get,
    properties: [propertyRequest(0xd6)],
  });
}

const PLAIN_BYTES = new TextEncoder().encode('smcert SEC-ROUTE-001: not for the other domain');

function record(transcript: Transcript, clock: Clock, d: PeerDatagram): Arrival {
  const entry = transcript.record({
    direction: 'received',
    at: clock.now(),
    from: d.from,
    to: d.on,
    multicast: false,
    bytes: d.bytes,
  });
  return { ...d, seq: entry.seq };
}

/** The broadcast address of an IPv4 /30 (`a.b.c.d/30`). */
function broadcastOf(subnet: string): string {
  const [address] = subnet.split('/');
  const parts = address!.split('.').map(Number);
  parts[3] = parts[3]! | 3;
  return parts.join('.');
}
