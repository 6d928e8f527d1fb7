// Every LV meter fault switch not shown elsewhere changes what goes on the wire: the same requests, sent
// over the loopback network to a clean and to a faulty meter (EchonetNode + LvMeterObject), get replies
// that differ, in the property the fault's rule is about.
import { expect, test } from '@playwright/test';
import { fromJst } from '../../clock/jst.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { decodeStrict } from '../../echonet/decode-strict.ts';
import { encodeFrame } from '../../echonet/encode.ts';
import { HEMS_CONTROLLER, LV_METER } from '../../echonet/eoj.ts';
import { ESV } from '../../echonet/esv.ts';
import type { Property } from '../../echonet/frame.ts';
import { fromHex, toHex } from '../../echonet/hex.ts';
import { createLoopbackNetwork } from '../../transport/loopback.ts';
import { EchonetNode } from '../node/echonet-node.ts';
import { DEFAULT_LV_METER, type LvMeterConfig } from './lv-meter-config.ts';
import { LvMeterObject } from './lv-meter-object.ts';

const AT = fromJst({ year: 2026, month: 3, day: 15, hour: 12, minute: 10, second: 5 });
/** [ESV, EPC, EDT hex] */
type Step = [typeof ESV.Get | typeof ESV.SetC, number, string];
const get = (...epcs: number[]): Step[] => epcs.map((epc) => [ESV.Get, epc, '']);

const CASES: { fault: string; steps: Step[]; config?: Partial<LvMeterConfig>; opc?: number[] }[] = [
  { fault: 'opc-capped-at-3', steps: [], opc: [0x80, 0x81, 0x88, 0x8a] },
  { fault: 'get-map-lists-unserved', steps: get(0xec) },
  { fault: 'e1-wrong-unit', steps: get(0xe1) },
  { fault: 'counter-backwards', steps: [[ESV.SetC, 0xe5, '01'], ...get(0xe2)] },
  // 99 999.9 kWh less 1 kWh at installation: the counter passes 10^6 units of 0.1 kWh on day one
  { fault: 'no-roll-over', steps: get(0xe0), config: { counterOffsetWmin: 6e9 - 60_000 } },
  { fault: 'e2-newest-first', steps: [[ESV.SetC, 0xe5, '01'], ...get(0xe2)] },
  { fault: 'e2-day-field-zero', steps: [[ESV.SetC, 0xe5, '01'], ...get(0xe2)] },
  { fault: 'unrecorded-slot-zero', steps: [[ESV.SetC, 0xe5, '00'], ...get(0xe2)] },
  { fault: 'ea-stale', steps: get(0xea) },
  { fault: 'ed-any-minute', steps: [[ESV.SetC, 0xed, '07EA030F0A0A03']] },
  { fault: 'ec-oldest-first', steps: [[ESV.SetC, 0xed, '07EA030F0B0003'], ...get(0xec)] },
  { fault: 'ef-n-11-accepted', steps: [[ESV.SetC, 0xef, '07EA030F0C050B']] },
  { fault: 'c0-byte0-wrong', steps: get(0xc0) },
  { fault: 'd7-ascii-digit', steps: get(0xd7) },
  { fault: 'd0-two-minutes-old', steps: get(0xd0) },
  // the E2 reply waits 90 s of the clock, which does not move here: none comes
  { fault: 'e2-answered-late', steps: [[ESV.SetC, 0xe5, '01'], ...get(0xe2)] },
  {
    fault: 'next-gen-latest-stale',
    steps: get(0xf0),
    config: {
      nextGeneration: [{ quantity: 'active-energy', intervalMinutes: 5, retentionDays: 3, epc: '0xF0' }],
    },
  },
];

/** The replies of a meter with these faults to the steps, one hex string each. */
async function replies(faults: string[], c: (typeof CASES)[number]): Promise<string[]> {
  const clock = new VirtualClock({ start: AT });
  const network = createLoopbackNetwork();
  const config = {
    ...DEFAULT_LV_METER,
    ...c.config,
    installedAt: AT - 86_400_000 * 3,
    faults: new Set(faults),
  };
  const node = new EchonetNode({
    transport: network.attach({ address: '127.0.0.2', port: 3610 }),
    clock,
    objects: [new LvMeterObject(config, clock)],
    makerCode: config.makerCode,
    uniqueId: new Uint8Array(13),
    opcLimit: 6,
    responseLatencyMs: 0,
    faults: config.faults,
  });
  await node.start();
  const client = network.attach({ address: '127.0.0.1', port: 3610 });
  const got: string[] = [];
  client.onReceive((d) => got.push(toHex(d.bytes)));
  const requests: [Step[0], Property[]][] = c.steps.map(([esv, epc, hex]) => [
    esv,
    [{ epc, edt: fromHex(hex) }],
  ]);
  if (c.opc) requests.push([ESV.Get, c.opc.map((epc) => ({ epc, edt: new Uint8Array(0) }))]);
  for (const [tid, [esv, properties]] of requests.entries()) {
    const bytes = encodeFrame({ format: 1, tid, seoj: HEMS_CONTROLLER, deoj: LV_METER, esv, properties });
    await client.send(bytes, { address: '127.0.0.2', port: 3610 });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  node.stop();
  return got;
}

for (const c of CASES) {
  test(`fault ${c.fault}: visible on the wire`, async () => {
    const clean = await replies([], c);
    const faulty = await replies([c.fault], c);
    expect(clean.length, 'the clean meter answers every request').toBe(c.steps.length + (c.opc ? 1 : 0));
    for (const reply of [...clean, ...faulty]) expect(decodeStrict(fromHex(reply)).ok, reply).toBe(true);
    expect(
      faulty,
      `${c.fault}: replies differ from the clean meter's\nclean: ${clean.join('\n       ')}`,
    ).not.toEqual(clean);
  });
}
