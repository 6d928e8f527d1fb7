// The dut client takes as a reply only the frame that answers the request (TID, EOJs, ESV), whatever else
// the device or its neighbours send meanwhile: replies of another controller, late and repeated replies,
// a reply that breaks one header rule, an INF by multicast, a neighbour's notification on the group.
import { expect, test } from '@playwright/test';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { decodeOrThrow } from '../echonet/decode-strict.ts';
import { encodeFrame } from '../echonet/encode.ts';
import { LV_METER } from '../echonet/eoj.ts';
import { ESV } from '../echonet/esv.ts';
import type { Format1Frame } from '../echonet/frame.ts';
import { createLoopbackNetwork } from '../transport/loopback.ts';
import type { Endpoint } from '../transport/transport.ts';
import { DeviceSilent, DutClient, MalformedReply } from './dut-client.ts';
import { Transcript } from './transcript.ts';
import { VerdictError } from './verdict.ts';

const DEVICE: Endpoint = { address: '127.0.0.2', port: 3610 };
const HARNESS: Endpoint = { address: '127.0.0.1', port: 3610 };
const NEIGHBOUR: Endpoint = { address: '127.0.0.9', port: 3610 };

/** What the scripted device sends for one request: frames (or raw bytes) after a delay of the clock. */
type Reply = { afterMs: number; frame?: Format1Frame; bytes?: Uint8Array; multicast?: boolean };
type Script = (request: Format1Frame, n: number) => Reply[];

/** The answer a conforming meter gives (TID echoed, EOJs swapped, the ESV of table 3-10). */
function answer(request: Format1Frame, change: Partial<Format1Frame> = {}): Format1Frame {
  const esv =
    change.esv ??
    (request.esv === ESV.SetC ? ESV.Set_Res : request.esv === ESV.INF_REQ ? ESV.INF : ESV.Get_Res);
  const properties = ('properties' in request ? request.properties : []).map((p) => ({
    epc: p.epc,
    edt: esv === ESV.Set_Res ? new Uint8Array(0) : Uint8Array.of(0x30),
  }));
  return { ...request, seoj: request.deoj, deoj: request.seoj, properties, ...change, esv } as Format1Frame;
}

async function setUp(script: Script) {
  const network = createLoopbackNetwork();
  const clock = new VirtualClock({ start: Date.UTC(2026, 5, 15, 3) });
  const device = network.attach(DEVICE);
  let n = 0;
  device.onReceive((d) => {
    const request = decodeOrThrow(d.bytes) as Format1Frame;
    if (request.esv === ESV.INFC_Res) return;
    for (const r of script(request, n++)) {
      clock.setTimer(r.afterMs, () => {
        const bytes = r.bytes ?? encodeFrame(r.frame!);
        void (r.multicast ? device.sendMulticast(bytes) : device.send(bytes, d.from));
      });
    }
  });
  const transcript = new Transcript();
  const dut = new DutClient({
    transport: network.attach(HARNESS),
    clock,
    transcript,
    device: DEVICE,
    deviceEoj: LV_METER,
    timer1Ms: 20_000,
    timer2Ms: 60_000,
    wait: { idleMs: 1, finalGraceMs: 20 },
  });
  return { dut, transcript, neighbour: network.attach(NEIGHBOUR), clock };
}

const noteOf = (t: Transcript, seq: number) => t.entries[seq - 1]?.note ?? '';

test('a SetC is not answered by the Get_Res of another request that arrives first', async () => {
  const { dut, transcript } = await setUp((request) => [
    { afterMs: 10, frame: answer(request, { tid: (request.tid + 8) & 0xffff, esv: ESV.Get_Res }) },
    { afterMs: 100, frame: answer(request) },
  ]);
  const x = await dut.setC(0xe5, Uint8Array.of(1));
  expect(x.frame.esv, 'the reply of SetC is its Set_Res (table 3-10), not a Get_Res of another TID').toBe(
    ESV.Set_Res,
  );
  expect(x.frame.tid, 'the reply carries the request TID').toBe(x.request.tid);
  expect(noteOf(transcript, 2), 'the stray Get_Res is marked unsolicited in the transcript').toMatch(
    /unsolicited/,
  );
});

