// One meter's radio shared by several clients' modules: each client's frames reach the meter from its own
// address and the meter's answer goes down that client's link only; PANA takes each registered pair, not
// a crossed one, and no revoked ID (and the faults that break those rules).
import { expect, test } from '@playwright/test';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import type { Datagram } from '../../transport/transport.ts';
import { MeterRadioHub } from './meter-radio-hub.ts';
import { createRadioLink, type MeterDatagram } from './radio-link.ts';

const METER = 'fe80::1034:5678:abcd:ef01';
const A = { id: 'A'.repeat(32), password: 'AAAAAAAAAAAA' };
const B = { id: 'B'.repeat(32), password: 'BBBBBBBBBBBB' };

test('each module reaches the meter from its own address; a unicast goes down its own link only', async () => {
  const clock = new VirtualClock({ start: 0 });
  const hub = new MeterRadioHub({ address: METER, port: 3610 }, [A, B], new Set());
  const links = ['fe80::21d:1290:1234:5678', 'fe80::21d:1290:aaaa:1'].map((moduleAddress) => {
    const link = createRadioLink({ clock, meterAddress: METER, moduleAddress });
    link.up = true;
    hub.attach(link, moduleAddress);
    const heard: MeterDatagram[] = [];
    link.onFromMeter((d) => heard.push(d));
    return { link, moduleAddress, heard };
  });
  const atMeter: Datagram[] = [];
  hub.meter.onReceive((d) => atMeter.push(d));
  for (const [k, l] of links.entries())
    l.link.toMeter(Uint8Array.of(k), 3610, { address: METER, port: 3610 });
  await clock.advance(1);
  expect(atMeter.map((d) => [d.from.address, d.bytes[0]])).toEqual(links.map((l, k) => [l.moduleAddress, k]));
  await hub.meter.send(Uint8Array.of(9), { address: links[1]!.moduleAddress, port: 3610 });
  await hub.meter.sendMulticast(Uint8Array.of(7));
  await clock.advance(1);
  expect(
    links[0]!.heard.map((d) => d.bytes[0]),
    'the first module: the multicast only',
  ).toEqual([7]);
  expect(
    links[1]!.heard.map((d) => d.bytes[0]),
    'the second: its unicast and the multicast',
  ).toEqual([9, 7]);
});

test('PANA takes each registered pair, never a crossed one, and no revoked ID; the faults break that', () => {
  const hub = new MeterRadioHub({ address: METER, port: 3610 }, [A, B], new Set());
  expect([hub.accepts(A.id, A.password), hub.accepts(B.id, B.password)]).toEqual([true, true]);
  expect(hub.accepts(A.id, B.password), 'an ID with another client’s password').toBe(false);
  hub.revoke(B.id);
  expect([hub.accepts(A.id, A.password), hub.accepts(B.id, B.password)], 'B revoked, A kept').toEqual([
    true,
    false,
  ]);
  const crossed = new MeterRadioHub(
    { address: METER, port: 3610 },
    [A, B],
    new Set(['mc-credentials-crossed']),
  );
  expect(crossed.accepts(A.id, B.password)).toBe(true);
  const kept = new MeterRadioHub(
    { address: METER, port: 3610 },
    [A, B],
    new Set(['mc-revoked-credential-accepted']),
  );
  kept.revoke(B.id);
  expect(kept.accepts(B.id, B.password)).toBe(true);
});
