// The meter's load shared between clients (seed 論点④: fair data access respecting the meter's load; the
// limit is declared in /bRoute/requestsPerMinute, the answer beyond it in /bRoute/overRate): a client
// beyond its rate is answered as declared; a greedy client at full speed does not push another client's
// reply past Timer 1 (AIF LV §2.4.2). The certificate keeps each client's response times.

import { openClients, withRelease } from '../../harness/conformance/b-route-clients.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectEsv, expectThat } from '../../harness/conformance/checks.ts';
import { conformance, observe } from '../../harness/conformance/conformance.ts';
import { MEASURED, measure } from '../../harness/conformance/measure.ts';
import { expectRefused } from '../../harness/conformance/refusal-checks.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { rateLimited } from './mc-applies.ts';

const MINUTE = 60_000;
/** Requests of the quiet client while the greedy one is beyond its rate. */
const QUIET_REQUESTS = 10;

conformance(
  {
    id: 'MC-RATE-001',
    title: 'a client’s requests beyond its declared rate in 60 s are answered as declared (SNA, none, late)',
    specRef: 'NG/MULTI-CLIENT-RATE',
    severity: 'major',
    applies: rateLimited,
    catches: ['mc-rate-limit-ignored'],
    realTimeMs: withRelease((p) => 2 * MINUTE + 2 * p.timers.timer1Ms),
  },
  async ({ profile, clock, transcript, dut }) => {
    const { requestsPerMinute, overRate } = profile.bRoute!;
    const limit = requestsPerMinute!;
    const set = await openClients(profile, clock, transcript, dut, 1);
    try {
      const client = set.clients[0]!;
      const first = clock.now();
      for (let i = 0; i < limit; i++) {
        const x = await client.get(0x80);
        expectEsv(x, ESV.Get_Res, `request ${i + 1} of ${limit} in a minute is within the declared rate`);
      }
      const within = clock.now() - first < MINUTE;
      if (!within) observe(`the ${limit} requests took over a minute: the next one is within the rate again`);
      const rule = `a client’s request beyond ${limit} in 60 s (/bRoute/requestsPerMinute) is answered as /bRoute/overRate declares (${overRate})`;
      if (overRate !== 'delay') {
        const got = within
          ? await expectRefused(client, 0xe7, overRate, rule, 'NG/MULTI-CLIENT-RATE')
          : 'not tried';
        observe(`${limit} requests served, request ${limit + 1}: ${got}`);
        return;
      }
      const x = await client.request(ESV.Get, [{ epc: 0x80, edt: new Uint8Array(0) }], {
        timerMs: MINUTE + profile.timers.timer1Ms,
      });
      expectThat(
        !within || x.requestEntry.at + x.elapsedMs >= first + MINUTE,
        rule,
        `the reply no sooner than ${MINUTE / 1000} s after the first request`,
        `${(x.requestEntry.at + x.elapsedMs - first) / 1000} s after it`,
        [x.requestEntry.seq, x.reply.entry.seq],
        'NG/MULTI-CLIENT-RATE',
      );
      observe(`${limit} requests served, request ${limit + 1} answered after ${x.elapsedMs / 1000} s`);
    } finally {
      await set.close();
    }
  },
);

conformance(
  {
    id: 'MC-FAIR-001',
    title: 'while a greedy client sends at full speed, another client is answered within Timer 1',
    specRef: 'NG/MULTI-CLIENT-FAIR',
    severity: 'major',
    applies: rateLimited,
    catches: ['mc-client-starved'],
    realTimeMs: withRelease((p) => FEW_REQUESTS_MS + 6 * p.timers.timer1Ms),
  },
  async ({ profile, clock, transcript, dut }) => {
    const limit = profile.bRoute!.requestsPerMinute!;
    const set = await openClients(profile, clock, transcript, dut, 2);
    try {
      const [greedy, quiet] = set.clients as [(typeof set.clients)[0], (typeof set.clients)[0]];
      // the greedy client asks again as soon as each answer comes, twice its rate; the quiet one asks once
      // the greedy one is beyond its rate
      let sent = 0;
      const greedyTimes: number[] = [];
      let beyond: () => void = () => {};
      const overRate = new Promise<void>((resolve) => {
        beyond = resolve;
      });
      const flood = (async () => {
        for (; sent < 2 * limit; sent++) {
          if (sent === limit + 1) beyond();
          // refused or over rate: the greedy one goes on
          const x = await greedy.get(0x80).catch(() => undefined);
          if (x) greedyTimes.push(x.elapsedMs);
        }
        beyond();
      })();
      await overRate;
      const times: number[] = [];
      for (let i = 0; i < QUIET_REQUESTS; i++) {
        const x = await quiet.get(0x80);
        expectEsv(
          x,
          ESV.Get_Res,
          `a client within its rate is served while another sends at full speed (fair access): request ${i + 1} of ${quiet.options.transport.local.address}`,
          'NG/MULTI-CLIENT-FAIR',
        );
        expectThat(
          x.elapsedMs <= profile.timers.timer1Ms,
          'a greedy client does not push another client’s reply past Timer 1 (AIF LV §2.4.2)',
          `≤ ${profile.timers.timer1Ms / 1000} s`,
          `${x.elapsedMs / 1000} s`,
          [x.requestEntry.seq, x.reply.entry.seq],
          'NG/MULTI-CLIENT-FAIR',
        );
        times.push(x.elapsedMs);
      }
      await flood;
      // the certificate's per-client response-time distributions
      measure(MEASURED.greedyClientResponse, greedyTimes);
      measure(MEASURED.quietClientResponse, times);
      observe(
        `greedy ${greedy.options.transport.local.address}: ${2 * limit} requests, each as soon as the last was answered; quiet ${quiet.options.transport.local.address} answered in ${times.map((t) => `${t} ms`).join(', ')}`,
      );
    } finally {
      await set.close();
    }
  },
);
