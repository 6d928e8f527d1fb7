// Which clients a multi-client meter serves (seed 論点④; the figures declared in /bRoute): up to
// maxClients at once, the next refused as /bRoute/refusal declares; a revoked client refused from then on
// while the others are served. Each client is its own UDP socket on its own address; all their frames are
// in the case's transcript.

import { openClients, revokeClient } from '../../harness/conformance/b-route-clients.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectEsv } from '../../harness/conformance/checks.ts';
import { conformance, observe } from '../../harness/conformance/conformance.ts';
import { expectRefused } from '../../harness/conformance/refusal-checks.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { multiClient } from './mc-applies.ts';

conformance(
  {
    id: 'MC-MAX-001',
    title: 'maxClients clients are served at once; the next one is refused as declared',
    specRef: 'NG/MULTI-CLIENT-MAX',
    severity: 'major',
    applies: multiClient,
    catches: ['mc-n-plus-one-accepted'],
    realTimeMs: (p) => FEW_REQUESTS_MS + 2 * p.timers.timer1Ms * ((p.bRoute?.maxClients ?? 1) + 1),
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
    applies: (p) => {
      const first = multiClient(p);
      return first !== true || (p.bRoute?.maxClients ?? 1) >= 2 ? first : 'one client: no other to keep';
    },
    catches: ['mc-revoked-still-served'],
    realTimeMs: (p) => FEW_REQUESTS_MS + 4 * p.timers.timer1Ms + 60_000,
  },
  async ({ profile, clock, transcript, dut }) => {
    const n = Math.min(3, profile.bRoute!.maxClients);
    const set = await openClients(profile, clock, transcript, dut, n);
    try {
      for (const client of set.clients) await client.get(0x80);
      const revoked = set.clients[1]!;
      const address = revoked.options.transport.local.address;
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
