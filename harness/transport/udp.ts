// The UDP transport on node:dgram, IPv4 or IPv6. ECHONET Lite 1.14 part 2 §1.2 (via the B-route
// guideline): a node takes unicast and multicast on UDP 3610; the groups are 224.0.23.0 and ff02::1.
//
// Two sockets per transport, so that many emulated devices can share one machine:
// - the unicast socket is bound to the node's own address and port (127.0.0.2:3610) without SO_REUSEADDR,
//   so a unicast reaches that node only and a second program on the same address and port gets EADDRINUSE.
//   It also sends, unicast and multicast, so every datagram comes from the node's own address and port.
// - the group socket (multicast.receive) is bound to the group address itself (224.0.23.0:3610, or
//   ff02::1%lo:3610) with SO_REUSEADDR and joins the group on the multicast interface. Linux hands a group
//   datagram to every socket bound so, and never a unicast; the socket that received a datagram sets
//   Datagram.multicast. (Windows cannot bind a group address; this transport targets Linux and macOS.)
// A transport does not hear its own multicasts (like the loopback network); ECHONET nodes ignore them.
//
// Linux, found on kernel 6.18: IPv4 multicast over lo needs nothing on the system (not even the MULTICAST
// flag on lo), only IP_MULTICAST_IF = 127.0.0.1 on the sender. IPv6 multicast over lo cannot work, even
// as root: the kernel turns every route through lo other than ::1 into a reject route (net/ipv6/route.c,
// fib6_is_reject), so sendMulticast rejects with ENETUNREACH there.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { Listeners } from './listeners.ts';
import { type MulticastInterface, resolveMulticastInterface } from './multicast-interface.ts';
import {
  type Datagram,
  ECHONET_PORT,
  type Endpoint,
  MULTICAST_V4,
  MULTICAST_V6,
  type Transport,
} from './transport.ts';
import { bindError, groupBindError, joinError, multicastInterfaceError, sendError } from './udp-errors.ts';
import { boundHere, sendingTo } from './udp-in-flight.ts';

export interface UdpMulticastOptions {
  /** The group; default 224.0.23.0 (IPv4) or ff02::1 (IPv6). */
  readonly group?: string;
  /** The group's port; default 3610. Tests give each file its own, as the group is machine-wide. */
  readonly port?: number;
  /**
   * The interface multicast goes out of and is joined on; default loopback. IPv4: an address of the
   * interface ('127.0.0.1') or its name. IPv6: '::%name', a name ('lo') or an address ('::1').
   */
  readonly interface?: string;
  /** Opens the group socket: true for devices; a controller that only sends may leave it off. */
  readonly receive: boolean;
}

export interface UdpTransportOptions {
  readonly family: 4 | 6;
  /** Where unicast is received, a specific address (127.0.0.2, ::1), never the wildcard. */
  readonly address: string;
  /** Default 3610 (ECHONET_PORT); 0 picks a free port, read it back from `local`. */
  readonly port?: number;
  /** Group, port and interface; without it, multicast is sent with the defaults and not received. */
  readonly multicast?: UdpMulticastOptions;
  /**
   * SO_REUSEADDR on the unicast socket, so that a controller on the same machine can still bind the
   * wildcard (0.0.0.0:3610), as ECHONET Lite stacks do. The price: a second socket on the very same
   * address and port is no longer refused with EADDRINUSE.
   */
  readonly shareAddress?: boolean;
}

export interface UdpTransport extends Transport {
  readonly family: 4 | 6;
  /** Where sendMulticast sends (and, with multicast.receive, where group datagrams are received). */
  readonly group: Endpoint;
  /**
   * Socket errors after opening (they never crash the process). Without a listener they are emitted
   * as process warnings. Returns a function that removes the listener.
   */
  onError(listener: (error: Error) => void): () => void;
}

/** Binds the sockets; rejects with a message naming the address, the port and a fix. */
export async function openUdpTransport(options: UdpTransportOptions): Promise<UdpTransport> {
  const { family, address } = options;
  const port = options.port ?? ECHONET_PORT;
  const groupAddress = options.multicast?.group ?? (family === 4 ? MULTICAST_V4 : MULTICAST_V6);
  const groupPort = options.multicast?.port ?? ECHONET_PORT;
  checkOptions(family, address, port, groupAddress, groupPort);
  const via = resolveMulticastInterface(family, options.multicast?.interface);
  const sockets = new UdpSockets(family);
  try {
    const unicast = await sockets.bind({ address, port }, options.shareAddress ?? false, (error) =>
      bindError(error, address, port),
    );
    try {
      unicast.setMulticastInterface(via.socketOption);
      unicast.setMulticastLoopback(true);
    } catch (error) {
      throw multicastInterfaceError(error, via.socketOption);
    }
    let group: Socket | undefined;
    if (options.multicast?.receive) {
      group = await sockets.bind({ address: scoped(groupAddress, via), port: groupPort }, true, (error) =>
        groupBindError(error, groupAddress, groupPort),
      );
      try {
        group.addMembership(groupAddress, via.socketOption);
      } catch (error) {
        throw joinError(error, groupAddress, via.socketOption);
      }
    }
    return new UdpSocketTransport(
      family,
      sockets,
      unicast,
      group,
      { address: groupAddress, port: groupPort },
      via,
    );
  } catch (error) {
    await sockets.closeAll();
    throw error;
  }
}

