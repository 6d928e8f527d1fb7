// A HEMS controller's start-up as the harness's meter sees it on the wire (AIF LV v1.01 §3.1.1, figures
// 3-1 to 3-3; the reference controller's comments, harness/devices/hems-controller/hems-controller.ts):
// it waits Timer 1 for the meter's instance list before asking for it, then reads the ECHONET Lite
// attributes (82, 9D, 9E, 9F) of the meter object, then its meter attributes (D3, D7, E1, EA, and EB when
// the meter measures the reverse direction), in requests from its own object 05FF01.

import { expectThat } from '../../harness/conformance/checks.ts';
import { describeMatch, epcsOf, type WireFrame } from '../../harness/conformance/hems-bench.ts';
import {
  AIF_TIMER1_MS,
  AIF_TIMER2_MS,
  afterStartup,
  seconds,
  startedUp,
} from '../../harness/conformance/hems-checks.ts';
import { hemsConformance } from '../../harness/conformance/hems-conformance.ts';
import { fail } from '../../harness/conformance/verdict.ts';
import { classOf, eojHex, HEMS_CONTROLLER, LV_METER, NODE_PROFILE } from '../../harness/echonet/eoj.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { byteHex } from '../../harness/echonet/hex.ts';
import { hemsController } from './hc-applies.ts';

hemsConformance(
  {
    id: 'HC-START-001',
    title:
      'without the meter’s instance list (INF 0xD5) the controller waits Timer 1, then asks for it (Get 0xD6)',
    specRef: 'AIF-LV-1.01/3.1.1',
    severity: 'major',
    catches: ['no-wait-for-d5'],
    realTimeMs: (p) => 2 * Math.max(p.timers.timer1Ms, AIF_TIMER1_MS) + 60_000,
    applies: hemsController,
  },
  async ({ bench, profile }) => {
    bench.announce = 'never';
    const first = await bench.startController();
    const d6 = { esv: ESV.Get, epc: 0xd6 };
    const limit = 2 * Math.max(profile.timers.timer1Ms, AIF_TIMER1_MS) + 30_000;
    const asked = await bench.waitForRequest(d6, limit);
    if (!asked)
      fail(
        'with no instance list notified, the controller asks for it itself once Timer 1 has run out (AIF LV §3.1.1)',
        `a ${describeMatch(d6)} by ${seconds(0, limit)} after its first frame #${first.entry.seq}`,
        'none',
        [first.entry.seq],
      );
    const waited = asked.entry.at - first.entry.at;
    expectThat(
      waited >= AIF_TIMER1_MS,
      'after link-up the controller waits Timer 1 for the instance list (INF 0xD5) before asking for it (AIF LV §3.1.1, Timer 1 ≥ 20 s §2.4.2)',
      `${describeMatch(d6)} at least ${seconds(0, AIF_TIMER1_MS)} after its first frame #${first.entry.seq}`,
      `#${asked.entry.seq} ${seconds(first.entry.at, asked.entry.at)} after it`,
      [first.entry.seq, asked.entry.seq],
    );
  },
);

hemsConformance(
  {
    id: 'HC-START-002',
    title:
      'start-up reads: Get 82, 9D, 9E, 9F of the meter object, then D3, D7, E1, EA (and EB with reverse flow)',
    specRef: 'AIF-LV-1.01/3.1.1',
    severity: 'critical',
    catches: [],
    noFaultBecause:
      'no fault switch of the reference controller changes the order of its start-up reads (opc-over-2 packs them differently, in the same order)',
    realTimeMs: afterStartup(0),
    applies: hemsController,
  },
  async ({ bench, profile }) => {
    const { eaReply } = await startedUp(bench, profile);
    // D3 and EB are conditional (AIF LV figure 3-3): the harness's meter has both (its Get map says so)
    const echonet = [0x82, 0x9d, 0x9e, 0x9f];
    const meterReads = [0xd3, 0xd7, 0xe1, 0xea, ...(bench.meter.hasReverse ? [0xeb] : [])];
    const asks = (epc: number) => (r: WireFrame) => r.frame!.properties.some((p) => p.epc === epc);
    // EB may follow EA in a request of its own
    if (bench.meter.hasReverse && !bench.requests({ esv: ESV.Get }).some(asks(0xeb)))
      await bench.waitForRequest(
        { esv: ESV.Get, epc: 0xeb },
        Math.max(profile.timers.timer2Ms, AIF_TIMER2_MS),
      );
    const gets = bench.requests({ esv: ESV.Get });
    const missing = [...echonet, ...meterReads].filter((epc) => !gets.some(asks(epc)));
    const listed = gets.map((r) => `#${r.entry.seq} Get ${epcsOf(r.frame!)}`).join(', ');
    expectThat(
      missing.length === 0,
      'the start-up reads the ECHONET Lite attributes 82, 9D, 9E, 9F and the meter attributes D3, D7, E1, EA (EB with reverse flow) (AIF LV §3.1.1–§3.1.3)',
      'a Get of each',
      `none of ${missing.map(byteHex).join(', ')} (${listed})`,
      [eaReply.entry.seq],
    );
    const seqOf = (epc: number) => gets.find(asks(epc))!.entry.seq;
    const lastEchonet = Math.max(...echonet.map(seqOf));
    const firstMeter = Math.min(...meterReads.map(seqOf));
    expectThat(
      lastEchonet < firstMeter,
      'the ECHONET Lite attributes (82, 9D, 9E, 9F; figure 3-2) are read before the meter attributes (D3, D7, E1, EA; figure 3-3) (AIF LV §3.1.2, §3.1.3)',
      'every Get of 82/9D/9E/9F before the first Get of D3/D7/E1/EA/EB',
      listed,
      [lastEchonet, firstMeter],
    );
    for (const r of gets.filter((r) => classOf(r.frame!.deoj) !== classOf(NODE_PROFILE))) {
      expectThat(
        eojHex(r.frame!.deoj) === eojHex(LV_METER),
        'the start-up reads address the meter object the instance list names, 028801 (AIF LV §3.1.2)',
        'DEOJ 028801',
        `#${r.entry.seq} DEOJ ${eojHex(r.frame!.deoj)} Get ${epcsOf(r.frame!)}`,
        [r.entry.seq],
      );
    }
  },
);

hemsConformance(
  {
    id: 'HC-EOJ-001',
    title: 'the controller’s requests come from its controller object 05FF01 (instance code fixed at 0x01)',
    specRef: 'AIF-LV-1.01/2.1',
    severity: 'major',
    catches: ['wrong-seoj'],
    realTimeMs: afterStartup(0),
    applies: hemsController,
  },
  async ({ bench, profile }) => {
    const { eaReply } = await startedUp(bench, profile);
    const sent = bench
      .fromController()
      .filter(
        (f) => f.frame && f.entry.seq < eaReply.entry.seq && classOf(f.frame.seoj) !== classOf(NODE_PROFILE),
      );
    for (const f of sent) {
      expectThat(
        eojHex(f.frame!.seoj) === eojHex(HEMS_CONTROLLER),
        'the HEMS controller object is 05FF01: class 0x05FF, instance code 0x01 (AIF LV §2.1)',
        'SEOJ 05FF01 (or the node profile 0EF001)',
        `#${f.entry.seq} SEOJ ${eojHex(f.frame!.seoj)}`,
        [f.entry.seq],
      );
    }
  },
);
