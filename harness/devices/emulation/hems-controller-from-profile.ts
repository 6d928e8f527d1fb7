// The reference HEMS controller a profile describes (kind "hems-controller", target "emulated"): its
// timers and OPC limit (profile.timers: the controller's own, AIF LV §2.4.2 and §2.4.4), its maker code,
// serial number and fault switches. Started by the harness against its own meter for the suites/hems/
// cases (harness/conformance/hems-fixtures.ts), and by `smcert emulate` against a meter's address.
// Beside the AIF start-up and half-hour watch, the profile's controller retries a request once after its
// timer ran out and reads yesterday's daily history (SetC E5 = 1, Get E2) once the start-up is done, so
// that the suite sees those rules on the wire.
import type { Clock } from '../../clock/clock.ts';
import type { Profile } from '../../profile/profile.ts';
import type { Endpoint, Transport } from '../../transport/transport.ts';
import {
  HemsController,
  type HemsControllerOptions,
  type StartupResult,
} from '../hems-controller/hems-controller.ts';
import type { LinkHold } from '../hems-controller/link-hold.ts';

export interface StartedController {
  readonly controller: HemsController;
  /** One line for people: what runs, against which meter, with which faults. */
  readonly summary: string;
  /** How the start-up ended: for `smcert emulate` to print; the suites judge the wire instead. */
  readonly started: Promise<StartupResult>;
  stop(): void;
}

export function hemsControllerOptionsFromProfile(
  profile: Profile,
  clock: Clock,
  transport: Transport,
  meterAddress?: Endpoint,
  linkHold?: LinkHold,
): HemsControllerOptions {
  if (profile.kind !== 'hems-controller' || profile.target.type !== 'emulated')
    throw new Error(
      `only an emulated hems-controller profile starts the reference controller (this one: ${profile.kind}, ${profile.target.type})`,
    );
  const { timer1Ms, timer2Ms, opcLimit } = profile.timers;
  return {
    transport,
    clock,
    ...(meterAddress ? { meterAddress } : {}),
    opcLimit,
    timer1Ms,
    timer2Ms,
    faults: new Set(profile.target.faults ?? []),
    makerCode: Number.parseInt(profile.identity.makerCode, 16),
    uniqueId: Uint8Array.from(Buffer.from(profile.identity.serial.padEnd(13, '\0').slice(0, 13), 'latin1')),
    retries: 1,
    historyDays: [1],
    ...(linkHold ? { linkHold } : {}),
  };
}

/**
 * Starts the controller on `transport` (listening at once); its start-up runs on `clock`. Over Wi-SUN,
 * `linkHold` tells it when its module holds sends (link-hold.ts).
 */
export function startEmulatedController(
  profile: Profile,
  clock: Clock,
  transport: Transport,
  meterAddress?: Endpoint,
  linkHold?: LinkHold,
): StartedController {
  const options = hemsControllerOptionsFromProfile(profile, clock, transport, meterAddress, linkHold);
  const controller = new HemsController(options);
  const started = controller.start(); // the suites judge what it does on the wire, never from this
  const faults = options.faults.size === 0 ? 'no faults' : `faults: ${[...options.faults].join(', ')}`;
  const meter = meterAddress ? `meter at ${meterAddress.address}:${meterAddress.port}` : 'meter by multicast';
  return {
    controller,
    started,
    summary: `hems-controller 05FF01 (maker ${profile.identity.makerCode}) on ${transport.local.address}:${transport.local.port}, ${meter}, ${faults}`,
    stop: () => controller.stop(),
  };
}
