// Frames within the Wi-SUN limit (echonet-smart-meter.md §4.1 SKSENDTO, §4.3 ERXUDP): one ECHONET Lite
// frame crosses the B-route as one UDP datagram of at most transport.maxFrameBytes, by default 0x04D0 =
// 1232 bytes (harness/transport/skstack/frame-limit.ts: the limit smdn/Smdn.Net.SkStackIP takes from the
// BP35A1 command reference; 1232 is also the IPv6 minimum MTU 1280 less the IPv6 and UDP headers).
// CU-SIZE-001: every Get_Res the meter sends fits, its selectors set to their largest count first (the
// histories EC, EE and the next-generation ones at their most values, E2/E4, the property maps).
// CU-SIZE-002: the module carries a datagram of the limit and refuses one byte more with FAIL.
import { findProperty, waitsTimer2 } from '../../harness/classes/class-facts.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectThat, framesOf, propertiesOf } from '../../harness/conformance/checks.ts';
import { conformance, observe } from '../../harness/conformance/conformance.ts';
import type { DutClient, Exchange } from '../../harness/conformance/dut-client.ts';
import { MINUTE, selector } from '../../harness/conformance/meter-reads.ts';
import { inconclusive } from '../../harness/conformance/verdict.ts';
import type { WisunSession } from '../../harness/conformance/wisun-session.ts';
import { classOf, eoj, NODE_PROFILE } from '../../harness/echonet/eoj.ts';
import { ESV, esvName } from '../../harness/echonet/esv.ts';
import { byteHex } from '../../harness/echonet/hex.ts';
import { decodePropertyMap } from '../../harness/echonet/property-map.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import type { Profile } from '../../harness/profile/profile.ts';
import { EVENT } from '../../harness/transport/skstack/events.ts';
import { frameLimitOf } from '../../harness/transport/skstack/frame-limit.ts';
import { joinedModule, onWisun, onWisunAnd } from './cu-applies.ts';

/** The profile's frame limit (a Wi-SUN profile: the gate made sure). */
const limitOf = (p: Profile): number => (p.transport.type === 'skstack' ? frameLimitOf(p.transport) : 0);

/** Most values a next-generation selector takes (smcert's layout, as 0x0288 ED: 1–12). */
const NEXT_GENERATION_MAX_COUNT = 12;
/** Node profile EPCs a real device is assumed to serve, for the wall-time estimate only. */
const NODE_PROFILE_GETS = 16;

/** The selectors of the meter object with their largest count: the class data's (ED, EF) and the items'. */
function selectorsOf(p: Profile, now: number): { epc: number; edt: Uint8Array; what: string }[] {
  const classCode = classOf(eoj(p.classes[0]!.eoj));
  const out: { epc: number; edt: Uint8Array; what: string }[] = [];
  for (const epc of declaredMaps(p).set) {
    const fields = findProperty(classCode, epc)?.fields;
    const n = fields?.find((f) => f.name === 'n')?.range;
    const start = fields?.find((f) => f.type === 'date-time_6');
    if (!n || !start) continue;
    // the latest boundary its minute step allows, one step back: an interval that has ended
    const step = (start.minuteStep ?? 1) * MINUTE;
    out.push({ epc, edt: selector(Math.floor(now / step) * step - step, n.max), what: `n = ${n.max}` });
  }
  for (const item of p.nextGeneration ?? []) {
    if (!item.selectorEpc) continue;
    const step = item.intervalMinutes * MINUTE;
    out.push({
      epc: Number.parseInt(item.selectorEpc, 16),
      edt: selector(Math.floor(now / step) * step - step, NEXT_GENERATION_MAX_COUNT),
      what: `n = ${NEXT_GENERATION_MAX_COUNT}`,
    });
  }
  return out;
}

/** The wall time on a real device: every Get and selector answered at its timer's limit. */
function realTimeOfSizes(p: Profile): number {
  const classCode = classOf(eoj(p.classes[0]!.eoj));
  const gets = declaredMaps(p).get.reduce(
    (sum, epc) => sum + (waitsTimer2(classCode, epc) ? p.timers.timer2Ms : p.timers.timer1Ms),
    0,
  );
  const selectors = selectorsOf(p, 0).length + NODE_PROFILE_GETS + 1;
  return gets + selectors * p.timers.timer1Ms + FEW_REQUESTS_MS;
}

interface Sized {
  readonly what: string;
  readonly bytes: number;
  readonly frames: number[];
}

/** Get of one EPC; its reply's size on the radio (the ERXUDP data: the whole frame). */
async function sizeOf(dut: DutClient, epc: number, object?: typeof NODE_PROFILE): Promise<Sized> {
  const x: Exchange = await dut.request(
    ESV.Get,
    [{ epc, edt: new Uint8Array(0) }],
    object ? { deoj: object } : {},
  );
  const where = object ? `node profile ${byteHex(epc)}` : byteHex(epc);
  const what = x.frame.esv === ESV.Get_Res ? where : `${where} (${esvName(x.frame.esv)})`;
  return { what, bytes: x.reply.bytes.length, frames: framesOf(x) };
}

