import assert from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { fromJst } from '../../clock/jst.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { decodeOrThrow } from '../../echonet/decode-strict.ts';
import { encodeFrame } from '../../echonet/encode.ts';
import { eojHex, HEMS_CONTROLLER, LV_METER, NODE_PROFILE } from '../../echonet/eoj.ts';
import { ESV, esvName } from '../../echonet/esv.ts';
import type { SimpleFrame } from '../../echonet/frame.ts';
import { toHex } from '../../echonet/hex.ts';
import { readUnsigned } from '../../echonet/values/integer.ts';
import { createLoopbackNetwork } from '../../transport/loopback.ts';
import { HalfHourNotifier } from '../lv-meter/half-hour-notifier.ts';
import { DEFAULT_LV_METER } from '../lv-meter/lv-meter-config.ts';
import { LvMeterObject } from '../lv-meter/lv-meter-object.ts';
import { EchonetNode } from '../node/echonet-node.ts';
import { AIF_HEMS_DEFAULTS, HemsController, type StartupResult } from './hems-controller.ts';
import { HEMS_FAULTS } from './hems-faults.ts';

const START = fromJst({ year: 2026, month: 4, day: 1, hour: 0, minute: 10, second: 0 });
const HALF_HOUR = 1_800_000;
const MINUTE = 60_000;
const METER_AT = { address: '127.0.0.2', port: 3610 };
const HEMS_AT = { address: '127.0.0.3', port: 3610 };
const PROBE_AT = { address: '127.0.0.9', port: 3610 };

interface SetUpOptions {
  readonly meterFaults?: readonly string[];
  readonly hemsFaults?: readonly string[];
  readonly notification?: 'INF' | 'INFC';
  readonly knowsMeterAddress?: boolean;
  readonly meterLatencyMs?: number;
}

async function setUp(options: SetUpOptions = {}) {
  const clock = new VirtualClock({ start: START });
  const network = createLoopbackNetwork();
  const config = {
    ...DEFAULT_LV_METER,
    installedAt: START - 3 * 86_400_000,
    notification: options.notification ?? 'INF',
    responseLatencyMs: options.meterLatencyMs ?? 0,
    faults: new Set(options.meterFaults ?? []),
  };
  const meter = new LvMeterObject(config, clock);
  const meterNode = new EchonetNode({
    transport: network.attach(METER_AT),
    clock,
    objects: [meter],
    makerCode: config.makerCode,
    uniqueId: new Uint8Array(13),
    opcLimit: config.opcLimit,
    responseLatencyMs: config.responseLatencyMs,
    faults: config.faults,
  });
  const hems = new HemsController({
    transport: network.attach(HEMS_AT),
    clock,
    ...(options.knowsMeterAddress ? { meterAddress: METER_AT } : {}),
    ...AIF_HEMS_DEFAULTS,
    faults: new Set(options.hemsFaults ?? []),
  });
  const notifier = new HalfHourNotifier(meter, meterNode, config, clock);
  let startup: StartupResult | undefined;
  // The HEMS listens first (link-up), then the meter starts and announces D5.
  const starting = hems.start().then((r) => {
    startup = r;
    return r;
  });
  await meterNode.start();
  notifier.start();
  const frames = (from: { address: string }) =>
    network.sent
      .filter((s) => s.from.address === from.address)
      .map((s) => ({ ...s, frame: decodeOrThrow(s.bytes) as SimpleFrame }));
  const fromHems = () => frames(HEMS_AT);
  const fromMeter = () => frames(METER_AT);
  /** Requests of `esv` the HEMS sent for `epc`. */
  const hemsAsked = (esv: number, epc: number) =>
    fromHems().filter((s) => s.frame.esv === esv && s.frame.properties.some((p) => p.epc === epc));
  /** Runs the virtual clock until the start-up has ended (at most `limitMs`). */
  const started = async (limitMs = 10 * MINUTE) => {
    await clock.runUntil(() => startup !== undefined, limitMs);
    assert.ok(startup, `start-up ended within ${limitMs} ms`);
    return startup;
  };
  return {
    clock,
    network,
    meter,
    meterNode,
    hems,
    notifier,
    starting,
    started,
    fromHems,
    fromMeter,
    hemsAsked,
  };
}

