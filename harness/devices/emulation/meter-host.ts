// The network stack of an emulated meter's host, where the meter runs in a namespace of its own
// (harness/netns/meter-process.ts): a meter is an end host on the B-route and routes nothing between its
// interfaces (B-route guideline: no IP routing from the B-route to another network domain, clause
// BRG-LV/NO-ROUTING), whatever the machine that runs the test has set for itself.

/** The sysctls the meter's namespace is given before the meter starts, by fault switch. */
export function meterHostSysctls(faults: ReadonlySet<string>): Readonly<Record<string, string>> {
  return {
    // fault b-route-ip-forwarding: the host forwards IPv4 between the B-route and its other interface
    'net.ipv4.ip_forward': faults.has('b-route-ip-forwarding') ? '1' : '0',
  };
}
