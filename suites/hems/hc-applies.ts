// Selection gate of the HEMS controller suite: the device under test is a B-route client (kind
// "hems-controller"); on a meter's profile every case here is NA, with the reason.
import { kindGate } from '../../harness/conformance/gates.ts';

export const hemsController = kindGate('hems-controller', 'a HEMS controller (0x05FF, the B-route client)');
