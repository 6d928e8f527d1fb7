// The link's holds as the controller sees them (link-hold.ts): EVENT 32 … 33 and EVENT 29 … 25 of its
// Wi-SUN module. The clean controller sends nothing while a hold lasts and sends what it held back once it
// ends; each fault (hems-faults.ts) ignores one hold and sends again 0.1 s after each refusal, 20 times,
// and keeps to the other hold. The wire here is a fake that refuses sends while "held", as the module
// answers FAIL ER10 (the suite's cases judge the same over a real PTY: suites/hems/wisun.spec.ts).
import { expect, test } from '@playwright/test';
import { fromJst } from '../../clock/jst.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { Listeners } from '../../transport/listeners.ts';
import { EVENT } from '../../transport/skstack/events.ts';
import type { EventRecord } from '../../transport/skstack/records.ts';
import type { Transport } from '../../transport/transport.ts';
import { AIF_HEMS_DEFAULTS, HemsController } from './hems-controller.ts';
import { skstackLinkHold } from './link-hold.ts';

const START = fromJst({ year: 2026, month: 4, day: 1, hour: 0, minute: 10, second: 0 });
const METER_AT = { address: 'FE80:0000:0000:0000:1034:5678:ABCD:EF01', port: 3610 };

const event = (code: number): EventRecord => ({
  kind: 'event',
  code,
  name: '',
  sender: METER_AT.address,
  text: `EVENT ${code.toString(16)}`,
});

/** A controller whose link is held from 1 s after its start for 60 s by `starts` … `ends`; its send attempts. */
async function heldFor(starts: number, ends: number, faults: string[]) {
  const clock = new VirtualClock({ start: START });
  const attempts: number[] = [];
  let refusing = false;
  const refuseOrTake = async (): Promise<void> => {
    attempts.push(clock.now());
    if (refusing) throw new Error('SKSTACK SKSENDTO: FAIL ER10');
  };
  const transport: Transport = {
    local: { address: 'FE80:0000:0000:0000:021D:1290:1234:5678', port: 3610 },
    send: refuseOrTake,
    sendMulticast: refuseOrTake,
    onReceive: () => () => {},
    close: async () => {},
  };
  const events = new Listeners<EventRecord>();
  const linkHold = skstackLinkHold({ onEvent: (listener) => events.add(listener) });
  const hems = new HemsController({
    transport,
    clock,
    meterAddress: METER_AT,
    ...AIF_HEMS_DEFAULTS,
    faults: new Set(faults),
    linkHold,
  });
  void hems.start(); // its own INF 0xD5 at once; its Get of 0xD6 after Timer 1 (no meter answers here)
  await clock.advance(1_000);
  const before = attempts.length;
  refusing = true;
  events.emit(event(starts));
  await clock.advance(60_000);
  const during = attempts.slice(before);
  refusing = false;
  events.emit(event(ends));
  await clock.advance(1_000);
  const after = attempts.slice(before + during.length);
  hems.stop();
  return { during, after };
}

const ARIB = [EVENT.transmitLimitActivated, EVENT.transmitLimitReleased] as const;
const REAUTH = [EVENT.sessionExpired, EVENT.panaEstablished] as const;

test('skstackLinkHold: EVENT 32 … 33 is the ARIB limit, EVENT 29 … 25 a re-authentication', () => {
  const events = new Listeners<EventRecord>();
  const hold = skstackLinkHold({ onEvent: (listener) => events.add(listener) });
  const seen: string[] = [];
  hold.onChange(() => seen.push([...hold.reasons].join('+') || 'free'));
  for (const code of [0x32, 0x29, 0x33, 0x25, 0x29, 0x27]) events.emit(event(code));
  expect(seen).toEqual([
    'arib-limit',
    'arib-limit+reauthentication',
    'reauthentication',
    'free',
    'reauthentication',
    'free', // EVENT 27: the session ended, the transport re-joins before it sends
  ]);
  hold.stop();
});

test('clean: nothing is sent while either hold lasts; the Get held back goes once it ends', async () => {
  for (const [starts, ends] of [ARIB, REAUTH]) {
    const { during, after } = await heldFor(starts, ends, []);
    expect(during, `EVENT ${starts.toString(16)}: no attempt`).toEqual([]);
    expect(after.length, `EVENT ${ends.toString(16)}: the Get of 0xD6 goes`).toBe(1);
  }
});

test('resends-when-arib-limited: 21 attempts 0.1 s apart under the ARIB limit; none while re-authenticated', async () => {
  const arib = await heldFor(...ARIB, ['resends-when-arib-limited']);
  expect(arib.during.length).toBe(21);
  expect(arib.during.at(-1)! - arib.during[0]!).toBe(2_000);
  const reauth = await heldFor(...REAUTH, ['resends-when-arib-limited']);
  expect(reauth.during).toEqual([]);
});

test('sends-during-reauth: 21 attempts 0.1 s apart while re-authenticated; none under the ARIB limit', async () => {
  const reauth = await heldFor(...REAUTH, ['sends-during-reauth']);
  expect(reauth.during.length).toBe(21);
  expect(reauth.during.at(-1)! - reauth.during[0]!).toBe(2_000);
  const arib = await heldFor(...ARIB, ['sends-during-reauth']);
  expect(arib.during).toEqual([]);
});
