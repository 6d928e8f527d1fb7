// The 30-minute value as a HEMS controller takes it (AIF LV v1.01 §3.2.1, §3.3.1): from the meter's
// notification, INF or INFC, an INFC answered with INFC_Res carrying its TID (ECHONET Lite 1.14 part 2
// §3.2.2, §3.2.5); by a Get of EA from about :05 / :35 only when the notification did not come.

import { HALF_HOUR } from '../../harness/clock/durations.ts';
import { expectThat } from '../../harness/conformance/checks.ts';
import { observe } from '../../harness/conformance/conformance.ts';
import { epcsOf } from '../../harness/conformance/hems-bench.ts';
import {
  AIF_TIMER1_MS,
  afterStartup,
  FALLBACK_BY_MS,
  jstText,
  nextBoundary,
  seconds,
  startedUp,
} from '../../harness/conformance/hems-checks.ts';
import { hemsConformance } from '../../harness/conformance/hems-conformance.ts';
import { fail, inconclusive } from '../../harness/conformance/verdict.ts';
import { eojHex } from '../../harness/echonet/eoj.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { hemsController } from './hc-applies.ts';

hemsConformance(
  {
    id: 'HC-INFC-001',
    title: 'an INFC from the meter is answered with INFC_Res carrying the same TID, from 05FF01 to the meter',
    specRef: 'EL-1.14/2/3.2.5',
    severity: 'critical',
    catches: ['no-infc-res', 'infc-res-wrong-tid'],
    realTimeMs: afterStartup(2 * 60_000),
    applies: hemsController,
  },
  async ({ bench, profile }) => {
    await startedUp(bench, profile);
    await bench.pass(10_000); // the reads right after the start-up
    const infc = await bench.notifyNow(ESV.INFC);
    if (infc.entry.multicast)
      inconclusive(
        'the meter had no controller to address its INFC to (no unicast request came): sent as INF',
      );
    const res = await bench.waitFor(
      (f) => f.entry.direction === 'received' && f.frame?.esv === ESV.INFC_Res,
      AIF_TIMER1_MS,
      infc.entry.seq,
    );
    if (!res)
      fail(
        'an INFC is answered with INFC_Res (0x7A) (ECHONET Lite part 2 §3.2.5 table 3-10; AIF LV §3.2.1)',
        `an INFC_Res to the INFC #${infc.entry.seq} within ${seconds(0, AIF_TIMER1_MS)}`,
        'none',
        [infc.entry.seq],
      );
    const request = infc.frame!;
    const reply = res.frame!;
    expectThat(
      reply.tid === request.tid,
      'INFC_Res carries the TID of its INFC (ECHONET Lite part 2 §3.2.2)',
      `TID ${request.tid.toString(16).padStart(4, '0').toUpperCase()}`,
      `TID ${reply.tid.toString(16).padStart(4, '0').toUpperCase()}`,
      [infc.entry.seq, res.entry.seq],
      'EL-1.14/2/3.2.2',
    );
    expectThat(
      eojHex(reply.seoj) === eojHex(request.deoj) && eojHex(reply.deoj) === eojHex(request.seoj),
      'INFC_Res swaps the objects of its INFC: from the controller object it addressed, to the meter object (ECHONET Lite part 2 §3.2.4)',
      `${eojHex(request.deoj)} → ${eojHex(request.seoj)}`,
      `${eojHex(reply.seoj)} → ${eojHex(reply.deoj)}`,
      [infc.entry.seq, res.entry.seq],
      'EL-1.14/2/3.2.4',
    );
    expectThat(
      epcsOf(reply) === epcsOf(request) && reply.properties.every((p) => p.edt.length === 0),
      'INFC_Res lists the EPCs of its INFC, each with PDC 0 (ECHONET Lite part 2 §3.2.5)',
      `${epcsOf(request)}, PDC 0`,
      `${epcsOf(reply)}, PDC ${reply.properties.map((p) => p.edt.length).join('/')}`,
      [infc.entry.seq, res.entry.seq],
    );
    expectThat(
      !res.entry.multicast,
      'INFC_Res goes to the meter individually, not to the group (ECHONET Lite part 2 §3.2.5)',
      'unicast',
      'multicast',
      [res.entry.seq],
    );
    observe(
      `INFC #${infc.entry.seq} answered by #${res.entry.seq} after ${seconds(infc.entry.at, res.entry.at)}`,
    );
  },
);

