// The emulated HV meter a profile describes: its identity, load, coefficient, timers and fault switches.
import type { Profile } from '../../profile/profile.ts';
import { DEFAULT_HV_METER, type HvMeterConfig } from '../hv-meter/hv-meter-config.ts';

export function hvMeterConfigFromProfile(profile: Profile): HvMeterConfig {
  const target = profile.target.type === 'emulated' ? profile.target : undefined;
  const meter = target?.meter ?? {};
  return {
    ...DEFAULT_HV_METER,
    makerCode: Number.parseInt(profile.identity.makerCode, 16),
    seed: meter.seed ?? DEFAULT_HV_METER.seed,
    installedAt:
      meter.installedAt === undefined ? DEFAULT_HV_METER.installedAt : Date.parse(meter.installedAt),
    counterOffsetWmin: Math.round((meter.counterOffsetKWh ?? 0) * 60_000),
    energyUnitCode:
      meter.unitCode === undefined ? DEFAULT_HV_METER.energyUnitCode : Number.parseInt(meter.unitCode, 16),
    coefficient: meter.coefficient ?? profile.scale?.coefficient ?? DEFAULT_HV_METER.coefficient,
    multiplierCode:
      profile.scale?.multiplierCode === undefined
        ? DEFAULT_HV_METER.multiplierCode
        : Number.parseInt(profile.scale.multiplierCode, 16),
    energyDigits: meter.digits ?? DEFAULT_HV_METER.energyDigits,
    opcLimit: profile.timers.opcLimit,
    responseLatencyMs: profile.timers.responseLatencyMs,
    faults: new Set(target?.faults ?? []),
  };
}