/** Runs `promise` on the virtual clock until it settles (at most `limitMs`); returns it and the time taken. */
async function settle<T>(clock: VirtualClock, promise: Promise<T>, limitMs = 10 * MINUTE) {
  let result: T | undefined;
  let done = false;
  const since = clock.now();
  void promise.then((r) => {
    result = r;
    done = true;
  });
  await clock.runUntil(() => done, limitMs);
  assert.ok(done, `settled within ${limitMs} ms`);
  return { result: result as T, tookMs: clock.now() - since };
}

const epcsOf = (frame: SimpleFrame) => frame.properties.map((p) => p.epc);
const hex = (epcs: number[]) => epcs.map((e) => e.toString(16).toUpperCase()).join(' ');
const nextBoundary = (t: number) => Math.floor(t / HALF_HOUR) * HALF_HOUR + HALF_HOUR;

test.describe('emulated HEMS controller 0x05FF01 against the emulated LV meter', () => {
  test('start-up (AIF LV §3.1): D5 heard, then Get 82 9D / 9E 9F / 8D D3 / D7 E1 / EA EB in order, OPC ≤ 2', async () => {
    const { started, fromHems, hems } = await setUp();
    const result = await started();
    expect(result.ok, `start-up succeeds: ${JSON.stringify(result)}`).toBe(true);
    const gets = fromHems().filter((s) => s.frame.esv === ESV.Get);
    expect(
      gets.map((s) => hex(epcsOf(s.frame))),
      'AIF §3.1.1: no Get D6 after the meter announced D5; §3.1.2 then §3.1.3, 2 EPCs per request',
    ).toEqual(['82 9D', '9E 9F', '8D D3', 'D7 E1', 'EA EB']);
    for (const s of gets) {
      expect(s.frame.properties.length, `AIF §2.4.4: OPC ≤ 2 in TID ${s.frame.tid}`).toBeLessThanOrEqual(2);
      expect(s.multicast, 'requests to the meter go unicast').toBe(false);
      expect(eojHex(s.frame.seoj), 'AIF §2.1: SEOJ 05FF01').toBe('05FF01');
      expect(eojHex(s.frame.deoj), 'DEOJ is the announced meter object').toBe('028801');
    }
    // One request at a time: each reply has arrived before the next request is sent.
    const all = hems.events.filter((e) => e.kind === 'sent' || e.kind === 'received');
    for (const [i, s] of gets.entries()) {
      const replyAt = all.findIndex(
        (e) =>
          e.kind === 'received' &&
          e.frame.tid === s.frame.tid &&
          (e.frame.esv === ESV.Get_Res || e.frame.esv === ESV.Get_SNA),
      );
      const nextAt = gets[i + 1]
        ? all.findIndex((e) => e.kind === 'sent' && e.frame.tid === gets[i + 1]!.frame.tid)
        : all.length;
      expect(replyAt >= 0 && replyAt < nextAt, `reply to TID ${s.frame.tid} before the next request`).toBe(
        true,
      );
    }
    const meter = result.ok ? result.meter : undefined;
    expect(
      {
        getHasEb: meter?.getMap?.includes(0xeb),
        digits: meter?.digits,
        unit: meter?.unitCode,
        coefficient: meter?.coefficient,
        by: meter?.discoveredBy,
      },
      'what start-up learnt (DEFAULT_LV_METER: D7 6, E1 0x01, D3 1, reverse measured)',
    ).toEqual({ getHasEb: true, digits: 6, unit: 1, coefficient: 1, by: 'D5' });
    expect(hems.latest.ea?.stampMs, 'EA from start-up is the 00:00 value').toBe(START - 10 * MINUTE);
  });

  test('no D5 from the meter: waits exactly Timer 1, then Get D6 multicast; with meterAddress, unicast', async () => {
    for (const knowsMeterAddress of [false, true]) {
      const { clock, hemsAsked, started } = await setUp({
        meterFaults: ['no-d5-at-startup'],
        knowsMeterAddress,
      });
      await clock.advance(AIF_HEMS_DEFAULTS.timer1Ms - 1);
      expect(hemsAsked(ESV.Get, 0xd6), 'AIF §3.1.1: no Get D6 before Timer 1').toHaveLength(0);
      await clock.advance(1);
      const d6 = hemsAsked(ESV.Get, 0xd6);
      expect(d6, 'one Get D6 at Timer 1').toHaveLength(1);
      expect(eojHex(d6[0]!.frame.deoj), 'to the node profile').toBe('0EF001');
      expect(d6[0]!.multicast, `multicast unless meterAddress is given (given: ${knowsMeterAddress})`).toBe(
        !knowsMeterAddress,
      );
      const result = await started();
      expect(result.ok && result.meter.discoveredBy, 'start-up completes through D6').toBe('D6');
    }
  });

  test('answers Get of its own 80 82 8A 9D 9E 9F and of node-profile D6 like any node', async () => {
    const { clock, network, started } = await setUp();
    await started();
    const probe = network.attach(PROBE_AT);
    const replies: SimpleFrame[] = [];
    probe.onReceive((d) => replies.push(decodeOrThrow(d.bytes) as SimpleFrame));
    const ask = (tid: number, deoj: typeof HEMS_CONTROLLER, epcs: number[]) =>
      probe.send(
        encodeFrame({
          format: 1,
          tid,
          seoj: HEMS_CONTROLLER,
          deoj,
          esv: ESV.Get,
          properties: epcs.map((epc) => ({ epc, edt: new Uint8Array(0) })),
        }),
        HEMS_AT,
      );
    await ask(1, HEMS_CONTROLLER, [0x80, 0x82]);
    await ask(2, HEMS_CONTROLLER, [0x8a, 0x9d]);
    await ask(3, HEMS_CONTROLLER, [0x9e, 0x9f]);
    await ask(4, NODE_PROFILE, [0xd6]);
    await clock.advance(1);
    expect(
      replies.map((r) => `${r.tid} ${esvName(r.esv)} ${r.properties.map((p) => toHex(p.edt)).join(' ')}`),
      'Get_Res for each, values of the controller object and its node profile',
    ).toEqual([
      '1 Get_Res (0x72) 30 00005200',
      '2 Get_Res (0x72) FFFFFE 03808188',
      '3 Get_Res (0x72) 0181 08808182888A9D9E9F',
      '4 Get_Res (0x72) 0105FF01',
    ]);
  });

  for (const notification of ['INF', 'INFC'] as const) {
    test(`${notification} notifications keep EA/EB current over 48 cycles, without any Get EA`, async () => {
      const { clock, started, hems, hemsAsked, fromMeter, fromHems } = await setUp({ notification });
      await started();
      const getsAfterStartup = hemsAsked(ESV.Get, 0xea).length;
      let boundary = nextBoundary(clock.now());
      for (let cycle = 0; cycle < 48; cycle++) {
        await clock.advanceTo(boundary + 5 * MINUTE - 1);
        expect(
          hems.latest.ea?.stampMs,
          `cycle ${cycle}: EA stamped ${new Date(boundary).toISOString()}`,
        ).toBe(boundary);
        expect(hems.latest.eb?.stampMs, `cycle ${cycle}: EB too`).toBe(boundary);
        expect(hems.latest.ea?.via, `cycle ${cycle}: taken from the ${notification}`).toBe(notification);
        boundary += HALF_HOUR;
      }
      expect(hemsAsked(ESV.Get, 0xea).length, 'AIF §3.3.1: no fallback Get while notified').toBe(
        getsAfterStartup,
      );
      const notes = fromMeter().filter(
        (s) => s.frame.esv === ESV[notification] && s.frame.properties[0]?.epc === 0xea,
      );
      expect(notes.length, '48 notifications in 24 h').toBe(48);
      const responses = fromHems().filter((s) => s.frame.esv === ESV.INFC_Res);
      if (notification === 'INFC') {
        expect(
          responses.map(
            (s) => `${s.frame.tid} ${hex(epcsOf(s.frame))} ${s.frame.properties.map((p) => p.edt.length)}`,
          ),
          'INFC_Res per INFC: same TID, same EPCs, PDC 0',
        ).toEqual(notes.map((s) => `${s.frame.tid} EA EB 0,0`));
        for (const r of responses) {
          expect(r.multicast, 'INFC_Res is individual').toBe(false);
          expect(eojHex(r.frame.seoj) + eojHex(r.frame.deoj), 'from 05FF01 to 028801').toBe('05FF01028801');
        }
      } else {
        expect(responses, 'no INFC_Res for INF').toHaveLength(0);
      }
    });
  }

  test('meter fault inf-missing: Get EA EB at every :05 and :35 (48 in 24 h)', async () => {
    const { clock, started, hems, hemsAsked, meter } = await setUp({ meterFaults: ['inf-missing'] });
    await started();
    const before = hemsAsked(ESV.Get, 0xea).length;
    const firstCheck = nextBoundary(clock.now()) + 5 * MINUTE;
    await clock.advanceTo(firstCheck - 1);
    expect(hemsAsked(ESV.Get, 0xea).length, 'no Get EA before :35').toBe(before);
    await clock.advance(1);
    const fallback = hemsAsked(ESV.Get, 0xea).slice(before);
    expect(
      fallback.map((s) => hex(epcsOf(s.frame))),
      'AIF §3.3.1: Get EA (and EB) at :35',
    ).toEqual(['EA EB']);
    expect(hems.latest.ea?.stampMs, 'EA now current').toBe(firstCheck - 5 * MINUTE);
    expect(hems.latest.ea?.value, 'EA counter as the meter gives it').toBe(
      readUnsigned(meter.read(0xea)!, 7, 4),
    );
    await clock.advanceTo(START + 24 * 3_600_000);
    expect(hemsAsked(ESV.Get, 0xea).length - before, '48 fallback Gets in 24 h').toBe(48);
    const times = hems.events
      .filter((e) => e.kind === 'sent' && e.frame.properties.some((p) => p.epc === 0xea))
      .slice(1)
      .map((e) => ((e.at % HALF_HOUR) / MINUTE) | 0);
    expect(new Set(times), 'each at 5 minutes past :00 / :30').toEqual(new Set([5]));
  });

  test('readDailyHistory(1): SetC E5 = 1, then Get E2 E4; 48 non-decreasing values', async () => {
    const { clock, started, hems, fromHems } = await setUp();
    await started();
    const before = fromHems().length;
    const { result } = await settle(clock, hems.readDailyHistory(1));
    const wire = fromHems()
      .slice(before)
      .map(
        (s) => `${esvName(s.frame.esv)} ${s.frame.properties.map((p) => `${hex([p.epc])}=${toHex(p.edt)}`)}`,
      );
    expect(wire, 'AIF figure 3-6: SetC E5 then Get E2/E4').toEqual([
      'SetC (0x61) E5=01',
      'Get (0x62) E2=,E4=',
    ]);
    assert.ok(result.ok, `history read: ${JSON.stringify(result)}`);
    expect(result.dayField, 'E2 day field = 1').toBe(1);
    for (const series of [result.forward, result.reverse ?? []]) {
      expect(series, '48 half-hour values').toHaveLength(48);
      for (const [i, v] of series.entries()) {
        expect(typeof v, `slot ${i} is recorded`).toBe('number');
        if (i > 0)
          expect(v as number, `slot ${i} ≥ slot ${i - 1}`).toBeGreaterThanOrEqual(series[i - 1] as number);
      }
    }
  });

  test('silent meter (silent-on-get): an OPC 1 Get times out after exactly Timer 1, typed', async () => {
    const { clock, started, hems } = await setUp({ meterFaults: ['silent-on-get'] });
    const startup = await started();
    expect(
      startup.ok === false && startup.reason === 'timeout' && startup.step === 'echonet-attributes'
        ? startup.waitedMs
        : startup,
      'start-up: the OPC 2 Get of 82 9D ends after Timer 2',
    ).toBe(AIF_HEMS_DEFAULTS.timer2Ms);
    let result: Awaited<ReturnType<typeof hems.get>> | undefined;
    const since = clock.now();
    void hems.get([0xe7]).then((r) => {
      result = r;
    });
    await clock.advance(AIF_HEMS_DEFAULTS.timer1Ms - 1);
    expect(result, 'still waiting 1 ms before Timer 1').toBeUndefined();
    await clock.advance(1);
    assert.ok(
      result && !result.ok && result.reason === 'timeout',
      `typed timeout: ${JSON.stringify(result)}`,
    );
    expect([result.waitedMs, clock.now() - since], 'waited exactly Timer 1 of virtual time').toEqual([
      AIF_HEMS_DEFAULTS.timer1Ms,
      AIF_HEMS_DEFAULTS.timer1Ms,
    ]);
    const timeouts = hems.events.filter((e) => e.kind === 'timeout');
    expect(
      timeouts.map((e) => e.waitedMs),
      'event log: Timer 2 then Timer 1',
    ).toEqual([60_000, 20_000]);
  });

  test('a frame with the request’s TID is its reply only when EOJs, ESV and EPCs answer it too (harness/echonet/request-table.ts)', async () => {
    const { clock, network, started, hems, fromHems } = await setUp({ meterFaults: ['silent-on-get'] });
    await started();
    let result: Awaited<ReturnType<typeof hems.get>> | undefined;
    void hems.get([0xe7]).then((r) => {
      result = r;
    });
    await clock.advance(1);
    const request = fromHems().at(-1)!.frame;
    expect(epcsOf(request), 'the HEMS asked E7').toEqual([0xe7]);
    const probe = network.attach(PROBE_AT);
    const answer = (change: Partial<SimpleFrame>) =>
      probe.send(
        encodeFrame({
          format: 1,
          tid: request.tid,
          seoj: LV_METER,
          deoj: HEMS_CONTROLLER,
          esv: ESV.Get_Res,
          properties: [{ epc: 0xe7, edt: Uint8Array.of(0, 0, 1, 0) }],
          ...change,
        }),
        HEMS_AT,
      );
    await answer({ deoj: NODE_PROFILE });
    await answer({ esv: ESV.SetC_SNA });
    await answer({ properties: [{ epc: 0xe8, edt: Uint8Array.of(0, 1, 0, 1) }] });
    await answer({ tid: (request.tid + 1) & 0xffff });
    await clock.advance(1);
    expect(result, 'none of the four near misses is the reply').toBeUndefined();
    await answer({});
    await clock.advance(1);
    assert.ok(result?.ok, `the matching reply ends the request: ${JSON.stringify(result)}`);
    expect(toHex(result.values.get(0xe7)!)).toBe('00000100');
  });

  test('silent meter without D5: Get D6 times out after Timer 1, start-up fails typed at discovery', async () => {
    const { started } = await setUp({ meterFaults: ['silent-on-get', 'no-d5-at-startup'] });
    const result = await started();
    expect(
      result.ok === false && result.reason === 'timeout' && [result.step, result.waitedMs],
      'D5 wait Timer 1, then Get D6 Timer 1',
    ).toEqual(['discovery', AIF_HEMS_DEFAULTS.timer1Ms]);
  });

  test('property: get() splits any EPC list into requests of ≤ opcLimit and returns the meter values', async () => {
    const epcs = fc.uniqueArray(
      fc.constantFrom(
        0x80,
        0x82,
        0x88,
        0x8a,
        0x9d,
        0x9e,
        0x9f,
        0xd3,
        0xd7,
        0xe0,
        0xe1,
        0xe5,
        0xe7,
        0xea,
        0xeb,
      ),
      { minLength: 1, maxLength: 9 },
    );
    await fc.assert(
      fc.asyncProperty(epcs, async (asked) => {
        const { clock, started, hems, fromHems, meter } = await setUp();
        await started();
        const before = fromHems().length;
        const { result } = await settle(clock, hems.get(asked));
        assert.ok(result.ok, 'answered');
        const requests = fromHems()
          .slice(before)
          .map((s) => s.frame);
        for (const r of requests) assert.ok(r.properties.length <= 2, `OPC ${r.properties.length} ≤ 2`);
        assert.deepEqual(requests.flatMap(epcsOf), asked, 'every EPC asked once, in order');
        for (const epc of asked)
          assert.equal(toHex(result.values.get(epc)!), toHex(meter.read(epc)!), `EPC ${epc}`);
      }),
      { numRuns: 25 },
    );
  });
});

