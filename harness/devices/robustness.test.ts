// 10^5 random, mutated and well-formed-but-odd frames into each reference device: no exception escapes,
// nothing hangs, every reply obeys the reply rules of its request, and a frame that is refused or
// dropped leaves the device's settable state as it was.
import assert from 'node:assert/strict';
import { test } from '@playwright/test';
import fc from 'fast-check';
import { hostileBytesArbitrary } from '../arbitraries/mutated-bytes.ts';
import { propertyListArbitrary } from '../arbitraries/property.ts';
import type { Clock } from '../clock/clock.ts';
import { replyViolations } from '../conformance/reply-rules.ts';
import { decodeStrict } from '../echonet/decode-strict.ts';
import { encodeFrame } from '../echonet/encode.ts';
import { type Eoj, eoj, HEMS_CONTROLLER } from '../echonet/eoj.ts';
import { ESV, type SimpleEsv } from '../echonet/esv.ts';
import { toHex } from '../echonet/hex.ts';
import { createLoopbackNetwork } from '../transport/loopback.ts';
import { AIF_HEMS_DEFAULTS, HemsController } from './hems-controller/hems-controller.ts';
import { DEFAULT_HV_METER } from './hv-meter/hv-meter-config.ts';
import { HvMeterObject } from './hv-meter/hv-meter-object.ts';
import { DEFAULT_LV_METER } from './lv-meter/lv-meter-config.ts';
import { LvMeterObject } from './lv-meter/lv-meter-object.ts';
import type { DeviceObject } from './node/device-object.ts';
import { EchonetNode } from './node/echonet-node.ts';

const FRAMES = 100_000;
const NOW = Date.UTC(2026, 5, 1, 3, 17);
const clock: Clock = { now: () => NOW, sleep: async () => {}, setTimer: () => ({ cancel() {} }) };

/** Requests aimed at the device (its object, the node profile, instance 0x00, a stranger) with random EPCs. */
function requestsTo(object: Eoj): fc.Arbitrary<Uint8Array> {
  const deoj = fc.constantFrom(object, { ...object, instance: 0 }, eoj('0EF001'), eoj('013001'));
  const simple = fc.constantFrom<SimpleEsv>(ESV.Get, ESV.SetC, ESV.SetI, ESV.INF_REQ).chain((esv) =>
    fc.record({ deoj, tid: fc.nat(0xffff), properties: propertyListArbitrary(esv, 'only', 1) }).map((r) =>
      encodeFrame({
        format: 1,
        tid: r.tid,
        seoj: HEMS_CONTROLLER,
        deoj: r.deoj,
        esv,
        properties: r.properties.slice(0, 8),
      }),
    ),
  );
  const setGet = fc
    .record({
      deoj,
      tid: fc.nat(0xffff),
      set: propertyListArbitrary(ESV.SetGet, 'set', 1),
      get: propertyListArbitrary(ESV.SetGet, 'get', 1),
    })
    .map((r) =>
      encodeFrame({
        format: 1,
        tid: r.tid,
        seoj: HEMS_CONTROLLER,
        deoj: r.deoj,
        esv: ESV.SetGet,
        setProperties: r.set.slice(0, 3),
        getProperties: r.get.slice(0, 3),
      }),
    );
  return fc.oneof(
    { arbitrary: simple, weight: 4 },
    { arbitrary: setGet, weight: 1 },
    { arbitrary: hostileBytesArbitrary(), weight: 3 },
  );
}

const DEVICES: Array<[string, () => DeviceObject]> = [
  [
    'LV meter 028801',
    () => new LvMeterObject({ ...DEFAULT_LV_METER, installedAt: NOW - 200 * 86_400_000 }, clock),
  ],
  [
    'HV meter 028A01',
    () => new HvMeterObject({ ...DEFAULT_HV_METER, installedAt: NOW - 200 * 86_400_000 }, clock),
  ],
];

