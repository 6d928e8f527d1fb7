// Values of a low-voltage meter: EA at the latest :00/:30, counters that only go forward and roll over at
// 10^D7, the scale (D3 × E1) agreeing with the power drawn, E7 signed, E8 phases, D0.

import { decodePropertyValue } from '../../harness/classes/decode-property-value.ts';
import { loadClassRegistry } from '../../harness/classes/load-classes.ts';
import { jstMidnight } from '../../harness/clock/jst.ts';
import { pass } from '../../harness/clock/wait.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectThat } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import {
  counterForward,
  deviceAnswers,
  getUnsigned,
  getValue,
  HALF_HOUR,
  halfHourFloor,
  jstText,
  MINUTE,
  readDayHistory,
  stampedValue,
} from '../../harness/conformance/meter-reads.ts';
import { fail, inconclusive } from '../../harness/conformance/verdict.ts';
import { toHex } from '../../harness/echonet/hex.ts';
import { readSigned, readUnsigned } from '../../harness/echonet/values/integer.ts';
import { NO_DATA_I16, NO_DATA_U32 } from '../../harness/echonet/values/sentinels.ts';
import { unitExponent } from '../../harness/echonet/values/unit.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import { lvServes } from './lv-applies.ts';

const registry = loadClassRegistry();

conformance(
  {
    id: 'LV-BR-EA-001',
    title: 'EA is the cumulative value at the latest :00 or :30 and agrees with E2 of today',
    specRef: 'APPX-R/0288/EA',
    severity: 'major',
    realTimeMs: 45 * 60_000,
    applies: lvServes(0xea, 0xe2, 0xe5),
    catches: ['ea-stale'],
  },
  async ({ dut, clock }) => {
    await deviceAnswers(dut);
    // 10 minutes past a boundary: the latest value has been taken (AIF: within 5 minutes)
    const boundary = halfHourFloor(clock.now()) + HALF_HOUR;
    await pass(clock, boundary + 10 * MINUTE - clock.now());
    const { value, frames } = await getValue(dut, 0xea);
    const { at, data } = stampedValue(value, 'EA begins with its date-time', frames);
    expectThat(
      at === boundary,
      'EA is stamped with the latest :00/:30',
      jstText(boundary),
      jstText(at),
      frames,
    );
    const history = await readDayHistory(dut, 0);
    const slot = (boundary - jstMidnight(boundary)) / HALF_HOUR;
    const ea = readUnsigned(data, 0, 4);
    expectThat(
      ea === history.value.values[slot],
      `EA equals the E2 value of ${jstText(boundary)}`,
      String(history.value.values[slot]),
      String(ea),
      [...frames, ...history.frames],
    );
  },
);

conformance(
  {
    id: 'LV-BR-CNT-001',
    title: 'cumulative energy never decreases and stays below 10^D7 (E0 now, E2 over 7 days)',
    specRef: 'APPX-R/0288/E0',
    severity: 'critical',
    realTimeMs: FEW_REQUESTS_MS,
    applies: lvServes(0xe0, 0xd7, 0xe2, 0xe5),
    catches: ['counter-backwards', 'no-roll-over'],
  },
  async ({ dut }) => {
    const digits = (await getUnsigned(dut, 0xd7, 1)).value;
    const limit = 10 ** digits;
    let previous: { value: number; where: string } | undefined;
    for (let day = 6; day >= 0; day--) {
      const { value, frames } = await readDayHistory(dut, day);
      for (const [slot, v] of value.values.entries()) {
        if (v === NO_DATA_U32) continue;
        const where = `day ${day} slot ${slot}`;
        expectThat(
          v < limit,
          `E2 values stay below 10^D7 (D7 = ${digits})`,
          `< ${limit}`,
          `${v} at ${where}`,
          frames,
        );
        if (previous && !counterForward(previous.value, v, digits)) {
          fail(
            'cumulative energy never decreases (other than at roll-over)',
            `≥ ${previous.value} (${previous.where})`,
            `${v} at ${where}`,
            frames,
          );
        }
        previous = { value: v, where };
      }
    }
    const e0 = await getUnsigned(dut, 0xe0, 4);
    expectThat(
      e0.value < limit,
      `E0 stays below 10^D7 (D7 = ${digits})`,
      `< ${limit}`,
      String(e0.value),
      e0.frames,
    );
    if (previous && !counterForward(previous.value, e0.value, digits)) {
      fail(
        'E0 now is not below the latest history value',
        `≥ ${previous.value}`,
        String(e0.value),
        e0.frames,
      );
    }
  },
);

