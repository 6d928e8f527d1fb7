// The emulated HV meter a profile describes: its identity, load, coefficient, timers and fault switches.
import type { Profile } from '../../profile/profile.ts';
import { DEFAULT_HV_METER, type HvMeterConfig } from '../hv-meter/hv-meter-config.ts';
import { codeOr, commonMeterSettings } from './meter-settings.ts';

export function hvMeterConfigFromProfile(profile: Profile): HvMeterConfig {
  const { meter, common } = commonMeterSettings(profile, DEFAULT_HV_METER);
  return {
    ...DEFAULT_HV_METER,
    ...common,
    energyUnitCode: codeOr(meter.unitCode, DEFAULT_HV_METER.energyUnitCode),
    coefficient: meter.coefficient ?? profile.scale?.coefficient ?? DEFAULT_HV_METER.coefficient,
    multiplierCode: codeOr(profile.scale?.multiplierCode, DEFAULT_HV_METER.multiplierCode),
    energyDigits: meter.digits ?? DEFAULT_HV_METER.energyDigits,
  };
}
