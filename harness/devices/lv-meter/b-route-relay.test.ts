import { expect, test } from '@playwright/test';
import { createLoopbackNetwork } from '../../transport/loopback.ts';
import type { Datagram } from '../../transport/transport.ts';
import { startFrameRelay } from './b-route-relay.ts';

/** One macrotask turn: every loopback delivery queued as a microtask has run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setUp(faults: string[], relay: boolean) {
  const network = createLoopbackNetwork();
  const meter = network.attach({ address: '127.0.0.2', port: 3610 });
  const client = network.attach({ address: '127.0.0.1', port: 3610 });
  const other = network.attach({ address: '127.0.0.9', port: 3610 });
  const atOther: Datagram[] = [];
  other.onReceive((d) => atOther.push(d));
  const stop = startFrameRelay(new Set(faults), meter, relay ? other.local : undefined);
  return { meter, client, atOther, stop };
}

const frame = Uint8Array.of(
  0x10,
  0x81,
  0x00,
  0x01,
  0x05,
  0xff,
  0x01,
  0x0e,
  0xf0,
  0x01,
  0x62,
  0x01,
  0xd6,
  0x00,
);

test.describe('fault b-route-frame-relayed', () => {
  test('copies every frame the meter receives to the other domain’s host, from the meter', async () => {
    const { meter, client, atOther, stop } = setUp(['b-route-frame-relayed'], true);
    await client.send(frame, meter.local);
    await settle();
    await settle();
    expect(atOther, 'the frame the meter received, byte for byte, sent on by the meter').toEqual([
      { bytes: frame, from: meter.local, multicast: false },
    ]);
    stop?.();
    await client.send(frame, meter.local);
    await settle();
    await settle();
    expect(atOther.length, 'stopped: no further copy').toBe(1);
  });

  test('without the fault, or without a host to relay to, the meter relays nothing', async () => {
    for (const [faults, relay] of [
      [[], true],
      [['b-route-frame-relayed'], false],
    ] as const) {
      const { meter, client, atOther, stop } = setUp([...faults], relay);
      expect(stop, `faults [${faults.join(', ')}], relay ${relay}: no relay started`).toBeUndefined();
      await client.send(frame, meter.local);
      await settle();
      await settle();
      expect(atOther.length, `faults [${faults.join(', ')}], relay ${relay}: nothing relayed`).toBe(0);
    }
  });
});