for (const [name, create] of DEVICES) {
  test(`${name}: ${FRAMES.toLocaleString('en')} hostile frames, replies by the rules, state kept on refusal`, () => {
    const object = create();
    const network = createLoopbackNetwork();
    const node = new EchonetNode({
      transport: network.attach({ address: '127.0.0.2', port: 3610 }),
      clock,
      objects: [object],
      makerCode: 0xfffffe,
      uniqueId: new Uint8Array(13),
      opcLimit: 6,
      responseLatencyMs: 0,
      faults: new Set(),
    });
    const state = () =>
      new Map(object.setMap.map((epc) => [epc, toHex(object.read(epc) ?? new Uint8Array(0))]));
    /** EPCs whose value differs between two snapshots. */
    const changed = (a: Map<number, string>, b: Map<number, string>) =>
      [...a.keys()].filter((epc) => a.get(epc) !== b.get(epc));
    const inputs = fc.sample(requestsTo(object.eoj), { numRuns: FRAMES, seed: 3610 });
    let replies = 0;
    for (const bytes of inputs) {
      const before = state();
      const sentBefore = network.sent.length;
      node.receive({ bytes, from: { address: '127.0.0.3', port: 3610 }, multicast: false });
      const sent = network.sent.slice(sentBefore);
      const request = decodeStrict(bytes);
      if (!request.ok || request.frame.format !== 1) {
        assert.equal(sent.length, 0, `a malformed frame was answered: ${toHex(bytes, ' ')}`);
        assert.deepEqual(
          changed(before, state()),
          [],
          `a malformed frame changed state: ${toHex(bytes, ' ')}`,
        );
        continue;
      }
      for (const reply of sent) {
        replies++;
        const problems = replyViolations(request.frame, reply.bytes);
        assert.deepEqual(problems, [], `request ${toHex(bytes, ' ')} → reply ${toHex(reply.bytes, ' ')}`);
      }
      // Only writes the reply reports as accepted (PDC 0 in a Set part) may change state; a SetI that
      // is not answered was accepted whole.
      const frame = request.frame;
      const writes =
        'setProperties' in frame
          ? frame.setProperties
          : [ESV.SetC, ESV.SetI].includes(frame.esv as never)
            ? frame.properties
            : [];
      const acceptedEpcs = new Set<number>();
      if (frame.esv === ESV.SetI && sent.length === 0) for (const w of writes) acceptedEpcs.add(w.epc);
      for (const reply of sent) {
        const decoded = decodeStrict(reply.bytes);
        if (!decoded.ok || decoded.frame.format !== 1) continue;
        const part =
          'setProperties' in decoded.frame
            ? decoded.frame.setProperties
            : writes.length > 0
              ? decoded.frame.properties
              : [];
        for (const p of part) if (p.edt.length === 0) acceptedEpcs.add(p.epc);
      }
      for (const epc of changed(before, state())) {
        assert.ok(
          acceptedEpcs.has(epc),
          `EPC 0x${epc.toString(16)} changed although not accepted: ${toHex(bytes, ' ')}`,
        );
      }
    }
    assert.ok(replies > FRAMES / 4, `too few replies (${replies}) to exercise the rules`);
    assert.ok(node.stats.dropped > 0, 'hostile frames must include some the node drops');
  });
}

test(`HEMS controller 05FF01: ${FRAMES.toLocaleString('en')} hostile frames from the meter's address, never a crash`, async () => {
  const network = createLoopbackNetwork();
  const meterAt = { address: '127.0.0.2', port: 3610 };
  const hemsAt = { address: '127.0.0.3', port: 3610 };
  const meter = network.attach(meterAt);
  const hems = new HemsController({
    transport: network.attach(hemsAt),
    clock,
    meterAddress: meterAt,
    ...AIF_HEMS_DEFAULTS,
    faults: new Set(),
  });
  void hems.start(); // waits for D5 on a clock that never moves: the start-up stays pending
  const infc = fc
    .record({ tid: fc.nat(0xffff), properties: propertyListArbitrary(ESV.INFC, 'only', 1) })
    .map((r) =>
      encodeFrame({
        format: 1,
        tid: r.tid,
        seoj: eoj('028801'),
        deoj: HEMS_CONTROLLER,
        esv: ESV.INFC,
        properties: r.properties.slice(0, 4),
      }),
    );
  const inputs = fc.sample(fc.oneof(requestsTo(HEMS_CONTROLLER), infc), { numRuns: FRAMES, seed: 3611 });
  let replies = 0;
  for (const bytes of inputs) {
    const sentBefore = network.sent.length;
    await meter.send(bytes, hemsAt); // delivered before the await returns (loopback delivery is a microtask)
    const request = decodeStrict(bytes);
    for (const reply of network.sent
      .slice(sentBefore)
      .filter((s) => s.from.address === hemsAt.address && !s.multicast)) {
      assert.ok(request.ok && request.frame.format === 1, `answered a malformed frame: ${toHex(bytes, ' ')}`);
      replies++;
      const frame = request.frame;
      if (frame.esv === ESV.INFC) {
        const answer = decodeStrict(reply.bytes);
        assert.ok(
          answer.ok && answer.frame.format === 1 && answer.frame.esv === ESV.INFC_Res,
          `INFC answered with ${toHex(reply.bytes, ' ')}`,
        );
        assert.equal(answer.frame.tid, frame.tid, 'INFC_Res echoes the TID');
      } else {
        assert.deepEqual(
          replyViolations(frame, reply.bytes),
          [],
          `request ${toHex(bytes, ' ')} → reply ${toHex(reply.bytes, ' ')}`,
        );
      }
    }
  }
  hems.stop();
  assert.ok(replies > FRAMES / 4, `too few replies (${replies}) to exercise the rules`);
});