hemsConformance(
  {
    id: 'HC-INF-001',
    title: 'the 30-minute value notified by INF is taken as it is: no Get of EA in the half hour it came',
    specRef: 'AIF-LV-1.01/3.2.1/HEMS',
    severity: 'major',
    catches: ['ignores-inf'],
    realTimeMs: afterStartup(HALF_HOUR + FALLBACK_BY_MS + 60_000),
    applies: hemsController,
  },
  async ({ bench, profile }) => {
    bench.notification = 'INF';
    const { eaReply } = await startedUp(bench, profile);
    const boundary = nextBoundary(eaReply.entry.at);
    const inf = await bench.waitFor(
      (f) =>
        f.entry.direction === 'sent' &&
        f.frame?.esv === ESV.INF &&
        f.frame.properties.some((p) => p.epc === 0xea) &&
        f.entry.at >= boundary,
      boundary - bench.now() + 5 * 60_000,
    );
    if (!inf) throw new Error(`the harness's meter did not notify EA after ${jstText(boundary)}`);
    await bench.pass(boundary + FALLBACK_BY_MS - bench.now());
    const asked = bench
      .requests({ esv: ESV.Get, epc: 0xea })
      .filter((r) => r.entry.seq > inf.entry.seq && r.entry.at <= boundary + FALLBACK_BY_MS);
    expectThat(
      asked.length === 0,
      'the HEMS controller takes the 30-minute value from the INF notification and Gets EA only when none came (AIF LV §3.2.1, §3.3.1)',
      `no Get of EA between the INF #${inf.entry.seq} and ${jstText(boundary + FALLBACK_BY_MS)}`,
      `${asked.length} (${asked
        .slice(0, 3)
        .map((r) => `#${r.entry.seq} at ${jstText(r.entry.at)}`)
        .join(', ')}${asked.length > 3 ? ', …' : ''})`,
      [inf.entry.seq, ...asked.slice(0, 3).map((r) => r.entry.seq)],
    );
  },
);

hemsConformance(
  {
    id: 'HC-FALLBK-001',
    title: 'without the 30-minute notification the controller Gets EA from about :05 / :35 (by :10 / :40)',
    specRef: 'AIF-LV-1.01/3.3.1',
    severity: 'major',
    catches: ['no-fallback-get'],
    realTimeMs: afterStartup(HALF_HOUR + FALLBACK_BY_MS + 60_000),
    applies: hemsController,
  },
  async ({ bench, profile }) => {
    bench.notification = 'none';
    const { eaReply } = await startedUp(bench, profile);
    const boundary = nextBoundary(eaReply.entry.at);
    const by = boundary + FALLBACK_BY_MS;
    const get = await bench.waitFor(
      (f) =>
        f.request &&
        f.frame!.esv === ESV.Get &&
        f.frame!.properties.some((p) => p.epc === 0xea) &&
        f.entry.at >= boundary,
      by - bench.now(),
      eaReply.entry.seq,
    );
    if (!get)
      fail(
        'when the 30-minute notification did not come, the HEMS controller Gets EA itself from about :05 / :35 (AIF LV §3.3.1; "about": by 10 minutes past, our reading)',
        `a Get of EA between ${jstText(boundary)} and ${jstText(by)} (no notification was sent)`,
        'none',
        [eaReply.entry.seq],
      );
    observe(
      `fallback Get of EA #${get.entry.seq} at ${jstText(get.entry.at)}, ${seconds(boundary, get.entry.at)} after the boundary`,
    );
  },
);
