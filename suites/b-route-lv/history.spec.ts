// Histories of a low-voltage meter: E5 → E2/E4 (a day of 48 half-hour values), ED → EC (historical data 2),
// EF → EE (one-minute values), with the selectors' ranges and the no-data sentinel.

import { fieldRangeOf, minuteStepOf, rangeOf } from '../../harness/classes/class-facts.ts';
import { jstMidnight } from '../../harness/clock/jst.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectEsv, expectThat, precondition } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import { expectDaysOldestFirst } from '../../harness/conformance/history-checks.ts';
import {
  DAY,
  getUnsigned,
  HALF_HOUR,
  halfHourFloor,
  jstText,
  MINUTE,
  readDayHistory,
  readSelected,
  selector,
  setAccepted,
} from '../../harness/conformance/meter-reads.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { readUnsigned } from '../../harness/echonet/values/integer.ts';
import { NO_DATA_U32 } from '../../harness/echonet/values/sentinels.ts';
import { lvServes } from './lv-applies.ts';

/** The selectors' limits, from the class data: ED 1–12 values at :00/:30, EF 1–10 values. */
const ED_N = fieldRangeOf(0x0288, 0xed, 'n');
const ED_MINUTE_STEP = minuteStepOf(0x0288, 0xed, 'start');
const EF_N = fieldRangeOf(0x0288, 0xef, 'n');

/** The days E5 selects (class data, APPENDIX 0x0288 E5). */
const E5_DAYS = rangeOf(0x0288, 0xe5);

const DAYS = 100;

conformance(
  {
    id: 'LV-BR-E5-001',
    title: `E5 → E2 for days 0–${DAYS - 1}: the day selected, 48 values oldest first, never decreasing`,
    specRef: 'APPX-R/0288/E2',
    severity: 'critical',
    applies: lvServes(0xe2, 0xe5),
    catches: ['e2-newest-first', 'e2-day-field-zero'],
    realTimeMs: DAYS * 3 * 60_000,
  },
  async ({ dut }) => {
    const digits = (await getUnsigned(dut, 0xd7, 1)).value;
    await expectDaysOldestFirst(dut, { historyEpc: 0xe2, selectorEpc: 0xe5, digits, days: DAYS });
  },
);

conformance(
  {
    id: 'LV-BR-E5-002',
    title: `E5 outside ${E5_DAYS.min}–${E5_DAYS.max} is refused with SetC_SNA`,
    specRef: 'APPX-R/0288/E2',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: lvServes(0xe5),
    catches: ['e5-100-accepted'],
  },
  async ({ dut }) => {
    for (const day of [E5_DAYS.max + 1, 0xfe]) {
      const x = await dut.setC(0xe5, Uint8Array.of(day));
      expectEsv(x, ESV.SetC_SNA, `E5 = ${day} is outside ${E5_DAYS.min}–${E5_DAYS.max} and refused`);
    }
  },
);

conformance(
  {
    id: 'LV-BR-SNT-001',
    title: 'half hours not yet measured today carry 0xFFFFFFFE in E2',
    specRef: 'APPX-R/0288/E2',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: lvServes(0xe2, 0xe5),
    catches: ['unrecorded-slot-zero'],
  },
  async ({ dut, clock }) => {
    const { value, frames } = await readDayHistory(dut, 0);
    const midnight = jstMidnight(clock.now());
    value.values.forEach((v, slot) => {
      if (midnight + slot * HALF_HOUR > clock.now()) {
        expectThat(
          v === NO_DATA_U32,
          `slot ${slot} (${jstText(midnight + slot * HALF_HOUR)}) is in the future: no data`,
          'FFFFFFFE',
          v.toString(16).toUpperCase().padStart(8, '0'),
          frames,
        );
      }
    });
  },
);

