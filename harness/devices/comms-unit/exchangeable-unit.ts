// A meter whose communication unit is exchanged while it runs (seed 論点①: only the communication part of
// the meter is exchangeable; the basic unit does Wi-SUN, another does Wi-SUN and Wi-Fi 2.4 GHz; 論点③:
// the high-voltage meter's Ethernet with an optional Wi-SUN unit). The profile's emulated meter runs once,
// on the clock, with its values, histories and selectors (E5, ED, EF, …) in itself; a unit only carries
// frames: its Wi-SUN side is an emulated SKSTACK IP module (skstack-module.ts) whose radio reaches the
// meter, its Wi-Fi (or Ethernet) side ECHONET Lite over UDP on loopback, IPv4 and IPv6. `remove()` takes
// the unit out (its module closed, its sockets shut: nothing reaches the meter), `fit()` puts a new one
// in, provisioned with the Route-B credentials given; the host joins through the new module as through any.
//
// The emulated module stands for the whole radio path (the host's dongle and the meter's Wi-SUN part), so
// a new unit is a new module with a MAC of its own. IPv6 loopback has one address (::1): the meter's Wi-Fi
// endpoint there takes a port of its own, and the unit answers each request to the address and port it
// came from. The unit-swap faults (unit-swap-faults.ts) act here: the records of the slots that fell due
// while the unit was out (the meter's UnitSwapRecords), the credentials a fitted unit takes, the Wi-Fi side.
import type { Clock } from '../../clock/clock.ts';
import { MINUTE } from '../../clock/durations.ts';
import { NODE_PROFILE } from '../../echonet/eoj.ts';
import { ESV } from '../../echonet/esv.ts';
import type { Profile } from '../../profile/profile.ts';
import { Listeners } from '../../transport/listeners.ts';
import { canonicalAddress } from '../../transport/same-address.ts';
import { type Datagram, ECHONET_PORT, type Endpoint, type Transport } from '../../transport/transport.ts';
import { openUdpTransport } from '../../transport/udp.ts';
import { type RunningDevice, startEmulatedDevice } from '../emulation/start-emulated-device.ts';
import type { UnitSwapRecords } from '../lv-meter/lv-meter-config.ts';
import type { DialectName } from './dialects.ts';
import { SkstackModule } from './skstack-module.ts';
import { DEFAULT_METER_RADIO, DEFAULT_MODULE_MAC } from './start-comms-unit.ts';

export type UnitMedium = 'wi-sun' | 'wi-fi' | 'ethernet';
export interface RouteB {
  readonly id: string;
  readonly password: string;
}

export interface UnitSpec {
  readonly media: readonly UnitMedium[];
  /** The Route-B credentials the unit is provisioned with (PANA on its Wi-SUN side). */
  readonly routeB: RouteB;
}

export interface FittedUnit {
  readonly media: readonly UnitMedium[];
  /** Its Wi-SUN side (a unit with Wi-SUN): attach a host to it (memory-attach.ts) and join. */
  readonly module?: SkstackModule;
  /** Its IP side (Wi-Fi or Ethernet): where the meter takes ECHONET Lite over UDP. */
  readonly ip?: { readonly v4: Endpoint; readonly v6: Endpoint };
  readonly fittedAt: number;
}

export interface ExchangeableMeterOptions {
  /** An emulated meter profile with its Route-B credentials. */
  readonly profile: Profile;
  readonly clock: Clock;
  readonly dialect: DialectName;
  /** The module's fault switches and the unit-swap ones (unit-swap-faults.ts). */
  readonly faults?: Iterable<string>;
  /** The meter's IPv4 address on loopback for the IP side of a unit (port 3610). */
  readonly ipv4: string;
  /** The port of the IPv4 group (224.0.23.0) the IP side notifies to: the run's own, never 3610. */
  readonly groupPort: number;
  /** The unit fitted at the start. */
  readonly first: UnitSpec;
}

export interface ExchangeableMeter {
  readonly meter: RunningDevice;
  /** The unit fitted now, if any. */
  readonly unit: FittedUnit | undefined;
  /** Takes the fitted unit out at the clock's now: nothing reaches the meter until the next is fitted. */
  remove(): Promise<void>;
  /** Fits a new unit at the clock's now. */
  fit(spec: UnitSpec): Promise<FittedUnit>;
  stop(): Promise<void>;
}

/** The meter's side of its unit slot: whatever unit is fitted carries its frames (a Transport). */
class UnitPort implements Transport {
  readonly local: Endpoint = { address: '::', port: ECHONET_PORT };
  private readonly listeners = new Listeners<Datagram>();
  private members: { transport: Transport; heard: Map<string, Endpoint>; stop: () => void }[] = [];

  /** `carries` false: the medium takes the requests in but never hands them to the meter. */
  attach(transport: Transport, carries = true): void {
    const heard = new Map<string, Endpoint>();
    const stop = carries
      ? transport.onReceive((d) => {
          heard.set(canonicalAddress(d.from.address), d.from);
          this.listeners.emit(d);
        })
      : () => {};
    this.members.push({ transport, heard, stop });
  }

  detachAll(): Transport[] {
    const gone = this.members.map((m) => {
      m.stop();
      return m.transport;
    });
    this.members = [];
    return gone;
  }

