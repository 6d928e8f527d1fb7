// openSkstackTransport against a scripted module (fake-module.ts) on an in-memory pair, per dialect: the
// join sequence of echonet-smart-meter.md §4.4, SKSENDTO on the wire, ERXUDP as Datagrams, and the
// failures — no PAN, EVENT 24, EVENT 21 01 — and re-joins after EVENT 29 without 25 or EVENT 27.
import { expect, test } from '@playwright/test';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import type { Datagram } from '../transport.ts';
import type { SkstackDialectName } from './dialects.ts';
import { PanaAuthError, SkstackCommandError, SkstackScanError, SkstackSendError } from './errors.ts';
import { FakeModule, METER_LL, METER_MAC, panFound, type Reply, SELF_LL } from './fake-module.ts';
import { createMemoryStreamPair } from './memory-stream.ts';
import type { SkstackTransportOptions } from './options.ts';
import { openSkstackTransport, type SkstackTransport } from './skstack-transport.ts';

const ROUTE_B = { id: '00112233445566778899AABBCCDDEEFF', password: '0123456789AB' };
/** A Get_Res of E7 = 0x00000D0A W: the payload holds CR LF. */
const FRAME = Uint8Array.from([
  0x10, 0x81, 0x00, 0x01, 0x02, 0x88, 0x01, 0x05, 0xff, 0x01, 0x72, 0x01, 0xe7, 0x04, 0x00, 0x00, 0x0d, 0x0a,
]);
const opened: SkstackTransport[] = [];

function setUp(dialect: SkstackDialectName, script: Record<string, Reply> = {}) {
  const pair = createMemoryStreamPair();
  const clock = new VirtualClock({ start: Date.UTC(2026, 0, 1) });
  const module = new FakeModule(pair.module, dialect, script);
  const open = async (options: Partial<SkstackTransportOptions> = {}) => {
    const transport = await openSkstackTransport({
      stream: pair.host,
      dialect,
      routeB: ROUTE_B,
      clock,
      ...options,
    });
    opened.push(transport);
    return transport;
  };
  return { clock, module, open };
}

function inbox(transport: SkstackTransport): Datagram[] {
  const received: Datagram[] = [];
  transport.onReceive((datagram) => received.push(datagram));
  return received;
}

