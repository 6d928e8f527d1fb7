// What several clients of one meter share and what each has (seed 論点④, /bRoute): every client gets the
// 30-minute notification (AIF LV §3.2.1: INF to the group, or INFC to each); the history selectors are
// each client's own or shared, as /bRoute/selectors declares, checked by the race of two clients setting
// E5 and then reading E2.

import { fixedSizeOf } from '../../harness/classes/class-facts.ts';
import { pass } from '../../harness/clock/wait.ts';
import { openClients, withRelease } from '../../harness/conformance/b-route-clients.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectEsv, expectThat } from '../../harness/conformance/checks.ts';
import { conformance, observe } from '../../harness/conformance/conformance.ts';
import { declaresGate } from '../../harness/conformance/gates.ts';
import { HALF_HOUR, jstText } from '../../harness/conformance/meter-reads.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { toHex } from '../../harness/echonet/hex.ts';
import { decodeDayHistory } from '../../harness/echonet/values/day-history.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import { lvMultiClient, multiClient, twoClients } from './mc-applies.ts';

/** Clients a sharing case opens: three, or fewer when the meter takes fewer. */
const clientsOf = (maxClients: number) => Math.min(3, maxClients);

conformance(
  {
    id: 'MC-CONS-001',
    title: 'clients asking at once read the same EA (the same half hour, the same value) and the same E0',
    specRef: 'NG/MULTI-CLIENT-CONSISTENT',
    severity: 'major',
    applies: declaresGate(multiClient, [0xe0]),
    catches: ['mc-inconsistent-values'],
    realTimeMs: withRelease(FEW_REQUESTS_MS),
  },
  async ({ profile, clock, transcript, dut }) => {
    const set = await openClients(profile, clock, transcript, dut, clientsOf(profile.bRoute!.maxClients));
    try {
      // all at once: Gets of EA and E0 from every client before any answer is awaited
      const epcs = declaredMaps(profile).get.includes(0xea) ? [0xea, 0xe0] : [0xe0];
      const asked = await Promise.all(set.clients.map((c) => c.get(...epcs)));
      const read = asked.map((x) => {
        expectEsv(x, ESV.Get_Res, 'each client is served its Get of EA and E0');
        const values = 'properties' in x.frame ? x.frame.properties : [];
        return {
          x,
          ea: toHex(values.find((p) => p.epc === 0xea)?.edt ?? new Uint8Array(0)),
          e0: toHex(values.find((p) => p.epc === 0xe0)?.edt ?? new Uint8Array(0)),
        };
      });
      const first = read[0]!;
      // the same half hour: EA's date-time stamp (its first 7 bytes) is the same, so its value must be too
      for (const [k, r] of read.entries()) {
        if (r.ea.slice(0, 14) !== first.ea.slice(0, 14)) continue; // a boundary passed between two reads
        expectThat(
          r.ea === first.ea && r.e0 === first.e0,
          `every B-route client reads the meter's own values: client ${k + 1} (${set.clients[k]!.options.transport.local.address}) the same EA for the same half hour and the same E0 as client 1`,
          `EA ${first.ea}, E0 ${first.e0}`,
          `EA ${r.ea}, E0 ${r.e0}`,
          [first.x.reply.entry.seq, r.x.reply.entry.seq],
          'NG/MULTI-CLIENT-CONSISTENT',
        );
      }
      observe(`${read.length} clients asked at once: EA ${first.ea}, E0 ${first.e0} for all`);
    } finally {
      await set.close();
    }
  },
);

