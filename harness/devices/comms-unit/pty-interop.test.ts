// The harness's own SKSTACK IP transport (npm serialport on the slave path, as on a USB dongle) against
// the emulated module on a real pseudo-terminal, per dialect, on the wall clock: it scans, joins, and
// reads E7 of the reference LV meter behind the module with TID 0D 0A (binary data holding CR LF, both
// ways: echonet-smart-meter.md §4.3, §4.4).
import { expect, test } from '@playwright/test';
import { WallClock } from '../../clock/wall-clock.ts';
import { decodeStrict } from '../../echonet/decode-strict.ts';
import { ESV } from '../../echonet/esv.ts';
import { loadProfile } from '../../profile/load-profile.ts';
import { openSkstackTransport } from '../../transport/skstack/skstack-transport.ts';
import type { Datagram } from '../../transport/transport.ts';
import type { DialectName } from './dialects.ts';
import { openPtyBridge } from './pty-bridge.ts';
import { getFrame } from './skstack-test-host.ts';
import { startCommsUnit } from './start-comms-unit.ts';

const { profile } = loadProfile('profiles/reference-lv-meter.json');

for (const dialect of ['bp35a1', 'bp35c2', 'rl7023'] as const satisfies readonly DialectName[]) {
  test(`${dialect}: the SKSTACK transport over serialport joins the emulated module on a PTY and reads E7`, async () => {
    test.setTimeout(20_000);
    const clock = new WallClock();
    const unit = await startCommsUnit({ profile, clock, dialect });
    const bridge = openPtyBridge({ module: unit.module });
    try {
      const transport = await openSkstackTransport({
        path: bridge.path,
        dialect,
        routeB: profile.routeB!,
        clock,
        scanDuration: 2, // 28 channels × 9.6 ms × (2² + 1): about 1.3 s (§4.1 SKSCAN)
        timeouts: { command: 2_000, send: 3_000, join: 5_000, scanMargin: 2_000 },
      });
      try {
        const received: Datagram[] = [];
        transport.onReceive((d) => received.push(d));
        const request = getFrame();
        await transport.send(request, transport.meter);
        const getRes = () =>
          received
            .map((d) => decodeStrict(d.bytes))
            .map((f) => (f.ok && f.frame.format === 1 && f.frame.esv === ESV.Get_Res ? f.frame : undefined))
            .find((f) => f !== undefined);
        await expect.poll(() => getRes() !== undefined, { timeout: 5_000, message: 'a Get_Res' }).toBe(true);
        const reply = getRes()!;
        expect(reply.tid, 'TID 0D 0A intact across the PTY').toBe(0x0d0a);
        const e7 = 'properties' in reply ? reply.properties[0] : undefined;
        expect(e7?.epc).toBe(0xe7);
        expect(e7?.edt.length, 'E7 is 4 bytes (signed W)').toBe(4);
      } finally {
        await transport.close();
      }
    } finally {
      bridge.close();
      await unit.stop();
    }
  });
}
