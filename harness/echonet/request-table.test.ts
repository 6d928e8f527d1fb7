import { expect, test } from '@playwright/test';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { encodeFrame } from './encode.ts';
import { eoj, HEMS_CONTROLLER, LV_METER } from './eoj.ts';
import { ESV } from './esv.ts';
import type { SimpleFrame } from './frame.ts';
import { type Candidate, RequestTable } from './request-table.ts';

const START = Date.UTC(2026, 5, 15, 3, 0);
const get = (tid: number): SimpleFrame => ({
  format: 1,
  tid,
  seoj: HEMS_CONTROLLER,
  deoj: LV_METER,
  esv: ESV.Get,
  properties: [{ epc: 0xe7, edt: new Uint8Array(0) }],
});
const reply = (tid: number, change: Partial<SimpleFrame> = {}): Candidate => {
  const frame: SimpleFrame = {
    ...get(tid),
    seoj: LV_METER,
    deoj: HEMS_CONTROLLER,
    esv: ESV.Get_Res,
    properties: [{ epc: 0xe7, edt: Uint8Array.of(0, 0, 1, 0) }],
    ...change,
  };
  return { frame, bytes: encodeFrame(frame) };
};

test.describe('request table (TID, EOJs and ESV, §3.2.2–3.2.5; timers on the clock)', () => {
  test('a reply answering on every header field ends its request; near misses do not', async () => {
    const clock = new VirtualClock({ start: START });
    const table = new RequestTable<Candidate>({ clock });
    const pending = table.open(get(7));
    const outcome = pending.wait(20_000);
    expect(table.offer(reply(8)), 'another TID').toBe(false);
    expect(table.offer(reply(7, { seoj: eoj('028A01') })), 'from another object').toBe(false);
    expect(table.offer(reply(7, { deoj: eoj('05FF02') })), 'to another object').toBe(false);
    expect(table.offer(reply(7, { esv: ESV.SetC_SNA })), 'an ESV not answering Get').toBe(false);
    expect(table.waiting(7), 'still waiting').toBe(true);
    await clock.advance(1500);
    const answer = reply(7);
    expect(table.offer(answer), 'the reply').toBe(true);
    expect(await outcome).toEqual({ kind: 'reply', reply: answer, elapsedMs: 1500 });
    expect(table.waiting(7)).toBe(false);
    expect(table.offer(reply(7)), 'a repeated reply answers nothing any more').toBe(false);
  });

  test('a reply arriving before the wait starts (while sending) is kept', async () => {
    const table = new RequestTable<Candidate>({ clock: new VirtualClock({ start: START }) });
    const pending = table.open(get(1));
    expect(table.offer(reply(1))).toBe(true);
    expect((await pending.wait(20_000)).kind).toBe('reply');
  });

  test('a clock timer ends the wait at exactly the timeout', async () => {
    const clock = new VirtualClock({ start: START });
    const table = new RequestTable<Candidate>({ clock });
    let ended: unknown;
    void table
      .open(get(2))
      .wait(20_000)
      .then((o) => {
        ended = o;
      });
    await clock.advance(19_999);
    expect(ended, 'not before Timer 1').toBeUndefined();
    await clock.advance(1);
    expect(ended).toEqual({ kind: 'timeout', waitedMs: 20_000 });
    expect(table.offer(reply(2)), 'a late reply answers nothing').toBe(false);
  });

  test('drive: the waiter moves a virtual clock itself to the limit', async () => {
    const clock = new VirtualClock({ start: START });
    const table = new RequestTable<Candidate>({ clock, drive: { finalGraceMs: 5 } });
    expect(await table.open(get(3)).wait(60_000)).toEqual({ kind: 'timeout', waitedMs: 60_000 });
    expect(clock.now() - START).toBe(60_000);
  });

  test('cancel and stop end requests once; the first request a frame answers takes it', async () => {
    const clock = new VirtualClock({ start: START });
    const table = new RequestTable<Candidate>({ clock });
    const cancelled = table.open(get(4));
    cancelled.cancel('send failed');
    expect(await cancelled.wait(1000)).toEqual({ kind: 'cancelled', reason: 'send failed' });
    const [a, b] = [table.open(get(5)), table.open(get(5))];
    const [outA, outB] = [a.wait(1000), b.wait(1000)];
    expect(table.offer(reply(5))).toBe(true);
    table.stop();
    expect((await outA).kind).toBe('reply');
    expect((await outB).kind).toBe('stopped');
    expect(clock.pending(), 'no timer left behind').toBe(0);
  });

  test('accept narrows the reply; malformed bytes with the TID are offered to it', async () => {
    const table = new RequestTable<Candidate>({ clock: new VirtualClock({ start: START }) });
    const offered: Candidate[] = [];
    const pending = table.open(get(0x1234), (c) => {
      offered.push(c);
      return c.frame === undefined;
    });
    expect(table.offer(reply(0x1234)), 'refused by accept').toBe(false);
    const malformed = { frame: undefined, bytes: Uint8Array.of(0x10, 0x81, 0x12, 0x34, 0x02) };
    expect(table.offer({ frame: undefined, bytes: Uint8Array.of(0x10, 0x81, 0x12, 0x35) })).toBe(false);
    expect(table.offer(malformed)).toBe(true);
    expect(offered, 'only frames with the TID reach accept').toHaveLength(2);
    const outcome = await pending.wait(1000);
    expect(outcome.kind === 'reply' && outcome.reply).toBe(malformed);
  });
});
