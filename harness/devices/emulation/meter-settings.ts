// What every emulated meter takes from its profile the same way: the maker code, the seeded load's seed,
// installation instant and counter offset, the node's timers and the fault switches; and the bytes the
// meter makes of the serial number (never of the Route-B credentials).
import type { EmulatedMeterSettings, Profile } from '../../profile/profile.ts';

export interface CommonMeterSettings {
  readonly makerCode: number;
  readonly seed: number;
  readonly installedAt: number;
  readonly counterOffsetWmin: number;
  readonly opcLimit: number;
  readonly responseLatencyMs: number;
  readonly faults: ReadonlySet<string>;
}

/** The emulated target's meter settings (empty for a real target) and the common part of a config. */
export function commonMeterSettings(
  profile: Profile,
  defaults: { readonly seed: number; readonly installedAt: number },
): { meter: EmulatedMeterSettings; common: CommonMeterSettings } {
  const target = profile.target.type === 'emulated' ? profile.target : undefined;
  const meter = target?.meter ?? {};
  return {
    meter,
    common: {
      makerCode: Number.parseInt(profile.identity.makerCode, 16),
      seed: meter.seed ?? defaults.seed,
      installedAt: meter.installedAt === undefined ? defaults.installedAt : Date.parse(meter.installedAt),
      counterOffsetWmin: Math.round((meter.counterOffsetKWh ?? 0) * 60_000),
      opcLimit: profile.timers.opcLimit,
      responseLatencyMs: profile.timers.responseLatencyMs,
      faults: new Set(target?.faults ?? []),
    },
  };
}

/** A code the profile writes as hex (0xNN), or the default. */
export const codeOr = (hex: string | undefined, fallback: number): number =>
  hex === undefined ? fallback : Number.parseInt(hex, 16);

/** C0's 12 free bytes (Route-B identification number, Release R): the serial number, NUL-padded. */
export function serialTail12(profile: Profile): Uint8Array {
  return Uint8Array.from(Buffer.from(profile.identity.serial.padEnd(12, '\0').slice(0, 12), 'latin1'));
}
