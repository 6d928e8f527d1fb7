// The `bench` fixture of the HEMS controller cases (suites/hems/, hems-conformance.ts): the harness's
// meter (hems-bench.ts) on the link the profile names, and how the controller under test is started.
//   transport udp, emulated target: the meter on this process's loopback pair (run-addresses.ts, as
//     emulated meters are), the reference controller on the other address of the pair, configured with
//     the meter's address, on the virtual clock, with the profile's fault switches
//   transport udp, real target: the meter on the profile's address and port (an address of this machine,
//     which the controller is configured with), on the wall clock; the operator (re)starts the controller
//   transport skstack, real target: the meter behind the emulated SKSTACK IP module on a pseudo-terminal
//     (harness/devices/comms-unit/), at the link the profile's transport.path names; the controller's
//     software opens it as its Wi-SUN dongle's serial port and joins with the profile's Route-B ID and
//     password; the meter announces 0xD5 when the PANA session is up
//   transport skstack, emulated target: the same module on a PTY, the reference controller on the
//     harness's SKSTACK IP client over it, on the virtual clock with the PTY's bytes tracked
//     (hems-wisun-emulated.ts)
// Over Wi-SUN the case also gets `wisunBench` (hems-wisun-bench.ts: the module's knobs and the serial line as
// the module read it), and the serial line goes beside its transcript (transcripts/<id>.serial.txt).
// Each case starts its controller afresh after the meter listens. A real controller is one device: one
// case at a time, whatever the number of workers (device-lock.ts).

import { BytesInFlight } from '../clock/bytes-in-flight.ts';
import type { Clock } from '../clock/clock.ts';
import { DAY } from '../clock/durations.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { openPtyBridge } from '../devices/comms-unit/pty-bridge.ts';
import { startEmulatedController } from '../devices/emulation/hems-controller-from-profile.ts';
import { DEFAULT_LV_METER, type LvMeterConfig } from '../devices/lv-meter/lv-meter-config.ts';
import type { Profile } from '../profile/profile.ts';
import type { Endpoint, Transport } from '../transport/transport.ts';
import { openUdpTransport } from '../transport/udp.ts';
import { lockDevice } from './device-lock.ts';
import { test as base } from './fixtures.ts';
import { HemsBench } from './hems-bench.ts';
import { benchModule, WisunBench } from './hems-wisun-bench.ts';
import { openEmulatedWisunBench } from './hems-wisun-emulated.ts';
import { SerialRecord } from './module-serial.ts';
import { tellOperator } from './operator.ts';
import { runAddresses } from './run-addresses.ts';
import { PTY_WAIT } from './skstack-device.ts';

/** A real controller: how long the harness waits for its first frame after asking for its (re)start. */
export const DEFAULT_CONTROLLER_START_MS = 5 * 60_000;
/** The link a real Wi-SUN controller opens when the profile names none. */
export const DEFAULT_HEMS_PTY_LINK = '/tmp/smcert-hems-wisun';

export interface BenchFixtures {
  readonly bench: HemsBench;
  /** Over Wi-SUN (transport "skstack"): the bench's module, its knobs and the serial line; else undefined. */
  readonly wisunBench: WisunBench | undefined;
}

/** What the bench fixture opened: the bench, and over Wi-SUN its module. */
interface Rig {
  readonly bench: HemsBench;
  readonly wisun: WisunBench | undefined;
}

/** How long a case waits for the controller's first frame once it was started. */
export function controllerStartMs(profile: Profile): number {
  const wait = profile.timers.timer1Ms * 2;
  return profile.target.type === 'real'
    ? (profile.target.powerUpWaitMs ?? DEFAULT_CONTROLLER_START_MS) + wait
    : wait;
}

export const hemsTest = base.extend<
  BenchFixtures & { readonly benchLockWaitedMs: { ms: number }; readonly benchRig: Rig }
>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a fixture needs from this pattern
  benchLockWaitedMs: async ({}, use) => use({ ms: 0 }),
  bench: async ({ benchRig }, use) => use(benchRig.bench),
  wisunBench: async ({ benchRig }, use) => use(benchRig.wisun),
  benchRig: async ({ profile, clock, transcript, benchLockWaitedMs }, use, testInfo) => {
    const meter = benchMeter(clock);
    const attachSerial = async (wisun: WisunBench | undefined) => {
      if (wisun?.serial.lines.length)
        await testInfo.attach('serial', { body: wisun.serial.text(), contentType: 'text/plain' });
    };
    if (profile.target.type === 'real') {
      const key = realKey(profile);
      testInfo.setTimeout(0); // hems-conformance.ts sets the case's own timeout once the device is held
      const lock = await lockDevice(key);
      benchLockWaitedMs.ms = lock.waitedMs;
      try {
        const link = await openRealControllerBench(profile, clock, meter, transcript);
        try {
          await use({ bench: link.bench, wisun: link.wisun });
        } finally {
          link.bench.stop();
          await link.close();
          await attachSerial(link.wisun);
        }
      } finally {
        lock.release();
      }
      return;
    }
    if (profile.transport.type === 'skstack') {
      const link = await openEmulatedWisunBench(
        profile,
        clock,
        meter,
        transcript,
        controllerStartMs(profile),
      );
      try {
        await use({ bench: link.bench, wisun: link.wisun });
      } finally {
        await link.close();
        await attachSerial(link.wisun);
      }
      return;
    }
    const at = runAddresses(process.pid);
    const multicast = { receive: true, port: at.groupPort, interface: '127.0.0.1' };
    // both ends are in this process: a datagram between them is in flight until the other end has read
    // it, and the virtual clock does not step meanwhile (the controller's own reply timers are due)
    const inFlight = new BytesInFlight();
    const untrack = clock instanceof VirtualClock ? clock.trackIo(inFlight) : () => {};
    const meterSide = counted(
      await openUdpTransport({ family: 4, address: at.harness.address, multicast }),
      inFlight,
    );
    let controllerSide: Transport | undefined;
    let controller: ReturnType<typeof startEmulatedController> | undefined;
    const bench = new HemsBench({
      clock,
      transcript,
      transport: meterSide,
      meter,
      linkUpOnFirstFrame: true,
      launch: async () => {
        controllerSide = counted(
          await openUdpTransport({ family: 4, address: at.device.address, multicast }),
          inFlight,
        );
        controller = startEmulatedController(profile, clock, controllerSide, at.harness);
      },
      firstFrameMs: controllerStartMs(profile),
    });
    try {
      await use({ bench, wisun: undefined });
    } finally {
      controller?.stop();
      bench.stop();
      await controllerSide?.close();
      await meterSide.close();
      inFlight.clear();
      untrack();
    }
  },
});

