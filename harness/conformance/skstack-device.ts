// A dut client that reaches its meter over Wi-SUN (profile transport "skstack"), as a lab reaches a real
// low-voltage meter through its dongle: the harness's SKSTACK IP transport (harness/transport/skstack/)
// joins the meter's PAN and carries every frame as SKSENDTO / ERXUDP (echonet-smart-meter.md §4.4).
// Emulated target: the reference meter of the profile behind the emulated module (harness/devices/
// comms-unit/), on a real pseudo-terminal opened with serialport as a dongle is (pty-attach.ts). Real
// target: the dongle at the profile's serial path.
import type { Clock } from '../clock/clock.ts';
import { TIMED_OUT, type WaitOptions, waitWithin } from '../clock/wait.ts';
import { attachOverPty, type ModulePty } from '../devices/comms-unit/pty-attach.ts';
import type { SkstackModule } from '../devices/comms-unit/skstack-module.ts';
import {
  type CommsUnitOptions,
  type RunningCommsUnit,
  startCommsUnit,
} from '../devices/comms-unit/start-comms-unit.ts';
import type { Profile, SkstackTransportSettings } from '../profile/profile.ts';
import { SkstackCommandRunner } from '../transport/skstack/command-runner.ts';
import { skstackDialect } from '../transport/skstack/dialects.ts';
import { SkstackLink as ModuleLink } from '../transport/skstack/module-link.ts';
import type { SkstackTransportOptions } from '../transport/skstack/options.ts';
import { logSerialLine, type SerialLogEntry } from '../transport/skstack/serial-log.ts';
import {
  openSkstackTransport,
  type SkstackModuleAccess,
  type SkstackTransport,
} from '../transport/skstack/skstack-transport.ts';
import type { Transport } from '../transport/transport.ts';
import { LinkFailure } from './link-failure.ts';
import { jstStamp } from './transcript.ts';

/** The transport's own join limit (60 s) and a send's (10 s), plus a margin: the wait is only a backstop. */
const JOIN_LIMIT_MS = 120_000;
const SEND_LIMIT_MS = 30_000;
/**
 * Waits over the emulated module's PTY: the clock never steps while bytes cross it (pty-attach.ts), so
 * 1 real ms between virtual timer steps and a short final grace are enough (UDP: 3 and 250).
 */
export const PTY_WAIT: WaitOptions = { idleMs: 1, finalGraceMs: 5 };

export interface SkstackLink {
  readonly transport: Transport;
  /** The meter's link-local address and port, as the join found it. */
  readonly meter: SkstackTransport['meter'];
  /** The PAN joined (channel, PAN ID, MAC). */
  readonly pan: SkstackTransport['pan'];
  /** The module under the transport (the comms-unit cases; harness/conformance/wisun-session.ts). */
  readonly module: SkstackModuleAccess;
  /** The serial line as text since the first command, both ways (serial-log.ts), stamped with the clock. */
  readonly serialLog: readonly string[];
  /** How waits on this link drive a virtual clock (the dut client's, the module session's). */
  readonly wait: WaitOptions;
  /** Emulated target: the comms unit, and every chunk its module wrote since it started (write boundaries). */
  readonly emulated?: { readonly unit: RunningCommsUnit; readonly chunks: readonly Uint8Array[] };
  /**
   * Emulated target whose join failed (a module fault can break it): the module is still reachable for
   * raw commands, the transport's sends reject with this error.
   */
  readonly joinError?: Error;
  close(): Promise<void>;
}

/** Options of the emulated comms unit a case may set for its own link (e.g. a small ARIB limit). */
export type UnitOptions = Omit<CommsUnitOptions, 'profile' | 'clock' | 'dialect' | 'faults'>;

/** The profile's skstack settings, or an error naming the field for a udp profile. */
export function skstackSettings(profile: Profile): SkstackTransportSettings {
  if (profile.transport.type !== 'skstack')
    throw new Error('profile /transport/type: not "skstack", so the meter is not reached over Wi-SUN');
  return profile.transport;
}

/** Joins the meter's PAN: through the emulated module (emulated target) or the dongle at `path`. */
export async function openSkstackLink(
  profile: Profile,
  clock: Clock,
  unitOptions: UnitOptions = {},
): Promise<SkstackLink> {
  const settings = skstackSettings(profile);
  if (!profile.routeB)
    throw new Error(
      'profile /routeB: a Wi-SUN meter is joined with its Route-B ID and password — add "routeB"',
    );
  if (profile.target.type === 'real') {
    if (!settings.path)
      throw new Error(
        'profile /transport/path: a real Wi-SUN target needs the dongle\'s serial device, e.g. "/dev/ttyUSB0"',
      );
    const link = await openClientLink(profile, clock, profile.routeB, { path: settings.path });
    if (link.joinError) throw link.joinError;
    return link;
  }
  const { serialLog, log } = serialRecord(clock);
  const options = { ...transportOptions(settings, profile.routeB, clock), serialLog: log };
  const unit = await startCommsUnit({
    ...unitOptions,
    profile,
    clock,
    dialect: settings.dialect,
    faults: settings.faults ?? [],
  });
  return linkThrough(unit.module, settings, options, serialLog, clock, () => unit.stop(), unit);
}

