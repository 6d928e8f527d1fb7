import { expect, test } from '@playwright/test';
import { fromJst } from '../../clock/jst.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { decodeOrThrow } from '../../echonet/decode-strict.ts';
import { encodeFrame } from '../../echonet/encode.ts';
import { eoj, HEMS_CONTROLLER, LV_METER } from '../../echonet/eoj.ts';
import { ESV, esvName } from '../../echonet/esv.ts';
import type { Frame, SimpleFrame } from '../../echonet/frame.ts';
import { fromHex, toHex } from '../../echonet/hex.ts';
import { decodeDateTime } from '../../echonet/values/date-time.ts';
import { createLoopbackNetwork } from '../../transport/loopback.ts';
import { HalfHourNotifier } from '../lv-meter/half-hour-notifier.ts';
import { DEFAULT_LV_METER } from '../lv-meter/lv-meter-config.ts';
import { LvMeterObject } from '../lv-meter/lv-meter-object.ts';
import { EchonetNode } from './echonet-node.ts';

const START = fromJst({ year: 2026, month: 4, day: 1, hour: 0, minute: 10, second: 0 });
const METER_AT = { address: '127.0.0.2', port: 3610 };
const HEMS_AT = { address: '127.0.0.3', port: 3610 };

async function setUp(faults: string[] = []) {
  const clock = new VirtualClock({ start: START });
  const network = createLoopbackNetwork();
  const config = { ...DEFAULT_LV_METER, installedAt: START - 86_400_000, faults: new Set(faults) };
  const meter = new LvMeterObject(config, clock);
  const node = new EchonetNode({
    transport: network.attach(METER_AT),
    clock,
    objects: [meter],
    makerCode: config.makerCode,
    uniqueId: new Uint8Array(13),
    opcLimit: 6,
    responseLatencyMs: 0,
    faults: config.faults,
  });
  const hems = network.attach(HEMS_AT);
  const received: Frame[] = [];
  const notificationDelays: number[] = []; // ms from the EA time stamp to its arrival at the HEMS
  hems.onReceive((d) => {
    const frame = decodeOrThrow(d.bytes);
    received.push(frame);
    const ea = 'properties' in frame ? frame.properties.find((p) => p.epc === 0xea) : undefined;
    const stamp = ea && decodeDateTime(ea.edt);
    if (stamp?.ok && stamp.value !== 'unset') notificationDelays.push(clock.now() - fromJst(stamp.value));
  });
  await node.start();
  const notifier = new HalfHourNotifier(meter, node, config, clock);
  notifier.start();
  const framesFromMeter = () =>
    network.sent
      .filter((s) => s.from.address === METER_AT.address)
      .map((s) => ({ ...s, frame: decodeOrThrow(s.bytes) }));
  return { clock, network, node, hems, received, framesFromMeter, notifier, notificationDelays };
}

/** A request from the HEMS of one EPC (a write of 0x08, a read otherwise) to `deoj`. */
function request(tid: number, esv: SimpleFrame['esv'], epc: string, deoj = LV_METER): Uint8Array {
  const write = esv === ESV.SetI || esv === ESV.SetC;
  const edt = write ? Uint8Array.of(0x08) : new Uint8Array(0);
  return encodeFrame({
    format: 1,
    tid,
    seoj: HEMS_CONTROLLER,
    deoj,
    esv,
    properties: [{ epc: Number.parseInt(epc, 16), edt }],
  });
}

const getE7 = encodeFrame({
  format: 1,
  tid: 0x1234,
  seoj: HEMS_CONTROLLER,
  deoj: LV_METER,
  esv: ESV.Get,
  properties: [{ epc: 0xe7, edt: new Uint8Array(0) }],
});

