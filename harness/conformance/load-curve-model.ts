// What a meter must read for a scripted load, from the rules alone (not the emulator's code): a
// cumulative counter at instant t is the energy that flowed from installation to t in each direction
// (forward where the net power is positive, reverse where negative; lagging reactive energy from the
// reactive power), in the unit of E1 times D3, cut to whole units, rolled over at 10^D7, the forward one
// from its reading at installation (APPENDIX 0x0288 E0/E3/E1/D3/D7). Nothing is measured before
// installation: no data. Exact integer arithmetic (BigInt) over milliseconds.
import { unitExponent } from '../echonet/values/unit.ts';
import type { LoadStepSetting } from '../profile/profile.ts';

export interface MeterScale {
  /** Installation instant, epoch ms. */
  readonly installedAt: number;
  /** E1 unit code (0x01 = 0.1 kWh, …). */
  readonly unitCode: number;
  /** D3 coefficient (1 when not implemented). */
  readonly coefficient: number;
  /** D7 effective digits. */
  readonly digits: number;
  /** Forward counter reading at installation, kWh. */
  readonly offsetKWh: number;
}

export interface ModelReading {
  readonly forward: number;
  readonly reverse: number;
  readonly lagging: number;
}

/** APPENDIX 0x0288 E1: kWh per counter unit (0x01 → 0.1 kWh); 1 for a code outside the table. */
export const kWhPerUnit = (unitCode: number): number => 10 ** (unitExponent(unitCode) ?? 0);

const KWH_IN_WMS = 3_600_000_000n; // 1 kWh = 3.6 × 10^9 W·ms

export class LoadCurveModel {
  private readonly steps: readonly { at: number; watts: bigint; vars: bigint }[];
  /** W·ms per counter unit (0.0001 kWh = 360 000 W·ms: an integer for every E1 unit). */
  private readonly unit: bigint;

  constructor(
    steps: readonly LoadStepSetting[],
    private readonly scale: MeterScale,
  ) {
    this.steps = steps.map((s) => ({
      at: typeof s.at === 'number' ? scale.installedAt + Math.round(s.at * 60_000) : Date.parse(s.at),
      watts: BigInt(s.watts),
      vars: BigInt(s.vars ?? 0),
    }));
    const exponent = unitExponent(scale.unitCode) ?? 0;
    this.unit = ((KWH_IN_WMS * 10n ** BigInt(exponent + 4)) / 10_000n) * BigInt(scale.coefficient);
  }

  /** The counters roll over at 10^D7 (APPENDIX 0x0288 D7). */
  get rollOver(): number {
    return 10 ** this.scale.digits;
  }

  /** The counters at `t`, or undefined before installation. */
  at(t: number): ModelReading | undefined {
    const { installedAt } = this.scale;
    if (t < installedAt) return undefined;
    let forward = 0n;
    let reverse = 0n;
    let lagging = 0n;
    this.steps.forEach((s, i) => {
      const from = Math.max(s.at, installedAt);
      const to = Math.min(this.steps[i + 1]?.at ?? t, t);
      if (to <= from) return;
      const ms = BigInt(to - from);
      if (s.watts > 0n) forward += s.watts * ms;
      else reverse -= s.watts * ms;
      if (s.vars > 0n) lagging += s.vars * ms;
    });
    const roll = 10n ** BigInt(this.scale.digits);
    const offset = BigInt(Math.round(this.scale.offsetKWh * 60_000)) * 60_000n; // W·min as the profile rounds it
    const units = (wms: bigint) => Number((wms / this.unit) % roll);
    return { forward: units(offset + forward), reverse: units(reverse), lagging: units(lagging) };
  }
}
