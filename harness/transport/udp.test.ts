// Real sockets, on loopback only (127.0.0.0/8 and ::1). The multicast group is machine-wide, so this file
// runs serially and uses group ports of its own (not 3610), which no other test file uses.
import { expect, test } from '@playwright/test';
import { WallClock } from '../clock/wall-clock.ts';
import type { Datagram, Transport } from './transport.ts';
import { openUdpTransport, type UdpTransport, type UdpTransportOptions } from './udp.ts';

test.describe.configure({ mode: 'serial' });

const GROUP_PORT_V4 = 13610;
const GROUP_PORT_V6 = 13611;
/** How long a datagram that should not arrive is waited for. */
const QUIET_MS = 150;

const clock = new WallClock();
const bytes = (...values: number[]) => Uint8Array.from(values);
const opened: UdpTransport[] = [];

async function open(options: UdpTransportOptions): Promise<UdpTransport> {
  const transport = await openUdpTransport(options);
  opened.push(transport);
  return transport;
}

function inbox(transport: Transport): Datagram[] {
  const received: Datagram[] = [];
  transport.onReceive((datagram) => received.push(datagram));
  return received;
}

async function arrived(received: Datagram[], count: number, who: string): Promise<void> {
  await expect
    .poll(() => received.length, {
      message: `${who}: ${count} datagram(s) expected`,
      timeout: 2_000,
      intervals: [5, 10, 25],
    })
    .toBe(count);
}

test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

for (const [family, a, b] of [
  [4, '127.0.0.2', '127.0.0.3'],
  [6, '::1', '::1'],
] as const) {
  test(`IPv${family} unicast round trip between ${a} and ${b}`, async () => {
    const meter = await open({ family, address: a, port: 0 });
    const controller = await open({ family, address: b, port: 0 });
    const [atMeter, atController] = [inbox(meter), inbox(controller)];

    await controller.send(bytes(0x10, 0x81, 0x00, 0x01), meter.local);
    await arrived(atMeter, 1, 'meter');
    expect(atMeter[0], 'the request: bytes as sent, from the controller, multicast=false').toEqual({
      bytes: bytes(0x10, 0x81, 0x00, 0x01),
      from: controller.local,
      multicast: false,
    });

    await meter.send(bytes(0x10, 0x81, 0x00, 0x02), atMeter[0]!.from);
    await arrived(atController, 1, 'controller');
    expect(atController[0], 'the answer comes from the meter’s address and port').toEqual({
      bytes: bytes(0x10, 0x81, 0x00, 0x02),
      from: meter.local,
      multicast: false,
    });
  });
}

/** Three devices sharing the group port on their own addresses, and a controller; all hear the group. */
async function openNetwork(family: 4 | 6) {
  const groupPort = family === 4 ? GROUP_PORT_V4 : GROUP_PORT_V6;
  const device = (address: string) =>
    // IPv4: each device has its own address and uses the group port for unicast too, as real nodes
    // use 3610 for both. IPv6 loopback has one address, so there devices differ by port.
    open({
      family,
      address,
      port: family === 4 ? groupPort : 0,
      multicast: { port: groupPort, receive: true },
    });
  const addresses = family === 4 ? ['127.0.0.2', '127.0.0.3', '127.0.0.4'] : ['::1', '::1', '::1'];
  const devices: UdpTransport[] = [];
  for (const address of addresses) devices.push(await device(address));
  const controller = await device(family === 4 ? '127.0.0.1' : '::1');
  return { devices, controller, inboxes: devices.map(inbox), atController: inbox(controller) };
}

async function multicastReachesEveryDevice(family: 4 | 6): Promise<void> {
  const { devices, controller, inboxes, atController } = await openNetwork(family);
  await controller.sendMulticast(bytes(0x10, 0x81, 0x00, 0x03));
  for (const [i, received] of inboxes.entries()) {
    const where = `device ${devices[i]!.local.address} port ${devices[i]!.local.port}`;
    await arrived(received, 1, where);
    expect(received[0], `${where}: the group datagram, multicast=true, from the controller`).toEqual({
      bytes: bytes(0x10, 0x81, 0x00, 0x03),
      from: controller.local,
      multicast: true,
    });
  }
  await clock.sleep(QUIET_MS);
  expect(
    inboxes.map((received) => received.length),
    'each device got the multicast once',
  ).toEqual([1, 1, 1]);
  expect(atController.length, 'the sender does not hear its own multicast').toBe(0);
}