test.describe('emulated node on the loopback network', () => {
  test('announces its instance list (INF 0xD5 = 01 028801) by multicast at start-up', async () => {
    const { framesFromMeter } = await setUp();
    await Promise.resolve();
    const [first] = framesFromMeter();
    expect(first?.multicast).toBe(true);
    const frame = first?.frame as SimpleFrame;
    expect(frame.esv).toBe(ESV.INF);
    expect(toHex(frame.properties[0]!.edt)).toBe('01028801');
  });

  test('fault no-d5-at-startup: no announcement', async () => {
    const { framesFromMeter } = await setUp(['no-d5-at-startup']);
    expect(framesFromMeter()).toHaveLength(0);
  });

  test('answers a Get with Get_Res, TID echoed, SEOJ/DEOJ swapped', async () => {
    const { hems, received, clock } = await setUp();
    await hems.send(getE7, METER_AT);
    await clock.advance(1);
    const reply = received.find((f) => f.format === 1 && f.esv === ESV.Get_Res) as SimpleFrame;
    expect(reply.tid).toBe(0x1234);
    expect(reply.seoj).toEqual(LV_METER);
    expect(reply.deoj).toEqual(HEMS_CONTROLLER);
  });

  for (const [fault, check] of [
    ['tid-not-echoed', (r: SimpleFrame) => expect(r.tid).not.toBe(0x1234)],
    ['eoj-not-swapped', (r: SimpleFrame) => expect(r.deoj).toEqual(LV_METER)],
    ['get-res-as-inf', (r: SimpleFrame) => expect(r.esv).toBe(ESV.INF)],
  ] as const) {
    test(`fault ${fault} is visible on the wire`, async () => {
      const { hems, received, clock } = await setUp([fault]);
      await hems.send(getE7, METER_AT);
      await clock.advance(1);
      const reply = received.filter((f) => f.format === 1 && f.tid !== 0).at(-1) as SimpleFrame;
      check(reply);
    });
  }

  test('drops malformed frames and frames for objects it does not have, without answering', async () => {
    const { hems, received, node, clock } = await setUp();
    await hems.send(fromHex('10 81 0001 05FF01 028801 62 02 E7 00'), METER_AT);
    await hems.send(
      encodeFrame({
        format: 1,
        tid: 2,
        seoj: HEMS_CONTROLLER,
        deoj: eoj('013001'),
        esv: ESV.Get,
        properties: [{ epc: 0x80, edt: new Uint8Array(0) }],
      }),
      METER_AT,
    );
    await clock.advance(1);
    expect(received.filter((f) => f.format === 1 && f.esv !== ESV.INF)).toHaveLength(0);
    expect(node.stats.dropped).toBe(2);
  });

  test('faults malformed-answered and missing-object-answered: both get an SNA instead of nothing', async () => {
    const { hems, received, clock } = await setUp(['malformed-answered', 'missing-object-answered']);
    await hems.send(fromHex('10 81 0001 05FF01 028801 62 01 E7 05'), METER_AT);
    await hems.send(request(2, ESV.Get, '80', eoj('013001')), METER_AT);
    await clock.advance(1);
    const replies = received.filter((f): f is SimpleFrame => f.format === 1 && f.esv === ESV.Get_SNA);
    expect(replies.map((f) => [f.tid, toHex(Uint8Array.of(f.seoj.classGroup, f.seoj.classCode))])).toEqual([
      [1, '0288'],
      [2, '0130'],
    ]);
  });

  for (const [fault, esv, epcs, expected] of [
    ['seti-accepted-answered', ESV.SetI, '81', ESV.Set_Res],
    ['inf-req-sna-as-get-sna', ESV.INF_REQ, 'FF', ESV.Get_SNA],
  ] as const) {
    test(`fault ${fault}: a ${esvName(esv)} of ${epcs} is answered with ${esvName(expected)}`, async () => {
      const { hems, received, clock } = await setUp([fault]);
      await hems.send(request(3, esv, epcs), METER_AT);
      await clock.advance(1);
      expect(
        received.filter((f) => f.format === 1 && f.tid === 3).map((f) => f.format === 1 && f.esv),
      ).toEqual([expected]);
    });
  }

  test('fault setget-always-sna: an accepted SetGet is answered with SetGet_SNA', async () => {
    for (const [faults, expected] of [
      [[], ESV.SetGet_Res],
      [['setget-always-sna'], ESV.SetGet_SNA],
    ] as const) {
      const { hems, received, clock } = await setUp([...faults]);
      const setGet = encodeFrame({
        format: 1,
        tid: 4,
        seoj: HEMS_CONTROLLER,
        deoj: LV_METER,
        esv: ESV.SetGet,
        setProperties: [{ epc: 0x81, edt: Uint8Array.of(0x08) }],
        getProperties: [{ epc: 0x80, edt: new Uint8Array(0) }],
      });
      await hems.send(setGet, METER_AT);
      await clock.advance(1);
      expect(
        received.filter((f) => f.format === 1 && f.tid === 4).map((f) => f.format === 1 && f.esv),
      ).toEqual([expected]);
    }
  });

  for (const [fault, epc, clean, faulty] of [
    ['d3-counts-node-profile', 'D3', '000001', '000002'],
    ['np-82-format-byte-order', '82', '010D0100', '010D0001'],
    ['np-83-maker-zero', '83', `FEFFFFFE${'00'.repeat(13)}`, `FE000000${'00'.repeat(13)}`],
  ] as const) {
    test(`fault ${fault}: node profile ${epc} is ${faulty}, not ${clean}`, async () => {
      for (const [faults, expected] of [
        [[], clean],
        [[fault], faulty],
      ] as const) {
        const { hems, received, clock } = await setUp([...faults]);
        await hems.send(request(5, ESV.Get, epc, eoj('0EF001')), METER_AT);
        await clock.advance(1);
        const reply = received.find(
          (f): f is SimpleFrame => f.format === 1 && f.tid === 5 && 'properties' in f,
        );
        expect(toHex(reply!.properties[0]!.edt)).toBe(expected);
      }
    });
  }

  test('48 half-hour cycles: EA/EB notified within 5 minutes after every :00 and :30', async () => {
    const { clock, framesFromMeter } = await setUp();
    await clock.advance(24 * 3_600_000);
    const notes = framesFromMeter().filter(
      (s) =>
        s.frame.format === 1 &&
        s.frame.esv === ESV.INF &&
        'properties' in s.frame &&
        s.frame.properties[0]!.epc === 0xea,
    );
    expect(notes).toHaveLength(48);
    for (const n of notes) {
      const ea = (n.frame as SimpleFrame).properties[0]!.edt;
      const stamp = decodeDateTime(ea);
      expect(stamp.ok && stamp.value !== 'unset' && [0, 30].includes(stamp.value.minute)).toBe(true);
    }
  });

  for (const [fault, expected] of [
    ['inf-missing', 0],
    ['inf-late-7min', 48],
  ] as const) {
    test(`fault ${fault}: ${expected} notifications in 24 h`, async () => {
      const { clock, framesFromMeter } = await setUp([fault]);
      await clock.advance(24 * 3_600_000);
      const eaFrames = framesFromMeter().filter(
        (s) => 'properties' in s.frame && s.frame.properties[0]?.epc === 0xea,
      );
      expect(eaFrames).toHaveLength(expected);
    });
  }
});

