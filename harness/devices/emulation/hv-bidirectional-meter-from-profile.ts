// The emulated bidirectional HV meter (0x028F) a profile describes: its identity, load and generation,
// coefficient, wiring, timers and fault switches.
import type { Profile } from '../../profile/profile.ts';
import {
  DEFAULT_HV_BIDIRECTIONAL_METER as DEFAULT,
  type HvBidirectionalMeterConfig,
} from '../hv-bidirectional-meter/hv-bidirectional-meter-config.ts';

export function hvBidirectionalMeterConfigFromProfile(profile: Profile): HvBidirectionalMeterConfig {
  const target = profile.target.type === 'emulated' ? profile.target : undefined;
  const meter = target?.meter ?? {};
  return {
    ...DEFAULT,
    makerCode: Number.parseInt(profile.identity.makerCode, 16),
    // C0's 12 free bytes: from the serial number (never from the Route-B credentials)
    routeBIdFree: Uint8Array.from(
      Buffer.from(profile.identity.serial.padEnd(12, '\0').slice(0, 12), 'latin1'),
    ),
    seed: meter.seed ?? DEFAULT.seed,
    installedAt: meter.installedAt === undefined ? DEFAULT.installedAt : Date.parse(meter.installedAt),
    counterOffsetWmin: Math.round((meter.counterOffsetKWh ?? 0) * 60_000),
    solarPeakW: meter.solarPeakW ?? DEFAULT.solarPeakW,
    energyUnitCode:
      meter.unitCode === undefined ? DEFAULT.energyUnitCode : Number.parseInt(meter.unitCode, 16),
    coefficient: meter.coefficient ?? profile.scale?.coefficient ?? DEFAULT.coefficient,
    multiplierCode:
      profile.scale?.multiplierCode === undefined
        ? DEFAULT.multiplierCode
        : Number.parseInt(profile.scale.multiplierCode, 16),
    energyDigits: meter.digits ?? DEFAULT.energyDigits,
    wiring: profile.wiring === 'single-phase-2-wire' ? profile.wiring : DEFAULT.wiring,
    opcLimit: profile.timers.opcLimit,
    responseLatencyMs: profile.timers.responseLatencyMs,
    faults: new Set(target?.faults ?? []),
  };
}