test('a reply after Timer 1 is silence for its request and never the reply of the next one', async () => {
  const { dut, transcript } = await setUp((request, n) =>
    n === 0 ? [{ afterMs: 21_000, frame: answer(request) }] : [{ afterMs: 5_000, frame: answer(request) }],
  );
  await expect(dut.get(0x80), 'no reply within Timer 1 (20 s) is DeviceSilent').rejects.toBeInstanceOf(
    DeviceSilent,
  );
  const second = await dut.get(0x80);
  expect(second.frame.tid, 'the second Get gets its own reply, not the late one').toBe(second.request.tid);
  const late = transcript.entries.find((e) => e.direction === 'received' && e.note);
  expect(late?.note, 'the late reply is marked as belonging to #1').toMatch(/late or repeated reply to #1/);
});

test('a device that replies twice: the copy is noted, the next request gets its own reply', async () => {
  const { dut, transcript } = await setUp((request, n) =>
    n === 0
      ? [
          { afterMs: 10, frame: answer(request) },
          { afterMs: 500, frame: answer(request) },
        ]
      : [{ afterMs: 1_000, frame: answer(request) }],
  );
  const first = await dut.get(0x80);
  const second = await dut.get(0x8a);
  expect(second.frame.tid, 'the second reply is the second request’s').toBe(second.request.tid);
  expect(second.frame.tid).not.toBe(first.frame.tid);
  const notes = transcript.entries.map((e) => e.note).filter(Boolean);
  expect(notes[0], 'the repeated reply is marked in the transcript').toMatch(/late or repeated reply to #1/);
});

test('a reply with the wrong TID is a FAIL of the TID rule, not silence', async () => {
  const { dut } = await setUp((request) => [
    { afterMs: 10, frame: answer(request, { tid: (request.tid + 1) & 0xffff }) },
  ]);
  const error = await dut.get(0x80).catch((e: unknown) => e);
  expect(error, 'a near miss becomes a FAIL').toBeInstanceOf(VerdictError);
  expect((error as VerdictError).verdict).toBe('FAIL');
  expect((error as VerdictError).reason, 'the FAIL names the TID rule with expected and actual').toMatch(
    /TID echoed \(§3\.2\.2\): expected 0x[0-9A-F]{4}, got 0x[0-9A-F]{4}/,
  );
});

test('a reply with unswapped EOJs is a FAIL of the EOJ rule', async () => {
  const { dut } = await setUp((request) => [
    { afterMs: 10, frame: answer(request, { seoj: request.seoj, deoj: request.deoj }) },
  ]);
  const error = (await dut.get(0x80).catch((e: unknown) => e)) as VerdictError;
  expect(error.reason, 'the FAIL names the EOJ rule').toMatch(/SEOJ is the addressed object \(§3\.2\.4\)/);
  expect(error.reason, 'and not the TID rule').not.toMatch(/TID echoed/);
});

test('the INF that answers an INF_REQ may come by multicast', async () => {
  const { dut } = await setUp((request) => [{ afterMs: 400, frame: answer(request), multicast: true }]);
  const x = await dut.request(ESV.INF_REQ, [{ epc: 0x80, edt: new Uint8Array(0) }]);
  expect(x.frame.esv, 'INF by multicast with the TID echoed answers INF_REQ').toBe(ESV.INF);
  expect(x.reply.multicast).toBe(true);
});

test('a neighbour’s notification on the group is counted, not kept, and never judged', async () => {
  const { dut, transcript, neighbour } = await setUp((request) => [{ afterMs: 10, frame: answer(request) }]);
  const ea = answer(
    {
      format: 1,
      tid: 1,
      seoj: LV_METER,
      deoj: LV_METER,
      esv: ESV.Get,
      properties: [{ epc: 0xea, edt: new Uint8Array(0) }],
    },
    { esv: ESV.INF },
  );
  await neighbour.sendMulticast(encodeFrame(ea));
  await dut.get(0x80);
  expect(dut.arrivals.length, 'only the device’s reply is an arrival').toBe(1);
  expect(transcript.entries.length, 'the transcript keeps the request and the reply').toBe(2);
  expect(transcript.othersIgnored, 'the neighbour’s frame is counted').toBe(1);
  expect(transcript.text()).toMatch(/1 frames from other hosts on the network were counted, not kept/);
});

test('a malformed reply with the request TID is a MalformedReply at once', async () => {
  const { dut, clock } = await setUp((request) => [
    { afterMs: 10, bytes: Uint8Array.of(0x10, 0x81, request.tid >> 8, request.tid & 0xff, 0x02, 0x88) },
  ]);
  const started = clock.now();
  await expect(dut.get(0x80), 'truncated bytes with our TID are the reply, malformed').rejects.toBeInstanceOf(
    MalformedReply,
  );
  expect(clock.now() - started, 'judged when it arrives, not at the timer').toBeLessThan(1_000);
});
