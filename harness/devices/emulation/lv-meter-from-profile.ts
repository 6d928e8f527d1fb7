// The emulated LV meter a profile describes: its settings, timers and fault switches.
import { MINUTE } from '../../clock/durations.ts';
import type { EmulatedMeterSettings, Profile } from '../../profile/profile.ts';
import { DEFAULT_LV_METER, type LvMeterConfig } from '../lv-meter/lv-meter-config.ts';

export function lvMeterConfigFromProfile(profile: Profile): LvMeterConfig {
  const target = profile.target.type === 'emulated' ? profile.target : undefined;
  const meter = target?.meter ?? {};
  const installedAt =
    meter.installedAt === undefined ? DEFAULT_LV_METER.installedAt : Date.parse(meter.installedAt);
  const unitCode =
    meter.unitCode === undefined ? DEFAULT_LV_METER.unitCode : Number.parseInt(meter.unitCode, 16);
  return {
    ...DEFAULT_LV_METER,
    makerCode: Number.parseInt(profile.identity.makerCode, 16),
    // C0's 12 free bytes: from the serial number (never from the Route-B credentials)
    routeBIdTail: Uint8Array.from(
      Buffer.from(profile.identity.serial.padEnd(12, '\0').slice(0, 12), 'latin1'),
    ),
    seed: meter.seed ?? DEFAULT_LV_METER.seed,
    installedAt,
    counterOffsetWmin: Math.round((meter.counterOffsetKWh ?? 0) * 60_000),
    unitCode,
    coefficient: meter.coefficient ?? DEFAULT_LV_METER.coefficient,
    digits: meter.digits ?? DEFAULT_LV_METER.digits,
    solarPeakW: meter.solarPeakW ?? DEFAULT_LV_METER.solarPeakW,
    ...(meter.load ? { load: loadFrom(meter.load, installedAt) } : {}),
    wiring:
      meter.wiring ?? (profile.wiring === 'single-phase-2-wire' ? profile.wiring : DEFAULT_LV_METER.wiring),
    notification: profile.timers.notification,
    notificationDelayMs: profile.timers.notificationDelayMs,
    opcLimit: profile.timers.opcLimit,
    responseLatencyMs: profile.timers.responseLatencyMs,
    nextGeneration: profile.nextGeneration ?? [],
    faults: new Set(target?.faults ?? []),
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
