// One-minute histories selected by a date-time and a count (0x028F EF → ED/EE; the same layout as 0x0288
// EF → EE): SetC of the selector, then Get of the history, read as the selection it answers and n pairs
// (forward, reverse). Whether the reply answers the selection is left to the case to judge.

import { byteHex, toHex } from '../echonet/hex.ts';
import { readUnsigned } from '../echonet/values/integer.ts';
import { framesOf, valueIn } from './checks.ts';
import type { DutClient } from './dut-client.ts';
import { type Read, selector, setAccepted } from './meter-reads.ts';

export interface MinuteHistory {
  /** The 7 bytes EF was set to (date-time_6 + n). */
  readonly selection: Uint8Array;
  /** The first 7 bytes of the history: the selection it says it answers. */
  readonly answers: Uint8Array;
  /** (forward, reverse) pairs in the order the device lists them. */
  readonly pairs: readonly { readonly forward: number; readonly reverse: number }[];
}

/** Whether the history begins with exactly the selection it was read under. */
export const answersSelection = (h: MinuteHistory): boolean => toHex(h.answers) === toHex(h.selection);

/** SetC `selectorEpc` = (`at`, `n`) (accepted), then Get `historyEpc` (its size per the class data). */
export async function readMinuteHistory(
  dut: DutClient,
  historyEpc: number,
  selectorEpc: number,
  at: number,
  n: number,
): Promise<Read<MinuteHistory>> {
  const selection = selector(at, n);
  const selectFrames = await setAccepted(
    dut,
    selectorEpc,
    selection,
    `${byteHex(selectorEpc)} accepts a minute and ${n} segment${n === 1 ? '' : 's'}`,
  );
  const x = await dut.get(historyEpc);
  const edt = valueIn(x, historyEpc, `${byteHex(historyEpc)} is served (it is in the Get map)`);
  const pairs = [];
  for (let offset = 7; offset + 8 <= edt.length; offset += 8)
    pairs.push({ forward: readUnsigned(edt, offset, 4), reverse: readUnsigned(edt, offset + 4, 4) });
  return {
    value: { selection, answers: edt.subarray(0, 7), pairs },
    frames: [...selectFrames, ...framesOf(x)],
  };
}
