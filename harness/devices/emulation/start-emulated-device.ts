// Starts the reference device a profile describes on its UDP transport: the same wire a real device
// would be reached on. Used by `smcert emulate` and by the harness for emulated targets.
import type { Clock } from '../../clock/clock.ts';
import { eojHex } from '../../echonet/eoj.ts';
import type { Profile } from '../../profile/profile.ts';
import { ECHONET_PORT, type Transport } from '../../transport/transport.ts';
import { openUdpTransport } from '../../transport/udp.ts';
import { HvBidirectionalMeterObject } from '../hv-bidirectional-meter/hv-bidirectional-meter-object.ts';
import { HvMeterObject } from '../hv-meter/hv-meter-object.ts';
import { HalfHourNotifier } from '../lv-meter/half-hour-notifier.ts';
import type { UnitSwapRecords } from '../lv-meter/lv-meter-config.ts';
import { LvMeterObject } from '../lv-meter/lv-meter-object.ts';
import { BRouteClients } from '../node/b-route-clients.ts';
import type { DeviceObject } from '../node/device-object.ts';
import { EchonetNode } from '../node/echonet-node.ts';
import { hvBidirectionalMeterConfigFromProfile } from './hv-bidirectional-meter-from-profile.ts';
import { hvMeterConfigFromProfile } from './hv-meter-from-profile.ts';
import { lvMeterConfigFromProfile } from './lv-meter-from-profile.ts';

export interface RunningDevice {
  readonly node: EchonetNode;
  /** Its B-route clients when the profile declares several (/bRoute): the utility revokes one here. */
  readonly clients?: BRouteClients;
  readonly transport: Transport;
  /** One line for people: what runs where. */
  readonly summary: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Use this transport instead of opening the profile's UDP one (unit tests: the loopback network). */
  readonly transport?: Transport;
  /** This start is a restart after a power cycle at this instant (epoch ms): state is rebuilt from the profile. */
  readonly restartedAt?: number;
  /** An LV meter whose communication unit is exchanged while it runs (comms-unit/exchangeable-unit.ts). */
  readonly unitSwaps?: UnitSwapRecords;
}

export async function startEmulatedDevice(
  profile: Profile,
  clock: Clock,
  options: StartOptions = {},
): Promise<RunningDevice> {
  if (profile.target.type !== 'emulated')
    throw new Error(`profile target is '${profile.target.type}': only an emulated target can be started`);
  const build = DEVICES[profile.kind];
  if (!build) {
    throw new Error(
      `emulation of a ${profile.kind} is not available: use a lv-meter, hv-meter or hv-bidirectional-meter profile, e.g. profiles/reference-lv-meter.json`,
    );
  }
  const transport = options.transport ?? (await openProfileUdp(profile));
  const device = build(profile, clock, options);
  const clients = profile.bRoute && new BRouteClients(profile.bRoute, device.faults);
  const node = new EchonetNode({
    transport,
    clock,
    objects: [device.object],
    makerCode: device.makerCode,
    uniqueId: device.uniqueId,
    opcLimit: profile.timers.opcLimit,
    responseLatencyMs: profile.timers.responseLatencyMs,
    faults: device.faults,
    replyPort: ECHONET_PORT,
    ...(clients ? { clients } : {}),
    ...(profile.security?.commands ? { commands: profile.security.commands } : {}),
  });
  await node.start();
  const stopDevice = device.start?.(node);
  const faults = device.faults.size === 0 ? 'no faults' : `faults: ${[...device.faults].join(', ')}`;
  const eoj = eojHex(device.object.eoj);
  return {
    node,
    ...(clients ? { clients } : {}),
    transport,
    summary: `${profile.kind} ${eoj} (maker ${profile.identity.makerCode}) on ${where(profile, transport)}, ${faults}`,
    async stop() {
      stopDevice?.();
      node.stop();
      await transport.close();
    },
  };
}

/** One emulated device object, and what runs beside it once its node is up. */
interface EmulatedDevice {
  readonly object: DeviceObject;
  readonly makerCode: number;
  readonly uniqueId: Uint8Array;
  readonly faults: ReadonlySet<string>;
  /** Starts the device's own activity (notifications); returns how to stop it. */
  readonly start?: (node: EchonetNode) => () => void;
}

const DEVICES: Partial<
  Record<Profile['kind'], (profile: Profile, clock: Clock, options: StartOptions) => EmulatedDevice>
> = {
  'lv-meter': (profile, clock, { restartedAt, unitSwaps }) => {
    const config = {
      ...lvMeterConfigFromProfile(profile),
      ...(restartedAt === undefined ? {} : { restartedAt }),
      ...(unitSwaps === undefined ? {} : { unitSwaps }),
    };
    const meter = new LvMeterObject(config, clock);
    return {
      object: meter,
      makerCode: config.makerCode,
      uniqueId: config.routeBIdTail.subarray(0, 13),
      faults: config.faults,
      start: (node) => {
        const notifier = new HalfHourNotifier(meter, node, config, clock);
        notifier.start();
        return () => notifier.stop();
      },
    };
  },
  'hv-meter': (profile, clock) => {
    const config = hvMeterConfigFromProfile(profile);
    return {
      object: new HvMeterObject(config, clock),
      makerCode: config.makerCode,
      uniqueId: serialBytes(profile.identity.serial),
      faults: config.faults,
    };
  },
  'hv-bidirectional-meter': (profile, clock) => {
    const config = hvBidirectionalMeterConfigFromProfile(profile);
    return {
      object: new HvBidirectionalMeterObject(config, clock),
      makerCode: config.makerCode,
      uniqueId: serialBytes(profile.identity.serial),
      faults: config.faults,
    };
  },
};

/** 13 bytes of the node's unique id from the serial number (never from the Route-B credentials). */
function serialBytes(serial: string): Uint8Array {
  return Uint8Array.from(Buffer.from(serial.padEnd(13, '\0').slice(0, 13), 'latin1'));
}

/** The profile's own UDP address; a Wi-SUN profile's meter is reached through its module instead. */
function openProfileUdp(profile: Profile): Promise<Transport> {
  const settings = profile.transport;
  if (settings.type !== 'udp')
    throw new Error(
      'the profile reaches its meter over Wi-SUN (transport "skstack"): start it behind the emulated module (smcert emulate --serial), or give a "udp" transport',
    );
  const { family, address, port, multicast } = settings;
  return openUdpTransport({
    family,
    address,
    port,
    shareAddress: true,
    ...(multicast ? { multicast: { receive: true } } : {}),
  });
}

function where(profile: Profile, transport: Transport): string {
  const settings = profile.transport;
  if (settings.type === 'udp')
    return `udp ${settings.address}:${settings.port}${settings.multicast ? ' + multicast' : ''}`;
  return `${transport.local.address}:${transport.local.port} behind an SKSTACK module (${settings.dialect})`;
}
