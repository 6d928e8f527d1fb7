// The check 0x028F D0 (active) and D1 (lagging reactive) share with their histories ED/EE: over a few
// minutes, each reading is stamped on the minute (the present or the last completed one), is the value
// the history gives for that minute, forward then reverse, and never goes back (other than at roll-over).

import type { Clock } from '../clock/clock.ts';
import { pass } from '../clock/wait.ts';
import { byteHex } from '../echonet/hex.ts';
import { readUnsigned } from '../echonet/values/integer.ts';
import { expectThat } from './checks.ts';
import type { DutClient } from './dut-client.ts';
import { counterForward, getValue, jstText, MINUTE, stampedValue } from './meter-reads.ts';
import { answersSelection, readMinuteHistory } from './minute-history.ts';
import { inconclusive } from './verdict.ts';

export interface OneMinuteSpec {
  /** The latest one-minute reading (date-time 7 + forward u32 + reverse u32). */
  readonly readingEpc: number;
  /** Its history and the selector both share (ED/EE and EF on 0x028F). */
  readonly historyEpc: number;
  readonly selectorEpc: number;
  /** Effective digits of the counter: it rolls over at 10^digits. */
  readonly digits: number;
  /** Readings taken, one minute apart. */
  readonly reads: number;
}

export async function expectReadingsOfTheirMinute(
  dut: DutClient,
  clock: Clock,
  spec: OneMinuteSpec,
): Promise<void> {
  const [reading, history] = [byteHex(spec.readingEpc), byteHex(spec.historyEpc)];
  let previous: { forward: number; reverse: number; frames: number[] } | undefined;
  for (let k = 0; k < spec.reads; k++) {
    if (k > 0) await pass(clock, MINUTE);
    const { value, frames } = await getValue(dut, spec.readingEpc);
    const { at, data } = stampedValue(value, `${reading} begins with its date-time`, frames);
    expectThat(
      at % MINUTE === 0,
      `${reading} is stamped on the minute (seconds 00)`,
      'seconds 00',
      jstText(at),
      frames,
    );
    const minute = Math.floor(clock.now() / MINUTE) * MINUTE;
    expectThat(
      at === minute || at === minute - MINUTE,
      `${reading} is the reading of the present (or last completed) minute`,
      jstText(minute),
      jstText(at),
      frames,
    );
    const [forward, reverse] = [readUnsigned(data, 0, 4), readUnsigned(data, 4, 4)];
    const h = await readMinuteHistory(dut, spec.historyEpc, spec.selectorEpc, at, 1);
    const all = [...frames, ...h.frames];
    // whether the history answers its selection is HB-EF-001's rule; here it is only the reference
    if (!answersSelection(h.value) || h.value.pairs.length !== 1)
      inconclusive(`${history} does not answer the selection of ${jstText(at)}, 1 segment`, all);
    const entry = h.value.pairs[0]!;
    expectThat(
      entry.forward === forward && entry.reverse === reverse,
      `${reading} is the reading of its minute, forward then reverse: what ${history} gives for ${jstText(at)}`,
      `forward ${entry.forward}, reverse ${entry.reverse} (${history})`,
      `forward ${forward}, reverse ${reverse}`,
      all,
    );
    if (previous) {
      expectThat(
        counterForward(previous.forward, forward, spec.digits) &&
          counterForward(previous.reverse, reverse, spec.digits),
        `${reading} counts forward in each direction (other than at roll-over at 10^${spec.digits})`,
        `forward ≥ ${previous.forward}, reverse ≥ ${previous.reverse}`,
        `forward ${forward}, reverse ${reverse}`,
        [...previous.frames, ...frames],
      );
    }
    previous = { forward, reverse, frames };
  }
}
