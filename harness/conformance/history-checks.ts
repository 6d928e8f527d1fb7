// The check both meter classes share for a daily history (0x0288 E5 → E2, 0x028A E1 → E7): every day from
// 0 up, the day echoed and the 48 values oldest first, so never decreasing other than at a roll-over.

import { byteHex } from '../echonet/hex.ts';
import { NO_DATA_U32 } from '../echonet/values/sentinels.ts';
import { expectThat } from './checks.ts';
import type { DutClient } from './dut-client.ts';
import { counterForward, readDayHistory } from './meter-reads.ts';
import { fail } from './verdict.ts';

export interface DayHistorySpec {
  readonly historyEpc: number;
  readonly selectorEpc: number;
  /** Effective digits of the counter (D7 on 0x0288, E5 on 0x028A): it rolls over at 10^digits. */
  readonly digits: number;
  readonly days: number;
}

export async function expectDaysOldestFirst(dut: DutClient, spec: DayHistorySpec): Promise<void> {
  const [history, selector] = [byteHex(spec.historyEpc), byteHex(spec.selectorEpc)];
  for (let day = 0; day < spec.days; day++) {
    const { value, frames } = await readDayHistory(dut, day, spec.historyEpc, spec.selectorEpc);
    expectThat(
      value.day === day,
      `${history} begins with the day set in ${selector}`,
      String(day),
      String(value.day),
      frames,
    );
    const recorded = value.values.filter((v) => v !== NO_DATA_U32);
    const drop = recorded.findIndex((v, i) => i > 0 && !counterForward(recorded[i - 1]!, v, spec.digits));
    if (drop > 0) {
      fail(
        `${history} lists the 48 half-hour values oldest first (00:00 → 23:30), so they never decrease (other than at roll-over)`,
        `value ${drop} ≥ value ${drop - 1}`,
        `${recorded[drop]} after ${recorded[drop - 1]} on day ${day}`,
        frames,
      );
    }
  }
}