test.describe('generic faults of the node engine (the generated cases of suites/generated/)', () => {
  /** The replies to `requests` (one frame each, TIDs 10, 11, …) and the INFs the meter sends, after them. */
  async function exchange(faults: string[], requests: [SimpleFrame['esv'], number, Uint8Array][]) {
    const { hems, received, clock } = await setUp(faults);
    for (const [i, [esv, epc, edt]] of requests.entries()) {
      const frame = { format: 1, tid: 10 + i, seoj: HEMS_CONTROLLER, deoj: LV_METER, esv } as const;
      await hems.send(encodeFrame({ ...frame, properties: [{ epc, edt }] }), METER_AT);
      await clock.advance(1);
    }
    const simple = received.filter((f): f is SimpleFrame => f.format === 1 && 'properties' in f);
    return {
      replies: simple.filter((f) => f.tid >= 10 && f.tid < 10 + requests.length && f.esv !== ESV.INF),
      announced: simple.filter((f) => f.esv === ESV.INF && f.properties[0]?.epc === 0x81),
    };
  }
  const empty = new Uint8Array(0);

  test('a change of 0x81 is announced by INF after the Set_Res; anno-missing-on-change keeps quiet', async () => {
    for (const [faults, count] of [
      [[], 1],
      [['anno-missing-on-change'], 0],
    ] as const) {
      const { replies, announced } = await exchange([...faults], [[ESV.SetC, 0x81, Uint8Array.of(0x08)]]);
      expect(replies.map((r) => r.esv)).toEqual([ESV.Set_Res]);
      expect(announced.map((f) => toHex(f.properties[0]!.edt))).toEqual(count ? ['08'] : []);
    }
    // the same value again is no change: nothing announced
    const { announced } = await exchange([], [[ESV.SetC, 0x81, Uint8Array.of(0x00)]]);
    expect(announced).toHaveLength(0);
  });

  test('get-edt-one-byte-short-0x8a: the meter object answers 0x8A with 2 bytes', async () => {
    for (const [faults, size] of [
      [[], 3],
      [['get-edt-one-byte-short-0x8a'], 2],
    ] as const) {
      const { replies } = await exchange([...faults], [[ESV.Get, 0x8a, empty]]);
      expect(replies[0]?.properties[0]?.edt.length).toBe(size);
    }
  });

  test('set-out-of-range-accepted: E5 = 100 gets Set_Res; an ED of a wrong minute is still refused', async () => {
    const ed = fromHex('07EA06010A0A01'); // 2026-06-01 10:10, n = 1
    for (const [faults, esvs] of [
      [[], [ESV.SetC_SNA, ESV.SetC_SNA]],
      [['set-out-of-range-accepted'], [ESV.Set_Res, ESV.SetC_SNA]],
    ] as const) {
      const { replies } = await exchange(
        [...faults],
        [
          [ESV.SetC, 0xe5, Uint8Array.of(100)],
          [ESV.SetC, 0xed, ed],
        ],
      );
      expect(replies.map((r) => r.esv)).toEqual(esvs);
    }
  });

  test('noset-epc-set-accepted: a SetC of E0 (not in the Set map) gets Set_Res, and E0 is unchanged', async () => {
    for (const [faults, esv] of [
      [[], ESV.SetC_SNA],
      [['noset-epc-set-accepted'], ESV.Set_Res],
    ] as const) {
      const { replies } = await exchange([...faults], [[ESV.SetC, 0xe0, Uint8Array.of(0, 0, 0, 1)]]);
      expect(replies.map((r) => r.esv)).toEqual([esv]);
    }
  });
});
