// The progress lines of `smcert emulate --serial`, on a virtual clock and an in-memory stream: the scan,
// the PANA session (EVENT 25), each datagram decoded both ways, the lifetime expiring (EVENT 29, after
// S16 = 0x384 s) and the re-authentication, and the session's end (EVENT 27) — echonet-smart-meter.md §4.2.
import { expect, test } from '@playwright/test';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { loadProfile } from '../../profile/load-profile.ts';
import { openSkstackTransport } from '../../transport/skstack/skstack-transport.ts';
import { attachInMemory } from './memory-attach.ts';
import { logSession } from './pty-session-log.ts';
import { getFrame } from './skstack-test-host.ts';
import { startCommsUnit } from './start-comms-unit.ts';

const { profile } = loadProfile('profiles/reference-lv-meter.json');

test('one progress line per session event: scan, join, datagrams, expiry and re-authentication, end', async () => {
  const clock = new VirtualClock({ start: Date.UTC(2026, 5, 1, 3) });
  const unit = await startCommsUnit({ profile, clock, dialect: 'bp35a1' });
  const lines: string[] = [];
  const stop = logSession(unit.module, clock, (line) => lines.push(line));
  const host = attachInMemory(unit.module);
  clock.startAutoAdvance();
  try {
    const transport = await openSkstackTransport({
      stream: host,
      dialect: 'bp35a1',
      routeB: profile.routeB!,
      clock,
    });
    const get = getFrame();
    await transport.send(get, transport.meter);
    await clock.runUntil(() => lines.some((l) => l.includes('Get_Res')), 10_000);
    await clock.runUntil(() => lines.some((l) => l.includes('re-authenticated')), 0x384 * 1000 + 30_000);
    await transport.close();
    await clock.runUntil(() => lines.some((l) => l.includes('EVENT 27')), 10_000);
  } finally {
    clock.stopAutoAdvance();
    stop();
    await unit.stop();
  }
  const text = lines.join('\n');
  expect(text).toMatch(/^03:00:\d\d\.\d{3} active scan: the meter answered \(EVENT 20\)$/m);
  expect(text).toMatch(/PANA session up \(EVENT 25\): joined the meter FE80:/);
  expect(text).toMatch(/host → meter TID=0D0A 05FF01→028801 Get \(0x62\) \[0xE7\]/);
  expect(text).toMatch(/meter → host TID=0D0A 028801→05FF01 Get_Res \(0x72\) \[0xE7=[0-9A-F]{8}\]/);
  expect(text).toMatch(/PANA session lifetime expired \(EVENT 29\)\n.*re-authenticated: session up again/);
  expect(text).toMatch(/session terminated \(EVENT 27\)/);
  expect(text, 'no line for PANA trace events or successful sends').not.toMatch(/EVENT (01|02|21)/);
});
