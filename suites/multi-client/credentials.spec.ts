// Per-client credentials over Wi-SUN (seed 論点④ and its new security measures; the figures and the
// scheme are not public, so the profile lists each further client's Route-B ID and password in
// /bRoute/routeB): each client's module joins with its own pair and is served; a client's ID with another
// registered password is refused; a client whose ID the utility revokes is refused at its next
// authentication while the others are served. Each client is a module of its own (a second dongle).

import type { Clock } from '../../harness/clock/clock.ts';
import { pass } from '../../harness/clock/wait.ts';
import { REVOKE_WAIT_MS } from '../../harness/conformance/b-route-clients.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectThat } from '../../harness/conformance/checks.ts';
import { conformance, observe } from '../../harness/conformance/conformance.ts';
import { type Gate, meters } from '../../harness/conformance/gates.ts';
import { expectServed } from '../../harness/conformance/refusal-checks.ts';
import type { Transcript } from '../../harness/conformance/transcript.ts';
import { inconclusive } from '../../harness/conformance/verdict.ts';
import {
  joinWisunClient,
  revokeCredential,
  type WisunClient,
} from '../../harness/conformance/wisun-clients.ts';
import type { WisunSession } from '../../harness/conformance/wisun-session.ts';
import type { Profile } from '../../harness/profile/profile.ts';

/** A Wi-SUN meter whose profile gives its other clients their own Route-B credentials. */
const perClientCredentials: Gate = (p) => {
  const meter = meters(p);
  if (meter !== true) return meter;
  if (!p.bRoute?.routeB?.length)
    return 'the profile gives no client its own Route-B credentials (/bRoute/routeB)';
  return p.transport.type === 'skstack'
    ? true
    : 'Route-B credentials are PANA’s: the meter is reached over Wi-SUN';
};

/** Three Wi-SUN joins (scan and PANA), at most 120 s each on a real dongle. */
const JOINS_MS = 3 * 120_000;

/** A join's outcome for the record. */
const outcome = (c: WisunClient | Error | true) =>
  c instanceof Error ? `EVENT 24 (${c.message})` : 'EVENT 25';

/** Joins the first of /bRoute/routeB, which the case needs served; INCONC when it is not. */
async function firstClient(
  profile: Profile,
  clock: Clock,
  transcript: Transcript,
  wisun: WisunSession | undefined,
) {
  const routeB = profile.bRoute!.routeB![0]!;
  const c = await joinWisunClient(profile, clock, transcript, wisun, 1, routeB);
  if (c instanceof Error)
    inconclusive(`client 2 could not join with /bRoute/routeB/0 (${c.message}): MC-CRED-001 judges it`);
  return { c, routeB };
}

conformance(
  {
    id: 'MC-CRED-001',
    title:
      'each client joins with its own Route-B ID and password and is served; an ID with another’s password is refused',
    specRef: 'NG/MULTI-CLIENT-CREDENTIALS',
    severity: 'critical',
    applies: perClientCredentials,
    catches: ['mc-credentials-crossed'],
    realTimeMs: FEW_REQUESTS_MS + JOINS_MS,
  },
  async ({ profile, clock, transcript, dut, wisun }) => {
    const clause = 'NG/MULTI-CLIENT-CREDENTIALS';
    const own = profile.routeB!;
    const others = profile.bRoute!.routeB!.slice(0, profile.bRoute!.maxClients - 1);
    const joined: WisunClient[] = [];
    const tried: string[] = [];
    try {
      for (const [i, routeB] of others.entries()) {
        const c = await joinWisunClient(profile, clock, transcript, wisun, i + 1, routeB);
        tried.push(`client ${i + 2} with its own /bRoute/routeB/${i}: ${outcome(c)}`);
        expectThat(
          !(c instanceof Error),
          `each B-route client joins with its own Route-B ID and password (/bRoute/routeB/${i})`,
          'EVENT 25 (session established)',
          outcome(c),
          [],
          clause,
        );
        joined.push(c as WisunClient);
        await expectServed(
          (c as WisunClient).client,
          0x80,
          `client ${i + 2} is served on its own session`,
          clause,
        );
      }
      await expectServed(
        dut,
        0x80,
        'the harness’s own client, joined with the profile’s routeB, is still served',
        clause,
      );
      const first = others[0]!;
      if (first.password === own.password)
        inconclusive('/bRoute/routeB/0 has the routeB password: nothing to cross');
      // client 2's module again, with its own ID and the harness's password: both registered, never together
      const crossed = await joined[0]!.session.join({ id: first.id, password: own.password });
      tried.push(`client 2's ID with the password of routeB: ${outcome(crossed)}`);
      expectThat(
        crossed !== true,
        'the meter takes a client’s Route-B ID only with that client’s own password, not with another registered one',
        'EVENT 24 (refused)',
        outcome(crossed),
        [],
        clause,
      );
      observe(`attack list: ${tried.join('; ')}`);
    } finally {
      for (const c of joined) await c.close();
    }
  },
);

conformance(
  {
    id: 'MC-CRED-002',
    title:
      'a client whose Route-B ID is revoked is refused at its next authentication; the others are served',
    specRef: 'NG/MULTI-CLIENT-REVOKE-CREDENTIALS',
    severity: 'major',
    applies: perClientCredentials,
    catches: ['mc-revoked-credential-accepted'],
    realTimeMs: FEW_REQUESTS_MS + JOINS_MS + REVOKE_WAIT_MS,
  },
  async ({ profile, clock, transcript, dut, wisun }) => {
    const clause = 'NG/MULTI-CLIENT-REVOKE-CREDENTIALS';
    const { c, routeB } = await firstClient(profile, clock, transcript, wisun);
    try {
      await expectServed(c.client, 0x80, 'client 2 is served before its revocation', clause);
      await revokeCredential(profile, wisun, routeB.id, (ms) => pass(clock, ms, dut.options.wait ?? {}));
      const again = await c.session.join(routeB);
      expectThat(
        again !== true,
        'a client whose Route-B ID the utility revoked is refused at its next authentication (PANA)',
        'EVENT 24 (refused)',
        outcome(again),
        [],
        clause,
      );
      await expectServed(
        dut,
        0x80,
        'revoking one client’s credentials leaves the other clients served',
        clause,
      );
      observe(
        `client 2's Route-B ID …${routeB.id.slice(-4)} revoked, its rejoin: ${outcome(again)}; the harness's own client still served`,
      );
    } finally {
      await c.close();
    }
  },
);
