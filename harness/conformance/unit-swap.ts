// The host's side of a meter whose communication unit is exchanged during a case (harness/devices/
// comms-unit/exchangeable-unit.ts): a dut client per medium of the fitted unit — Wi-SUN through its
// emulated module (the harness's SKSTACK IP transport on an in-memory stream, joined with given Route-B
// credentials), Wi-Fi as ECHONET Lite over UDP on loopback, IPv4 and IPv6 — every wait driving the clock.
// Emulated targets only: a case on a real meter is NA before it gets here.
import type { Clock } from '../clock/clock.ts';
import { TIMED_OUT, type WaitOptions, waitWithin } from '../clock/wait.ts';
import type { FittedUnit, RouteB } from '../devices/comms-unit/exchangeable-unit.ts';
import { attachInMemory } from '../devices/comms-unit/memory-attach.ts';
import { eoj } from '../echonet/eoj.ts';
import type { Profile } from '../profile/profile.ts';
import { PanaAuthError, SkstackCommandError } from '../transport/skstack/errors.ts';
import { openSkstackTransport, type SkstackTransport } from '../transport/skstack/skstack-transport.ts';
import type { Endpoint, Transport } from '../transport/transport.ts';
import { openUdpTransport } from '../transport/udp.ts';
import { DutClient } from './dut-client.ts';
import { LinkFailure } from './link-failure.ts';
import type { Transcript } from './transcript.ts';

/** The in-memory link delivers in microtasks: 1 real ms between virtual timer steps is enough. */
const MEMORY_WAIT: WaitOptions = { idleMs: 1 };
/** Backstops on the clock: the transport's own join limit is 60 s, a send's 10 s. */
const JOIN_LIMIT_MS = 120_000;
const SEND_LIMIT_MS = 30_000;

/** Waits for `promise` with the clock driven (one real turn first: the module reads what was written). */
async function driven<T>(clock: Clock, promise: Promise<T>, limitMs: number): Promise<T | typeof TIMED_OUT> {
  await new Promise((resolve) => setImmediate(resolve));
  return waitWithin(clock, promise, limitMs, MEMORY_WAIT);
}

/**
 * The credentials provisioned for the n-th unit fitted (n = 0: the one the meter came with): the meter's
 * Route-B ID with a new password, or the same credentials where the profile declares the former ones
 * stay valid (commsUnit.formerRouteB "accepted").
 */
export function provisioned(routeB: RouteB, n: number, former: 'refused' | 'accepted'): RouteB {
  if (former === 'accepted' || n === 0) return routeB;
  const p = routeB.password;
  return { id: routeB.id, password: p.slice(n) + p.slice(0, n) };
}

export interface WisunLink {
  readonly dut: DutClient;
  /** SKTERM, the credentials, SKJOIN again: true on EVENT 25, the error on EVENT 24 or a refused setting. */
  rejoin(routeB: RouteB): Promise<true | Error>;
  close(): Promise<void>;
}

function clientOptions(profile: Profile, clock: Clock, transcript: Transcript) {
  return {
    clock,
    transcript,
    deviceEoj: eoj(profile.classes[0]!.eoj),
    timer1Ms: profile.timers.timer1Ms,
    timer2Ms: profile.timers.timer2Ms,
    strict: profile.decoder ?? {},
  };
}

/**
 * Joins the meter through the fitted unit's module with `routeB` (a scan, SKLL64, SKJOIN: §4.4). The
 * error when the unit refuses the credentials (EVENT 24) or the join does not complete.
 */
export async function joinThroughUnit(
  unit: FittedUnit,
  profile: Profile,
  clock: Clock,
  transcript: Transcript,
  routeB: RouteB,
): Promise<WisunLink | Error> {
  if (!unit.module) throw new Error('the unit fitted has no Wi-SUN side');
  if (profile.transport.type !== 'skstack') throw new Error('profile /transport/type: not "skstack"');
  const settings = profile.transport;
  let transport: SkstackTransport;
  try {
    const opening = openSkstackTransport({
      dialect: settings.dialect,
      routeB,
      clock,
      security: settings.security,
      ...(settings.hexPayload === undefined ? {} : { hexPayload: settings.hexPayload }),
      stream: attachInMemory(unit.module),
    });
    const joined = await driven(clock, opening, JOIN_LIMIT_MS);
    if (joined === TIMED_OUT) return new Error(`the join did not complete within ${JOIN_LIMIT_MS / 1000} s`);
    transport = joined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const within = async (sending: Promise<void>, what: string) => {
    const outcome = await driven(clock, sending, SEND_LIMIT_MS).catch((error: unknown) => {
      throw new LinkFailure(what, error);
    });
    if (outcome === TIMED_OUT)
      throw new LinkFailure(what, `the module did not confirm the send within ${SEND_LIMIT_MS / 1000} s`);
  };
  const sending: Transport = {
    local: transport.local,
    send: (bytes, to) => within(transport.send(bytes, to), `SKSENDTO to ${to.address}`),
    sendMulticast: (bytes) => within(transport.sendMulticast(bytes), 'SKSENDTO to FF02::1'),
    onReceive: (listener) => transport.onReceive(listener),
    close: async () => {
      await driven(clock, transport.close(), SEND_LIMIT_MS);
    },
  };
  const dut = new DutClient({
    ...clientOptions(profile, clock, transcript),
    transport: sending,
    device: transport.meter,
    wait: MEMORY_WAIT,
  });
  return {
    dut,
    async rejoin(credentials) {
      try {
        const done = await driven(clock, transport.module.rejoinWith(credentials), JOIN_LIMIT_MS);
        return done === TIMED_OUT ? new Error('SKJOIN: no EVENT 24 or 25 in time') : true;
      } catch (error) {
        if (error instanceof PanaAuthError || error instanceof SkstackCommandError) return error;
        throw error;
      }
    },
    async close() {
      dut.close();
      await sending.close();
    },
  };
}

export interface IpClient {
  readonly family: 4 | 6;
  readonly dut: DutClient;
  close(): Promise<void>;
}

/**
 * A dut client to the fitted unit's IP side (Wi-Fi or Ethernet), over IPv4 from `harnessV4` (port 3610)
 * or over IPv6 from ::1 (a port of its own: loopback has one IPv6 address).
 */
export async function openIpClient(
  unit: FittedUnit,
  family: 4 | 6,
  harnessV4: string,
  profile: Profile,
  clock: Clock,
  transcript: Transcript,
): Promise<IpClient> {
  if (!unit.ip) throw new Error('the unit fitted has no IP side (Wi-Fi or Ethernet)');
  const transport =
    family === 4
      ? await openUdpTransport({ family, address: harnessV4, port: 3610 })
      : await openUdpTransport({ family, address: '::1', port: 0 });
  const device: Endpoint = family === 4 ? unit.ip.v4 : unit.ip.v6;
  const dut = new DutClient({ ...clientOptions(profile, clock, transcript), transport, device });
  return {
    family,
    dut,
    async close() {
      dut.close();
      await transport.close();
    },
  };
}