  send(bytes: Uint8Array, to: Endpoint): Promise<void> {
    // a reply goes back on the medium the request came on, to its address and port
    const key = canonicalAddress(to.address);
    const member = this.members.find((m) => m.heard.has(key));
    if (!member) return Promise.resolve(); // no unit, or a peer no medium knows: nothing goes out
    return member.transport.send(bytes, member.heard.get(key)!);
  }

  async sendMulticast(bytes: Uint8Array): Promise<void> {
    // each medium its own group (IPv6 multicast cannot leave loopback: udp.ts); one failing stops no other
    await Promise.allSettled(this.members.map((m) => m.transport.sendMulticast(bytes)));
  }

  onReceive(listener: (datagram: Datagram) => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.all(this.detachAll().map((t) => t.close()));
  }
}

/** When a unit was out: from its removal to the next fit (open while none is fitted). */
interface Absence {
  readonly from: number;
  to?: number;
}

/** The meter's records across the swaps, as the unit-swap faults make them (UnitSwapRecords). */
function swapRecords(absences: readonly Absence[], faults: ReadonlySet<string>): UnitSwapRecords {
  return {
    heldFor(at) {
      const out = absences.find((a) => at >= a.from && at < (a.to ?? Number.POSITIVE_INFINITY));
      if (!out) return at;
      if (faults.has('cu-swap-value-lost')) return undefined;
      // the last minute's reading before the unit came out, recorded again for each value due meanwhile
      if (faults.has('cu-swap-value-duplicated')) return Math.floor((out.from - 1) / MINUTE) * MINUTE;
      return at;
    },
  };
}

/** A unit's meter-side MAC: each unit has its own (the default one's last byte plus the unit's number). */
function unitMac(n: number): string {
  const base = DEFAULT_METER_RADIO.mac;
  const last = (Number.parseInt(base.slice(-2), 16) + n) & 0xff;
  return base.slice(0, -2) + last.toString(16).toUpperCase().padStart(2, '0');
}

export async function startExchangeableMeter(options: ExchangeableMeterOptions): Promise<ExchangeableMeter> {
  const { profile, clock, dialect, ipv4, groupPort } = options;
  if (profile.target.type !== 'emulated') throw new Error('only an emulated meter has its unit exchanged');
  const faults = new Set(options.faults);
  const absences: Absence[] = [];
  const port = new UnitPort();
  let unit: FittedUnit | undefined;
  let closeUnit: (() => void) | undefined;
  let provisioned: RouteB | undefined;
  let fitted = 0;
  let device: RunningDevice | undefined;

  const fit = async (spec: UnitSpec): Promise<FittedUnit> => {
    if (unit) throw new Error('a unit is fitted: remove it before fitting another');
    const previous = provisioned;
    // the faults: the new unit keeps its predecessor's credentials, or takes them beside its own
    const routeB = previous && faults.has('cu-swap-credentials-kept') ? previous : spec.routeB;
    const alsoAccepts =
      previous && faults.has('cu-swap-old-credentials-accepted') && previous.password !== routeB.password
        ? [previous]
        : [];
    provisioned = routeB;
    const parts: { module?: SkstackModule; ip?: FittedUnit['ip'] } = {};
    const sockets: Transport[] = [];
    if (spec.media.includes('wi-sun')) {
      const module = new SkstackModule({
        mac: DEFAULT_MODULE_MAC,
        clock,
        dialect,
        faults,
        meter: { ...DEFAULT_METER_RADIO, mac: unitMac(fitted), routeB, alsoAccepts },
      });
      port.attach(module.radio.meter);
      // once a PANA session is up the meter announces its instance list (start-comms-unit.ts)
      module.onSessionEstablished(() => {
        if (!device) return;
        const d5 = device.node.nodeProfile.read(0xd5) as Uint8Array;
        device.node.notify(NODE_PROFILE, NODE_PROFILE, ESV.INF, [{ epc: 0xd5, edt: d5 }]).catch(() => {});
      });
      parts.module = module;
    }
    if (spec.media.includes('wi-fi') || spec.media.includes('ethernet')) {
      const v4 = await openUdpTransport({
        family: 4,
        address: ipv4,
        port: ECHONET_PORT,
        multicast: { port: groupPort, interface: '127.0.0.1', receive: false },
      });
      const v6 = await openUdpTransport({ family: 6, address: '::1', port: 0 });
      const carries = !faults.has('cu-swap-wifi-silent');
      for (const t of [v4, v6]) {
        port.attach(t, carries);
        sockets.push(t);
      }
      parts.ip = { v4: v4.local, v6: v6.local };
    }
    fitted++;
    const now = clock.now();
    const open = absences.at(-1);
    if (open && open.to === undefined) open.to = now;
    unit = { media: [...spec.media], ...parts, fittedAt: now };
    closeUnit = () => {
      parts.module?.close();
      for (const t of sockets) t.close().catch(() => {});
    };
    return unit;
  };

  const remove = async (): Promise<void> => {
    if (!unit) return;
    absences.push({ from: clock.now() });
    const gone = port.detachAll();
    closeUnit?.();
    // the radio's meter side too: nothing the meter sends goes anywhere now
    await Promise.all(gone.map((t) => t.close().catch(() => {})));
    unit = undefined;
    closeUnit = undefined;
  };

  await fit(options.first);
  device = await startEmulatedDevice(profile, clock, {
    transport: port,
    unitSwaps: swapRecords(absences, faults),
  });
  const running = device;
  return {
    meter: running,
    get unit() {
      return unit;
    },
    remove,
    fit,
    async stop() {
      await remove();
      await running.stop();
    },
  };
}