/**
 * `transport` with its datagrams counted in `inFlight`: one when sent (to the other end of the pair, the
 * only other member of its group), one arrived when read, before its listeners run.
 */
function counted(transport: Transport, inFlight: BytesInFlight): Transport {
  transport.onReceive(() => inFlight.arrived(1));
  const sending = (send: Promise<void>) => {
    return send.catch((error: unknown) => {
      inFlight.arrived(1); // never sent: it will not arrive
      throw error;
    });
  };
  return {
    local: transport.local,
    send: (bytes, to) => {
      inFlight.sent(1);
      return sending(transport.send(bytes, to));
    },
    sendMulticast: (bytes) => {
      inFlight.sent(1);
      return sending(transport.sendMulticast(bytes));
    },
    onReceive: (listener) => transport.onReceive(listener),
    close: () => transport.close(),
  };
}

/** The meter the harness serves: the reference LV meter, installed 3 days before the case starts. */
export function benchMeter(clock: Clock): LvMeterConfig {
  return { ...DEFAULT_LV_METER, installedAt: clock.now() - 3 * DAY };
}

/** The multicast interface of `address`: itself (IPv4, or an IPv6 address of it), or its zone (fe80::1%eth0). */
function interfaceOf(address: string): string | undefined {
  const [bare = address, zone] = address.split('%');
  if (bare.startsWith('127.') || bare === '::1') return undefined; // loopback: the transport's default
  return zone ?? bare;
}

const multicastOn = (address: string) => {
  const name = interfaceOf(address);
  return name === undefined ? {} : { interface: name };
};

/** What names a real controller for its lock: the meter's address and port, or the PTY link. */
function realKey(profile: Profile): Endpoint {
  const t = profile.transport;
  if (t.type === 'udp') return { address: t.address, port: t.port };
  return { address: t.path ?? DEFAULT_HEMS_PTY_LINK, port: t.port };
}

/** The bench of a real controller: the meter on the profile's UDP address, or behind the module on a PTY. */
export async function openRealControllerBench(
  profile: Profile,
  clock: Clock,
  meter: LvMeterConfig,
  transcript: ConstructorParameters<typeof HemsBench>[0]['transcript'],
): Promise<{ bench: HemsBench; wisun?: WisunBench; close(): Promise<void> }> {
  const t = profile.transport;
  const firstFrameMs = controllerStartMs(profile);
  if (t.type === 'udp') {
    const transport = await openUdpTransport({
      family: t.family,
      address: t.address,
      port: t.port,
      shareAddress: true,
      // the group on the interface of the meter's address (the controller's LAN), not the default loopback
      ...(t.multicast ? { multicast: { receive: true, ...multicastOn(t.address) } } : {}),
    });
    const where = t.family === 6 ? `[${t.address}]:${t.port}` : `${t.address}:${t.port}`;
    const bench = new HemsBench({
      clock,
      transcript,
      transport,
      meter,
      linkUpOnFirstFrame: true,
      launch: async () =>
        tellOperator(
          `(re)start the HEMS controller now: it reaches the harness's meter at ${where} (UDP); the case waits ${Math.round(firstFrameMs / 1000)} s for its first frame`,
        ),
      firstFrameMs,
    });
    return { bench, close: () => transport.close() };
  }
  const module = benchModule(profile, t, clock);
  const serial = new SerialRecord(clock, t.dialect);
  const link = t.path ?? DEFAULT_HEMS_PTY_LINK;
  const pty = openPtyBridge({ module: serial.tap(module), link });
  const bench = new HemsBench({
    clock,
    transcript,
    transport: module.radio.meter,
    meter,
    linkUpOnFirstFrame: false,
    wait: PTY_WAIT,
    launch: async () =>
      tellOperator(
        `(re)start the HEMS controller now with its Wi-SUN module at ${link} (-> ${pty.path}, 115200 baud, SKSTACK IP ${t.dialect}); the case waits ${Math.round(firstFrameMs / 1000)} s for its first frame`,
      ),
    firstFrameMs,
  });
  const stopSession = module.onSessionEstablished(() => bench.linkUp());
  return {
    bench,
    wisun: new WisunBench(module, serial),
    close: async () => {
      stopSession();
      serial.stop();
      pty.close();
      module.close();
      await module.radio.meter.close();
    },
  };
}
