// An in-memory network for unit tests: transports attached to one network reach each other as over UDP,
// without sockets. A unicast goes to the endpoint attached at that address and port (or nowhere, silently,
// as UDP); a multicast goes to every other member of the sender's family (224.0.23.0 or ff02::1, port
// 3610), never back to the sender, as with the UDP transport. Every send is logged in `sent`.
//
// Delivery is asynchronous, never inside send(), in send order, through queueMicrotask rather than
// setImmediate: the VirtualClock's settle() is one setImmediate turn in which every promise continuation
// queued so far runs, so `await clock.advance(ms)` sees every frame sent and answered in that window, and
// real timers stay in harness/clock. The cost: two endpoints answering each other without a timer in
// between would starve the event loop; emulated devices answer through their clock, so they do not.
import { isIPv6 } from 'node:net';
import { Listeners } from './listeners.ts';
import {
  type Datagram,
  ECHONET_PORT,
  type Endpoint,
  MULTICAST_V4,
  MULTICAST_V6,
  type Transport,
} from './transport.ts';

export interface SentDatagram {
  readonly from: Endpoint;
  /** The endpoint sent to; for multicast, the group (224.0.23.0 or ff02::1, port 3610). */
  readonly to: Endpoint;
  /** A copy taken at send time. */
  readonly bytes: Uint8Array;
  readonly multicast: boolean;
}

export interface LoopbackNetwork {
  /** Attaches a transport at `endpoint`; throws when one is attached there already (as EADDRINUSE). */
  attach(endpoint: Endpoint): Transport;
  /** Every datagram sent on this network, in send order, delivered or not. */
  readonly sent: readonly SentDatagram[];
}

export function createLoopbackNetwork(): LoopbackNetwork {
  const members = new Map<string, LoopbackTransport>();
  const sent: SentDatagram[] = [];

  const deliver = (to: LoopbackTransport, datagram: Datagram): void => {
    queueMicrotask(() => {
      // A transport closed (or replaced) meanwhile gets nothing, as a closed socket.
      if (members.get(keyOf(to.local)) === to) to.receive(datagram);
    });
  };

  const network: Network = {
    send(from, bytes, to) {
      const copy = bytes.slice();
      sent.push({
        from: from.local,
        to: { address: to.address, port: to.port },
        bytes: copy,
        multicast: false,
      });
      const member = members.get(keyOf(to));
      if (member) deliver(member, { bytes: copy, from: from.local, multicast: false });
    },
    sendMulticast(from, bytes) {
      const copy = bytes.slice();
      const family = familyOf(from.local);
      const group = { address: family === 6 ? MULTICAST_V6 : MULTICAST_V4, port: ECHONET_PORT };
      sent.push({ from: from.local, to: group, bytes: copy, multicast: true });
      for (const member of members.values()) {
        if (member === from || familyOf(member.local) !== family) continue;
        deliver(member, { bytes: copy, from: from.local, multicast: true });
      }
    },
    detach(transport) {
      if (members.get(keyOf(transport.local)) === transport) members.delete(keyOf(transport.local));
    },
  };

  return {
    sent,
    attach(endpoint) {
      const key = keyOf(endpoint);
      if (members.has(key)) {
        throw new Error(
          `${endpoint.address} port ${endpoint.port} is already attached to this loopback network: ` +
            'close the other transport or choose another address or port',
        );
      }
      const transport = new LoopbackTransport({ address: endpoint.address, port: endpoint.port }, network);
      members.set(key, transport);
      return transport;
    },
  };
}

interface Network {
  send(from: LoopbackTransport, bytes: Uint8Array, to: Endpoint): void;
  sendMulticast(from: LoopbackTransport, bytes: Uint8Array): void;
  detach(transport: LoopbackTransport): void;
}

const keyOf = (endpoint: Endpoint): string => `${endpoint.address}|${endpoint.port}`;
const familyOf = (endpoint: Endpoint): 4 | 6 => (isIPv6(endpoint.address) ? 6 : 4);

class LoopbackTransport implements Transport {
  private readonly listeners = new Listeners<Datagram>();
  private closed = false;

  constructor(
    readonly local: Endpoint,
    private readonly network: Network,
  ) {}

  send(bytes: Uint8Array, to: Endpoint): Promise<void> {
    if (this.closed) return this.rejectClosed();
    this.network.send(this, bytes, to);
    return Promise.resolve();
  }

  sendMulticast(bytes: Uint8Array): Promise<void> {
    if (this.closed) return this.rejectClosed();
    this.network.sendMulticast(this, bytes);
    return Promise.resolve();
  }

  onReceive(listener: (datagram: Datagram) => void): () => void {
    return this.listeners.add(listener);
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.network.detach(this);
      this.listeners.clear();
    }
    return Promise.resolve();
  }

  receive(datagram: Datagram): void {
    this.listeners.emit(datagram);
  }

  private rejectClosed(): Promise<void> {
    return Promise.reject(
      new Error(
        `cannot send: the loopback transport at ${this.local.address} port ${this.local.port} is closed`,
      ),
    );
  }
}
