// Histories of a high-voltage meter (class 0x028A: E1 is the day selector, E7 the active-energy history,
// C6 the demand history): the day echoed, 48 values oldest first, no data where nothing was measured.

import { rangeOf } from '../../harness/classes/class-facts.ts';
import { jstMidnight } from '../../harness/clock/jst.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectEsv, expectThat } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import { expectDaysOldestFirst } from '../../harness/conformance/history-checks.ts';
import { getUnsigned, HALF_HOUR, jstText, readDayHistory } from '../../harness/conformance/meter-reads.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { NO_DATA_U32 } from '../../harness/echonet/values/sentinels.ts';
import { hvServes } from './hv-applies.ts';

/** The days E1 selects (class data, APPENDIX 0x028A E1). */
const E1_DAYS = rangeOf(0x028a, 0xe1);

const DAYS = 100;

conformance(
  {
    id: 'HV-BR-E7-001',
    title: `E1 → E7 for days 0–${DAYS - 1}: the day selected, 48 values oldest first, never decreasing`,
    specRef: 'APPX-R/028A/E7',
    severity: 'critical',
    applies: hvServes(0xe7, 0xe5),
    catches: ['e7-newest-first', 'e7-day-field-zero'],
    realTimeMs: DAYS * 3 * 60_000,
  },
  async ({ dut }) => {
    const digits = (await getUnsigned(dut, 0xe5, 1)).value;
    await expectDaysOldestFirst(dut, { historyEpc: 0xe7, selectorEpc: 0xe1, digits, days: DAYS });
  },
);

conformance(
  {
    id: 'HV-BR-E1-001',
    title: `E1 outside ${E1_DAYS.min}–${E1_DAYS.max} is refused with SetC_SNA`,
    specRef: 'APPX-R/028A/E7',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: hvServes(0xe1),
    catches: ['e1-100-accepted'],
  },
  async ({ dut }) => {
    for (const day of [E1_DAYS.max + 1, 0xfe])
      expectEsv(
        await dut.setC(0xe1, Uint8Array.of(day)),
        ESV.SetC_SNA,
        `E1 = ${day} is outside ${E1_DAYS.min}–${E1_DAYS.max} and refused`,
      );
  },
);

conformance(
  {
    id: 'HV-BR-SNT-001',
    title: 'half hours not yet measured today carry 0xFFFFFFFE in C6 and E7',
    specRef: 'APPX-R/028A/C6',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: hvServes(0xc6, 0xe7),
    catches: ['c6-slot-zero-unrecorded'],
  },
  async ({ dut, clock }) => {
    const midnight = jstMidnight(clock.now());
    for (const epc of [0xc6, 0xe7]) {
      const { value, frames } = await readDayHistory(dut, 0, epc, 0xe1);
      value.values.forEach((v, slot) => {
        const at = midnight + slot * HALF_HOUR;
        if (at > clock.now()) {
          expectThat(
            v === NO_DATA_U32,
            `${epc === 0xc6 ? 'C6' : 'E7'} slot ${slot} (${jstText(at)}) is in the future: no data`,
            'FFFFFFFE',
            v.toString(16).toUpperCase().padStart(8, '0'),
            frames,
          );
        }
      });
    }
  },
);
