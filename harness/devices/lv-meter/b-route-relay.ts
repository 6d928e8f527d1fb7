// Fault b-route-frame-relayed: the meter application copies every ECHONET Lite frame it receives on the
// B-route out to a host of another network domain (`smcert emulate --relay-to`), the defect of a meter
// that bridges its B-route to a second interface in software, where no IP routing would show it.
import type { Endpoint, Transport } from '../../transport/transport.ts';

/** With the fault on and a peer given, relays each frame received to `to`: how to stop it, else undefined. */
export function startFrameRelay(
  faults: ReadonlySet<string>,
  transport: Transport,
  to: Endpoint | undefined,
): (() => void) | undefined {
  if (!faults.has('b-route-frame-relayed') || to === undefined) return undefined;
  return transport.onReceive((datagram) => {
    transport.send(datagram.bytes, to).catch(() => {}); // a relay that fails is no better a meter
  });
}