/**
 * Another client's link to an emulated meter with per-client credentials: `module` on the meter's radio
 * (start-comms-unit.ts clients.add), on a PTY of its own, joined with `routeB`. Or, on a real meter, the
 * dongle at `path`. A failed join gives the link with joinError set.
 */
export async function openClientLink(
  profile: Profile,
  clock: Clock,
  routeB: { readonly id: string; readonly password: string },
  through: { readonly module: SkstackModule } | { readonly path: string },
): Promise<SkstackLink> {
  const settings = skstackSettings(profile);
  const { serialLog, log } = serialRecord(clock);
  const options = { ...transportOptions(settings, routeB, clock), serialLog: log };
  if ('module' in through) {
    const module = through.module;
    return linkThrough(module, settings, options, serialLog, clock, async () => module.close());
  }
  try {
    const transport = await joined(
      clock,
      openSkstackTransport({ ...options, path: through.path, baud: settings.baud }),
      {},
    );
    return {
      transport: clockDriven(transport, clock, {}),
      meter: transport.meter,
      pan: transport.pan,
      module: transport.module,
      serialLog,
      wait: {},
      close: () => transport.close(),
    };
  } catch (error) {
    const joinError = error instanceof Error ? error : new Error(String(error));
    const refuse = () => Promise.reject(new LinkFailure('the Wi-SUN join failed', joinError));
    return {
      transport: { ...UNJOINED_TRANSPORT, send: refuse, sendMulticast: refuse },
      meter: UNJOINED_METER,
      pan: UNJOINED_PAN,
      module: { run: refuse, onRecord: () => () => {}, onBytes: () => () => {}, rejoinWith: refuse },
      serialLog,
      wait: {},
      joinError,
      close: async () => {},
    };
  }
}

/** The serial line as text, stamped with the clock, and the transport's logger that writes it. */
function serialRecord(clock: Clock): { serialLog: string[]; log: (entry: SerialLogEntry) => void } {
  const serialLog: string[] = [];
  const log = (entry: SerialLogEntry): void => {
    serialLog.push(`${jstStamp(clock.now())} ${entry.direction === 'sent' ? '→' : '←'} ${entry.text}`);
  };
  return { serialLog, log };
}

/** What an unjoined link reports (no meter found). */
const UNJOINED_METER = { address: 'FE80:0000:0000:0000:0000:0000:0000:0000', port: 3610 };
const UNJOINED_PAN = { channel: 0, panId: 0, mac: '0000000000000000' };
const UNJOINED_TRANSPORT = {
  local: { address: 'FE80:0000:0000:0000:0000:0000:0000:0001', port: 3610 },
  onReceive: () => () => {},
  close: async () => {},
};

/** The SKSTACK client over `module`'s PTY, joined; on a failed join, the module still reachable (unjoined). */
async function linkThrough(
  module: SkstackModule,
  settings: SkstackTransportSettings,
  options: Omit<SkstackTransportOptions, 'path' | 'stream'> & { serialLog: (entry: SerialLogEntry) => void },
  serialLog: readonly string[],
  clock: Clock,
  stopModule: () => Promise<void>,
  unit?: RunningCommsUnit,
): Promise<SkstackLink> {
  const log = options.serialLog;
  const chunks: Uint8Array[] = [];
  module.onOutput((chunk) => chunks.push(chunk));
  const emulated = unit ? { unit, chunks } : undefined;
  const pty = attachOverPty(module, clock);
  const stop = async () => {
    pty.close();
    await stopModule();
  };
  try {
    // opened before the clock is driven: an open is real I/O no wait tracks, and a virtual clock stepped
    // meanwhile would run the join's limit out before the first command is written
    const stream = await pty.openStream();
    const transport = await joined(clock, openSkstackTransport({ ...options, stream }), PTY_WAIT);
    return {
      transport: clockDriven(transport, clock, PTY_WAIT),
      meter: transport.meter,
      pan: transport.pan,
      module: transport.module,
      serialLog,
      wait: PTY_WAIT,
      ...(emulated ? { emulated } : {}),
      close: async () => {
        // SKTERM waits for EVENT 27 on the clock: driven, as every wait on the module is
        await driven(clock, transport.close(), SEND_LIMIT_MS, PTY_WAIT);
        await stop();
      },
    };
  } catch (error) {
    const joinError = error instanceof Error ? error : new Error(String(error));
    try {
      return await unjoined(pty, stop, settings, clock, joinError, emulated, serialLog, log);
    } catch (reopenError) {
      await stop();
      throw reopenError;
    }
  }
}

