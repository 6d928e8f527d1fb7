// The extra B-route clients of a multi-client case (suites/multi-client/): each a dut client on its own
// real UDP socket and address, so the meter sees several controllers. An emulated meter's clients are on
// this process's loopback block (clientAddress below); a real meter's on the harness host's addresses the
// profile lists (/bRoute/clientAddresses). Every frame of every client is in the case's one transcript,
// with its own address. The utility's side (revoking a client) is the emulated meter's own call, or the
// operator's act at a real meter's head-end.
import type { Clock } from '../clock/clock.ts';
import { pass } from '../clock/wait.ts';
import { eoj } from '../echonet/eoj.ts';
import type { Profile } from '../profile/profile.ts';
import type { Transport } from '../transport/transport.ts';
import { openUdpTransport } from '../transport/udp.ts';
import { DutClient } from './dut-client.ts';
import { emulatedDeviceAt } from './loopback-device.ts';
import { tellOperator } from './operator.ts';
import { runAddresses } from './run-addresses.ts';
import type { Transcript } from './transcript.ts';
import { inconclusive } from './verdict.ts';

export interface ClientSet {
  readonly clients: readonly DutClient[];
  close(): Promise<void>;
}

/**
 * Client `k` (0–7) of this process: 127.192.0.0 and up, eight a process, never an address of the
 * case's device pair (run-addresses.ts) or a profile's 127.0.x.x.
 */
export function clientAddress(pid: number, k: number): string {
  const n = 0xc00000 + (pid % 0x80000) * 8 + k;
  return `127.${(n >> 16) & 0xff}.${(n >> 8) & 0xff}.${n & 0xff}`;
}

/** Opens `n` clients of the meter `dut` reaches; INCONC when a real meter's profile lists too few addresses. */
export async function openClients(
  profile: Profile,
  clock: Clock,
  transcript: Transcript,
  dut: DutClient,
  n: number,
): Promise<ClientSet> {
  const real = profile.target.type === 'real';
  const listed = profile.bRoute?.clientAddresses ?? [];
  if (real && listed.length < n)
    inconclusive(
      `the case needs ${n} B-route clients on addresses of this host: profile /bRoute/clientAddresses lists ${listed.length}`,
    );
  if (profile.transport.type !== 'udp') inconclusive('the multi-client cases run over UDP (Wi-Fi, Ethernet)');
  const family = profile.transport.family;
  const group = real ? {} : { port: runAddresses(process.pid).groupPort, interface: '127.0.0.1' };
  const transports: Transport[] = [];
  try {
    for (let k = 0; k < n; k++) {
      const address = real ? listed[k]! : clientAddress(process.pid, k);
      transports.push(
        await openUdpTransport({ family, address, port: 3610, multicast: { receive: true, ...group } }),
      );
    }
  } catch (error) {
    await Promise.all(transports.map((t) => t.close()));
    throw error;
  }
  const clients = transports.map(
    (transport) =>
      new DutClient({
        transport,
        clock,
        transcript,
        device: dut.options.device,
        deviceEoj: eoj(profile.classes[0]!.eoj),
        timer1Ms: profile.timers.timer1Ms,
        timer2Ms: profile.timers.timer2Ms,
        strict: profile.decoder ?? {},
        ...(dut.options.wait ? { wait: dut.options.wait } : {}),
      }),
  );
  return {
    clients,
    close: async () => {
      for (const c of clients) c.close();
      await Promise.all(transports.map((t) => t.close()));
    },
  };
}

/** A real meter: how long the harness waits after asking the operator to revoke a client at the head-end. */
export const REVOKE_WAIT_MS = 60_000;

/** The utility revokes the client at `address`: the emulated meter's own call, or the operator's act. */
export async function revokeClient(profile: Profile, dut: DutClient, address: string): Promise<void> {
  if (profile.target.type === 'real') {
    tellOperator(
      `revoke the B-route client ${address} of the meter at ${dut.options.device.address} through its head-end now; the case goes on in ${REVOKE_WAIT_MS / 1000} s`,
    );
    await pass(dut.clock, REVOKE_WAIT_MS);
    return;
  }
  const clients = emulatedDeviceAt(dut.options.device)?.clients;
  if (!clients) inconclusive('the emulated meter has no B-route client table (profile /bRoute)');
  clients.revoke(address);
}