async function unicastReachesOnlyItsDevice(family: 4 | 6): Promise<void> {
  const { devices, controller, inboxes } = await openNetwork(family);
  await controller.send(bytes(0x10, 0x81, 0x00, 0x04), devices[1]!.local);
  await arrived(inboxes[1]!, 1, 'the addressed device');
  expect(inboxes[1]![0]!.multicast, 'received on the unicast socket: multicast=false').toBe(false);
  await clock.sleep(QUIET_MS);
  expect(
    inboxes.map((received) => received.length),
    'only the second device got the unicast',
  ).toEqual([0, 1, 0]);
}

test('IPv4 multicast to 224.0.23.0 reaches each device on 127.0.0.2/3/4 once, not the sender', async () => {
  await multicastReachesEveryDevice(4);
});

test('IPv4 unicast to one device on the shared port reaches that device only', async () => {
  await unicastReachesOnlyItsDevice(4);
});

/** Why IPv6 multicast on loopback does not work here, or undefined when it does. */
async function ipv6LoopbackMulticastProblem(): Promise<string | undefined> {
  const options = {
    family: 6,
    address: '::1',
    port: 0,
    multicast: { port: GROUP_PORT_V6, receive: true },
  } as const;
  const sender = await openUdpTransport(options);
  const receiver = await openUdpTransport(options);
  try {
    const received = inbox(receiver);
    await sender.sendMulticast(bytes(0));
    await clock.sleep(QUIET_MS);
    return received.length > 0 ? undefined : 'sent to ff02::1%lo, nothing was received';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await Promise.all([sender.close(), receiver.close()]);
  }
}

test('IPv6 multicast to ff02::1 on lo reaches each device once; a unicast only its device', async () => {
  const problem = await ipv6LoopbackMulticastProblem();
  test.skip(problem !== undefined, `IPv6 multicast over loopback does not work on this machine: ${problem}`);
  await multicastReachesEveryDevice(6);
  await Promise.all(opened.splice(0).map((t) => t.close()));
  await unicastReachesOnlyItsDevice(6);
});

test('a port in use rejects naming the address, the port and a fix; close() frees it', async () => {
  const first = await open({ family: 4, address: '127.0.0.2', port: 0 });
  const { port } = first.local;
  await expect(
    openUdpTransport({ family: 4, address: '127.0.0.2', port }),
    'EADDRINUSE explained',
  ).rejects.toThrow(
    `port ${port} on 127.0.0.2 is in use (EADDRINUSE): stop the other ECHONET Lite program or choose --port`,
  );
  await first.close();
  const again = await open({ family: 4, address: '127.0.0.2', port });
  expect(again.local, 'the same address and port bind again after close()').toEqual({
    address: '127.0.0.2',
    port,
  });
});

test('close() is idempotent; sending after it rejects', async () => {
  const transport = await open({
    family: 4,
    address: '127.0.0.2',
    port: 0,
    multicast: { port: GROUP_PORT_V4, receive: true },
  });
  await Promise.all([transport.close(), transport.close()]);
  await transport.close();
  await expect(
    transport.send(bytes(1), { address: '127.0.0.3', port: 9 }),
    'send after close',
  ).rejects.toThrow(/is closed/);
  await expect(transport.sendMulticast(bytes(1)), 'sendMulticast after close').rejects.toThrow(/is closed/);
});

test('options that cannot work reject before binding: wildcard, wrong family, unknown interface', async () => {
  await expect(openUdpTransport({ family: 4, address: '0.0.0.0' })).rejects.toThrow(/is the wildcard/);
  await expect(openUdpTransport({ family: 6, address: '127.0.0.2' })).rejects.toThrow(
    /must be an IPv6 address/,
  );
  await expect(
    openUdpTransport({
      family: 6,
      address: '::1',
      port: 0,
      multicast: { interface: 'no-such-if0', receive: false },
    }),
  ).rejects.toThrow(/matches no IPv6 interface/);
});
