// Starts the reference device a profile describes on its UDP transport: the same wire a real device
// would be reached on. Used by `smcert emulate` and by the harness for emulated targets.
import type { Clock } from '../../clock/clock.ts';
import { toHex } from '../../echonet/hex.ts';
import type { Profile } from '../../profile/profile.ts';
import { ECHONET_PORT, type Transport } from '../../transport/transport.ts';
import { openUdpTransport } from '../../transport/udp.ts';
import { HalfHourNotifier } from '../lv-meter/half-hour-notifier.ts';
import { LvMeterObject } from '../lv-meter/lv-meter-object.ts';
import { EchonetNode } from '../node/echonet-node.ts';
import { lvMeterConfigFromProfile } from './lv-meter-from-profile.ts';

export interface RunningDevice {
  readonly node: EchonetNode;
  readonly transport: Transport;
  /** One line for people: what runs where. */
  readonly summary: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Use this transport instead of opening the profile's UDP one (unit tests: the loopback network). */
  readonly transport?: Transport;
}

export async function startEmulatedDevice(
  profile: Profile,
  clock: Clock,
  options: StartOptions = {},
): Promise<RunningDevice> {
  if (profile.target.type !== 'emulated')
    throw new Error(`profile target is '${profile.target.type}': only an emulated target can be started`);
  if (profile.kind !== 'lv-meter') {
    throw new Error(
      `emulation of a ${profile.kind} is not available yet: use a lv-meter profile, e.g. profiles/reference-lv-meter.json`,
    );
  }
  const { family, address, port, multicast } = profile.transport;
  const transport =
    options.transport ??
    (await openUdpTransport({
      family,
      address,
      port,
      shareAddress: true,
      ...(multicast ? { multicast: { receive: true } } : {}),
    }));
  const config = lvMeterConfigFromProfile(profile);
  const meter = new LvMeterObject(config, clock);
  const node = new EchonetNode({
    transport,
    clock,
    objects: [meter],
    makerCode: config.makerCode,
    uniqueId: config.routeBIdTail.subarray(0, 13),
    opcLimit: config.opcLimit,
    responseLatencyMs: config.responseLatencyMs,
    faults: config.faults,
    replyPort: ECHONET_PORT,
  });
  await node.start();
  const notifier = new HalfHourNotifier(meter, node, config, clock);
  notifier.start();
  const faults = config.faults.size === 0 ? 'no faults' : `faults: ${[...config.faults].join(', ')}`;
  return {
    node,
    transport,
    summary: `lv-meter 028801 (maker ${toHex(Uint8Array.of(config.makerCode >> 16, (config.makerCode >> 8) & 0xff, config.makerCode & 0xff))}) on udp ${address}:${port}${multicast ? ' + multicast' : ''}, ${faults}`,
    async stop() {
      notifier.stop();
      node.stop();
      await transport.close();
    },
  };
}
