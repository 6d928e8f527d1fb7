// 10^5 random, mutated and well-formed-but-odd frames into each reference device: no exception escapes,
// nothing hangs, every reply obeys the reply rules of its request, and a frame that is refused or
// dropped leaves the device's settable state as it was. In-process and on a frozen clock:
// robustness-udp.test.ts is the same storm over real UDP with time running.
import assert from 'node:assert/strict';
import { test } from '@playwright/test';
import fc from 'fast-check';
import { deviceInputArbitrary } from '../arbitraries/device-input.ts';
import { meterNotificationArbitrary } from '../arbitraries/meter-notification.ts';
import type { Clock } from '../clock/clock.ts';
import { replyViolations } from '../conformance/reply-rules.ts';
import { decodeStrict } from '../echonet/decode-strict.ts';
import { HEMS_CONTROLLER } from '../echonet/eoj.ts';
import { ESV } from '../echonet/esv.ts';
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
    const inputs = fc.sample(deviceInputArbitrary(object.eoj), { numRuns: FRAMES, seed: 3610 });
    let replies = 0;
    for (const bytes of inputs) {
      const before = state();
      const sentBefore = network.sent.length;
      node.receive({ bytes, from: { address: '127.0.0.3', port: 3610 }, multicast: false });
      // replies go back to the sender; a value the request changed is announced to the group (§4.3.1)
      const all = network.sent.slice(sentBefore);
      const sent = all.filter((d) => !d.multicast);
      const announced = all.filter((d) => d.multicast);
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
      const changedNow = changed(before, state());
      for (const epc of changedNow) {
        assert.ok(
          acceptedEpcs.has(epc),
          `EPC 0x${epc.toString(16)} changed although not accepted: ${toHex(bytes, ' ')}`,
        );
      }
      // an announcement is an INF of announced EPCs that changed, with their new values
      for (const d of announced) {
        const inf = decodeStrict(d.bytes);
        assert.ok(
          inf.ok && inf.frame.format === 1 && inf.frame.esv === ESV.INF,
          `announcement ${toHex(d.bytes, ' ')}`,
        );
        for (const p of 'properties' in inf.frame ? inf.frame.properties : []) {
          assert.ok(
            changedNow.includes(p.epc) && object.announceMap.includes(p.epc),
            `0x${p.epc.toString(16)} announced although it did not change: ${toHex(bytes, ' ')}`,
          );
          assert.equal(toHex(p.edt), toHex(object.read(p.epc)!), 'the announcement carries the new value');
        }
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
  const inputs = fc.sample(
    fc.oneof(deviceInputArbitrary(HEMS_CONTROLLER), meterNotificationArbitrary(ESV.INFC)),
    { numRuns: FRAMES, seed: 3611 },
  );
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
