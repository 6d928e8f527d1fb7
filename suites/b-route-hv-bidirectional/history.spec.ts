// One-minute histories of a bidirectional high-voltage meter (class 0x028F): EF selects a minute and 1–10
// segments, ED (active energy) and EE (lagging reactive energy) answer that selection, the selected
// minute first and each minute before it after.

import { fieldRangeOf } from '../../harness/classes/class-facts.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectEsv, expectThat } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import {
  counterForward,
  getUnsigned,
  getValue,
  jstText,
  MINUTE,
  selector,
} from '../../harness/conformance/meter-reads.ts';
import { answersSelection, readMinuteHistory } from '../../harness/conformance/minute-history.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { byteHex, toHex } from '../../harness/echonet/hex.ts';
import { NO_DATA_U32 } from '../../harness/echonet/values/sentinels.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import { hbServes } from './hb-applies.ts';

/** EF's segment count n (1–10, class data of 0x028F EF). */
const SEGMENTS = fieldRangeOf(0x028f, 0xef, 'n');

/** The histories EF selects for that the profile declares: ED always, EE when served (Get optional). */
function histories(get: readonly number[]): number[] {
  return [0xed, 0xee].filter((epc) => get.includes(epc));
}

conformance(
  {
    id: 'HB-EF-001',
    title: 'ED and EE answer the minute and segment count set in EF',
    specRef: 'APPX-R/028F/EF',
    severity: 'critical',
    realTimeMs: FEW_REQUESTS_MS,
    applies: hbServes(0xed, 0xef),
    catches: ['ee-ignores-ef'],
  },
  async ({ dut, clock, profile }) => {
    const minute = Math.floor(clock.now() / MINUTE) * MINUTE;
    for (const epc of histories(declaredMaps(profile).get)) {
      for (const [back, n] of [
        [5, 1],
        [20, SEGMENTS.max],
        [3, 4],
      ] as const) {
        const { value, frames } = await readMinuteHistory(dut, epc, 0xef, minute - back * MINUTE, n);
        expectThat(
          answersSelection(value),
          `${byteHex(epc)} begins with the selection set in EF (${jstText(minute - back * MINUTE)}, ${n} segment${n === 1 ? '' : 's'})`,
          toHex(value.selection),
          toHex(value.answers),
          frames,
        );
        expectThat(
          value.pairs.length === n,
          `${byteHex(epc)} gives the ${n} segments EF selected`,
          `${n} pairs`,
          `${value.pairs.length} pairs`,
          frames,
        );
        const ef = await getValue(dut, 0xef);
        expectThat(
          toHex(ef.value) === toHex(value.selection),
          'EF reads back the selection it was set to',
          toHex(value.selection),
          toHex(ef.value),
          [...frames, ...ef.frames],
        );
      }
    }
  },
);

conformance(
  {
    id: 'HB-EF-002',
    title: `EF with 0 or more than ${SEGMENTS.max} segments is refused with SetC_SNA`,
    specRef: 'APPX-R/028F/EF',
    severity: 'minor',
    realTimeMs: FEW_REQUESTS_MS,
    applies: hbServes(0xef),
    catches: ['ef-11-segments-accepted'],
  },
  async ({ dut, clock }) => {
    const at = Math.floor(clock.now() / MINUTE) * MINUTE - 20 * MINUTE;
    for (const n of [SEGMENTS.max + 1, SEGMENTS.min - 1])
      expectEsv(
        await dut.setC(0xef, selector(at, n)),
        ESV.SetC_SNA,
        `EF with ${n} segments is refused (${SEGMENTS.min}–${SEGMENTS.max})`,
      );
  },
);

conformance(
  {
    id: 'HB-ED-001',
    title: 'ED and EE list the selected minute first, then each minute before it',
    specRef: 'APPX-R/028F/ED',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: hbServes(0xe5, 0xed, 0xef),
    catches: ['ed-oldest-first'],
  },
  async ({ dut, clock, profile }) => {
    const get = declaredMaps(profile).get;
    const at = Math.floor(clock.now() / MINUTE) * MINUTE - MINUTE;
    for (const epc of histories(get)) {
      // the counter's digits: E5 for active energy (ED), CC for reactive energy (EE; 8 when not served)
      const digitsEpc = epc === 0xed ? 0xe5 : 0xcc;
      const digits = get.includes(digitsEpc) ? (await getUnsigned(dut, digitsEpc, 1)).value : 8;
      const { value, frames } = await readMinuteHistory(dut, epc, 0xef, at, SEGMENTS.max);
      for (const direction of ['forward', 'reverse'] as const) {
        const values = value.pairs.map((p) => p[direction]);
        // newest first: each later segment is an earlier minute, so never more (other than at roll-over)
        values.forEach((older, i) => {
          const newer = values[i - 1];
          if (i === 0 || newer === undefined || older === NO_DATA_U32 || newer === NO_DATA_U32) return;
          expectThat(
            counterForward(older, newer, digits),
            `${byteHex(epc)} segment ${i} is the minute before segment ${i - 1} (${jstText(at - i * MINUTE)}), so its ${direction} value is not more`,
            `≤ ${newer}`,
            String(older),
            frames,
          );
        });
      }
    }
  },
);
