// Datagrams on their way between two UDP sockets of this process (an emulated device on loopback and the
// harness's client): counted when one end sends to the other's unicast address and when the other end
// reads one. A virtual clock tracks the count (VirtualClock.trackIo, harness/clock/wait.ts), so that it
// never steps while one is in flight: a loaded machine that deschedules the process between a send and its
// read must not turn a reply into silence. A datagram the kernel drops is forgotten at the receiver's next
// read or close, and a wait never holds for it longer than its I/O limit.
import { BytesInFlight } from '../clock/bytes-in-flight.ts';
import type { Endpoint } from './transport.ts';

export const UDP_IN_FLIGHT = new BytesInFlight();

/** Datagrams sent to each socket of this process and not yet read, by `address|port`. */
const pending = new Map<string, number>();
const keyOf = (at: Endpoint) => `${at.address}|${at.port}`;

/** A socket of this process bound at `local`: call `read` for every unicast datagram it reads. */
export function boundHere(local: Endpoint): { read(): void; close(): void } {
  const key = keyOf(local);
  pending.set(key, 0);
  const settle = (n: number) => {
    const count = pending.get(key) ?? 0;
    const done = Math.min(n, count);
    if (done === 0) return;
    pending.set(key, count - done);
    UDP_IN_FLIGHT.arrived(done);
  };
  return {
    read: () => settle(1),
    close: () => {
      settle(Number.POSITIVE_INFINITY);
      pending.delete(key);
    },
  };
}

/** A unicast to `to` is about to go: in flight when a socket of this process is bound there. Returns its undo. */
export function sendingTo(to: Endpoint): () => void {
  const key = keyOf(to);
  const count = pending.get(key);
  if (count === undefined) return () => {};
  pending.set(key, count + 1);
  UDP_IN_FLIGHT.sent(1);
  let undone = false;
  return () => {
    if (undone || !pending.has(key)) return;
    undone = true;
    pending.set(key, Math.max(0, (pending.get(key) ?? 1) - 1));
    UDP_IN_FLIGHT.arrived(1);
  };
}
