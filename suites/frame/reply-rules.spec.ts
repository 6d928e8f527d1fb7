// Frame-level rules every ECHONET Lite node follows when it answers: TID echoed, SEOJ/DEOJ swapped, the
// response ESV of each request ESV, the SNA bodies, unknown objects, OPC up to the declared maximum.

import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectEsv, expectReplyRules, framesOf, precondition } from '../../harness/conformance/checks.ts';
import { conformance, NotApplicable } from '../../harness/conformance/conformance.ts';
import { type Arrival, DeviceSilent } from '../../harness/conformance/dut-client.ts';
import { answersGate, meters } from '../../harness/conformance/gates.ts';
import { fail } from '../../harness/conformance/verdict.ts';
import { encodeFrame } from '../../harness/echonet/encode.ts';
import { eoj, HEMS_CONTROLLER } from '../../harness/echonet/eoj.ts';
import { ESV, esvInfo } from '../../harness/echonet/esv.ts';
import { fromHex } from '../../harness/echonet/hex.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import type { Profile } from '../../harness/profile/profile.ts';

const always = () => true as const;
const empty = new Uint8Array(0);
/** AIF LV §2.4.4: a meter answers requests of up to 6 properties. */
const OPC_RULE = 6;
/**
 * An EPC the device does not serve: the highest of the manufacturer range (0xF0–0xFF) that its declared
 * Get map lacks (a real meter may serve any of them, so the declaration decides).
 */
function unservedEpc(profile: Profile): number {
  if (!profile.classes[0]?.declared?.get)
    throw new NotApplicable('the profile declares no Get map: no EPC is known to be unserved');
  const served = declaredMaps(profile).get;
  for (let epc = 0xff; epc >= 0xf0; epc--) if (!served.includes(epc)) return epc;
  throw new NotApplicable('the declared Get map lists every EPC of 0xF0–0xFF: none is known to be unserved');
}

conformance(
  {
    id: 'FR-TID-001',
    title: 'a response carries the TID of its request',
    specRef: 'EL-1.14/2/3.2.2',
    severity: 'critical',
    realTimeMs: FEW_REQUESTS_MS,
    applies: always,
    catches: ['tid-not-echoed'],
  },
  async ({ dut }) => {
    for (const tid of [0x0000, 0x1234, 0xffff]) {
      const x = await dut.request(ESV.Get, [{ epc: 0x80, edt: empty }], { tid });
      if (x.frame.tid !== tid) fail('TID echoed', hex4(tid), hex4(x.frame.tid), framesOf(x));
    }
  },
);

conformance(
  {
    id: 'FR-EOJ-001',
    title: 'a response swaps SEOJ and DEOJ of its request',
    specRef: 'EL-1.14/2/3.2.4',
    severity: 'critical',
    realTimeMs: FEW_REQUESTS_MS,
    applies: always,
    catches: ['eoj-not-swapped'],
  },
  async ({ dut }) => {
    expectReplyRules(await dut.get(0x80));
    expectReplyRules(await dut.request(ESV.Get, [{ epc: 0x8a, edt: empty }], { deoj: eoj('0EF001') }));
  },
);

conformance(
  {
    id: 'FR-ESV-001',
    title: 'Get is answered with Get_Res, INF_REQ with INF, SetC with Set_Res',
    specRef: 'EL-1.14/2/3.2.5',
    severity: 'critical',
    realTimeMs: FEW_REQUESTS_MS,
    applies: answersGate(always, 'Get', 'INF_REQ', 'SetC'),
    catches: ['get-res-as-inf'],
  },
  async ({ dut }) => {
    const get = await dut.get(0x80);
    expectEsv(get, ESV.Get_Res, 'a Get of a served EPC is answered with Get_Res (table 3-10)');
    expectReplyRules(get);
    const infReq = await dut.request(ESV.INF_REQ, [{ epc: 0x80, edt: empty }]);
    expectEsv(infReq, ESV.INF, 'an INF_REQ of an announced EPC is answered with INF (table 3-10)');
    const setC = await dut.setC(0x81, Uint8Array.of(0x08));
    expectEsv(setC, ESV.Set_Res, 'a SetC of a writable EPC with a valid value is answered with Set_Res');
    expectReplyRules(setC);
  },
);

