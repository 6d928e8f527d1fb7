// How a HEMS controller makes its requests, judged from the frames it sends the harness's meter: at most
// 2 properties each (AIF LV v1.01 §2.4.4), a reply awaited for Timer 1 / Timer 2 before the request is
// sent again (§2.4.2; the meter answers late on purpose, just inside and just outside the timers), the
// daily history through E5 then E2 (figure 3-6, APPENDIX 0x0288 E2/E5 atomic), and refusals or an
// unreadable reply ending that request only.

import { expectThat } from '../../harness/conformance/checks.ts';
import { observe } from '../../harness/conformance/conformance.ts';
import { epcsOf, type RequestMatch, type WireFrame } from '../../harness/conformance/hems-bench.ts';
import {
  AIF_CONTROLLER_OPC,
  AIF_TIMER1_MS,
  AIF_TIMER2_MS,
  afterStartup,
  replyTo,
  seconds,
  startedUp,
  waitForAnswered,
} from '../../harness/conformance/hems-checks.ts';
import { hemsConformance } from '../../harness/conformance/hems-conformance.ts';
import { fail, inconclusive } from '../../harness/conformance/verdict.ts';
import { ESV, esvName } from '../../harness/echonet/esv.ts';
import { hemsController } from './hc-applies.ts';

hemsConformance(
  {
    id: 'HC-OPC-001',
    title: 'every request of the controller carries at most 2 properties (OPC ≤ 2)',
    specRef: 'AIF-LV-1.01/2.4.4',
    severity: 'major',
    catches: ['opc-over-2'],
    realTimeMs: afterStartup(2 * 60_000),
    applies: hemsController,
  },
  async ({ bench, profile }) => {
    await startedUp(bench, profile);
    await bench.pass(Math.max(profile.timers.timer2Ms, AIF_TIMER2_MS)); // the reads that follow the start-up
    const requests = bench.requests();
    for (const r of requests) {
      const opc = r.frame!.properties.length;
      expectThat(
        opc <= AIF_CONTROLLER_OPC,
        `a HEMS controller puts at most ${AIF_CONTROLLER_OPC} properties in one request (AIF LV §2.4.4)`,
        `OPC ≤ ${AIF_CONTROLLER_OPC}`,
        `#${r.entry.seq} ${esvName(r.frame!.esv)} OPC ${opc} (${epcsOf(r.frame!)})`,
        [r.entry.seq],
      );
    }
    observe(
      `${requests.length} requests, OPC ${[...new Set(requests.map((r) => r.frame!.properties.length))].join('/')}`,
    );
  },
);

hemsConformance(
  {
    id: 'HC-TIMER-001',
    title:
      'a reply just inside Timer 1 is taken, and a request is sent again only after its timer ran out (Timer 1, Timer 2)',
    specRef: 'AIF-LV-1.01/2.4.2',
    severity: 'major',
    catches: ['timer1-5s'],
    realTimeMs: (p) =>
      3 * Math.max(p.timers.timer1Ms, AIF_TIMER1_MS) + 3 * Math.max(p.timers.timer2Ms, AIF_TIMER2_MS),
    applies: hemsController,
  },
  async ({ bench, profile }) => {
    const timer1 = Math.max(profile.timers.timer1Ms, AIF_TIMER1_MS);
    const timer2 = Math.max(profile.timers.timer2Ms, AIF_TIMER2_MS);
    // the instance list is not announced: the controller's Get D6 (OPC 1) is answered 2 s before Timer 1;
    // then its first Get of 0x82 (OPC 2 at the AIF's limit) 5 s after Timer 2
    const d6: RequestMatch = { esv: ESV.Get, epc: 0xd6 };
    const attributes: RequestMatch = { esv: ESV.Get, epc: 0x82 };
    bench.announce = 'never';
    bench.answer(d6, { kind: 'late', delayMs: timer1 - 2_000 });
    bench.answer(attributes, { kind: 'late', delayMs: timer2 + 5_000 });
    await bench.startController();
    const asked = await bench.waitForRequest(d6, 2 * timer1 + 30_000);
    if (!asked)
      inconclusive('precondition not met: the controller sent no Get of 0xD6 (HC-START-001 judges that)');
    const repeats = (first: WireFrame, match: RequestMatch, timerMs: number) => {
      const again = bench.requests(match).find((r) => r.entry.seq > first.entry.seq);
      if (!again) return;
      expectThat(
        again.entry.at - first.entry.at >= timerMs,
        `the controller waits ${timerMs === timer1 ? 'Timer 1 (≥ 20 s, OPC = 1)' : 'Timer 2 (≥ 60 s, OPC ≥ 2)'} for the reply before it sends the request again (AIF LV §2.4.2)`,
        `the request #${first.entry.seq} repeated no sooner than ${seconds(0, timerMs)} after it`,
        `#${again.entry.seq} ${seconds(first.entry.at, again.entry.at)} after it`,
        [first.entry.seq, again.entry.seq],
      );
    };
    // the late reply comes inside Timer 1: the controller takes it and reads the attributes next
    const next = await bench.waitForRequest(attributes, timer1 + 2 * timer2, asked.entry.seq);
    repeats(asked, d6, timer1);
    const reply = replyTo(bench, asked);
    if (!next)
      fail(
        'a reply that comes inside Timer 1 is the reply: the controller goes on with it (AIF LV §2.4.2)',
        `after the meter's reply ${reply ? `#${reply.entry.seq} ` : ''}${seconds(0, timer1 - 2_000)} after the Get of 0xD6 #${asked.entry.seq}, the start-up's Get of 0x82`,
        'none',
        [asked.entry.seq, ...(reply ? [reply.entry.seq] : [])],
      );
    // the Get of 0x82 is answered after Timer 2: a second one, if any, no sooner than Timer 2
    await bench.pass(timer2 + 10_000);
    repeats(next, attributes, next.frame!.properties.length >= 2 ? timer2 : timer1);
    const again = bench.requests(attributes).filter((r) => r.entry.seq > next.entry.seq).length;
    observe(
      `Get of 0xD6 answered after ${seconds(0, timer1 - 2_000)}: taken; Get of 0x82 answered after ${seconds(0, timer2 + 5_000)}: sent again ${again} time${again === 1 ? '' : 's'}`,
    );
  },
);

