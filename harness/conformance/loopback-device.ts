// An emulated device and the dut client that reaches it, on real UDP on an address pair of loopback
// (run-addresses.ts): the device started after the harness listens, so the case sees its start-up D5.
// The `dut` fixture starts one per case; a case may start a scratch meter of its own (scratch-meter.ts).
import type { Clock } from '../clock/clock.ts';
import { type RunningDevice, startEmulatedDevice } from '../devices/emulation/start-emulated-device.ts';
import type { Profile } from '../profile/profile.ts';
import type { Endpoint } from '../transport/transport.ts';
import { openUdpTransport } from '../transport/udp.ts';
import { clientOptionsOf } from './client-options.ts';
import { DutClient } from './dut-client.ts';
import { paceOf } from './request-pace.ts';
import type { RunAddresses } from './run-addresses.ts';
import type { Transcript } from './transcript.ts';

/** The emulated devices this process runs for its cases, by address: the utility's side reaches them. */
const RUNNING = new Map<string, RunningDevice>();
const keyOf = (e: Endpoint) => `${e.address}:${e.port}`;

/** The emulated device of this process at `at` (the meter a dut client reaches), if any. */
export function emulatedDeviceAt(at: Endpoint): RunningDevice | undefined {
  return RUNNING.get(keyOf(at));
}

export interface LoopbackDevice {
  readonly dut: DutClient;
  /** Stops the device, then the dut client and its socket. */
  stop(): Promise<void>;
  /**
   * A power cycle: the device stopped and started again on the same address, clock and profile (the dut
   * client and its socket stay); the new device knows it is a restart (for the restart fault).
   */
  restart(): Promise<void>;
}

export async function startLoopbackDevice(
  profile: Profile,
  clock: Clock,
  transcript: Transcript,
  at: RunAddresses,
): Promise<LoopbackDevice> {
  const multicast = { receive: true, port: at.groupPort, interface: '127.0.0.1' };
  const transport = await openUdpTransport({ family: 4, address: at.harness.address, multicast });
  const dut = new DutClient({
    transport,
    clock,
    transcript,
    device: at.device,
    ...clientOptionsOf(profile),
    ...paceOf(profile),
  });
  const open = () => openUdpTransport({ family: 4, address: at.device.address, multicast });
  let device = await startEmulatedDevice(profile, clock, { transport: await open() });
  RUNNING.set(keyOf(at.device), device);
  return {
    dut,
    restart: async () => {
      await device.stop();
      device = await startEmulatedDevice(profile, clock, {
        transport: await open(),
        restartedAt: clock.now(),
      });
      RUNNING.set(keyOf(at.device), device);
    },
    stop: async () => {
      RUNNING.delete(keyOf(at.device));
      await device.stop();
      dut.close();
      await transport.close();
    },
  };
}
