// The radio side of the emulated module: one B-route link to one meter. The meter gets a Transport whose
// local endpoint is its link-local IPv6 address, port 3610; what the host sends with SKSENDTO to that
// address reaches the meter's onReceive (from the module's own link-local address), and what the meter
// sends to the module's address, or by multicast, is handed to the module, which writes it as ERXUDP.
// Nothing crosses while the link is down (no PANA session: the meter takes no unsecured traffic and
// its own frames have no key to go out with). Every crossing waits `latencyMs` on the clock.
import type { Clock } from '../../clock/clock.ts';
import { Listeners } from '../../transport/listeners.ts';
import {
  type Datagram,
  ECHONET_PORT,
  type Endpoint,
  MULTICAST_V6,
  type Transport,
} from '../../transport/transport.ts';
import { sameIpv6 } from './ipv6-text.ts';

export interface RadioLinkOptions {
  readonly clock: Clock;
  /** The meter's link-local address (any IPv6 spelling). */
  readonly meterAddress: string;
  /** The module's own link-local address. */
  readonly moduleAddress: string;
  /** Air time of one crossing, either way (default 0: next clock turn). [M] */
  readonly latencyMs?: number;
}

/** A datagram the meter sent towards the host. */
export interface MeterDatagram {
  readonly bytes: Uint8Array;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly multicast: boolean;
}

export interface RadioLink {
  /** The meter's transport: give it to startEmulatedDevice. */
  readonly meter: Transport;
  /** Up while a PANA session holds (set by the module). */
  up: boolean;
  /** Datagrams that did not cross: link down, or addressed elsewhere. */
  readonly dropped: number;
  /** Module side: a datagram the host sent with SKSENDTO. */
  toMeter(bytes: Uint8Array, fromPort: number, to: Endpoint): void;
  /** Module side: what the meter sends. */
  onFromMeter(listener: (datagram: MeterDatagram) => void): () => void;
}

export function createRadioLink(options: RadioLinkOptions): RadioLink {
  const { clock, meterAddress, moduleAddress, latencyMs = 0 } = options;
  const toMeter = new Listeners<Datagram>();
  const fromMeter = new Listeners<MeterDatagram>();
  let closed = false;
  let dropped = 0;
  const local: Endpoint = { address: meterAddress, port: ECHONET_PORT };

  const meterSend = (bytes: Uint8Array, to: Endpoint, multicast: boolean): Promise<void> => {
    if (closed) {
      return Promise.reject(
        new Error(`cannot send: the meter's radio transport at ${meterAddress} is closed`),
      );
    }
    if (!link.up || (!multicast && !sameIpv6(to.address, moduleAddress))) {
      dropped++;
      return Promise.resolve();
    }
    const datagram = { bytes: bytes.slice(), from: local, to, multicast };
    clock.setTimer(latencyMs, () => fromMeter.emit(datagram));
    return Promise.resolve();
  };

  const meter: Transport = {
    local,
    send: (bytes, to) => meterSend(bytes, to, false),
    sendMulticast: (bytes) => meterSend(bytes, { address: MULTICAST_V6, port: ECHONET_PORT }, true),
    onReceive: (listener) => toMeter.add(listener),
    close() {
      closed = true;
      toMeter.clear();
      return Promise.resolve();
    },
  };

  const link: RadioLink = {
    meter,
    up: false,
    get dropped() {
      return dropped;
    },
    toMeter(bytes, fromPort, to) {
      const multicast = sameIpv6(to.address, MULTICAST_V6);
      if (
        closed ||
        !link.up ||
        to.port !== local.port ||
        !(multicast || sameIpv6(to.address, meterAddress))
      ) {
        dropped++;
        return;
      }
      const datagram: Datagram = {
        bytes: bytes.slice(),
        from: { address: moduleAddress, port: fromPort },
        multicast,
      };
      clock.setTimer(latencyMs, () => {
        if (link.up) toMeter.emit(datagram);
        else dropped++;
      });
    },
    onFromMeter: (listener) => fromMeter.add(listener),
  };
  return link;
}
