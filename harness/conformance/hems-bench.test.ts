// The HEMS bench's knobs, seen from a controller's side of the wire (a probe on the loopback network):
// the meter answers at once, late, with the SNA of the service, with a malformed reply, or not at all;
// announces its instance list at link-up unless told not to; records every frame both ways.
import { expect, test } from '@playwright/test';
import { DAY } from '../clock/durations.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { DEFAULT_LV_METER } from '../devices/lv-meter/lv-meter-config.ts';
import { decodeStrict } from '../echonet/decode-strict.ts';
import { encodeFrame } from '../echonet/encode.ts';
import { HEMS_CONTROLLER, LV_METER, NODE_PROFILE } from '../echonet/eoj.ts';
import { ESV, esvName } from '../echonet/esv.ts';
import type { SimpleFrame } from '../echonet/frame.ts';
import { createLoopbackNetwork } from '../transport/loopback.ts';
import { HemsBench } from './hems-bench.ts';
import { Transcript } from './transcript.ts';

const METER_AT = { address: '127.0.0.2', port: 3610 };
const CONTROLLER_AT = { address: '127.0.0.3', port: 3610 };

function setUp() {
  const clock = new VirtualClock({ start: Date.parse('2026-06-15T12:10:05+09:00') });
  const network = createLoopbackNetwork();
  const transcript = new Transcript();
  const controller = network.attach(CONTROLLER_AT);
  const heard: { at: number; frame: SimpleFrame | undefined; bytes: Uint8Array }[] = [];
  controller.onReceive((d) => {
    const decoded = decodeStrict(d.bytes);
    heard.push({
      at: clock.now(),
      frame: decoded.ok && 'properties' in decoded.frame ? (decoded.frame as SimpleFrame) : undefined,
      bytes: d.bytes,
    });
  });
  const bench = new HemsBench({
    clock,
    transcript,
    transport: network.attach(METER_AT),
    meter: { ...DEFAULT_LV_METER, installedAt: clock.now() - 3 * DAY },
    linkUpOnFirstFrame: true,
    launch: async () => {},
    firstFrameMs: 1_000,
  });
  let tid = 0;
  const ask = (esv: typeof ESV.Get | typeof ESV.SetC, epcs: number[], edt = new Uint8Array(0)) =>
    controller.send(
      encodeFrame({
        format: 1,
        tid: ++tid,
        seoj: HEMS_CONTROLLER,
        deoj: epcs.includes(0xd6) ? NODE_PROFILE : LV_METER,
        esv,
        properties: epcs.map((epc) => ({ epc, edt })),
      }),
      METER_AT,
    );
  return { clock, bench, transcript, heard, ask };
}

test.describe('HEMS bench: the harness’s meter and its knobs', () => {
  test('link-up: the first frame heard makes the meter announce 0xD5; with announce "never" it stays quiet', async () => {
    for (const announce of ['at-link-up', 'never'] as const) {
      const { bench, heard, ask } = setUp();
      bench.announce = announce;
      bench.start();
      await ask(ESV.Get, [0xd6]);
      await bench.pass(1);
      const names = heard.map((h) => esvName(h.frame!.esv).split(' ')[0]);
      expect(names, `announce ${announce}`).toEqual(announce === 'never' ? ['Get_Res'] : ['INF', 'Get_Res']);
    }
  });

  test('knobs: late by the given ms, Get_SNA, SetC_SNA echoing the EDT, malformed, silent; then at once again', async () => {
    const { bench, heard, ask, clock, transcript } = setUp();
    bench.announce = 'never';
    bench.answer({ esv: ESV.Get, epc: 0xe7 }, { kind: 'late', delayMs: 18_000 });
    bench.answer({ esv: ESV.Get, epc: 0x82 }, { kind: 'sna' });
    bench.answer({ esv: ESV.SetC }, { kind: 'sna' });
    bench.answer({ esv: ESV.Get, epc: 0xd7 }, { kind: 'malformed' });
    bench.answer({ esv: ESV.Get, epc: 0xe1 }, { kind: 'silent' });
    bench.start();
    const t0 = clock.now();
    await ask(ESV.Get, [0xe7]);
    await ask(ESV.Get, [0x82, 0x9d]);
    await ask(ESV.SetC, [0xe5], Uint8Array.of(1));
    await ask(ESV.Get, [0xd7, 0xe1]);
    await ask(ESV.Get, [0xe1]);
    await bench.pass(20_000);
    await ask(ESV.Get, [0xe7]);
    await bench.pass(1);
    expect(
      heard.map((h) => [
        h.at - t0,
        h.frame ? `${esvName(h.frame.esv).split(' ')[0]} ${h.frame.tid}` : 'malformed',
      ]),
    ).toEqual([
      [0, 'Get_SNA 2'],
      [0, 'SetC_SNA 3'],
      [0, 'malformed'],
      [18_000, 'Get_Res 1'],
      [20_000, 'Get_Res 6'],
    ]);
    const sna = heard[0]!.frame!;
    expect(
      sna.properties.map((p) => [p.epc, p.edt.length]),
      'Get_SNA: PDC 0',
    ).toEqual([
      [0x82, 0],
      [0x9d, 0],
    ]);
    expect([...heard[1]!.frame!.properties[0]!.edt], 'SetC_SNA echoes the EDT').toEqual([1]);
    expect(decodeStrict(heard[2]!.bytes).ok, 'the malformed reply is rejected by a strict decoder').toBe(
      false,
    );
    expect(bench.requests().length, 'six requests recorded').toBe(6);
    expect(transcript.entries.length, 'every frame both ways in the transcript').toBe(6 + 5);
    expect(transcript.entries.filter((e) => e.direction === 'received').length).toBe(6);
  });

  test('waitForRequest drives the virtual clock; notifyNow sends INFC to the controller that asked', async () => {
    const { bench, ask, clock, heard } = setUp();
    bench.start();
    const waiting = bench.waitForRequest({ esv: ESV.Get, epc: 0xea }, 60_000);
    clock.setTimer(30_000, () => void ask(ESV.Get, [0xea]));
    const found = await waiting;
    expect(found?.entry.at, 'found when the request came, 30 s of virtual time later').toBe(
      Date.parse('2026-06-15T12:10:35+09:00'),
    );
    const infc = await bench.notifyNow(ESV.INFC);
    expect([infc.frame?.esv, infc.entry.multicast], 'INFC, unicast').toEqual([ESV.INFC, false]);
    await bench.pass(1);
    expect(heard.at(-1)?.frame?.esv).toBe(ESV.INFC);
    expect(
      await bench.waitForRequest({ esv: ESV.SetC }, 10_000),
      'none: undefined at the limit',
    ).toBeUndefined();
  });
});