test.describe('HEMS controller fault switches: each visible on the wire against the clean controller', () => {
  test('every fault in hems-faults.ts has a test here', () => {
    expect(HEMS_FAULTS.map((f) => f.id).sort()).toEqual(
      [
        'e2-without-e5',
        'ignores-inf',
        'infc-res-wrong-tid',
        'no-fallback-get',
        'no-infc-res',
        'no-wait-for-d5',
        'opc-over-2',
        'polls-every-10s',
        'resends-when-arib-limited', // the Wi-SUN holds: link-hold.test.ts
        'sends-during-reauth',
        'sets-installation-location',
        'stops-after-timeout',
        'timer1-5s',
        'wrong-seoj',
      ].sort(),
    );
  });

  /** INFC_Res frames after 2 h of INFC notifications, as `tid` strings, next to the INFC TIDs. */
  async function infcExchange(hemsFaults: string[]) {
    const { clock, started, fromHems, fromMeter } = await setUp({ notification: 'INFC', hemsFaults });
    await started();
    await clock.advance(2 * 3_600_000);
    return {
      infc: fromMeter()
        .filter((s) => s.frame.esv === ESV.INFC)
        .map((s) => s.frame.tid),
      res: fromHems()
        .filter((s) => s.frame.esv === ESV.INFC_Res)
        .map((s) => s.frame.tid),
    };
  }

  test('no-infc-res: no INFC_Res on the wire', async () => {
    const clean = await infcExchange([]);
    const faulty = await infcExchange(['no-infc-res']);
    expect(clean.res, 'clean: one INFC_Res per INFC').toEqual(clean.infc);
    expect(clean.infc.length).toBe(4);
    expect(faulty.res, 'faulty: none').toEqual([]);
  });

  test('infc-res-wrong-tid: INFC_Res TIDs differ from the INFC TIDs', async () => {
    const faulty = await infcExchange(['infc-res-wrong-tid']);
    expect(faulty.res, 'faulty: TID + 1').toEqual(faulty.infc.map((t) => t + 1));
  });

  test('opc-over-2: start-up asks 82 9D 9E 9F in one Get', async () => {
    const opcs = async (hemsFaults: string[]) => {
      const { started, fromHems } = await setUp({ hemsFaults });
      await started();
      return fromHems()
        .filter((s) => s.frame.esv === ESV.Get)
        .map((s) => s.frame.properties.length);
    };
    expect(await opcs([]), 'clean: OPC ≤ 2').toEqual([2, 2, 2, 2, 2]);
    expect(await opcs(['opc-over-2']), 'faulty: OPC 4').toEqual([4, 4, 2]);
  });

  test('no-wait-for-d5: Get D6 at once although the meter announced D5', async () => {
    const d6 = async (hemsFaults: string[]) => {
      const { started, hemsAsked } = await setUp({ hemsFaults });
      const result = await started();
      expect(result.ok, 'start-up still succeeds').toBe(true);
      return hemsAsked(ESV.Get, 0xd6).length;
    };
    expect(await d6([]), 'clean: no Get D6').toBe(0);
    expect(await d6(['no-wait-for-d5']), 'faulty: Get D6').toBe(1);
  });

  test('timer1-5s: Get D6 after 5 s instead of 20 s when no D5 comes', async () => {
    const afterSixSeconds = async (hemsFaults: string[]) => {
      const { clock, hemsAsked } = await setUp({ meterFaults: ['no-d5-at-startup'], hemsFaults });
      await clock.advance(6_000);
      return hemsAsked(ESV.Get, 0xd6).length;
    };
    expect(await afterSixSeconds([]), 'clean: still waiting for D5').toBe(0);
    expect(await afterSixSeconds(['timer1-5s']), 'faulty: gave up after 5 s').toBe(1);
  });

  test('timer1-5s: gives up a Get the meter answers after 10 s', async () => {
    const outcome = async (hemsFaults: string[]) => {
      const { clock, started, hems } = await setUp({ meterLatencyMs: 10_000, hemsFaults });
      await started(10 * MINUTE);
      const { result, tookMs } = await settle(clock, hems.get([0xe7]));
      return [result.ok, tookMs];
    };
    expect(await outcome([]), 'clean: answered after 10 s').toEqual([true, 10_000]);
    expect(await outcome(['timer1-5s']), 'faulty: timeout after 5 s').toEqual([false, 5_000]);
  });

  test('no-fallback-get: no Get EA at :35 when the notification is missing', async () => {
    const fallbacks = async (hemsFaults: string[]) => {
      const { clock, started, hemsAsked } = await setUp({ meterFaults: ['inf-missing'], hemsFaults });
      await started();
      const before = hemsAsked(ESV.Get, 0xea).length;
      await clock.advance(2 * 3_600_000);
      return hemsAsked(ESV.Get, 0xea).length - before;
    };
    expect(await fallbacks([]), 'clean: 4 fallback Gets in 2 h').toBe(4);
    expect(await fallbacks(['no-fallback-get']), 'faulty: none').toBe(0);
  });

  test('polls-every-10s: Get EA every 10 s although notified', async () => {
    const polls = async (hemsFaults: string[]) => {
      const { clock, started, hemsAsked } = await setUp({ hemsFaults });
      await started();
      const before = hemsAsked(ESV.Get, 0xea).length;
      await clock.advance(MINUTE);
      return hemsAsked(ESV.Get, 0xea).length - before;
    };
    expect(await polls([]), 'clean: no Get EA in a minute').toBe(0);
    expect(await polls(['polls-every-10s']), 'faulty: 6 in a minute').toBe(6);
  });

  test('e2-without-e5: Get E2 with no SetC E5 before it; the meter gives the unset day', async () => {
    const read = async (hemsFaults: string[]) => {
      const { clock, started, hems, hemsAsked } = await setUp({ hemsFaults });
      await started();
      const { result } = await settle(clock, hems.readDailyHistory(1));
      return { setE5: hemsAsked(ESV.SetC, 0xe5).length, dayField: result.ok ? result.dayField : undefined };
    };
    expect(await read([]), 'clean: SetC E5 = 1, day field 1').toEqual({ setE5: 1, dayField: 1 });
    expect(await read(['e2-without-e5']), 'faulty: no SetC, day field 0x00FF').toEqual({
      setE5: 0,
      dayField: 0xff,
    });
  });

  test('wrong-seoj: requests come from 05FF02', async () => {
    const seojs = async (hemsFaults: string[]) => {
      const { started, fromHems } = await setUp({ hemsFaults });
      await started();
      return [
        ...new Set(
          fromHems()
            .filter((s) => s.frame.esv === ESV.Get)
            .map((s) => eojHex(s.frame.seoj)),
        ),
      ];
    };
    expect(await seojs([]), 'clean: 05FF01').toEqual(['05FF01']);
    expect(await seojs(['wrong-seoj']), 'faulty: 05FF02').toEqual(['05FF02']);
    expect(eojHex(LV_METER)).toBe('028801');
  });

  test('ignores-inf: EA goes stale under INF, so it falls back to Get EA every half hour', async () => {
    const run = async (hemsFaults: string[]) => {
      const { clock, started, hems, hemsAsked } = await setUp({ hemsFaults });
      await started();
      const before = hemsAsked(ESV.Get, 0xea).length;
      await clock.advance(2 * 3_600_000);
      return { gets: hemsAsked(ESV.Get, 0xea).length - before, via: hems.latest.ea?.via };
    };
    expect(await run([]), 'clean: EA from INF, no Get').toEqual({ gets: 0, via: 'INF' });
    expect(await run(['ignores-inf']), 'faulty: 4 fallback Gets').toEqual({ gets: 4, via: 'Get' });
  });

  test('sets-installation-location: a SetC of 0x81 after the start-up', async () => {
    const sets = async (hemsFaults: string[]) => {
      const { clock, started, hemsAsked } = await setUp({ hemsFaults });
      await started();
      await clock.advance(MINUTE);
      return hemsAsked(ESV.SetC, 0x81).length;
    };
    expect(await sets([]), 'clean: none').toBe(0);
    expect(await sets(['sets-installation-location']), 'faulty: one').toBe(1);
  });

  test('stops-after-timeout: after a fallback Get timed out, no Get of EA once the meter is back', async () => {
    const afterRestart = async (hemsFaults: string[]) => {
      const { clock, started, hemsAsked, meterNode } = await setUp({
        meterFaults: ['inf-missing'],
        hemsFaults,
      });
      await started(); // 00:10
      meterNode.stop(); // off across the :35 fallback and its Timer 2
      await clock.advance(30 * MINUTE);
      await meterNode.start();
      const before = hemsAsked(ESV.Get, 0xea).length;
      await clock.advance(HALF_HOUR); // to 01:10: the 01:05 fallback
      return hemsAsked(ESV.Get, 0xea).length - before;
    };
    expect(await afterRestart([]), 'clean: the 01:05 fallback Get').toBe(1);
    expect(await afterRestart(['stops-after-timeout']), 'faulty: none').toBe(0);
  });
});