/** Lets the module's answers (microtasks) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((transport) => transport.close()));
});

const SCAN: Record<SkstackDialectName, string> = {
  bp35a1: 'SKSCAN 2 FFFFFFFF 6',
  rl7023: 'SKSCAN 2 FFFFFFFF 6 0',
  bp35c2: 'SKSCAN 2 FFFFFFFF 6 0',
};
const SEND_HEAD: Record<SkstackDialectName, string> = {
  bp35a1: `SKSENDTO 1 ${METER_LL} 0E1A 1 0012 `,
  rl7023: `SKSENDTO 1 ${METER_LL} 0E1A 1 0 0012 `,
  bp35c2: `SKSENDTO 1 ${METER_LL} 0E1A 1 0 0012 `,
};

for (const dialect of ['bp35a1', 'rl7023', 'bp35c2'] as const) {
  test(`${dialect}: scans, joins and reports both link-local addresses`, async () => {
    const { module, open } = setUp(dialect);
    const transport = await open();
    expect(module.lines, 'the connect sequence of §4.4').toEqual([
      'SKSREG SFE 0',
      `SKSETPWD C ${ROUTE_B.password}`,
      `SKSETRBID ${ROUTE_B.id}`,
      SCAN[dialect],
      'SKSREG S2 21',
      'SKSREG S3 8888',
      `SKLL64 ${METER_MAC}`,
      `SKJOIN ${METER_LL}`,
      'SKINFO',
    ]);
    expect(transport.local, 'our address from SKINFO, port 3610').toEqual({ address: SELF_LL, port: 3610 });
    expect(transport.meter, 'the meter from SKLL64').toEqual({ address: METER_LL, port: 3610 });
    expect(transport.pan).toEqual({
      channel: 0x21,
      panId: 0x8888,
      mac: METER_MAC,
      lqi: 0xe1,
      pairId: 'AABBCCDD',
    });
  });

  test(`${dialect}: send() is one SKSENDTO to port 0E1A with the data and no CR LF after it`, async () => {
    const { module, open } = setUp(dialect);
    const transport = await open();
    const before = module.wire.length;
    await transport.send(FRAME, { address: 'fe80::21d:1290:1234:5678', port: 3610 });
    const written = Buffer.concat(module.wire.slice(before));
    expect(written, 'header, then exactly the frame').toEqual(
      Buffer.concat([Buffer.from(SEND_HEAD[dialect]), FRAME]),
    );
  });

  test(`${dialect}: each ERXUDP to port 3610 is a Datagram, read by DATALEN; PANA's 02CC is not`, async () => {
    const { module, open } = setUp(dialect);
    const transport = await open();
    const received = inbox(transport);
    await module.emit(...module.erxudp(FRAME, { port: 0x2cc, secured: false }));
    await module.emit(...module.erxudp(FRAME));
    await module.emit(
      ...module.erxudp(FRAME.subarray(0, 4), { dest: 'FF02:0000:0000:0000:0000:0000:0000:0001' }),
    );
    await settle();
    expect(received, 'the unicast, then the multicast, from the meter port 3610').toEqual([
      { bytes: FRAME, from: { address: METER_LL, port: 3610 }, multicast: false },
      { bytes: FRAME.subarray(0, 4), from: { address: METER_LL, port: 3610 }, multicast: true },
    ]);
  });
}

test('the meter’s announcement right after EVENT 25 reaches the first listener', async () => {
  const inf = FRAME.subarray(0, 6);
  const { module, open } = setUp('bp35a1', {
    SKJOIN: () => ['OK\r\n', `EVENT 25 ${METER_LL}\r\n`, ...module.erxudp(inf)],
  });
  const transport = await open();
  const received = inbox(transport);
  await settle();
  expect(received, 'the datagram received during the join').toEqual([
    { bytes: inf, from: { address: METER_LL, port: 3610 }, multicast: false },
  ]);
});

test('sendMulticast goes to FF02::1 port 3610', async () => {
  const { module, open } = setUp('bp35a1');
  const transport = await open();
  await transport.sendMulticast(FRAME.subarray(0, 4));
  expect(module.received.at(-1), 'SKSENDTO to the all-nodes group').toEqual({
    line: 'SKSENDTO 1 FF02:0000:0000:0000:0000:0000:0000:0001 0E1A 1 0004',
    data: FRAME.subarray(0, 4),
  });
});

test('channel, PAN ID and MAC from the options: no scan', async () => {
  const { module, open } = setUp('bp35c2');
  await open({ channel: 0x3b, panId: 0x1234, mac: METER_MAC });
  expect(
    module.lines.filter((line) => line.startsWith('SKSCAN')),
    'no SKSCAN',
  ).toEqual([]);
  expect(module.lines, 'registers from the options').toContain('SKSREG S2 3B');
  expect(module.lines).toContain('SKSREG S3 1234');
});

test('a scan that finds nothing is repeated one duration step longer', async () => {
  let scans = 0;
  const { module, open } = setUp('bp35a1', {
    SKSCAN: () =>
      ++scans < 3
        ? ['OK\r\n', `EVENT 22 ${SELF_LL}\r\n`]
        : ['OK\r\n', ...panFound((code, sender) => `EVENT ${code} ${sender}\r\n`), `EVENT 22 ${SELF_LL}\r\n`],
  });
  await open();
  expect(
    module.lines.filter((line) => line.startsWith('SKSCAN')),
    'durations 6, 7, 8',
  ).toEqual(['SKSCAN 2 FFFFFFFF 6', 'SKSCAN 2 FFFFFFFF 7', 'SKSCAN 2 FFFFFFFF 8']);
});

test('no PAN after the last scan: SkstackScanError listing the durations', async () => {
  const { open } = setUp('bp35a1', { SKSCAN: () => ['OK\r\n', `EVENT 22 ${SELF_LL}\r\n`] });
  const error = await open({ scanAttempts: 2 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SkstackScanError);
  expect((error as Error).message).toContain('found no PAN (durations 6, 7)');
});

test('a scan with no EVENT 22 times out after the computed scan time plus the margin', async () => {
  const { clock, open } = setUp('bp35a1', { SKSCAN: () => ['OK\r\n'] });
  let error: unknown;
  const opening = open({ scanDuration: 2 }).catch((e: unknown) => {
    error = e;
  });
  // 28 channels × 9.6 ms × (2^2 + 1) = 1344 ms, + 10 s
  await clock.advance(11_343);
  expect(error, 'still scanning').toBeUndefined();
  await clock.advance(1);
  await opening;
  expect((error as Error).message).toContain(
    'no EVENT 22 (active scan complete) from the module within 11344 ms',
  );
});

test('EVENT 24: PanaAuthError saying to check the Route-B ID and password (never printing them)', async () => {
  const { open } = setUp('bp35a1', { SKJOIN: () => ['OK\r\n', `EVENT 24 ${METER_LL}\r\n`] });
  const error = await open().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PanaAuthError);
  expect((error as Error).message).toBe(
    `PANA authentication with the meter ${METER_LL} failed (EVENT 24): check the Route-B ID and password ` +
      'in the profile, as issued by the power company for this meter',
  );
});

test('FAIL ER05 on SKSCAN (a BP35C2 given the BP35A1 form) names the dialect to check', async () => {
  const { open } = setUp('bp35c2', { SKSCAN: () => ['FAIL ER05\r\n'] });
  const error = await open({ dialectOverrides: { side: undefined } }).catch((e: Error) => e.message);
  expect(error).toBe(
    "SKSTACK SKSCAN 2 FFFFFFFF 6 failed: FAIL ER05 (wrong number of arguments): the module does not take this command in this form; check the profile's dialect (bp35a1, bp35c2, rl7023)",
  );
});

test('EVENT 21 param 01: send() rejects with SkstackSendError', async () => {
  const { open } = setUp('bp35a1', { SKSENDTO: () => [`EVENT 21 ${SELF_LL} 01\r\n`, 'OK\r\n'] });
  const transport = await open();
  const error = await transport.send(FRAME, { address: METER_LL, port: 3610 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SkstackSendError);
});

test('a FAIL while the transmit-time limit is active (EVENT 32) says so', async () => {
  const { module, open } = setUp('bp35a1', { SKSENDTO: () => ['FAIL ER10\r\n'] });
  const transport = await open();
  await module.emit(`EVENT 32 ${SELF_LL}\r\n`);
  await settle();
  const error = (await transport
    .send(FRAME, { address: METER_LL, port: 3610 })
    .catch((e: unknown) => e)) as Error;
  expect(error.message).toContain('FAIL ER10 (execution failed); the module');
  expect(error.message).toContain('transmit-time limit is active (EVENT 32)');
  expect(error.cause).toBeInstanceOf(SkstackCommandError);
});

test('unreadable bytes from the module are reported through onError, naming the dialect', async () => {
  const { module, open } = setUp('rl7023');
  const transport = await open();
  const errors: Error[] = [];
  transport.onError((error) => errors.push(error));
  // a BP35A1-layout ERXUDP (no SIDE) on a module configured as RL7023
  await module.emit(`ERXUDP ${METER_LL} ${SELF_LL} 0E1A 0E1A ${METER_MAC} 1 0002 0D0A\r\n`);
  await settle();
  expect(errors.map((e) => e.message)).toEqual([
    "SKSTACK module sent unreadable bytes (ERXUDP without a hex DATALEN where the dialect puts it, 125 bytes): check the dialect ('rl7023') and hexPayload (WOPT) against the module",
  ]);
});

test('EVENT 29 then EVENT 25 in time: the module re-authenticated itself, no SKJOIN', async () => {
  const { clock, module, open } = setUp('bp35a1');
  await open({ timeouts: { expiryGrace: 1_000 } });
  const joins = () => module.lines.filter((line) => line.startsWith('SKJOIN')).length;
  await module.emit(`EVENT 29 ${METER_LL}\r\n`);
  await clock.advance(500);
  await module.emit(`EVENT 25 ${METER_LL}\r\n`);
  await clock.advance(1_000);
  expect(joins(), 'only the first join').toBe(1);
});

test('EVENT 29 without EVENT 25 within the grace: the transport re-joins, and sends wait for it', async () => {
  const { clock, module, open } = setUp('bp35a1');
  const transport = await open({ timeouts: { expiryGrace: 1_000 } });
  const joins = () => module.lines.filter((line) => line.startsWith('SKJOIN')).length;
  await module.emit(`EVENT 29 ${METER_LL}\r\n`);
  await clock.advance(999);
  expect(joins(), 'still within the grace').toBe(1);
  await clock.advance(1);
  await settle();
  expect(joins(), 're-joined').toBe(2);
  await transport.send(FRAME, { address: METER_LL, port: 3610 });
  expect(module.lines.at(-1), 'and sends again').toMatch(/^SKSENDTO /);
});

for (const code of ['26', '27', '28']) {
  test(`EVENT ${code} (session ended) re-joins at once`, async () => {
    const { module, open } = setUp('bp35a1');
    await open();
    await module.emit(`EVENT ${code} ${METER_LL}\r\n`);
    await settle();
    await settle();
    expect(module.lines.filter((line) => line.startsWith('SKJOIN')).length, 'a second SKJOIN').toBe(2);
  });
}

test('a failed re-join goes to onError, and the next send tries again', async () => {
  let joins = 0;
  const { module, open } = setUp('bp35a1', {
    SKJOIN: () => ['OK\r\n', `EVENT ${++joins === 2 ? '24' : '25'} ${METER_LL}\r\n`],
  });
  const transport = await open();
  const errors: Error[] = [];
  transport.onError((error) => errors.push(error));
  await module.emit(`EVENT 27 ${METER_LL}\r\n`);
  await expect.poll(() => errors.length, { message: 'the re-join failure is reported' }).toBe(1);
  expect(errors[0]?.message).toContain('re-join with the meter');
  expect(errors[0]?.cause).toBeInstanceOf(PanaAuthError);
  await transport.send(FRAME, { address: METER_LL, port: 3610 });
  expect(joins, 'the send re-joined first').toBe(3);
});

test('close() ends the session with SKTERM and closes the stream', async () => {
  const { module, open } = setUp('bp35a1');
  const transport = await open();
  opened.pop();
  await transport.close();
  expect(module.lines.at(-1)).toBe('SKTERM');
  await expect(transport.send(FRAME, { address: METER_LL, port: 3610 })).rejects.toThrow(
    `cannot send: the SKSTACK transport on ${SELF_LL} is closed`,
  );
});

test('options are checked before anything is sent, without printing the secrets', async () => {
  const { open, module } = setUp('bp35a1');
  await expect(open({ routeB: { id: 'short', password: ROUTE_B.password } })).rejects.toThrow(
    'Route-B ID must be exactly 32 printable characters, got 5',
  );
  await expect(open({ channel: 61 })).rejects.toThrow('channel must be an integer 33..60, got 61');
  expect(module.lines, 'nothing sent').toEqual([]);
});