function checkOptions(family: 4 | 6, address: string, port: number, group: string, groupPort: number): void {
  if (family !== 4 && family !== 6) throw new RangeError(`family must be 4 or 6, got ${String(family)}`);
  if (isIP(address) !== family) {
    throw new RangeError(`address must be an IPv${family} address for family ${family}, got '${address}'`);
  }
  if (address === '0.0.0.0' || /^[0:]+$/.test(address)) {
    throw new RangeError(
      `address ${address} is the wildcard: bind a specific address (127.0.0.2, ::1), as a wildcard socket ` +
        'would also receive the group and unicast could not be told from multicast',
    );
  }
  for (const [what, value] of [
    ['port', port],
    ['multicast port', groupPort],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 65_535) {
      throw new RangeError(`${what} must be an integer 0..65535, got ${String(value)}`);
    }
  }
  if (groupPort === 0) throw new RangeError('multicast port must not be 0: every member must use the same');
  if (isIP(group) !== family) {
    throw new RangeError(`multicast group must be an IPv${family} address, got '${group}'`);
  }
}

/** A link-scoped IPv6 group needs its interface to be bound or sent to: ff02::1%lo. */
function scoped(group: string, via: MulticastInterface): string {
  return via.scope === undefined ? group : `${group}%${via.scope}`;
}

/**
 * The sockets of one transport. Each gets its 'error' listener when it is created, so no 'error' event
 * is ever unhandled: while a bind is pending it rejects that bind, afterwards it goes to `report`.
 */
class UdpSockets {
  readonly all: Socket[] = [];
  report: (error: Error) => void = () => {};

  constructor(private readonly family: 4 | 6) {}

  bind(
    at: { address: string; port: number },
    reuseAddr: boolean,
    explain: (error: unknown) => Error,
  ): Promise<Socket> {
    const socket = createSocket({ type: this.family === 4 ? 'udp4' : 'udp6', reuseAddr });
    this.all.push(socket);
    let pendingBind: ((error: Error) => void) | undefined;
    socket.on('error', (error) => (pendingBind ?? this.report)(error));
    return new Promise((resolve, reject) => {
      pendingBind = (error) => {
        pendingBind = undefined;
        reject(explain(error));
      };
      socket.bind(at, () => {
        pendingBind = undefined;
        resolve(socket);
      });
    });
  }

  closeAll(): Promise<void> {
    const closing = this.all.map(
      (socket) =>
        new Promise<void>((resolve) => {
          try {
            socket.close(() => resolve());
          } catch {
            resolve(); // never bound, or already closed
          }
        }),
    );
    return Promise.all(closing).then(() => undefined);
  }
}

class UdpSocketTransport implements UdpTransport {
  readonly local: Endpoint;
  private readonly receivers = new Listeners<Datagram>();
  private readonly errors = new Listeners<Error>();
  private readonly destination: string;
  private closing: Promise<void> | undefined;
  /** Datagrams from sockets of this process on their way to this one (udp-in-flight.ts). */
  private readonly inFlight: ReturnType<typeof boundHere>;

  constructor(
    readonly family: 4 | 6,
    private readonly sockets: UdpSockets,
    private readonly unicast: Socket,
    groupSocket: Socket | undefined,
    readonly group: Endpoint,
    via: MulticastInterface,
  ) {
    const bound = unicast.address();
    this.local = { address: bound.address, port: bound.port };
    this.inFlight = boundHere(this.local);
    this.destination = scoped(this.group.address, via);
    sockets.report = (error) => this.reportError(error);
    unicast.on('message', (message, from) => {
      this.inFlight.read();
      this.deliver(message, from, false);
    });
    groupSocket?.on('message', (message, from) => {
      if (from.address === this.local.address && from.port === this.local.port) return;
      this.deliver(message, from, true);
    });
  }

  send(bytes: Uint8Array, to: Endpoint): Promise<void> {
    return this.sendTo(bytes, to.address, to.port, false);
  }

  sendMulticast(bytes: Uint8Array): Promise<void> {
    return this.sendTo(bytes, this.destination, this.group.port, true);
  }

  onReceive(listener: (datagram: Datagram) => void): () => void {
    return this.receivers.add(listener);
  }

  onError(listener: (error: Error) => void): () => void {
    return this.errors.add(listener);
  }

  close(): Promise<void> {
    this.closing ??= this.sockets.closeAll().then(() => {
      this.inFlight.close();
      this.receivers.clear();
      this.errors.clear();
    });
    return this.closing;
  }

  private sendTo(bytes: Uint8Array, address: string, port: number, multicast: boolean): Promise<void> {
    if (this.closing) {
      return Promise.reject(
        new Error(`cannot send: the transport on ${this.local.address} port ${this.local.port} is closed`),
      );
    }
    const undo = multicast ? () => {} : sendingTo({ address, port });
    return new Promise((resolve, reject) => {
      this.unicast.send(bytes, port, address, (error) => {
        if (error) {
          undo();
          reject(sendError(error, { address, port }, bytes.length, multicast));
        } else resolve();
      });
    });
  }

  private deliver(message: Buffer, from: RemoteInfo, multicast: boolean): void {
    const datagram: Datagram = {
      bytes: new Uint8Array(message.buffer, message.byteOffset, message.length), // the socket's own copy
      from: { address: from.address, port: from.port },
      multicast,
    };
    this.receivers.emit(datagram);
  }

  private reportError(error: Error): void {
    const explained = new Error(
      `socket error on ${this.local.address} port ${this.local.port}: ${error.message}`,
      { cause: error },
    );
    if (this.errors.size > 0) this.errors.emit(explained);
    else process.emitWarning(explained);
  }
}
