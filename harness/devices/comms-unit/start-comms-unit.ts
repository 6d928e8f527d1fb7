// A comms unit as the host sees it: the emulated SKSTACK IP module, with the profile's emulated meter
// started unchanged behind its radio side (startEmulatedDevice on the link's meter transport). Once a
// PANA session is up the meter announces its instance list (0xD5 INF), which reaches the host as
// ERXUDP (echonet-smart-meter.md §4.4: the INF after EVENT 25).
import type { Clock } from '../../clock/clock.ts';
import { NODE_PROFILE } from '../../echonet/eoj.ts';
import { ESV } from '../../echonet/esv.ts';
import { meterProfile } from '../../profile/meter-behind.ts';
import type { Profile } from '../../profile/profile.ts';
import { frameLimitOf } from '../../transport/skstack/frame-limit.ts';
import { type RunningDevice, startEmulatedDevice } from '../emulation/start-emulated-device.ts';
import type { DialectName } from './dialects.ts';
import { type MeterRadio, SkstackModule, type SkstackModuleOptions } from './skstack-module.ts';

export interface CommsUnitOptions
  extends Omit<Partial<SkstackModuleOptions>, 'clock' | 'dialect' | 'meter' | 'faults'> {
  /**
   * The meter behind the module: an emulated profile with its routeB ID and password (a comms-unit
   * profile: the meter of its classes).
   */
  readonly profile: Profile;
  readonly clock: Clock;
  readonly dialect: DialectName;
  /** The module's fault switches (comms-unit-faults.ts); the meter's come from its profile. */
  readonly faults?: Iterable<string>;
  /** The meter's radio facts; the Route-B credentials are the profile's. */
  readonly meter?: Partial<Omit<MeterRadio, 'routeB'>>;
  /** The meter announces 0xD5 when a session comes up (default true [M]). */
  readonly announceOnSession?: boolean;
}

export interface RunningCommsUnit {
  readonly module: SkstackModule;
  readonly meter: RunningDevice;
  stop(): Promise<void>;
}

/** Default radio facts: the EPANDESC example of §4.1 (channel 0x21, PAN 0x8888, Addr 12345678ABCDEF01). */
export const DEFAULT_METER_RADIO: Omit<MeterRadio, 'routeB'> = {
  mac: '12345678ABCDEF01',
  channel: 0x21,
  panId: 0x8888,
  lqi: 0xe1,
};

/** The module's own MAC by default (the SKLL64 example of §4.1). */
export const DEFAULT_MODULE_MAC = '001D129012345678';

export async function startCommsUnit(options: CommsUnitOptions): Promise<RunningCommsUnit> {
  const { clock, dialect, faults, meter, announceOnSession = true, ...rest } = options;
  // a comms unit's profile (kind "comms-unit") names the meter behind it by its classes
  const profile = meterProfile(options.profile);
  if (!profile.routeB) {
    throw new Error(
      'the meter behind the comms unit needs its Route-B ID and password: add "routeB": {"id", "password"} to the profile',
    );
  }
  const module = new SkstackModule({
    mac: DEFAULT_MODULE_MAC,
    // the profile's frame limit (transport.maxFrameBytes), unless the caller sets one
    ...(profile.transport.type === 'skstack' ? { maxSendBytes: frameLimitOf(profile.transport) } : {}),
    ...rest,
    clock,
    dialect,
    faults: new Set(faults),
    meter: { ...DEFAULT_METER_RADIO, ...lockoutOf(profile), ...meter, routeB: profile.routeB },
  });
  const device = await startEmulatedDevice(profile, clock, { transport: module.radio.meter });
  const meterFaults = profile.target.type === 'emulated' ? (profile.target.faults ?? []) : [];
  if (announceOnSession && !meterFaults.includes('no-d5-at-startup')) {
    module.onSessionEstablished(() => {
      const d5 = device.node.nodeProfile.read(0xd5) as Uint8Array;
      device.node.notify(NODE_PROFILE, NODE_PROFILE, ESV.INF, [{ epc: 0xd5, edt: d5 }]).catch(() => {});
    });
  }
  return {
    module,
    meter: device,
    async stop() {
      module.close();
      await device.stop();
    },
  };
}

/** The meter's PANA lock-out the profile declares (/security/bruteForce), as the module's meter radio takes it. */
function lockoutOf(profile: Profile): Pick<MeterRadio, 'lockout'> {
  const declared = profile.security?.bruteForce;
  return declared ? { lockout: { afterFailures: declared.lockoutAfter, forMs: declared.lockoutMs } } : {};
}
