// Which commands a HEMS controller sends the meter. The B-route guideline lists the information and the
// commands a HEMS may use (§2 and its list of required commands); that list is not in the suite's
// sources, so the rule here is our reading (suites/clauses.json BRG-LV/2): a Get of a property the class
// data gives Get access, required or optional (the AIF's own start-up reads the optional 0x8D and 0xD3,
// figure 3-3: a meter without one answers Get_SNA), from the meter object or its node profile; a SetC or
// SetI of a history selector only (the class data's "atomicWith" partners: E5, ED, EF of 0x0288) that the
// meter's Set map lists; no other service.

import { epcsWith, selectorEpcs } from '../../harness/classes/class-facts.ts';
import { expectThat } from '../../harness/conformance/checks.ts';
import { observe } from '../../harness/conformance/conformance.ts';
import type { HemsBench, WireFrame } from '../../harness/conformance/hems-bench.ts';
import { epcsOf } from '../../harness/conformance/hems-bench.ts';
import { afterStartup, startedUp } from '../../harness/conformance/hems-checks.ts';
import { hemsConformance } from '../../harness/conformance/hems-conformance.ts';
import { classOf, eojHex } from '../../harness/echonet/eoj.ts';
import { ESV, esvName } from '../../harness/echonet/esv.ts';
import { byteHex } from '../../harness/echonet/hex.ts';
import { hemsController } from './hc-applies.ts';

/** How long after the start-up the commands are watched: the history read and a fallback window. */
const WATCHED_MS = 10 * 60_000;

hemsConformance(
  {
    id: 'HC-CMD-001',
    title:
      'the controller sends only B-route commands: Get of a readable property, SetC of the history selectors',
    specRef: 'BRG-LV/2',
    severity: 'major',
    catches: ['sets-installation-location'],
    realTimeMs: afterStartup(WATCHED_MS),
    applies: hemsController,
  },
  async ({ bench, profile }) => {
    await startedUp(bench, profile);
    await bench.pass(WATCHED_MS);
    const requests = bench.requests();
    for (const r of requests) {
      const refused = outsideList(bench, r);
      expectThat(
        refused === undefined,
        'a HEMS controller sends only the B-route commands: Get of a property its class gives Get access, SetC/SetI of a history selector (E5, ED, EF) the meter’s Set map lists (B-route guideline §2, our reading)',
        'a command of that list',
        `#${r.entry.seq} ${esvName(r.frame!.esv)} ${eojHex(r.frame!.deoj)} ${epcsOf(r.frame!)}: ${refused}`,
        [r.entry.seq],
      );
    }
    const kinds = new Set(requests.map((r) => `${esvName(r.frame!.esv)} ${epcsOf(r.frame!)}`));
    observe(`${requests.length} requests, all of the B-route list: ${[...kinds].join('; ')}`);
  },
);

/** Why `request` is not a B-route command of this meter, or undefined when it is. */
function outsideList(bench: HemsBench, request: WireFrame): string | undefined {
  const frame = request.frame!;
  const object = bench.objectAt(frame.deoj);
  if (!object) return `${eojHex(frame.deoj)} is no object of the meter`;
  const epcs = frame.properties.map((p) => p.epc);
  if (frame.esv === ESV.Get) {
    const readable = epcsWith(classOf(object.eoj), 'get');
    const other = epcs.filter((epc) => !readable.includes(epc));
    return other.length === 0
      ? undefined
      : `a Get of ${other.map(byteHex).join(' ')}, which the class data gives no Get access`;
  }
  if (frame.esv === ESV.SetC || frame.esv === ESV.SetI) {
    const selectors = selectorEpcs(classOf(object.eoj)).filter((epc) => object.setMap.includes(epc));
    const other = epcs.filter((epc) => !selectors.includes(epc));
    return other.length === 0
      ? undefined
      : `a Set of ${other.map(byteHex).join(' ')}, not a history selector (${selectors.map(byteHex).join(' ') || 'none'})`;
  }
  return `${esvName(frame.esv)} is not a B-route command (Get, SetC/SetI of a selector)`;
}
