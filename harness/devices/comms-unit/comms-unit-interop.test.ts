// The harness's own SKSTACK IP transport (harness/transport/skstack, written apart from this module)
// against the emulated module on an in-memory byte stream, per dialect: it scans, joins, receives the
// meter's instance-list INF and gets an answer to a Get of E7 from the reference LV meter behind the
// module — the same path a lab's dongle takes.
import { expect, test } from '@playwright/test';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { decodeStrict } from '../../echonet/decode-strict.ts';
import { ESV } from '../../echonet/esv.ts';
import { loadProfile } from '../../profile/load-profile.ts';
import { openSkstackTransport } from '../../transport/skstack/skstack-transport.ts';
import type { Datagram } from '../../transport/transport.ts';
import type { DialectName } from './dialects.ts';
import { attachInMemory } from './memory-attach.ts';
import { getFrame } from './skstack-test-host.ts';
import { startCommsUnit } from './start-comms-unit.ts';

const { profile } = loadProfile('profiles/reference-lv-meter.json');

for (const dialect of ['bp35a1', 'bp35c2', 'rl7023'] as const satisfies readonly DialectName[]) {
  test(`${dialect}: the SKSTACK transport joins through the emulated module and reads E7 of the meter`, async () => {
    const clock = new VirtualClock({ start: Date.UTC(2026, 5, 1, 3) });
    const unit = await startCommsUnit({ profile, clock, dialect });
    const host = attachInMemory(unit.module);
    clock.startAutoAdvance();
    try {
      const received: Datagram[] = [];
      const transport = await openSkstackTransport({
        stream: host,
        dialect,
        routeB: profile.routeB!,
        clock,
      });
      transport.onReceive((d) => received.push(d));
      const request = getFrame();
      await transport.send(request, transport.meter);
      await clock.runUntil(() => received.some((d) => !d.multicast), 10_000);
      const frames = received.map((d) => decodeStrict(d.bytes));
      expect(
        frames.every((f) => f.ok),
        'every ERXUDP decodes as a frame',
      ).toBe(true);
      const inf = frames.find((f) => f.ok && f.frame.format === 1 && f.frame.esv === ESV.INF);
      expect(inf, "the meter's instance-list INF after EVENT 25").toBeDefined();
      const reply = frames.find((f) => f.ok && f.frame.format === 1 && f.frame.esv === ESV.Get_Res);
      expect(reply?.ok && reply.frame.tid, 'Get_Res of E7, TID 0D 0A intact').toBe(0x0d0a);
      await transport.close();
    } finally {
      clock.stopAutoAdvance();
      await unit.stop();
    }
  });
}
