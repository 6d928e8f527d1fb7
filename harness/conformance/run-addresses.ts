// Where an emulated target and the harness meet on loopback, per test process: each process gets its own
// pair of 127.x.y.z addresses and its own multicast port, so parallel workers (and parallel runs on one
// machine) never hear each other's unicast or multicast. On Linux every 127/8 address can be bound.
import type { Endpoint } from '../transport/transport.ts';

export interface RunAddresses {
  readonly device: Endpoint;
  readonly harness: Endpoint;
  /** Port of the multicast group (224.0.23.0) both join instead of the machine-wide 3610. */
  readonly groupPort: number;
}

/**
 * From a process id (pid_max ≤ 2^22), never 127.0.x.x where profiles put devices: the case's device at
 * 127.64.0.0 and up (group ports 20 000–59 999), a case's scratch meter at 127.128.0.0 and up (group ports
 * 60 000–64 999), so the two never hear each other either.
 */
export function runAddresses(pid: number, pair: 'case' | 'scratch' = 'case'): RunAddresses {
  const scratch = pair === 'scratch';
  const n = (scratch ? 0x800000 : 0x400000) + (pid % 0x400000) * 2;
  const address = (k: number) => `127.${(k >> 16) & 0xff}.${(k >> 8) & 0xff}.${k & 0xff}`;
  return {
    device: { address: address(n), port: 3610 },
    harness: { address: address(n + 1), port: 3610 },
    groupPort: scratch ? 60_000 + (pid % 5000) : 20_000 + (pid % 40_000),
  };
}
