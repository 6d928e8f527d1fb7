// A comms unit as the host sees it: the emulated SKSTACK IP module, with the profile's emulated meter
// started unchanged behind its radio side (startEmulatedDevice on the link's meter transport). Once a
// PANA session is up the meter announces its instance list (0xD5 INF), which reaches the host as
// ERXUDP (echonet-smart-meter.md §4.4: the INF after EVENT 25). A meter whose profile gives each client
// its own Route-B credentials (/bRoute/routeB) takes more modules on its radio (meter-radio-hub.ts).
import type { Clock } from '../../clock/clock.ts';
import { NODE_PROFILE } from '../../echonet/eoj.ts';
import { ESV } from '../../echonet/esv.ts';
import { meterProfile } from '../../profile/meter-behind.ts';
import type { Profile } from '../../profile/profile.ts';
import { frameLimitOf } from '../../transport/skstack/frame-limit.ts';
import { ECHONET_PORT } from '../../transport/transport.ts';
import { type RunningDevice, startEmulatedDevice } from '../emulation/start-emulated-device.ts';
import type { DialectName } from './dialects.ts';
import { compactIpv6, linkLocalOf, parseMac } from './ipv6-text.ts';
import { MeterRadioHub } from './meter-radio-hub.ts';
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
  /** A meter with per-client credentials (/bRoute/routeB): other clients' modules on its radio. */
  readonly clients?: {
    /** A module with MAC `mac` on the meter's radio, its PANA agent the meter's. */
    add(mac: string): SkstackModule;
    /** The utility revokes a client's Route-B ID (refused from its next authentication). */
    revoke(id: string): void;
  };
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
  const { clock, dialect, faults, meter, announceOnSession = true, mac: ownMac, ...rest } = options;
  // a comms unit's profile (kind "comms-unit") names the meter behind it by its classes
  const profile = meterProfile(options.profile);
  if (!profile.routeB) {
    throw new Error(
      'the meter behind the comms unit needs its Route-B ID and password: add "routeB": {"id", "password"} to the profile',
    );
  }
  const meterFaults = profile.target.type === 'emulated' ? (profile.target.faults ?? []) : [];
  const perClient = profile.bRoute?.routeB;
  const radio: MeterRadio = {
    ...DEFAULT_METER_RADIO,
    ...lockoutOf(profile),
    ...meter,
    routeB: profile.routeB,
  };
  const hub = perClient
    ? new MeterRadioHub(
        { address: meterAddressOf(radio.mac), port: ECHONET_PORT },
        [profile.routeB, ...perClient],
        new Set(meterFaults),
      )
    : undefined;
  const moduleWith = (mac: string) =>
    new SkstackModule({
      mac,
      // the profile's frame limit (transport.maxFrameBytes), unless the caller sets one
      ...(profile.transport.type === 'skstack' ? { maxSendBytes: frameLimitOf(profile.transport) } : {}),
      ...rest,
      clock,
      dialect,
      faults: new Set(faults),
      meter: hub ? { ...radio, pana: hub } : radio,
    });
  const module = moduleWith(ownMac ?? DEFAULT_MODULE_MAC);
  hub?.attach(module.radio, module.address);
  const device = await startEmulatedDevice(profile, clock, { transport: hub?.meter ?? module.radio.meter });
  const added: SkstackModule[] = [];
  if (announceOnSession && !meterFaults.includes('no-d5-at-startup')) {
    module.onSessionEstablished(() => {
      const d5 = device.node.nodeProfile.read(0xd5) as Uint8Array;
      device.node.notify(NODE_PROFILE, NODE_PROFILE, ESV.INF, [{ epc: 0xd5, edt: d5 }]).catch(() => {});
    });
  }
  return {
    module,
    meter: device,
    ...(hub
      ? {
          clients: {
            add(mac: string) {
              const other = moduleWith(mac);
              hub.attach(other.radio, other.address);
              added.push(other);
              return other;
            },
            revoke: (id: string) => hub.revoke(id),
          },
        }
      : {}),
    async stop() {
      for (const m of [module, ...added]) m.close();
      await device.stop();
    },
  };
}

/** The meter's PANA lock-out the profile declares (/security/bruteForce), as the module's meter radio takes it. */
function lockoutOf(profile: Profile): Pick<MeterRadio, 'lockout'> {
  const declared = profile.security?.bruteForce;
  return declared ? { lockout: { afterFailures: declared.lockoutAfter, forMs: declared.lockoutMs } } : {};
}

/** The meter's link-local address from its MAC (RFC 4944: the U/L bit flipped). */
function meterAddressOf(mac: string): string {
  return compactIpv6(linkLocalOf(parseMac(mac)!));
}