conformance(
  {
    id: 'LV-BR-SCL-001',
    title: 'E0 × D3 × E1 agrees with the energy of E7 integrated over 4 night hours (within 30 %)',
    specRef: 'APPX-R/0288/D3',
    severity: 'major',
    applies: lvServes(0xe0, 0xe1, 0xe7),
    catches: ['e1-wrong-unit'],
    realTimeMs: 29 * 3_600_000,
  },
  async ({ dut, clock, profile }) => {
    const unit = await getUnsigned(dut, 0xe1, 1);
    const exponent = unitExponent(unit.value);
    if (exponent === undefined)
      fail(
        'E1 is a unit code of the class (0x00–0x04, 0x0A–0x0D)',
        'a unit code',
        `0x${unit.value.toString(16)}`,
        unit.frames,
      );
    // D3 is optional (APPENDIX: coefficient 1 when absent): read it when declared; a refused read FAILs
    const d3 = declaredMaps(profile).get.includes(0xd3) ? (await getUnsigned(dut, 0xd3, 4)).value : 1;
    // from the next midnight (no solar generation, so E7 is the forward power) for 4 hours
    await pass(clock, jstMidnight(clock.now()) + 86_400_000 - clock.now());
    const before = await getUnsigned(dut, 0xe0, 4);
    let wattMinutes = 0;
    for (let m = 0; m < 240; m++) {
      const e7 = await getValue(dut, 0xe7);
      wattMinutes += readSigned(e7.value, 0, 4);
      await pass(clock, MINUTE);
    }
    const after = await getUnsigned(dut, 0xe0, 4);
    const kWhCounter = (after.value - before.value) * d3 * 10 ** exponent;
    const kWhPower = wattMinutes / 60_000;
    if (kWhPower < 0.5)
      inconclusive(`only ${kWhPower.toFixed(2)} kWh drawn in 4 hours: too little to check the scale`);
    const ratio = kWhCounter / kWhPower;
    expectThat(
      ratio > 0.7 && ratio < 1.3,
      'the counter scale D3 × E1 matches the energy drawn (E7)',
      `${kWhPower.toFixed(2)} kWh ± 30 %`,
      `${kWhCounter.toFixed(2)} kWh (E0 ${before.value} → ${after.value}, unit 10^${exponent} kWh × ${d3})`,
      [...before.frames, ...after.frames],
    );
  },
);

conformance(
  {
    id: 'LV-BR-E7-001',
    title: 'E7 is signed: negative while power flows back (the reverse counter E3 rises)',
    specRef: 'APPX-R/0288/E7',
    severity: 'major',
    applies: lvServes(0xe7, 0xe3),
    catches: ['e7-unsigned'],
    realTimeMs: 26 * 3_600_000,
  },
  async ({ dut, clock }) => {
    await deviceAnswers(dut);
    // around the next noon: sample E7 every 10 minutes from 10:00 to 14:00
    const noon = jstMidnight(clock.now()) + 12 * 3_600_000;
    const from = (noon - 2 * 3_600_000 > clock.now() ? noon : noon + 86_400_000) - 2 * 3_600_000;
    await pass(clock, from - clock.now());
    const e3Before = await getUnsigned(dut, 0xe3, 4);
    let negative = 0;
    const frames: number[] = [];
    for (let i = 0; i < 24; i++) {
      const e7 = await getValue(dut, 0xe7);
      frames.push(...e7.frames);
      const definition = registry.property(0x0288, 0xe7);
      const decoded = definition ? decodePropertyValue(definition, e7.value) : undefined;
      if (decoded && !decoded.ok)
        fail(
          'E7 decodes as a signed long in W',
          'a valid value',
          `${toHex(e7.value)}: ${decoded.error.message}`,
          e7.frames,
        );
      if (readSigned(e7.value, 0, 4) < 0) negative++;
      await pass(clock, 10 * MINUTE);
    }
    const e3After = await getUnsigned(dut, 0xe3, 4);
    if (e3After.value === e3Before.value)
      inconclusive('no reverse flow between 10:00 and 14:00 (E3 did not rise): E7 sign not observable');
    expectThat(
      negative > 0,
      'E7 is negative while the reverse counter rises',
      'some E7 < 0',
      `24 samples ≥ 0 while E3 rose ${e3Before.value} → ${e3After.value}`,
      frames.slice(-4),
    );
  },
);

conformance(
  {
    id: 'LV-BR-E8-001',
    title: 'E8 gives R and T currents; single-phase two-wire meters report T as 0x7FFE',
    specRef: 'APPX-R/0288/E8',
    severity: 'minor',
    realTimeMs: FEW_REQUESTS_MS,
    applies: lvServes(0xe8),
    catches: ['e8-t-phase-zero'],
  },
  async ({ dut, profile }) => {
    const { value, frames } = await getValue(dut, 0xe8);
    expectThat(value.length === 4, 'E8 is 4 bytes (R, T)', 'PDC 4', `PDC ${value.length}`, frames);
    const t = readUnsigned(value, 2, 2);
    if (profile.wiring === 'single-phase-2-wire') {
      expectThat(
        t === NO_DATA_I16,
        'a single-phase two-wire meter reports the T phase as 0x7FFE',
        '7FFE',
        toHex(value.subarray(2)),
        frames,
      );
    } else {
      expectThat(
        t !== NO_DATA_I16,
        'a three-wire meter measures the T phase',
        'a current',
        '7FFE (no data)',
        frames,
      );
    }
  },
);

conformance(
  {
    id: 'LV-BR-D0-001',
    title: 'D0 (one-minute cumulative amounts) decodes and is stamped with the present minute',
    specRef: 'APPX-R/0288/D0',
    severity: 'minor',
    catches: ['d0-two-minutes-old'],
    realTimeMs: FEW_REQUESTS_MS,
    applies: lvServes(0xd0),
  },
  async ({ dut, clock }) => {
    const { value, frames } = await getValue(dut, 0xd0);
    const definition = registry.property(0x0288, 0xd0);
    const decoded = definition ? decodePropertyValue(definition, value) : undefined;
    if (decoded && !decoded.ok)
      fail(
        'D0 decodes per the class definition',
        'a valid value',
        `${toHex(value)}: ${decoded.error.message}`,
        frames,
      );
    const { at } = stampedValue(value, 'D0 begins with its date-time', frames);
    const minute = Math.floor(clock.now() / MINUTE) * MINUTE;
    expectThat(
      at === minute || at === minute - MINUTE,
      'D0 is the value of the present (or last completed) minute',
      jstText(minute),
      jstText(at),
      frames,
    );
  },
);