conformance(
  {
    id: 'FR-SNA-001',
    title: 'Get of an EPC the object lacks: Get_SNA, the refused EPC with PDC 0',
    specRef: 'EL-1.14/2/3.2.5',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: always,
    catches: ['get-sna-pdc-nonzero'],
  },
  async ({ dut, profile }) => {
    const x = await dut.get(0x80, unservedEpc(profile));
    expectEsv(x, ESV.Get_SNA, 'a Get with a refused EPC is answered with Get_SNA');
    expectReplyRules(x);
  },
);

conformance(
  {
    id: 'FR-SNA-002',
    title: 'SetC of a read-only EPC: SetC_SNA echoing the refused PDC and EDT',
    specRef: 'EL-1.14/2/3.2.5',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: meters,
    catches: ['setc-sna-no-echo'],
  },
  async ({ dut }) => {
    const x = await dut.setC(0xe0, Uint8Array.of(0, 0, 0, 1));
    expectEsv(x, ESV.SetC_SNA, 'a SetC of a read-only EPC is answered with SetC_SNA');
    expectReplyRules(x);
  },
);

conformance(
  {
    id: 'FR-SNA-003',
    title: 'SetI of a read-only EPC: SetI_SNA echoing the refused EPC; SetI accepted: no reply',
    specRef: 'EL-1.14/2/3.2.5',
    severity: 'minor',
    catches: ['seti-accepted-answered'],
    realTimeMs: FEW_REQUESTS_MS,
    applies: answersGate(meters, 'SetI'),
  },
  async ({ dut }) => {
    const x = await dut.request(ESV.SetI, [{ epc: 0xe0, edt: Uint8Array.of(0, 0, 0, 1) }]);
    expectEsv(x, ESV.SetI_SNA, 'a refused SetI is answered with SetI_SNA');
    expectReplyRules(x);
    try {
      const accepted = await dut.request(ESV.SetI, [{ epc: 0x81, edt: Uint8Array.of(0x08) }]);
      fail(
        'an accepted SetI gets no reply (table 3-10)',
        'no reply',
        accepted.frame.esv.toString(16),
        framesOf(accepted),
      );
    } catch (error) {
      if (!(error instanceof DeviceSilent)) throw error;
    }
  },
);

conformance(
  {
    id: 'FR-SNA-004',
    title: 'INF_REQ of an EPC the object lacks: INF_SNA with PDC 0',
    specRef: 'EL-1.14/2/3.2.5',
    severity: 'minor',
    catches: ['inf-req-sna-as-get-sna'],
    realTimeMs: FEW_REQUESTS_MS,
    applies: answersGate(always, 'INF_REQ'),
  },
  async ({ dut, profile }) => {
    const x = await dut.request(ESV.INF_REQ, [{ epc: unservedEpc(profile), edt: empty }]);
    expectEsv(x, ESV.INF_SNA, 'an INF_REQ of a property the object lacks is answered with INF_SNA');
    expectReplyRules(x);
  },
);

conformance(
  {
    id: 'FR-SNA-005',
    title: 'SetGet: SetGet_Res when all is accepted, SetGet_SNA naming the refused EPCs otherwise',
    specRef: 'EL-1.14/2/3.2.5',
    severity: 'minor',
    catches: ['setget-always-sna'],
    realTimeMs: FEW_REQUESTS_MS,
    applies: answersGate(meters, 'SetGet'),
  },
  async ({ dut }) => {
    const ok = await dut.request(ESV.SetGet, {
      set: [{ epc: 0x81, edt: Uint8Array.of(0x08) }],
      get: [{ epc: 0x80, edt: empty }],
    });
    expectReplyRules(ok);
    const refused = await dut.request(ESV.SetGet, {
      set: [{ epc: 0xe0, edt: Uint8Array.of(0, 0, 0, 1) }],
      get: [{ epc: 0x80, edt: empty }],
    });
    expectEsv(refused, ESV.SetGet_SNA, 'a SetGet with a refused write is answered with SetGet_SNA');
    expectReplyRules(refused);
  },
);

