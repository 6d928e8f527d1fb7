// Reads the suites make of a meter through the dut client: a value by Get, a day of history by
// SetC E5 then Get E2/E4 (AIF LV figure 3-6), the time-stamped counters EA/EB/EC. Each returns the
// transcript frames it used so a verdict can cite them.

import { fixedSizeOf } from '../classes/class-facts.ts';
import { DAY, HALF_HOUR, MINUTE } from '../clock/durations.ts';
import { fromJst, toJst } from '../clock/jst.ts';
import { classOf } from '../echonet/eoj.ts';
import { ESV } from '../echonet/esv.ts';
import { byteHex, toHex } from '../echonet/hex.ts';
import { decodeDateTime, encodeDateTime6, formatDateTime } from '../echonet/values/date-time.ts';
import { type DayHistory, decodeDayHistory } from '../echonet/values/day-history.ts';
import { readUnsigned } from '../echonet/values/integer.ts';
import { expectEsv, expectThat, framesOf, precondition, valueIn } from './checks.ts';
import type { DutClient } from './dut-client.ts';
import { fail } from './verdict.ts';

export { DAY, HALF_HOUR, MINUTE };

export interface Read<T> {
  readonly value: T;
  readonly frames: number[];
}

/** The EDT of one EPC by Get; a refusal is a FAIL (the EPC is in the Get map the suite relies on). */
export async function getValue(dut: DutClient, epc: number): Promise<Read<Uint8Array>> {
  const x = await dut.get(epc);
  return { value: valueIn(x, epc, `${byteHex(epc)} is served (it is in the Get map)`), frames: framesOf(x) };
}

export async function getUnsigned(dut: DutClient, epc: number, size: 1 | 2 | 3 | 4): Promise<Read<number>> {
  const { value, frames } = await getValue(dut, epc);
  if (value.length !== size)
    fail(`${byteHex(epc)} is ${size} bytes`, `PDC ${size}`, `PDC ${value.length}`, frames);
  return { value: readUnsigned(value, 0, size), frames };
}

/** A Get of 0x80 before a case waits for a boundary: a silent device ends the case now, INCONC. */
export async function deviceAnswers(dut: DutClient): Promise<void> {
  await precondition('the device answers before the case waits', dut.get(0x80));
}

/** SetC of one EPC that must be accepted. */
export async function setAccepted(
  dut: DutClient,
  epc: number,
  edt: Uint8Array,
  rule: string,
): Promise<number[]> {
  const x = await dut.setC(epc, edt);
  expectEsv(x, ESV.Set_Res, rule);
  return framesOf(x);
}

/**
 * SetC of a selector (date-time_6 + n: 0x0288 ED, EF, a next-generation selector), then Get of the history
 * it selects, which must begin with that very selection — its instant and count — or the case FAILs (on
 * `clause`, by default the case's specRef): the history EDT and every frame.
 */
export async function readSelected(
  dut: DutClient,
  selectorEpc: number,
  historyEpc: number,
  selection: Uint8Array,
  accepts: string,
  clause?: string,
): Promise<Read<Uint8Array>> {
  const set = await setAccepted(dut, selectorEpc, selection, accepts);
  const x = await dut.get(historyEpc);
  const history = valueIn(x, historyEpc, `${byteHex(historyEpc)} is served`);
  const frames = [...set, ...framesOf(x)];
  const answered = toHex(history.subarray(0, selection.length));
  expectThat(
    answered === toHex(selection),
    `${byteHex(historyEpc)} begins with the selection of ${byteHex(selectorEpc)} (its instant and count)`,
    toHex(selection),
    answered,
    frames,
    clause,
  );
  return { value: history, frames };
}

/**
 * SetC of the day selector, then Get of a day history: the 48 half-hour values of that day. LV meter:
 * E5 → E2/E4; HV meter: E1 → C6/CE/E7.
 */
export async function readDayHistory(
  dut: DutClient,
  day: number,
  epc = 0xe2,
  selectorEpc = 0xe5,
): Promise<Read<DayHistory>> {
  const selectFrames = await setAccepted(
    dut,
    selectorEpc,
    Uint8Array.of(day),
    `${byteHex(selectorEpc)} accepts day ${day} (in its range)`,
  );
  const { value, frames } = await getValue(dut, epc);
  const all = [...selectFrames, ...frames];
  const history = decodeDayHistory(value, fixedSizeOf(classOf(dut.options.deviceEoj), epc));
  if (!history.ok)
    fail(
      `${byteHex(epc)} is a day history of the size its class defines`,
      history.error.expected,
      history.error.actual,
      all,
    );
  return { value: history.value, frames: all };
}

/** A value with its date-time (EA, EB, D0 and next-generation latest values): 7 bytes date-time, then data. */
export function stampedValue(
  edt: Uint8Array,
  rule: string,
  frames: number[],
): { at: number; data: Uint8Array } {
  const stamp = decodeDateTime(edt, 0);
  if (!stamp.ok || stamp.value === 'unset')
    fail(rule, 'a date-time in the first 7 bytes', byteHex(edt[0] ?? 0), frames);
  return { at: fromJst(stamp.value), data: edt.subarray(7) };
}

/** The latest :00 or :30 at or before `epochMs`. */
export const halfHourFloor = (epochMs: number): number => Math.floor(epochMs / HALF_HOUR) * HALF_HOUR;

/** Date-time_6 + n: the selector of ED/EF and next-generation histories. */
export function selector(at: number, count: number): Uint8Array {
  return Uint8Array.from([...encodeDateTime6(toJst(at)), count]);
}

/** `2026-06-15 12:30 JST` for messages. */
export function jstText(epochMs: number): string {
  return `${formatDateTime(toJst(epochMs))} JST`;
}

/**
 * Whether `next` after `prev` is a counter going forward: more, or less across a roll-over at 10^digits
 * (then the distance travelled, next + 10^digits − prev, is under half the range).
 */
export function counterForward(prev: number, next: number, digits: number): boolean {
  if (next >= prev) return true;
  const range = 10 ** digits;
  return next + range - prev < range / 2;
}
