// The emulated bidirectional HV meter (0x028F) a profile describes: its identity, load and generation,
// coefficient, wiring, timers and fault switches.
import type { Profile } from '../../profile/profile.ts';
import {
  DEFAULT_HV_BIDIRECTIONAL_METER as DEFAULT,
  type HvBidirectionalMeterConfig,
} from '../hv-bidirectional-meter/hv-bidirectional-meter-config.ts';
import { codeOr, commonMeterSettings, serialTail12 } from './meter-settings.ts';

export function hvBidirectionalMeterConfigFromProfile(profile: Profile): HvBidirectionalMeterConfig {
  const { meter, common } = commonMeterSettings(profile, DEFAULT);
  return {
    ...DEFAULT,
    ...common,
    routeBIdFree: serialTail12(profile),
    solarPeakW: meter.solarPeakW ?? DEFAULT.solarPeakW,
    energyUnitCode: codeOr(meter.unitCode, DEFAULT.energyUnitCode),
    coefficient: meter.coefficient ?? profile.scale?.coefficient ?? DEFAULT.coefficient,
    multiplierCode: codeOr(profile.scale?.multiplierCode, DEFAULT.multiplierCode),
    energyDigits: meter.digits ?? DEFAULT.energyDigits,
    wiring: profile.wiring === 'single-phase-2-wire' ? profile.wiring : DEFAULT.wiring,
  };
}
