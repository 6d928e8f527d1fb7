// A second emulated meter within one case, set up by the case (another installation instant, a scripted
// load): started like the `dut` fixture's device (fixtures.ts), on real UDP on loopback, on an address
// pair of its own, and reached through its own dut client that writes to the case's transcript. Only for
// emulated targets: a case on a real device is NA before it gets here.
import type { Clock } from '../clock/clock.ts';
import { startEmulatedDevice } from '../devices/emulation/start-emulated-device.ts';
import { eoj } from '../echonet/eoj.ts';
import type { EmulatedMeterSettings, Profile } from '../profile/profile.ts';
import type { Endpoint } from '../transport/transport.ts';
import { openUdpTransport } from '../transport/udp.ts';
import { DutClient } from './dut-client.ts';
import type { Transcript } from './transcript.ts';

export interface ScratchMeter {
  readonly dut: DutClient;
  /** The profile the scratch meter was started from (the case's settings applied). */
  readonly profile: Profile;
}

/** 127.128.0.0 and up, beside the fixture's pair (127.64–127.127, run-addresses.ts): one pair per process. */
function scratchAddresses(pid: number): { device: Endpoint; harness: Endpoint; groupPort: number } {
  const n = 0x800000 + (pid % 0x400000) * 2;
  const address = (k: number) => `127.${(k >> 16) & 0xff}.${(k >> 8) & 0xff}.${k & 0xff}`;
  return {
    device: { address: address(n), port: 3610 },
    harness: { address: address(n + 1), port: 3610 },
    groupPort: 60_000 + (pid % 5000),
  };
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
  const at = scratchAddresses(process.pid);
  const multicast = { receive: true, port: at.groupPort, interface: '127.0.0.1' };
  const transport = await openUdpTransport({ family: 4, address: at.harness.address, multicast });
  const dut = new DutClient({
    transport,
    clock,
    transcript,
    device: at.device,
    deviceEoj: eoj(profile.classes[0]!.eoj),
    timer1Ms: profile.timers.timer1Ms,
    timer2Ms: profile.timers.timer2Ms,
    strict: profile.decoder ?? {},
  });
  const deviceTransport = await openUdpTransport({ family: 4, address: at.device.address, multicast });
  const device = await startEmulatedDevice(scratchProfile, clock, { transport: deviceTransport });
  try {
    return await body({ dut, profile: scratchProfile });
  } finally {
    await device.stop();
    dut.close();
    await transport.close();
  }
}
