// Selection gate of the routing case (SEC-ROUTE-001): a meter the harness can put in a network namespace
// of its own, i.e. an emulated meter reached over UDP on IPv4.
import { type Gate, meters } from '../../harness/conformance/gates.ts';

export const meterInNamespace: Gate = (p) => {
  const meter = meters(p);
  if (meter !== true) return meter;
  if (p.target.type === 'real')
    return 'a real meter: the lab would wire it between two interfaces of this host (its B-route, another network domain), which a profile cannot name yet; the case runs on an emulated meter in network namespaces';
  if (p.transport.type !== 'udp')
    return 'the meter is reached over Wi-SUN (transport "skstack"): the namespace topology carries the B-route as UDP over IPv4';
  if (p.transport.family !== 4) return 'an IPv6 B-route: the namespace topology is IPv4';
  return true;
};