/** The emulated module after a failed join: raw commands still reach it; sends reject with the error. */
async function unjoined(
  pty: ModulePty,
  stop: () => Promise<void>,
  settings: SkstackTransportSettings,
  clock: Clock,
  joinError: Error,
  emulated: SkstackLink['emulated'],
  serialLog: readonly string[],
  log: (entry: SerialLogEntry) => void,
): Promise<SkstackLink> {
  const link = new ModuleLink(await pty.openStream(), {
    dialect: skstackDialect(settings.dialect),
    ...(settings.hexPayload === undefined ? {} : { hexPayload: settings.hexPayload }),
  });
  const runner = new SkstackCommandRunner(link, clock);
  logSerialLine(runner, link, log);
  const refuse = () => Promise.reject(new LinkFailure('the Wi-SUN join failed', joinError));
  return {
    transport: { ...UNJOINED_TRANSPORT, send: refuse, sendMulticast: refuse },
    meter: UNJOINED_METER,
    pan: UNJOINED_PAN,
    module: {
      run: (command, options) => runner.run(command, options),
      onRecord: (listener) => link.onRecord(listener),
      onBytes: (listener) => link.onBytes(listener),
      rejoinWith: refuse,
    },
    serialLog,
    wait: PTY_WAIT,
    ...(emulated ? { emulated } : {}),
    joinError,
    close: async () => {
      await link.close();
      await stop();
    },
  };
}

/** The SKSTACK client's options from the profile's transport settings (the link's path or stream aside). */
export function transportOptions(
  settings: SkstackTransportSettings,
  routeB: { readonly id: string; readonly password: string },
  clock: Clock,
): Omit<SkstackTransportOptions, 'path' | 'stream'> {
  return {
    dialect: settings.dialect,
    routeB,
    clock,
    security: settings.security,
    ...(settings.channel === undefined ? {} : { channel: settings.channel }),
    ...(settings.panId === undefined ? {} : { panId: settings.panId }),
    ...(settings.mac === undefined ? {} : { mac: settings.mac }),
    ...(settings.scanDuration === undefined ? {} : { scanDuration: settings.scanDuration }),
    ...(settings.hexPayload === undefined ? {} : { hexPayload: settings.hexPayload }),
  };
}

/** The join, with the clock driven while it runs (a virtual clock moves only while someone waits). */
async function joined(
  clock: Clock,
  opening: Promise<SkstackTransport>,
  wait: WaitOptions,
): Promise<SkstackTransport> {
  const transport = await driven(clock, opening, JOIN_LIMIT_MS, wait);
  if (transport === TIMED_OUT)
    throw new Error(`the Wi-SUN join did not complete within ${JOIN_LIMIT_MS / 1000} s of the run's clock`);
  return transport;
}

/**
 * A send waits for the module's EVENT 21 and OK, which come on the clock (air time): on a virtual clock
 * the wait must drive it, as the dut client's waits for replies do.
 */
function clockDriven(transport: SkstackTransport, clock: Clock, wait: WaitOptions): Transport {
  const within = async (sending: Promise<void>, what: string) => {
    const outcome = await driven(clock, sending, SEND_LIMIT_MS, wait).catch((error: unknown) => {
      throw new LinkFailure(what, error);
    });
    if (outcome === TIMED_OUT)
      throw new LinkFailure(what, `the module did not confirm the send within ${SEND_LIMIT_MS / 1000} s`);
  };
  return {
    local: transport.local,
    send: (bytes, to) => within(transport.send(bytes, to), `SKSENDTO to ${to.address}`),
    sendMulticast: (bytes) => within(transport.sendMulticast(bytes), 'SKSENDTO to FF02::1'),
    onReceive: (listener) => transport.onReceive(listener),
    close: async () => {
      await driven(clock, transport.close(), SEND_LIMIT_MS, wait);
    },
  };
}

/**
 * Waits for `promise` with the clock driven. One real turn first: the module reads what was just written
 * and sets its timer (air time, a PANA step), which the wait then steps to; without it the wait sees no
 * timer due and idles through its final grace (harness/clock/wait.ts).
 */
export async function driven<T>(
  clock: Clock,
  promise: Promise<T>,
  limitMs: number,
  wait: WaitOptions,
): Promise<T | typeof TIMED_OUT> {
  await new Promise((resolve) => setImmediate(resolve));
  return waitWithin(clock, promise, limitMs, wait);
}