conformance(
  {
    id: 'MC-NOTIFY-001',
    title: 'every client gets the 30-minute notification of EA',
    specRef: 'NG/MULTI-CLIENT-NOTIFY',
    severity: 'major',
    applies: lvMultiClient, // the :00/:30 notification of EA is the LV meter's (AIF LV §3.2.1)
    catches: ['mc-notify-first-client-only'],
    realTimeMs: withRelease((p) => HALF_HOUR + p.timers.notificationDelayMs + 2 * p.timers.timer1Ms),
  },
  async ({ profile, clock, transcript, dut }) => {
    const set = await openClients(profile, clock, transcript, dut, clientsOf(profile.bRoute!.maxClients));
    try {
      for (const client of set.clients) await client.get(0xea); // each is a client of the meter now
      const boundary = Math.floor(clock.now() / HALF_HOUR) * HALF_HOUR + HALF_HOUR;
      const by = boundary + profile.timers.notificationDelayMs + profile.timers.timer1Ms;
      // each keeps asking while it waits, so that a meter releasing idle clients (/bRoute/idleReleaseMs) keeps it
      const idleMs = profile.bRoute!.idleReleaseMs;
      const step = idleMs === undefined ? Number.POSITIVE_INFINITY : Math.max(1_000, Math.floor(idleMs / 3));
      while (clock.now() < by) {
        await pass(clock, Math.min(step, by - clock.now()), dut.options.wait ?? {});
        if (clock.now() < by) for (const client of set.clients) await client.get(0x80);
      }
      const heard = set.clients.map((client) =>
        client.arrivals.find(
          (a) =>
            a.entry.at >= boundary &&
            a.frame?.format === 1 &&
            (a.frame.esv === ESV.INF || a.frame.esv === ESV.INFC) &&
            'properties' in a.frame &&
            a.frame.properties.some((p) => p.epc === 0xea),
        ),
      );
      for (const [k, a] of heard.entries())
        expectThat(
          a !== undefined,
          `every B-route client gets the notification of the 30-minute value (AIF LV §3.2.1), client ${k + 1} (${set.clients[k]!.options.transport.local.address}) too`,
          `an INF or INFC of EA between ${jstText(boundary)} and ${jstText(by)}`,
          'none',
          heard.filter((h) => h !== undefined).map((h) => h!.entry.seq),
          'NG/MULTI-CLIENT-NOTIFY',
        );
      observe(
        `the ${jstText(boundary)} notification reached all ${set.clients.length} clients: ${heard.map((a) => `#${a!.entry.seq}${a!.multicast ? ' (INF, group)' : ' (INFC)'}`).join(', ')}`,
      );
    } finally {
      await set.close();
    }
  },
);

conformance(
  {
    id: 'MC-SEL-001',
    title: 'two clients set E5 (day 1, day 2), then read E2: each the day declared (per client or shared)',
    specRef: 'NG/MULTI-CLIENT-SELECTORS',
    severity: 'major',
    applies: twoClients(lvMultiClient, 'one client: nothing to share'), // E5 → E2 of 0x0288
    catches: ['mc-selectors-shared'],
    realTimeMs: withRelease(FEW_REQUESTS_MS),
  },
  async ({ profile, clock, transcript, dut }) => {
    const perClient = profile.bRoute!.selectors === 'per-client';
    const set = await openClients(profile, clock, transcript, dut, 2);
    try {
      const [a, b] = set.clients as [(typeof set.clients)[0], (typeof set.clients)[0]];
      const rule = 'E5 selects the day of E2 (APPENDIX 0x0288 E2/E5)';
      expectEsv(await a.setC(0xe5, Uint8Array.of(1)), ESV.Set_Res, `${rule}: SetC E5 = 1`);
      expectEsv(await b.setC(0xe5, Uint8Array.of(2)), ESV.Set_Res, `${rule}: SetC E5 = 2`);
      const days: number[] = [];
      for (const [client, own] of [
        [a, 1],
        [b, 2],
      ] as const) {
        const x = await client.get(0xe2);
        const edt = 'properties' in x.frame ? x.frame.properties[0]?.edt : undefined;
        const history = edt && decodeDayHistory(edt, fixedSizeOf(0x0288, 0xe2));
        const day = history?.ok ? history.value.day : Number.NaN;
        const expected = perClient ? own : 2;
        days.push(day);
        expectThat(
          day === expected,
          perClient
            ? 'each B-route client has its own history selector (/bRoute/selectors "per-client"): another client’s SetC of E5 does not change the day its E2 gives'
            : 'the B-route clients share one history selector (/bRoute/selectors "shared"): E2 gives the day the last SetC of E5 chose',
          `E2 of day ${expected} for ${client.options.transport.local.address}`,
          `day ${day}`,
          [x.requestEntry.seq, x.reply.entry.seq],
          'NG/MULTI-CLIENT-SELECTORS',
        );
      }
      observe(
        `E5 = 1 by the first client, E5 = 2 by the second; E2 read back day ${days[0]} and day ${days[1]} (${perClient ? 'per client' : 'shared'} as declared)`,
      );
    } finally {
      await set.close();
    }
  },
);
