// The serial log of a join and a send (serial-log.ts): every command and record in order, the Route-B
// password and ID never in it (neither in their commands nor in echoes), SKSENDTO's data by its length.
import { expect, test } from '@playwright/test';
import { WallClock } from '../../clock/wall-clock.ts';
import { attachInMemory } from '../../devices/comms-unit/memory-attach.ts';
import { getFrame } from '../../devices/comms-unit/skstack-test-host.ts';
import { DEFAULT_METER_RADIO, startCommsUnit } from '../../devices/comms-unit/start-comms-unit.ts';
import { loadProfile } from '../../profile/load-profile.ts';
import type { SerialLogEntry } from './serial-log.ts';
import { openSkstackTransport } from './skstack-transport.ts';

const { profile } = loadProfile('profiles/reference-lv-meter-wisun.json');

test('a join and a send as serial lines: secrets redacted, echoes left out, data by its length', async () => {
  const clock = new WallClock();
  const unit = await startCommsUnit({ profile, clock, dialect: 'bp35a1' });
  const log: SerialLogEntry[] = [];
  const transport = await openSkstackTransport({
    stream: attachInMemory(unit.module),
    dialect: 'bp35a1',
    routeB: profile.routeB!,
    clock,
    channel: DEFAULT_METER_RADIO.channel,
    panId: DEFAULT_METER_RADIO.panId,
    mac: DEFAULT_METER_RADIO.mac,
    serialLog: (entry) => log.push(entry),
  });
  try {
    await transport.send(getFrame(), transport.meter);
    const text = log.map((e) => `${e.direction === 'sent' ? '→' : '←'} ${e.text}`);
    expect(text.slice(0, 6)).toEqual([
      '→ SKSREG SFE 0',
      '← OK',
      '→ SKSETPWD <redacted>',
      '← OK',
      '→ SKSETRBID <redacted>',
      '← OK',
    ]);
    expect(text).toContain('← EVENT 25 FE80:0000:0000:0000:1034:5678:ABCD:EF01');
    expect(text.some((l) => /^→ SKSENDTO 1 FE80:\S+ 0E1A 1 000E <14 bytes>$/.test(l))).toBe(true);
    const all = text.join('\n');
    expect(all, 'the password is never logged').not.toContain(profile.routeB!.password);
    expect(all, 'the Route-B ID is never logged').not.toContain(profile.routeB!.id);
  } finally {
    await transport.close();
    await unit.stop();
  }
});
