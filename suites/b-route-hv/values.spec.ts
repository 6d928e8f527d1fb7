// Values of a high-voltage meter: E2 at the present minute, C3 at the latest :00/:30, demand = 2 × the
// energy of the half hour in consistent units (C5 vs E6), C1 the month's largest demand, CA cumulative,
// and D3/D4 as set at installation.

import { DAY } from '../../harness/clock/durations.ts';
import { fromJst, jstMidnight, toJst } from '../../harness/clock/jst.ts';
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
import { readUnsigned } from '../../harness/echonet/values/integer.ts';
import { NO_DATA_U32 } from '../../harness/echonet/values/sentinels.ts';
import { unitExponent } from '../../harness/echonet/values/unit.ts';
import { hvServes } from './hv-applies.ts';

conformance(
  {
    id: 'HV-BR-E2-001',
    title: 'E2 is the active energy at the present minute',
    specRef: 'APPX-R/028A/E2',
    severity: 'major',
    realTimeMs: 45 * 60_000,
    applies: hvServes(0xe2),
    catches: ['e2-stale'],
  },
  async ({ dut, clock }) => {
    await deviceAnswers(dut);
    await pass(clock, halfHourFloor(clock.now()) + HALF_HOUR + 10 * MINUTE - clock.now());
    const { value, frames } = await getValue(dut, 0xe2);
    const { at } = stampedValue(value, 'E2 begins with its date-time', frames);
    const minute = Math.floor(clock.now() / MINUTE) * MINUTE;
    expectThat(at === minute, 'E2 is stamped with the present minute', jstText(minute), jstText(at), frames);
  },
);

conformance(
  {
    id: 'HV-BR-C3-001',
    title: 'C3 (demand of the latest 30 minutes) is stamped with the latest :00 or :30, seconds 00',
    specRef: 'APPX-R/028A/C3',
    severity: 'major',
    realTimeMs: 45 * 60_000,
    applies: hvServes(0xc3),
    catches: ['c3-not-half-hour-aligned'],
  },
  async ({ dut, clock }) => {
    await deviceAnswers(dut);
    await pass(clock, halfHourFloor(clock.now()) + HALF_HOUR + 10 * MINUTE - clock.now());
    const { value, frames } = await getValue(dut, 0xc3);
    const { at } = stampedValue(value, 'C3 begins with its date-time', frames);
    expectThat(
      at === halfHourFloor(clock.now()),
      'C3 is stamped with the latest :00/:30',
      jstText(halfHourFloor(clock.now())),
      jstText(at),
      frames,
    );
  },
);

conformance(
  {
    id: 'HV-BR-SCL-001',
    title:
      'demand (C6, unit C5) is twice the energy of its half hour (E7, unit E6) for every slot of yesterday',
    specRef: 'APPX-R/028A/C3',
    severity: 'critical',
    realTimeMs: FEW_REQUESTS_MS,
    applies: hvServes(0xc5, 0xc6, 0xe6, 0xe7),
    catches: ['c3-energy-not-doubled', 'e6-wrong-unit'],
  },
  async ({ dut }) => {
    const c5 = await getUnsigned(dut, 0xc5, 1);
    const e6 = await getUnsigned(dut, 0xe6, 1);
    const demandExp = unitExponent(c5.value);
    const energyExp = unitExponent(e6.value);
    if (demandExp === undefined || energyExp === undefined) {
      fail(
        'C5 and E6 are unit codes of the class',
        'unit codes',
        `C5 0x${c5.value.toString(16)}, E6 0x${e6.value.toString(16)}`,
        [...c5.frames, ...e6.frames],
      );
    }
    const energy = await readDayHistory(dut, 1, 0xe7, 0xe1);
    const demand = await readDayHistory(dut, 1, 0xc6, 0xe1);
    const frames = [...c5.frames, ...e6.frames, ...energy.frames, ...demand.frames];
    let compared = 0;
    for (let slot = 1; slot < 48; slot++) {
      const [before, after, d] = [
        energy.value.values[slot - 1]!,
        energy.value.values[slot]!,
        demand.value.values[slot]!,
      ];
      if (before === NO_DATA_U32 || after === NO_DATA_U32 || d === NO_DATA_U32 || after < before) continue;
      // both sides in units of 10^min(exp) kW(h), so the comparison is exact; one step of rounding allowed
      const base = Math.min(demandExp, energyExp);
      const demandSteps = d * 10 ** (demandExp - base);
      const twiceEnergy = 2 * (after - before) * 10 ** (energyExp - base);
      const tolerance = 10 ** (demandExp - base);
      if (Math.abs(demandSteps - twiceEnergy) > tolerance) {
        fail(
          'demand = 2 × the energy of the half hour (kW from kWh over 30 min), in the units C5 and E6 declare',
          `C6 slot ${slot} = ${twiceEnergy * 10 ** base} kW (2 × (${after} − ${before}) × 10^${energyExp} kWh)`,
          `${d} × 10^${demandExp} = ${demandSteps * 10 ** base} kW`,
          frames,
        );
      }
      compared++;
    }
    if (compared === 0) inconclusive('yesterday has no two consecutive measured half hours to compare');
  },
);

