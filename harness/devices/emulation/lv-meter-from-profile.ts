// The emulated LV meter a profile describes: its settings, timers and fault switches.
import { MINUTE } from '../../clock/durations.ts';
import type { EmulatedMeterSettings, Profile } from '../../profile/profile.ts';
import { DEFAULT_LV_METER, type LvMeterConfig } from '../lv-meter/lv-meter-config.ts';
import { codeOr, commonMeterSettings, serialTail12 } from './meter-settings.ts';

export function lvMeterConfigFromProfile(profile: Profile): LvMeterConfig {
  const { meter, common } = commonMeterSettings(profile, DEFAULT_LV_METER);
  return {
    ...DEFAULT_LV_METER,
    ...common,
    routeBIdTail: serialTail12(profile),
    unitCode: codeOr(meter.unitCode, DEFAULT_LV_METER.unitCode),
    coefficient: meter.coefficient ?? DEFAULT_LV_METER.coefficient,
    digits: meter.digits ?? DEFAULT_LV_METER.digits,
    solarPeakW: meter.solarPeakW ?? DEFAULT_LV_METER.solarPeakW,
    ...(meter.load ? { load: loadFrom(meter.load, common.installedAt) } : {}),
    wiring:
      meter.wiring ?? (profile.wiring === 'single-phase-2-wire' ? profile.wiring : DEFAULT_LV_METER.wiring),
    notification: profile.timers.notification,
    notificationDelayMs: profile.timers.notificationDelayMs,
    nextGeneration: profile.nextGeneration ?? [],
  };
}

/** The profile's load steps, each `at` as ms after installation (an instant, or minutes since it). */
function loadFrom(
  load: NonNullable<EmulatedMeterSettings['load']>,
  installedAt: number,
): LvMeterConfig['load'] {
  return {
    repeatDaily: load.repeatDaily ?? false,
    steps: load.steps.map((s) => ({
      offsetMs: typeof s.at === 'number' ? Math.round(s.at * MINUTE) : Date.parse(s.at) - installedAt,
      watts: s.watts,
      vars: s.vars ?? 0,
    })),
  };
}