hemsConformance(
  {
    id: 'HC-HIST-001',
    title: 'the daily history is read by SetC E5 (a day 0–99) answered Set_Res, then Get E2',
    specRef: 'APPX-R/0288/E2',
    severity: 'major',
    catches: ['e2-without-e5'],
    realTimeMs: afterStartup(10 * 60_000),
    applies: hemsController,
  },
  async ({ bench, profile }) => {
    await startedUp(bench, profile);
    const e2 = await bench.waitForRequest({ esv: ESV.Get, epc: 0xe2 }, 10 * 60_000);
    if (!e2)
      inconclusive(
        'the controller read no daily history (Get of 0xE2) in the 10 minutes after its start-up: the rule could not be observed',
      );
    const earlier = bench.frames.filter((f) => f.entry.seq < e2.entry.seq);
    const set = earlier
      .filter(
        (f) => f.request && f.frame!.esv === ESV.SetC && f.frame!.properties.some((p) => p.epc === 0xe5),
      )
      .at(-1);
    if (!set)
      fail(
        'the day is set in E5 (SetC) before E2 is read: E2 gives the day E5 selects (APPENDIX 0x0288 E2/E5, AIF LV figure 3-6)',
        'a SetC of 0xE5 before the Get of 0xE2',
        `the Get of 0xE2 #${e2.entry.seq} with no SetC of 0xE5 before it`,
        [e2.entry.seq],
      );
    const day = set.frame!.properties.find((p) => p.epc === 0xe5)!.edt;
    expectThat(
      day.length === 1 && day[0]! <= 99,
      'E5 selects a day of history 1 from 0 (today) to 99 (APPENDIX 0x0288 E5)',
      '1 byte, 0x00–0x63',
      `#${set.entry.seq} E5 = ${[...day].map((b) => b.toString(16).padStart(2, '0')).join('') || '(empty)'}`,
      [set.entry.seq],
    );
    const answer = replyTo(bench, set);
    expectThat(
      answer?.frame?.esv === ESV.Set_Res && answer.entry.seq < e2.entry.seq,
      'E2 is read once E5 has been set (the meter answered Set_Res) (APPENDIX 0x0288 E2/E5, AIF LV figure 3-6)',
      `the Set_Res to #${set.entry.seq} before the Get of 0xE2`,
      answer ? `#${answer.entry.seq} ${esvName(answer.frame?.esv ?? 0)}` : 'no reply before it',
      [set.entry.seq, e2.entry.seq],
    );
    observe(
      `daily history of day ${day[0]} read: SetC E5 #${set.entry.seq}, Get ${epcsOf(e2.frame!)} #${e2.entry.seq}`,
    );
  },
);

hemsConformance(
  {
    id: 'HC-SNA-001',
    title:
      'Get_SNA, SetC_SNA and a malformed reply end their request only: the controller goes on and answers INFC',
    specRef: 'SMCERT/HC-ROBUST',
    severity: 'minor',
    catches: [],
    noFaultBecause:
      'the reference controller has no fault switch that stops on a refusal or a malformed reply',
    realTimeMs: afterStartup(4 * 60_000),
    applies: hemsController,
  },
  async ({ bench, profile }) => {
    const timer2 = Math.max(profile.timers.timer2Ms, AIF_TIMER2_MS);
    bench.answer({ esv: ESV.Get, epc: 0x9e }, { kind: 'sna' });
    bench.answer({ esv: ESV.Get, epc: 0xd7 }, { kind: 'malformed' });
    bench.answer({ esv: ESV.SetC }, { kind: 'sna' });
    const first = await bench.startController();
    // after the refusal of its Get of 9E and the unreadable reply to its Get of D7, the start-up goes on to EA
    const ea = await waitForAnswered(bench, { esv: ESV.Get, epc: 0xea }, 8 * timer2);
    if (!ea)
      fail(
        'a Get_SNA or a reply the controller cannot read ends that request only: it goes on reading the meter',
        'the start-up reaching its Get of EA after a Get_SNA (to its Get of 0x9E) and a malformed reply (to its Get of 0xD7)',
        `no answered Get of EA within ${seconds(0, 8 * timer2)} of its first frame #${first.entry.seq}`,
        bench.frames.filter((f) => f.entry.direction === 'sent' && !f.frame).map((f) => f.entry.seq),
      );
    await bench.pass(timer2); // a SetC (E5) it makes meanwhile is refused with SetC_SNA
    const infc = await bench.notifyNow(ESV.INFC);
    const res = await bench.waitFor(
      (f) => f.entry.direction === 'received' && f.frame?.esv === ESV.INFC_Res,
      AIF_TIMER1_MS,
      infc.entry.seq,
    );
    const refusedSet = bench.requests({ esv: ESV.SetC }).length;
    expectThat(
      res !== undefined,
      'after refusals and a malformed reply the controller still answers the meter: an INFC gets its INFC_Res',
      `an INFC_Res to the INFC #${infc.entry.seq} within ${seconds(0, AIF_TIMER1_MS)}`,
      'none',
      [infc.entry.seq],
    );
    observe(
      `went on after Get_SNA, a malformed reply${refusedSet ? ` and ${refusedSet} SetC_SNA` : ''}; INFC answered`,
    );
  },
);