conformance(
  {
    id: 'CU-SIZE-001',
    title: 'every Get_Res the meter sends over Wi-SUN fits the frame limit (0x04D0 bytes by default)',
    specRef: 'SK/FRAME-LIMIT',
    severity: 'major',
    applies: onWisunAnd((p) =>
      p.kind === 'comms-unit'
        ? 'the module is under test (kind "comms-unit"): the frames are those of the lab’s meter behind it, judged on its own profile'
        : true,
    ),
    catches: [],
    noFaultBecause:
      'no reference meter frame comes near the limit (the largest, E2/E4, is 208 bytes); a meter that inflated one would break its class-data size first, which the generated cases catch. harness/cli/run-wisun.test.ts shows the FAIL with a limit of 150 bytes',
    realTimeMs: realTimeOfSizes,
  },
  async ({ wisun, dut, profile, clock }) => {
    joinedModule(wisun);
    const limit = limitOf(profile);
    // the selected histories at their largest: each selector set to its most values first
    for (const s of selectorsOf(profile, clock.now())) {
      const x = await dut.setC(s.epc, s.edt);
      if (x.frame.esv !== ESV.Set_Res)
        observe(`${byteHex(s.epc)} refused ${s.what} (${esvName(x.frame.esv)}): its history read as it was`);
    }
    const sized: Sized[] = [];
    for (const epc of declaredMaps(profile).get) sized.push(await sizeOf(dut, epc));
    const map = await dut.request(ESV.Get, [{ epc: 0x9f, edt: new Uint8Array(0) }], { deoj: NODE_PROFILE });
    const edt = propertiesOf(map.frame).find((p) => p.epc === 0x9f)?.edt;
    const decoded = edt && edt.length > 0 ? decodePropertyMap(edt) : undefined;
    if (!decoded?.ok) inconclusive('the node profile’s Get map (0x9F) could not be read', framesOf(map));
    for (const epc of decoded.value) sized.push(await sizeOf(dut, epc, NODE_PROFILE));
    const largest = sized.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    observe(`largest Get_Res: ${largest.what}, ${largest.bytes} of ${limit} bytes (${sized.length} read)`);
    const over = sized.filter((s) => s.bytes > limit);
    expectThat(
      over.length === 0,
      `every frame the meter sends fits one SKSENDTO of at most ${limit} bytes (transport.maxFrameBytes)`,
      `at most ${limit} bytes each`,
      over.map((s) => `${s.what}: ${s.bytes} bytes`).join(', '),
      over.flatMap((s) => s.frames),
    );
  },
);

/** SKSENDTO of `data` to the meter's ECHONET Lite port: the module's answer and whether EVENT 21 came. */
async function sendTo(s: WisunSession, data: Uint8Array) {
  const side = s.dialect.side === undefined ? '' : ` ${s.dialect.side}`;
  const len = data.length.toString(16).toUpperCase().padStart(4, '0');
  return s.run(`SKSENDTO 1 ${s.meter.address} 0E1A 1${side} ${len}`, {
    data,
    waitingFor: 'EVENT 21',
    until: (r) => r.kind === 'event' && r.code === EVENT.udpSendCompleted,
  });
}

/**
 * Data no node takes for a frame (EHD1 0x20, not 0x10: ECHONET Lite part 2 §3.2.1), ending in CR LF: a
 * module that refused the line before its data and reads the data as a command line ends that line there.
 */
function filler(length: number): Uint8Array {
  const data = new Uint8Array(length).fill(0x20);
  data.set([0x0d, 0x0a], length - 2);
  return data;
}

conformance(
  {
    id: 'CU-SIZE-002',
    title: 'the module sends an SKSENDTO of the frame limit and refuses one byte more with FAIL',
    specRef: 'SK/SENDTO-LIMIT',
    severity: 'major',
    applies: onWisun,
    catches: ['sk-sendto-over-limit-accepted'],
    realTimeMs: FEW_REQUESTS_MS,
  },
  async ({ wisun, profile }) => {
    const s = joinedModule(wisun);
    const limit = limitOf(profile);
    const atLimit = await sendTo(s, filler(limit));
    expectThat(
      atLimit.ok,
      `SKSENDTO carries ${limit} data bytes (the limit, transport.maxFrameBytes)`,
      'EVENT 21 and OK',
      atLimit.ok ? 'OK' : `FAIL ${atLimit.code}`,
      [],
    );
    const from = s.records.length;
    const over = await sendTo(s, filler(limit + 1));
    // whatever the module made of the refused send's data has come by now
    await s.pass(1000);
    const sent = s
      .events(from)
      .filter((e) => e.code === EVENT.udpSendCompleted)
      .map((e) => e.text);
    if (!over.ok) observe(`${limit + 1} data bytes: FAIL ${over.code}`);
    expectThat(
      !over.ok && sent.length === 0,
      `SKSENDTO with <DATALEN> ${limit + 1} (one over the limit) is refused with FAIL and nothing is sent`,
      'FAIL (ER06, out of range, on the emulated module), no EVENT 21',
      over.ok ? `OK after ${sent.join(', ') || 'no EVENT 21'}` : `FAIL ${over.code}, then ${sent.join(', ')}`,
      [],
    );
    // the module still takes commands after the refused send
    const ver = await s.run('SKVER');
    if (!ver.ok) inconclusive(`the module answered SKVER after the refused send with FAIL ${ver.code}`);
  },
);