conformance(
  {
    id: 'LV-BR-ED-001',
    title: 'ED → EC: the selected instant and count echoed, values newest first, equal to the E2 history',
    specRef: 'APPX-R/0288/EC',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: lvServes(0xec, 0xed, 0xe2, 0xe5),
    catches: ['ec-oldest-first'],
  },
  async ({ dut, clock }) => {
    // as many values as ED takes (12), that many half hours back: at the reference start time (12:10)
    // that is 00:30–06:00, when the household draws power and no sun shines, so every value differs
    const count = ED_N.max;
    const start = halfHourFloor(clock.now()) - count * HALF_HOUR;
    const accepts = `ED accepts an instant at a multiple of ${ED_MINUTE_STEP} min with ${ED_N.min}–${ED_N.max} values`;
    const { value: ec, frames: all } = await readSelected(dut, 0xed, 0xec, selector(start, count), accepts);
    // every value is compared, whatever the time of day: a value before today's midnight with yesterday's
    // E2 (a run started at 03:00 selects 21:00–02:30), so the case never compares nothing and passes
    const today = jstMidnight(clock.now());
    const histories = new Map<number, Awaited<ReturnType<typeof readDayHistory>>>();
    for (let i = 0; i < count; i++) {
      const at = start - i * HALF_HOUR;
      const daysBack = Math.round((today - jstMidnight(at)) / DAY);
      if (!histories.has(daysBack)) histories.set(daysBack, await readDayHistory(dut, daysBack));
      const history = histories.get(daysBack)!;
      const slot = (at - jstMidnight(at)) / HALF_HOUR;
      const got = readUnsigned(ec, 7 + 8 * i, 4);
      const want = history.value.values[slot]!;
      expectThat(
        got === want,
        `EC value ${i + 1} is the normal-direction value at ${jstText(at)} (newest first), as in E2`,
        String(want),
        String(got),
        [...all, ...history.frames],
      );
    }
  },
);

conformance(
  {
    id: 'LV-BR-ED-002',
    title: 'ED with a minute other than 00 or 30 is refused with SetC_SNA',
    specRef: 'APPX-R/0288/EC',
    severity: 'minor',
    realTimeMs: FEW_REQUESTS_MS,
    applies: lvServes(0xed),
    catches: ['ed-any-minute'],
  },
  async ({ dut, clock }) => {
    const minute = ED_MINUTE_STEP / 3; // 10: not a multiple of the step (30)
    const x = await dut.setC(0xed, selector(halfHourFloor(clock.now()) - HALF_HOUR + minute * MINUTE, 3));
    expectEsv(x, ESV.SetC_SNA, `ED at minute ${minute} is refused (only multiples of ${ED_MINUTE_STEP})`);
  },
);

conformance(
  {
    id: 'LV-BR-EF-001',
    title: 'EF → EE: one-minute values of the last 60 minutes are kept',
    specRef: 'NG/1MIN-60',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: lvServes(0xee, 0xef),
    catches: ['one-minute-kept-30'],
  },
  async ({ dut, clock }) => {
    const minute = Math.floor(clock.now() / MINUTE) * MINUTE;
    for (const back of [5, 31, 59]) {
      const at = minute - back * MINUTE;
      // EE answers the selection it was given: EF's instant and count first, then one value
      const accepts = `EF accepts an instant with ${EF_N.min}–${EF_N.max} values`;
      const { value: ee, frames } = await readSelected(dut, 0xef, 0xee, selector(at, 1), accepts);
      const forward = readUnsigned(ee, 7, 4);
      expectThat(
        forward !== NO_DATA_U32,
        `the one-minute value of ${jstText(at)}, ${back} min ago, is kept (60 min)`,
        'a value',
        'FFFFFFFE (no data)',
        frames,
      );
    }
  },
);

conformance(
  {
    id: 'LV-BR-EF-002',
    title: 'EF with more than 10 values is refused with SetC_SNA',
    specRef: 'APPX-R/0288/EE',
    severity: 'minor',
    realTimeMs: FEW_REQUESTS_MS,
    applies: lvServes(0xef),
    catches: ['ef-n-11-accepted'],
  },
  async ({ dut, clock }) => {
    const over = EF_N.max + 1;
    const x = await dut.setC(0xef, selector(Math.floor(clock.now() / MINUTE) * MINUTE - 20 * MINUTE, over));
    expectEsv(x, ESV.SetC_SNA, `EF with ${over} values is refused (${EF_N.min}–${EF_N.max})`);
  },
);

conformance(
  {
    id: 'LV-BR-TMR-002',
    title: 'a Get of the daily history E2 is answered within Timer 2 (60 s)',
    specRef: 'AIF-LV-1.01/2.4.2',
    severity: 'major',
    catches: ['e2-answered-late'],
    realTimeMs: FEW_REQUESTS_MS,
    applies: lvServes(0xe2, 0xe5),
    onSilence: 'FAIL',
  },
  async ({ dut }) => {
    await precondition('E5 set to day 1', setAccepted(dut, 0xe5, Uint8Array.of(1), 'E5 accepts day 1'));
    // the dut client waits exactly Timer 2 for a history (AIF §2.4.2): no reply by then is the FAIL
    await dut.get(0xe2);
  },
);