conformance(
  {
    id: 'HV-BR-C1-001',
    title: 'C1 is the largest demand of the half hours since the fixed date (E0)',
    specRef: 'APPX-R/028A/C1',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: hvServes(0xc1, 0xc6, 0xe0),
    catches: ['c1-below-a-half-hour-demand'],
  },
  async ({ dut, clock }) => {
    const fixed = await getUnsigned(dut, 0xe0, 1);
    // days since the latest fixed date on the real calendar (00:00 JST that day opens the period)
    const daysBack = Math.round((jstMidnight(clock.now()) - latestFixedDate(clock.now(), fixed.value)) / DAY);
    if (daysBack > 40)
      inconclusive(`the period since the fixed date (${fixed.value}) is too long to read back`);
    let largest = 0;
    const frames = [...fixed.frames];
    const periodStart = jstMidnight(clock.now()) - daysBack * DAY;
    for (let day = daysBack; day >= 0; day--) {
      const { value, frames: f } = await readDayHistory(dut, day, 0xc6, 0xe1);
      frames.push(...f);
      value.values.forEach((v, slot) => {
        const end = jstMidnight(clock.now()) - day * DAY + slot * HALF_HOUR;
        if (v !== NO_DATA_U32 && end > periodStart) largest = Math.max(largest, v);
      });
    }
    const c1 = await getUnsigned(dut, 0xc1, 4);
    expectThat(
      c1.value === largest,
      `C1 is the largest C6 demand since ${jstText(periodStart)}`,
      String(largest),
      String(c1.value),
      [...frames.slice(-2), ...c1.frames],
    );
  },
);

conformance(
  {
    id: 'HV-BR-CA-001',
    title: 'the cumulative reactive energy CA never decreases across a :00/:30 (other than at roll-over)',
    specRef: 'APPX-R/028A/CA',
    severity: 'major',
    realTimeMs: 45 * 60_000,
    applies: hvServes(0xca, 0xcc),
    catches: ['ca-decreasing'],
  },
  async ({ dut, clock }) => {
    const digits = (await getUnsigned(dut, 0xcc, 1)).value;
    const boundary = halfHourFloor(clock.now()) + HALF_HOUR;
    await pass(clock, boundary - 5 * MINUTE - clock.now());
    const before = await getValue(dut, 0xca);
    await pass(clock, 10 * MINUTE);
    const after = await getValue(dut, 0xca);
    const a = readUnsigned(
      stampedValue(before.value, 'CA begins with its date-time', before.frames).data,
      0,
      4,
    );
    const b = readUnsigned(
      stampedValue(after.value, 'CA begins with its date-time', after.frames).data,
      0,
      4,
    );
    expectThat(
      counterForward(a, b, digits),
      `CA does not decrease from ${jstText(boundary - 5 * MINUTE)} to ${jstText(boundary + 5 * MINUTE)}`,
      `≥ ${a}`,
      String(b),
      [...before.frames, ...after.frames],
    );
  },
);

conformance(
  {
    id: 'HV-BR-D3-001',
    title: 'D3 (coefficient) and D4 (its multiplier) are the ones set at installation',
    specRef: 'APPX-R/028A/D3',
    severity: 'critical',
    realTimeMs: FEW_REQUESTS_MS,
    applies: (p) => {
      const kind = hvServes(0xd3, 0xd4)(p);
      if (kind !== true) return kind;
      return p.scale?.coefficient !== undefined && p.scale.multiplierCode !== undefined
        ? true
        : 'the profile does not give the coefficient and multiplier set at installation (scale)';
    },
    catches: ['d4-wrong-multiplier'],
  },
  async ({ dut, profile }) => {
    const d3 = await getUnsigned(dut, 0xd3, 4);
    const d4 = await getUnsigned(dut, 0xd4, 1);
    expectThat(
      d3.value === profile.scale!.coefficient,
      'D3 is the coefficient set at installation',
      String(profile.scale!.coefficient),
      String(d3.value),
      d3.frames,
    );
    const wanted = Number.parseInt(profile.scale!.multiplierCode!, 16);
    expectThat(
      d4.value === wanted,
      'D4 is the multiplier set at installation',
      profile.scale!.multiplierCode!,
      `0x${d4.value.toString(16).padStart(2, '0')}`,
      d4.frames,
    );
  },
);

/**
 * 00:00 JST of the latest fixed date at or before `now`: day `fixed` of this month or the one before, a
 * fixed date past a month's end meaning its last day (our reading of APPENDIX 0x028A E0, as in the
 * reference meter).
 */
function latestFixedDate(now: number, fixed: number): number {
  const t = toJst(now);
  const inMonth = (year: number, month: number) => {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate(); // month is 1-based: day 0 of the next
    return fromJst({ year, month, day: Math.min(fixed, last), hour: 0, minute: 0, second: 0 });
  };
  const here = inMonth(t.year, t.month);
  if (here <= now) return here;
  return t.month === 1 ? inMonth(t.year - 1, 12) : inMonth(t.year, t.month - 1);
}
