// The extra B-route clients of a multi-client case (suites/multi-client/): each a dut client on its own
// real UDP socket and address, so the meter sees several controllers. An emulated meter's clients are on
// this process's loopback block (clientAddress below); a real meter's on the harness host's addresses the
// profile lists (/bRoute/clientAddresses). Every frame of every client is in the case's one transcript,
// with its own address. The utility's side (revoking a client) is the emulated meter's own call, or the
// operator's act at a real meter's head-end.
import type { Clock } from '../clock/clock.ts';
import { pass } from '../clock/wait.ts';
import type { Profile } from '../profile/profile.ts';
import type { Transport } from '../transport/transport.ts';
import { openUdpTransport } from '../transport/udp.ts';
import { clientOptionsOf } from './client-options.ts';
import { observe } from './conformance.ts';
import { DutClient } from './dut-client.ts';
import { RELEASE_MARGIN_MS } from './last-request.ts';
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

/** The emulated meter's client that a revocation case revokes: one no other case uses. */
const REVOCABLE = 7;

/**
 * Opens `n` clients of the meter `dut` reaches; INCONC when a real meter's profile lists too few
 * addresses. `revocable`: the last one is on the address kept for revocation (a revoked client stays
 * refused, so no other case may use it: the last of /bRoute/clientAddresses). A real meter has held
 * the clients of the run's earlier cases: the harness first waits until it has released them all.
 */
export async function openClients(
  profile: Profile,
  clock: Clock,
  transcript: Transcript,
  dut: DutClient,
  n: number,
  { revocable = false } = {},
): Promise<ClientSet> {
  const real = profile.target.type === 'real';
  const listed = profile.bRoute?.clientAddresses ?? [];
  const needed = revocable ? profile.bRoute!.maxClients + 2 : n;
  if (real && listed.length < needed)
    inconclusive(
      `the case needs ${needed} addresses of this host for its B-route clients${revocable ? ' (maxClients + 1 for the refusal case, the last one for revocation)' : ''}: profile /bRoute/clientAddresses lists ${listed.length}`,
    );
  if (profile.transport.type !== 'udp') inconclusive('the multi-client cases run over UDP (Wi-Fi, Ethernet)');
  if (real) await awaitReleased(profile, dut);
  const family = profile.transport.family;
  const group = real ? {} : { port: runAddresses(process.pid).groupPort, interface: '127.0.0.1' };
  const addressOf = (k: number) => {
    const last = revocable && k === n - 1;
    if (real) return last ? listed.at(-1)! : listed[k]!;
    return clientAddress(process.pid, last ? REVOCABLE : k);
  };
  const transports: Transport[] = [];
  try {
    for (let k = 0; k < n; k++)
      transports.push(
        await openUdpTransport({
          family,
          address: addressOf(k),
          port: 3610,
          multicast: { receive: true, ...group },
        }),
      );
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
        ...clientOptionsOf(profile),
        ...(dut.options.wait ? { wait: dut.options.wait } : {}),
        ...(dut.options.lastRequest ? { lastRequest: dut.options.lastRequest.forExtraClients() } : {}),
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

/**
 * A real meter: waits until /bRoute/idleReleaseMs has passed since the harness's last frame to it, so
 * that it holds none of the harness's clients (the dut's included) and their request budgets are fresh.
 */
async function awaitReleased(profile: Profile, dut: DutClient): Promise<void> {
  const idleMs = profile.bRoute?.idleReleaseMs;
  if (idleMs === undefined)
    inconclusive(
      'the harness cannot know which of its clients a real meter still holds: declare how long an idle client is kept (/bRoute/idleReleaseMs)',
    );
  const waitMs = dut.options.lastRequest?.releaseMs(idleMs, 'all') ?? 0;
  if (waitMs <= 0) return;
  observe(
    `waited ${Math.ceil(waitMs / 1000)} s for the meter to release the harness's earlier clients (/bRoute/idleReleaseMs ${idleMs / 1000} s)`,
  );
  await pass(dut.clock, waitMs);
}

/** realTimeMs of a multi-client case that takes `ms`: on a real meter, the wait for the release first. */
export function withRelease(ms: number | ((p: Profile) => number)): (p: Profile) => number {
  return (p) => (typeof ms === 'number' ? ms : ms(p)) + (p.bRoute?.idleReleaseMs ?? 0) + RELEASE_MARGIN_MS;
}

/** A real meter: how long the harness waits after asking the operator to revoke a client at the head-end. */
export const REVOKE_WAIT_MS = 60_000;

/** A real meter: the operator is asked to revoke `what` (a client, through the head-end), and given the time. */
export async function operatorRevokes(what: string, pass: (ms: number) => Promise<void>): Promise<void> {
  tellOperator(`revoke ${what} now; the case goes on in ${REVOKE_WAIT_MS / 1000} s`);
  await pass(REVOKE_WAIT_MS);
}

/** The utility revokes the client at `address`: the emulated meter's own call, or the operator's act. */
export async function revokeClient(profile: Profile, dut: DutClient, address: string): Promise<void> {
  if (profile.target.type === 'real')
    return operatorRevokes(
      `the B-route client ${address} of the meter at ${dut.options.device.address} through its head-end`,
      (ms) => pass(dut.clock, ms),
    );
  const clients = emulatedDeviceAt(dut.options.device)?.clients;
  if (!clients) inconclusive('the emulated meter has no B-route client table (profile /bRoute)');
  clients.revoke(address);
}
