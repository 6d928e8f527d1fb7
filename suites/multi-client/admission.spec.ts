// Which clients a multi-client meter serves (seed 論点④; the figures declared in /bRoute): up to
// maxClients at once, the next refused as /bRoute/refusal declares; a revoked client refused from then on
// while the others are served; a client silent for /bRoute/idleReleaseMs released, its place free. Each
// client is its own UDP socket on its own address; all their frames are in the case's transcript.

import { pass } from '../../harness/clock/wait.ts';
import { openClients, revokeClient, withRelease } from '../../harness/conformance/b-route-clients.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectEsv } from '../../harness/conformance/checks.ts';
import { conformance, observe } from '../../harness/conformance/conformance.ts';
import { expectRefused, expectServed } from '../../harness/conformance/refusal-checks.ts';
import { inconclusive } from '../../harness/conformance/verdict.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { idleReleasing, multiClient, twoClients } from './mc-applies.ts';

conformance(
  {
    id: 'MC-MAX-001',
    title: 'maxClients clients are served at once; the next one is refused as declared',
    specRef: 'NG/MULTI-CLIENT-MAX',
    severity: 'major',
    applies: multiClient,
    catches: ['mc-n-plus-one-accepted'],
    realTimeMs: withRelease(
      (p) => FEW_REQUESTS_MS + 2 * p.timers.timer1Ms * ((p.bRoute?.maxClients ?? 1) + 1),
    ),
  },
  async ({ profile, clock, transcript, dut }) => {
    const { maxClients, refusal } = profile.bRoute!;
    const set = await openClients(profile, clock, transcript, dut, maxClients + 1);
    try {
      const served = set.clients.slice(0, maxClients);
      for (const [k, client] of served.entries()) {
        const x = await client.get(0x80);
        expectEsv(
          x,
          ESV.Get_Res,
          `client ${k + 1} of ${maxClients} (${client.options.transport.local.address}) is served (/bRoute/maxClients ${maxClients})`,
          'NG/MULTI-CLIENT-MAX',
        );
      }
      const next = set.clients[maxClients]!;
      const got = await expectRefused(
        next,
        0xe7,
        refusal,
        `the meter serves at most ${maxClients} B-route clients at once: client ${maxClients + 1} (${next.options.transport.local.address}) is refused (${refusal}, /bRoute/refusal)`,
        'NG/MULTI-CLIENT-MAX',
      );
      observe(`${maxClients} clients served; client ${maxClients + 1} refused: ${got}`);
    } finally {
      await set.close();
    }
  },
);

conformance(
  {
    id: 'MC-REVOKE-001',
    title: 'a revoked client is refused from then on; the other clients are still served',
    specRef: 'NG/MULTI-CLIENT-REVOKE',
    severity: 'major',
    applies: twoClients(multiClient, 'one client: no other to keep'),
    catches: ['mc-revoked-still-served'],
    realTimeMs: withRelease((p) => FEW_REQUESTS_MS + 4 * p.timers.timer1Ms + 60_000),
  },
  async ({ profile, clock, transcript, dut }) => {
    const n = Math.min(3, profile.bRoute!.maxClients);
    // the one to revoke on an address no other case uses: a revoked client stays refused
    const set = await openClients(profile, clock, transcript, dut, n, { revocable: true });
    try {
      const revoked = set.clients[n - 1]!;
      const address = revoked.options.transport.local.address;
      for (const client of set.clients) {
        const x = await client.get(0x80).catch(() => undefined);
        if (x?.frame.esv !== ESV.Get_Res)
          inconclusive(
            `${client.options.transport.local.address} is not served before the revocation${client === revoked ? ' (revoked by an earlier run? re-admit it at the head-end)' : ''}: MC-MAX-001 judges admission`,
          );
      }
      await revokeClient(profile, dut, address);
      for (const [k, client] of set.clients.entries()) {
        if (client === revoked) continue;
        expectEsv(
          await client.get(0x80),
          ESV.Get_Res,
          `revoking ${address} leaves client ${k + 1} (${client.options.transport.local.address}) served`,
          'NG/MULTI-CLIENT-REVOKE',
        );
      }
      const got = await expectRefused(
        revoked,
        0xe7,
        profile.bRoute!.refusal,
        `a revoked B-route client (${address}) is refused from then on (${profile.bRoute!.refusal}, /bRoute/refusal)`,
        'NG/MULTI-CLIENT-REVOKE',
      );
      observe(`${address} revoked: ${got}; the other ${n - 1} still served`);
    } finally {
      await set.close();
    }
  },
);

conformance(
  {
    id: 'MC-IDLE-001',
    title: 'a client silent for the declared time is released: the next client takes its place',
    specRef: 'NG/MULTI-CLIENT-IDLE',
    severity: 'minor',
    applies: idleReleasing,
    catches: ['mc-idle-client-kept'],
    realTimeMs: withRelease(
      (p) =>
        FEW_REQUESTS_MS +
        (p.bRoute?.idleReleaseMs ?? 0) +
        2 * p.timers.timer1Ms * ((p.bRoute?.maxClients ?? 1) + 1),
    ),
  },
  async ({ profile, clock, transcript, dut }) => {
    const { maxClients, idleReleaseMs } = profile.bRoute!;
    const set = await openClients(profile, clock, transcript, dut, maxClients + 1);
    try {
      const [first, ...others] = set.clients.slice(0, maxClients);
      for (const client of [first!, ...others]) {
        const x = await client.get(0x80).catch(() => undefined);
        if (x?.frame.esv !== ESV.Get_Res)
          inconclusive(
            `${client.options.transport.local.address} is not served while the meter has room: MC-MAX-001 judges admission`,
          );
      }
      // the first client goes quiet; the others keep asking (well within the time), so only its place frees
      const quietFrom = clock.now();
      const step = Math.max(1_000, Math.floor(idleReleaseMs! / 3));
      while (clock.now() - quietFrom < idleReleaseMs!) {
        await pass(clock, Math.min(step, quietFrom + idleReleaseMs! - clock.now()), dut.options.wait ?? {});
        for (const client of others) await client.get(0x80);
      }
      const next = set.clients[maxClients]!;
      const got = await expectServed(
        next,
        0x80,
        `a client silent for ${idleReleaseMs! / 1000} s (/bRoute/idleReleaseMs) is released: client ${maxClients + 1} (${next.options.transport.local.address}) takes the place of ${first!.options.transport.local.address}`,
        'NG/MULTI-CLIENT-IDLE',
      );
      observe(
        `${maxClients} clients served; ${first!.options.transport.local.address} silent for ${idleReleaseMs! / 1000} s, the others asking every ${step / 1000} s; then client ${maxClients + 1}: ${got}`,
      );
    } finally {
      await set.close();
    }
  },
);
