// The module session of the comms-unit cases, against the emulated module behind the reference LV meter
// over Wi-SUN on a virtual clock: raw commands and FAIL codes, a refused and an accepted re-join with no
// re-join of the transport's own in between, the module's bytes and write chunks, and a join broken by a
// module fault leaving the module reachable.
import { expect, test } from '@playwright/test';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { loadProfile } from '../profile/load-profile.ts';
import type { Profile } from '../profile/profile.ts';
import { PanaAuthError } from '../transport/skstack/errors.ts';
import { DEFAULT_CLOCK_START } from './fixtures.ts';
import { openSkstackLink } from './skstack-device.ts';
import { wisunSession } from './wisun-session.ts';

const WISUN = loadProfile('profiles/reference-lv-meter-wisun.json').profile;
const withModuleFaults = (faults: string[]): Profile => {
  const t = WISUN.transport;
  if (t.type !== 'skstack') throw new Error('the Wi-SUN profile is not skstack');
  return { ...WISUN, transport: { ...t, faults } };
};

test('raw commands, FAIL codes, a refused then an accepted re-join, bytes and chunks', async () => {
  const clock = new VirtualClock({ start: Date.parse(DEFAULT_CLOCK_START) });
  const link = await openSkstackLink(WISUN, clock);
  try {
    const s = wisunSession(link, WISUN, clock);
    expect(s.joinError).toBeUndefined();
    const ver = await s.run('SKVER');
    expect(ver.ok && ver.records.some((r) => r.kind === 'info' && r.keyword === 'EVER')).toBe(true);
    expect(await s.run('SKNOSUCHCMD')).toMatchObject({ ok: false, code: 'ER04' });
    const from = s.records.length;
    const wrong = await s.join({ id: s.routeB.id, password: 'XXXXXXXXXXXX' });
    expect(wrong).toBeInstanceOf(PanaAuthError);
    expect(await s.join(s.routeB)).toBe(true);
    // EVENT 27 of SKTERM and EVENT 24 were ours: the transport did not re-join by itself in between
    const codes = s.events(from).map((e) => e.code);
    expect(codes.filter((c) => c === 0x25)).toHaveLength(1);
    expect(codes).toContain(0x24);
    expect(Buffer.from(s.bytes()).toString('latin1')).toContain('EVER ');
    expect(s.emulated?.chunks.some((c) => Buffer.from(c).toString('latin1').startsWith('EVENT 25 '))).toBe(
      true,
    );
  } finally {
    await link.close();
  }
});

test('a join broken by a module fault (SKLL64 keeps U/L): the module still takes raw commands', async () => {
  const profile = withModuleFaults(['sk-ll64-ul-kept']);
  const clock = new VirtualClock({ start: Date.parse(DEFAULT_CLOCK_START) });
  const link = await openSkstackLink(profile, clock);
  try {
    expect(
      link.joinError,
      `the join error: ${link.joinError?.message}\n${link.serialLog.join('\n')}`,
    ).toBeInstanceOf(PanaAuthError);
    const s = wisunSession(link, profile, clock);
    const ll64 = await s.run('SKLL64 001D129012345678', { answer: 'line' });
    expect(ll64).toMatchObject({ ok: true, answer: 'FE80:0000:0000:0000:001D:1290:1234:5678' });
    await expect(link.transport.send(new Uint8Array([1]), link.meter)).rejects.toThrow(/join failed/);
  } finally {
    await link.close();
  }
});
