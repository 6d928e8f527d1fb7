// Selection gates of the HEMS controller suite: the device under test is a B-route client (kind
// "hems-controller"); on a meter's profile every case here is NA, with the reason. The Wi-SUN cases apply
// to a controller reached over SKSTACK IP only: the holds they make are its module's.
import { type Gate, kindGate } from '../../harness/conformance/gates.ts';

export const hemsController = kindGate('hems-controller', 'a HEMS controller (0x05FF, the B-route client)');

/** A HEMS controller with a Wi-SUN module (transport "skstack"): the bench's module holds its sends. */
export const hemsOverWisun: Gate = (p) => {
  const kind = hemsController(p);
  if (kind !== true) return kind;
  return p.transport.type === 'skstack'
    ? true
    : 'the controller is reached over UDP (transport "udp"): it has no Wi-SUN module whose sends the bench could hold';
};
