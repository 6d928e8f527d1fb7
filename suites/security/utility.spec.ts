// What a B-route client may not do (the guideline's security requirements, §10; its text is not in the
// suite's sources, so the lists are our reading): change a utility-only property (SEC-UTIL-001: each of
// /security/utilityOnly or suites/security/utility-only.json tried with SetC and SetI, then read back), or
// use a request service a high-voltage meter does not list (SEC-CMD-001, /security/commands). Every
// attempt is in the record: the certificate shows the attack list, not only the verdict.

import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectEsv, expectThat } from '../../harness/conformance/checks.ts';
import { conformance, observe } from '../../harness/conformance/conformance.ts';
import { DeviceSilent, type Exchange } from '../../harness/conformance/dut-client.ts';
import { type Gate, meters } from '../../harness/conformance/gates.ts';
import { utilityOnlyEpcs } from '../../harness/conformance/utility-only.ts';
import { fail } from '../../harness/conformance/verdict.ts';
import { ESV, esvName } from '../../harness/echonet/esv.ts';
import { byteHex, toHex } from '../../harness/echonet/hex.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';

/** A request the meter refuses: its SNA, or no answer within the timer (both keep the value). */
async function attempt(send: () => Promise<Exchange>): Promise<Exchange | 'silent'> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof DeviceSilent) return 'silent';
    throw error;
  }
}

const answered = (x: Exchange | 'silent') =>
  x === 'silent' ? 'no answer' : `${esvName(x.frame.esv)} #${x.reply.entry.seq}`;

const utilityGate: Gate = (p) => {
  const meter = meters(p);
  if (meter !== true) return meter;
  return utilityOnlyEpcs(p).length > 0 ? true : 'the profile serves none of the utility-only properties';
};

conformance(
  {
    id: 'SEC-UTIL-001',
    title:
      'a B-route client cannot change a utility-only property: SetC and SetI refused, the value unchanged',
    specRef: 'BRG-LV/10',
    severity: 'critical',
    applies: utilityGate,
    catches: ['utility-setting-from-b-route'],
    realTimeMs: (p) => FEW_REQUESTS_MS + 2 * p.timers.timer1Ms * utilityOnlyEpcs(p).length,
  },
  async ({ profile, dut }) => {
    const tried: string[] = [];
    for (const epc of utilityOnlyEpcs(profile)) {
      const before = await dut.get(epc);
      if (before.frame.esv !== ESV.Get_Res || !('properties' in before.frame)) {
        tried.push(`${byteHex(epc)}: not readable (${esvName(before.frame.esv)}), not tried`);
        continue;
      }
      const value = before.frame.properties[0]!.edt;
      const other = Uint8Array.from(value, (b, i) => (i === value.length - 1 ? b ^ 0x01 : b));
      const rule = `a B-route client cannot change ${byteHex(epc)}, a utility-only property (/security/utilityOnly; B-route guideline §10, our reading)`;
      for (const esv of [ESV.SetC, ESV.SetI] as const) {
        const x = await attempt(() => dut.request(esv, [{ epc, edt: other }]));
        if (x !== 'silent' && x.frame.esv === ESV.Set_Res)
          fail(
            rule,
            `${esvName(esv === ESV.SetC ? ESV.SetC_SNA : ESV.SetI_SNA)} or no answer`,
            `Set_Res (${toHex(x.reply.bytes)})`,
            [x.requestEntry.seq, x.reply.entry.seq],
          );
        const after = await dut.get(epc);
        const now = 'properties' in after.frame ? after.frame.properties[0]?.edt : undefined;
        expectThat(
          now !== undefined && toHex(now) === toHex(value),
          rule,
          `${byteHex(epc)} = ${toHex(value)} after ${esvName(esv)} of ${toHex(other)}`,
          now === undefined ? esvName(after.frame.esv) : toHex(now),
          [after.requestEntry.seq, after.reply.entry.seq],
        );
        tried.push(
          `${esvName(esv)} ${byteHex(epc)} = ${toHex(other)} (was ${toHex(value)}): ${answered(x)}, unchanged`,
        );
      }
    }
    observe(`attack list: ${tried.join('; ')}`);
  },
);

/** The request services of ECHONET Lite part 2 §3.2.5 a client can send. */
const SERVICES = ['Get', 'SetC', 'SetI', 'INF_REQ', 'SetGet'] as const;

conformance(
  {
    id: 'SEC-CMD-001',
    title: 'the meter answers only the request services it lists; every other is refused, never served',
    specRef: 'BRG-HV/COMMANDS',
    severity: 'critical',
    applies: (p) => {
      const meter = meters(p);
      if (meter !== true) return meter;
      return p.security?.commands ? true : 'the profile lists no command set (/security/commands)';
    },
    catches: ['command-outside-list-answered'],
    realTimeMs: (p) => FEW_REQUESTS_MS + 2 * p.timers.timer1Ms * SERVICES.length,
  },
  async ({ profile, dut }) => {
    const listed = profile.security!.commands!;
    const maps = declaredMaps(profile);
    const readable = maps.get.find((e) => e === 0x80) ?? maps.get[0]!;
    const writable = maps.set[0] ?? readable;
    const empty = new Uint8Array(0);
    const tried: string[] = [];
    for (const service of SERVICES) {
      const esv = ESV[service];
      const before = await dut.get(writable);
      const value = 'properties' in before.frame ? (before.frame.properties[0]?.edt ?? empty) : empty;
      const x = await attempt(() =>
        service === 'SetGet'
          ? dut.request(esv, { set: [{ epc: writable, edt: value }], get: [{ epc: readable, edt: empty }] })
          : dut.request(
              esv,
              service === 'SetC' || service === 'SetI'
                ? [{ epc: writable, edt: value }]
                : [{ epc: readable, edt: empty }],
            ),
      );
      tried.push(`${service} of ${byteHex(service.startsWith('Set') ? writable : readable)}: ${answered(x)}`);
      if (listed.includes(service)) {
        if (service === 'Get' && x !== 'silent')
          expectEsv(x, ESV.Get_Res, 'a listed service is answered: Get of a served EPC → Get_Res');
        continue;
      }
      const snaOf = { SetC: ESV.SetC_SNA, SetI: ESV.SetI_SNA, INF_REQ: ESV.INF_SNA, SetGet: ESV.SetGet_SNA };
      const sna = snaOf[service as keyof typeof snaOf];
      if (x !== 'silent' && x.frame.esv !== sna)
        fail(
          `the meter answers only the request services it lists (${listed.join(', ')}; /security/commands): ${service} is refused`,
          `${esvName(sna)} or no answer`,
          `${esvName(x.frame.esv)} (${toHex(x.reply.bytes)})`,
          [x.requestEntry.seq, x.reply.entry.seq],
        );
    }
    observe(`listed: ${listed.join(', ')}; tried: ${tried.join('; ')}`);
  },
);