conformance(
  {
    id: 'FR-DEOJ-001',
    title: 'a request to an object the node does not have is discarded',
    specRef: 'EL-1.14/2/4.2.3',
    severity: 'minor',
    catches: ['missing-object-answered'],
    realTimeMs: FEW_REQUESTS_MS,
    applies: always,
  },
  async ({ dut }) => {
    // silence proves nothing of a node that answers nothing: it must answer its own object first
    await precondition('the node answers a Get of its object', dut.get(0x80));
    try {
      const x = await dut.request(ESV.Get, [{ epc: 0x80, edt: empty }], { deoj: eoj('013001') });
      fail(
        'a request to a missing object is discarded',
        'no reply',
        `a reply ${x.reply.entry.summary}`,
        framesOf(x),
      );
    } catch (error) {
      if (!(error instanceof DeviceSilent)) throw error;
    }
  },
);

conformance(
  {
    id: 'FR-OPC-001',
    title: 'a meter answers requests of up to 6 properties in full',
    specRef: 'AIF-LV-1.01/2.4.4',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    // AIF §2.4.4: 6 properties per request; a profile declaring fewer cannot be held to it here
    applies: (p) => {
      if (meters(p) !== true) return meters(p);
      if (p.timers.opcLimit < OPC_RULE)
        return `the profile declares an OPC limit of ${p.timers.opcLimit}, below the ${OPC_RULE} of the rule`;
      const declared = declaredMaps(p).get.length;
      return declared < OPC_RULE ? `the profile declares ${declared} Get EPCs, fewer than ${OPC_RULE}` : true;
    },
    catches: ['opc-capped-at-3'],
  },
  async ({ dut, profile }) => {
    // the first EPCs of the declared Get map: each one the device says it serves
    const epcs = declaredMaps(profile).get.slice(0, OPC_RULE);
    const x = await dut.get(...epcs);
    expectEsv(
      x,
      ESV.Get_Res,
      `a Get of ${epcs.length} served EPCs (OPC ${epcs.length} ≤ 6) is answered in full with Get_Res`,
    );
    expectReplyRules(x);
  },
);

conformance(
  {
    id: 'FR-TMR-001',
    title: 'a Get is answered within Timer 1 (20 s)',
    specRef: 'AIF-LV-1.01/2.4.2',
    severity: 'critical',
    realTimeMs: FEW_REQUESTS_MS,
    applies: always,
    onSilence: 'FAIL',
    catches: ['silent-on-get'],
  },
  async ({ dut }) => {
    // the dut client waits exactly Timer 1 for the reply: no reply by then is this case's FAIL (onSilence)
    await dut.get(0x80);
  },
);

conformance(
  {
    id: 'FR-MAL-001',
    title: 'a malformed frame (PDC beyond the end) gets no reply and does not stop the node',
    specRef: 'EL-1.14/2/3.2.5',
    severity: 'minor',
    catches: ['malformed-answered'],
    realTimeMs: FEW_REQUESTS_MS,
    applies: always,
  },
  async ({ dut }) => {
    const controller = HEMS_CONTROLLER;
    const good = encodeFrame({
      format: 1,
      tid: 0x0101,
      seoj: controller,
      deoj: dut.options.deviceEoj,
      esv: ESV.Get,
      properties: [{ epc: 0x80, edt: empty }],
    });
    const since = dut.fromDevice().length;
    const sent = await dut.send(fromHex(`${Buffer.from(good).toString('hex').slice(0, -2)}05`)); // PDC 5, no EDT
    const alive = await dut.get(0x80);
    expectReplyRules(alive);
    // a reply carries the TID of its request (§3.2.2): anything but a notification with 0x0101 answers it
    const answer = await dut.waitFor(
      (a) => a !== alive.reply && tidOf(a.bytes) === 0x0101 && !isNotification(a),
      dut.options.timer1Ms,
      since,
    );
    if (answer)
      fail('a malformed frame is discarded, not answered', 'no reply', `a reply ${answer.entry.summary}`, [
        sent.seq,
        answer.entry.seq,
      ]);
  },
);

/** The TID of bytes with an ECHONET Lite header (EHD1 0x10), whether or not the rest decodes. */
function tidOf(bytes: Uint8Array): number | undefined {
  return bytes.length >= 4 && bytes[0] === 0x10
    ? ((bytes[2] as number) << 8) | (bytes[3] as number)
    : undefined;
}

function isNotification(a: Arrival): boolean {
  return a.frame?.format === 1 && esvInfo(a.frame.esv)?.role === 'notification';
}

function hex4(n: number): string {
  return `0x${n.toString(16).padStart(4, '0').toUpperCase()}`;
}
