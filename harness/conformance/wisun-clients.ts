// The other B-route clients of a Wi-SUN meter whose clients each have their own Route-B credentials
// (/bRoute/routeB; the profile's routeB is the dut's). Each is a module of its own, joined with the
// credentials it is given: on an emulated meter, a module on the meter's radio (meter-radio-hub.ts) on a
// PTY of its own, as a second dongle; on a real meter, the dongle at the credential's path. Its frames go
// to the case's transcript from its own link-local address.
import type { Clock } from '../clock/clock.ts';
import type { Profile } from '../profile/profile.ts';
import { operatorRevokes } from './b-route-clients.ts';
import { clientOptionsOf } from './client-options.ts';
import { DutClient } from './dut-client.ts';
import { openClientLink } from './skstack-device.ts';
import type { Transcript } from './transcript.ts';
import { inconclusive } from './verdict.ts';
import { type WisunSession, wisunSession } from './wisun-session.ts';

export interface WisunClient {
  readonly client: DutClient;
  /** Its own module's session: join again with other credentials (SKTERM, SKSETRBID, SKSETPWD, SKJOIN). */
  readonly session: WisunSession;
  close(): Promise<void>;
}

type RouteB = { readonly id: string; readonly password: string };

/** Client `k` (1…) of the meter's radio: MAC 001D1290AAAA00kk, beside the dut's module (001D129012345678). */
const clientMac = (k: number) => `001D1290AAAA00${k.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Joins client `k` (1 for the first of /bRoute/routeB) with `routeB`: its dut client, or the join's error
 * (EVENT 24, a setting refused). INCONC when the meter cannot take another module.
 */
export async function joinWisunClient(
  profile: Profile,
  clock: Clock,
  transcript: Transcript,
  wisun: WisunSession | undefined,
  k: number,
  routeB: RouteB,
): Promise<WisunClient | Error> {
  const link = await openClientLink(profile, clock, routeB, through(profile, wisun, k));
  if (link.joinError) {
    await link.close();
    return link.joinError;
  }
  const client = new DutClient({
    transport: link.transport,
    clock,
    transcript,
    device: link.meter,
    ...clientOptionsOf(profile),
    wait: link.wait,
  });
  return {
    client,
    session: wisunSession(link, profile, clock),
    close: async () => {
      client.close();
      await link.close();
    },
  };
}

function through(profile: Profile, wisun: WisunSession | undefined, k: number) {
  if (profile.target.type === 'real') {
    const path = profile.bRoute?.routeB?.[k - 1]?.path;
    if (!path)
      inconclusive(
        `client ${k + 1} of a real Wi-SUN meter needs a dongle of its own: profile /bRoute/routeB/${k - 1}/path`,
      );
    return { path };
  }
  const clients = wisun?.emulated?.unit.clients;
  if (!clients) inconclusive('the emulated meter takes no other client module (profile /bRoute/routeB)');
  return { module: clients.add(clientMac(k)) };
}

/** The utility revokes a client's Route-B ID: the emulated meter's own call, or the operator's act. */
export async function revokeCredential(
  profile: Profile,
  wisun: WisunSession | undefined,
  id: string,
  pass: (ms: number) => Promise<void>,
): Promise<void> {
  if (profile.target.type === 'real')
    return operatorRevokes(
      `the B-route client with Route-B ID …${id.slice(-4)} through the meter's head-end`,
      pass,
    );
  const clients = wisun?.emulated?.unit.clients;
  if (!clients) inconclusive('the emulated meter has no per-client credentials (profile /bRoute/routeB)');
  clients.revoke(id);
}
