// A second emulated meter within one case, set up by the case (another installation instant, a scripted
// load): started like the `dut` fixture's device (fixtures.ts), on real UDP on loopback, on an address
// pair of its own, and reached through its own dut client that writes to the case's transcript. Only for
// emulated targets: a case on a real device is NA before it gets here.
import type { Clock } from '../clock/clock.ts';
import type { EmulatedMeterSettings, Profile } from '../profile/profile.ts';
import type { DutClient } from './dut-client.ts';
import { startLoopbackDevice } from './loopback-device.ts';
import { runAddresses } from './run-addresses.ts';
import type { Transcript } from './transcript.ts';

export interface ScratchMeter {
  readonly dut: DutClient;
  /** The profile the scratch meter was started from (the case's settings applied). */
  readonly profile: Profile;
  /** Power-cycles the scratch meter: stopped and started again, same address, clock and profile. */
  restart(): Promise<void>;
}

/** Starts the profile's emulated device with `meter` settings over its own, runs `body`, stops it. */
export async function withScratchMeter<T>(
  profile: Profile,
  meter: EmulatedMeterSettings,
  clock: Clock,
  transcript: Transcript,
  body: (scratch: ScratchMeter) => Promise<T>,
): Promise<T> {
  if (profile.target.type !== 'emulated') throw new Error('a scratch meter needs an emulated target');
  const scratchProfile: Profile = {
    ...profile,
    target: { ...profile.target, meter: { ...profile.target.meter, ...meter } },
  };
  const device = await startLoopbackDevice(
    scratchProfile,
    clock,
    transcript,
    runAddresses(process.pid, 'scratch'),
  );
  try {
    return await body({ dut: device.dut, profile: scratchProfile, restart: () => device.restart() });
  } finally {
    await device.stop();
  }
}
