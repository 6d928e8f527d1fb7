import { expect, test } from '@playwright/test';
import { createLoopbackNetwork } from './loopback.ts';
import type { Datagram, Transport } from './transport.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);
/** One macrotask turn: every delivery queued as a microtask has run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function inbox(transport: Transport): Datagram[] {
  const received: Datagram[] = [];
  transport.onReceive((datagram) => received.push(datagram));
  return received;
}

test.describe('loopback network', () => {
  test('a unicast reaches the addressed endpoint only, after send() returns, as unicast', async () => {
    const network = createLoopbackNetwork();
    const controller = network.attach({ address: '127.0.0.1', port: 3610 });
    const meter = network.attach({ address: '127.0.0.2', port: 3610 });
    const other = network.attach({ address: '127.0.0.3', port: 3610 });
    const [atMeter, atOther] = [inbox(meter), inbox(other)];

    const sending = controller.send(bytes(0x10, 0x81), meter.local);
    expect(atMeter.length, 'delivery is asynchronous: nothing arrives inside send()').toBe(0);
    await sending;
    await settle();

    expect(atMeter, 'the addressed endpoint gets the bytes, from the sender, multicast=false').toEqual([
      { bytes: bytes(0x10, 0x81), from: { address: '127.0.0.1', port: 3610 }, multicast: false },
    ]);
    expect(atOther.length, 'an endpoint not addressed gets nothing').toBe(0);
  });

  test('a multicast reaches every other member of its family, not the sender', async () => {
    const network = createLoopbackNetwork();
    const sender = network.attach({ address: '127.0.0.1', port: 3610 });
    const meters = [2, 3, 4].map((n) => network.attach({ address: `127.0.0.${n}`, port: 3610 }));
    const v6 = network.attach({ address: '::1', port: 3610 });
    const atSender = inbox(sender);
    const atV6 = inbox(v6);
    const atMeters = meters.map(inbox);

    await sender.sendMulticast(bytes(0x10, 0x81, 0x00, 0x01));
    await settle();

    for (const [i, received] of atMeters.entries()) {
      expect(received, `member ${i + 2}: one datagram, multicast=true, from the sender`).toEqual([
        { bytes: bytes(0x10, 0x81, 0x00, 0x01), from: sender.local, multicast: true },
      ]);
    }
    expect(atSender.length, 'the sender does not hear its own multicast').toBe(0);
    expect(atV6.length, 'an IPv6 member is not in the IPv4 group 224.0.23.0').toBe(0);
  });

  test('sent logs every datagram with the group as destination of a multicast', async () => {
    const network = createLoopbackNetwork();
    const a = network.attach({ address: '::1', port: 3610 });
    const b = network.attach({ address: '::1', port: 3611 });
    await a.send(bytes(1), b.local);
    await b.sendMulticast(bytes(2));
    await a.send(bytes(3), { address: '::1', port: 9 });
    expect(network.sent, 'from, to, bytes and multicast of each send, undelivered ones included').toEqual([
      { from: a.local, to: b.local, bytes: bytes(1), multicast: false },
      { from: b.local, to: { address: 'ff02::1', port: 3610 }, bytes: bytes(2), multicast: true },
      { from: a.local, to: { address: '::1', port: 9 }, bytes: bytes(3), multicast: false },
    ]);
  });

  test('datagrams arrive in send order, as copies taken at send time', async () => {
    const network = createLoopbackNetwork();
    const a = network.attach({ address: '127.0.0.1', port: 1 });
    const b = network.attach({ address: '127.0.0.1', port: 2 });
    const atB = inbox(b);
    const frame = bytes(1);
    await a.send(frame, b.local);
    frame[0] = 0xff;
    await a.send(bytes(2), b.local);
    await a.sendMulticast(bytes(3));
    await settle();
    expect(
      atB.map((d) => d.bytes[0]),
      'order 1, 2, 3; the first is the byte as sent, not as changed afterwards',
    ).toEqual([1, 2, 3]);
  });

  test('unsubscribe stops one listener; close is idempotent and frees the endpoint', async () => {
    const network = createLoopbackNetwork();
    const a = network.attach({ address: '127.0.0.1', port: 1 });
    const b = network.attach({ address: '127.0.0.1', port: 2 });
    const kept: Datagram[] = [];
    const removed: Datagram[] = [];
    b.onReceive((d) => kept.push(d));
    const unsubscribe = b.onReceive((d) => removed.push(d));
    unsubscribe();
    const sending = a.send(bytes(1), b.local);
    await b.close(); // closed before the delivery runs: a closed endpoint gets nothing
    await b.close();
    await sending;
    await settle();
    expect([kept.length, removed.length], 'nothing after close, nothing to an unsubscribed listener').toEqual(
      [0, 0],
    );
    await expect(b.send(bytes(1), a.local), 'send after close rejects').rejects.toThrow(/is closed/);

    const again = network.attach({ address: '127.0.0.1', port: 2 });
    const atAgain = inbox(again);
    await a.send(bytes(2), again.local);
    await settle();
    expect(atAgain.length, 'the endpoint can be attached again after close').toBe(1);
  });

  test('attaching twice at one endpoint throws, naming it', () => {
    const network = createLoopbackNetwork();
    network.attach({ address: '127.0.0.2', port: 3610 });
    expect(() => network.attach({ address: '127.0.0.2', port: 3610 })).toThrow(
      /127\.0\.0\.2 port 3610 is already attached/,
    );
  });
});
