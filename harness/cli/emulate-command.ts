// `smcert emulate --profile <file>`: runs the reference device of a profile on real UDP, on the wall
// clock, until Ctrl-C — for other tools (and for `smcert run` against a `real` target) to talk to.
// With --serial, a meter profile's meter (LV, or HV with Wi-SUN in its media) runs behind an emulated Wi-SUN SKSTACK IP module on a
// pseudo-terminal instead (harness/devices/comms-unit/pty-bridge.ts), for a person or a HEMS program to
// open as its serial port (echonet-smart-meter.md §4).
import { isIP } from 'node:net';
import { isHeadEndProfile } from '../a-route/head-end-profile.ts';
import { WallClock } from '../clock/wall-clock.ts';
import { DIALECTS, type DialectName } from '../devices/comms-unit/dialects.ts';
import { openPtyBridge, type PtyBridge } from '../devices/comms-unit/pty-bridge.ts';
import { defaultLinkPath } from '../devices/comms-unit/pty-link.ts';
import { logSession } from '../devices/comms-unit/pty-session-log.ts';
import { type RunningCommsUnit, startCommsUnit } from '../devices/comms-unit/start-comms-unit.ts';
import { startEmulatedDevice } from '../devices/emulation/start-emulated-device.ts';
import { faultsOf } from '../devices/faults.ts';
import { startFrameRelay } from '../devices/lv-meter/b-route-relay.ts';
import { checkProfile, loadProfile } from '../profile/load-profile.ts';
import type { Profile } from '../profile/profile.ts';
import { ProfileError } from '../profile/profile-error.ts';
import { isControllerProfile, runEmulateController } from './emulate-controller.ts';
import { runEmulateHeadEnd } from './emulate-head-end.ts';
import { endpointArg } from './endpoint-arg.ts';
import { parseCommandArgs } from './parse-command-args.ts';

export const EMULATE_USAGE = `smcert emulate --profile <file> [--address <ip>] [--port <n>] [--fault <id>]... [--relay-to <ip>[:port]]
smcert emulate --profile <meter file> --serial [--dialect bp35a1|bp35c2|rl7023] [--link <path>] [--fault <id>]...
smcert emulate --profile <hems-controller file> [--meter <ip>[:port]] [--address <ip>] [--fault <id>]...
smcert emulate --profile <head-end file> [--address <ip>] [--port <n>] [--db <file>] [--fault <id>]...

Runs the emulated device of a profile (target "emulated"; kinds lv-meter and hv-meter) on UDP until Ctrl-C.
With --serial, runs a meter profile's meter (high-voltage: with Wi-SUN in its media) behind an emulated Wi-SUN B-route module (SKSTACK IP) on a
pseudo-terminal instead: open the printed path as a serial port (115200 baud) and log in with the profile's
Route-B ID and password.
  --profile   device profile, e.g. profiles/reference-lv-meter.json or profiles/reference-hv-meter.json
  --address   unicast address to bind instead of the profile's (e.g. 127.0.0.5; UDP only)
  --port      UDP port instead of the profile's (default 3610; UDP only); a head-end's HTTP port
  --serial    the meter behind an emulated SKSTACK IP module on a pseudo-terminal (LV, or HV with Wi-SUN)
  --dialect   the module's line format (--serial; default the profile's skstack dialect, else bp35a1): bp35a1 (ROHM BP35A1, RL7023 Stick-D/IPS),
              bp35c2 (ROHM BP35C0/BP35C2), rl7023 (RL7023 Stick-D/DSS)
  --link      a symbolic link to create to the pseudo-terminal (--serial; default /tmp/smcert-wisun-<pid>)
  --fault     switch on a fault (repeatable; see harness/devices/FAULTS.md); with --serial, the comms-unit
              faults (sk-…) go to the module, the others to the meter
  --relay-to  a host of another network domain (default port 3610): with fault b-route-frame-relayed the
              meter copies every frame it receives there (the routing case SEC-ROUTE-001); UDP only
A hems-controller profile runs the reference HEMS controller instead, reading the meter at --meter
(default the profile's transport address and port) from --address (default 127.0.0.3) port 3610.
A head-end profile (e.g. profiles/reference-head-end.json) runs the reference head-end: the A-route binding
of harness/a-route/openapi.json over HTTP at the profile's address and port (or --address, --port), on
its SQLite database (or --db <file>), which keeps what it was sent across restarts. An emulated head-end
runs on its callers' clock (each request's HTTP Date: the suites' virtual clock); its faults are he-….`;

export async function runEmulate(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    'emulate',
    EMULATE_USAGE,
    args,
    {
      profile: { type: 'string' },
      address: { type: 'string' },
      port: { type: 'string' },
      fault: { type: 'string', multiple: true },
      serial: { type: 'boolean' },
      dialect: { type: 'string' },
      link: { type: 'string' },
      meter: { type: 'string' },
      'relay-to': { type: 'string' },
      db: { type: 'string' },
    },
    ['profile'],
  );
  if (typeof parsed === 'number') return parsed;
  const values = parsed as SerialValues & { db?: string };
  if (isHeadEndProfile(values.profile)) {
    const meterFlags = (['serial', 'dialect', 'link', 'meter', 'relay-to'] as const).filter(
      (flag) => values[flag] !== undefined,
    );
    if (meterFlags.length > 0) {
      console.error(
        `smcert emulate: ${meterFlags.map((f) => `--${f}`).join(', ')} apply to a meter or controller profile, not to a head-end: drop them`,
      );
      return 2;
    }
    return runEmulateHeadEnd(values);
  }
  if (values.db !== undefined) {
    console.error('smcert emulate: --db applies to a head-end profile: drop --db');
    return 2;
  }
  const relayGiven = values['relay-to'];
  if (
    relayGiven !== undefined &&
    (values.serial === true || values.meter !== undefined || isControllerProfile(values.profile))
  ) {
    console.error('smcert emulate: --relay-to applies to a meter over UDP: drop --relay-to');
    return 2;
  }
  if (values.meter !== undefined || isControllerProfile(values.profile)) return runEmulateController(values);
  if (values.serial === true) return runEmulateSerial(values);
  const relayTo = relayGiven === undefined ? undefined : endpointArg('relay-to', relayGiven);
  if (typeof relayTo === 'string') {
    console.error(`smcert emulate: ${relayTo}`);
    return 2;
  }
  for (const flag of ['dialect', 'link'] as const) {
    if (values[flag] !== undefined) {
      console.error(
        `smcert emulate: --${flag} applies to the emulated module: add --serial, or drop --${flag}`,
      );
      return 2;
    }
  }
  if (values.address !== undefined && isIP(values.address) === 0) {
    console.error(
      `smcert emulate: --address '${values.address}' is not an IP address — give one this machine has, e.g. 127.0.0.5`,
    );
    return 2;
  }
  let profile: Profile;
  try {
    profile = checkProfile(values.profile, withOverrides(loadProfile(values.profile).profile, values));
  } catch (error) {
    if (error instanceof ProfileError) {
      console.error(`smcert emulate: the profile cannot be used:\n${error.message}`);
      return 2;
    }
    throw error;
  }
  let device: Awaited<ReturnType<typeof startEmulatedDevice>>;
  try {
    device = await startEmulatedDevice(profile, new WallClock());
  } catch (error) {
    console.error(`smcert emulate: ${(error as Error).message}`);
    return 1;
  }
  const faults = new Set(profile.target.type === 'emulated' ? profile.target.faults : []);
  const stopRelay = startFrameRelay(faults, device.transport, relayTo);
  console.log(`emulating ${device.summary}; Ctrl-C to stop`);
  if (stopRelay && relayTo)
    console.log(`relaying every frame received to ${relayTo.address}:${relayTo.port}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  stopRelay?.();
  await device.stop();
  const { received, replied, dropped, notified } = device.node.stats;
  console.log(
    `stopped: ${received} frames received, ${replied} replies, ${notified} notifications, ${dropped} dropped`,
  );
  return 0;
}

function withOverrides(
  profile: Profile,
  values: { address?: string; port?: string; fault?: string[] },
): Profile {
  if (profile.target.type !== 'emulated' || profile.transport.type !== 'udp') return profile;
  const port = values.port === undefined ? profile.transport.port : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new ProfileError('--port', [{ pointer: '', problem: `not a UDP port: ${values.port}` }]);
  return {
    ...profile,
    transport: { ...profile.transport, address: values.address ?? profile.transport.address, port },
    target: { ...profile.target, faults: [...(profile.target.faults ?? []), ...(values.fault ?? [])] },
  };
}

type SerialValues = {
  profile: string;
  'relay-to'?: string;
  meter?: string;
  serial?: boolean;
  address?: string;
  port?: string;
  fault?: string[];
  dialect?: string;
  link?: string;
};

const COMMS_UNIT_FAULTS = new Set(faultsOf('comms-unit').map((f) => f.id));

/** `smcert emulate --serial`: the meter behind the emulated module, on a pseudo-terminal, until Ctrl-C. */
async function runEmulateSerial(values: SerialValues): Promise<number> {
  for (const flag of ['address', 'port'] as const) {
    if (values[flag] !== undefined) {
      console.error(
        `smcert emulate: --${flag} applies to UDP; with --serial the meter is reached through the module's pseudo-terminal: drop --${flag}`,
      );
      return 2;
    }
  }
  if (values.dialect !== undefined && !Object.hasOwn(DIALECTS, values.dialect)) {
    console.error(
      `smcert emulate: --dialect '${values.dialect}' is not a module dialect — use one of ${Object.keys(DIALECTS).join(', ')}`,
    );
    return 2;
  }
  const faults = values.fault ?? [];
  const moduleFaults = faults.filter((f) => COMMS_UNIT_FAULTS.has(f));
  const meterFaults = faults.filter((f) => !COMMS_UNIT_FAULTS.has(f));
  let profile: Profile;
  try {
    const loaded = loadProfile(values.profile).profile;
    const target = loaded.target.type === 'emulated' ? loaded.target : undefined;
    profile = checkProfile(
      values.profile,
      target
        ? { ...loaded, target: { ...target, faults: [...(target.faults ?? []), ...meterFaults] } }
        : loaded,
    );
  } catch (error) {
    if (error instanceof ProfileError) {
      console.error(`smcert emulate: the profile cannot be used:\n${error.message}`);
      return 2;
    }
    throw error;
  }
  const unfit = serialProblem(profile);
  if (unfit) {
    console.error(`smcert emulate: ${values.profile}: ${unfit}`);
    return 2;
  }
  // a Wi-SUN profile (transport "skstack") gives the module's dialect and faults; the flags come first
  const wisun = profile.transport.type === 'skstack' ? profile.transport : undefined;
  const dialect = values.dialect ?? wisun?.dialect ?? 'bp35a1';
  moduleFaults.push(...(wisun?.faults ?? []).filter((f) => !moduleFaults.includes(f)));
  const clock = new WallClock();
  const link = values.link ?? defaultLinkPath();
  let unit: RunningCommsUnit;
  let bridge: PtyBridge;
  try {
    unit = await startCommsUnit({ profile, clock, dialect: dialect as DialectName, faults: moduleFaults });
  } catch (error) {
    console.error(`smcert emulate: ${(error as Error).message}`);
    return 1;
  }
  try {
    bridge = openPtyBridge({ module: unit.module, link });
  } catch (error) {
    await unit.stop();
    console.error(`smcert emulate: ${(error as Error).message}`);
    return 1;
  }
  const closeOnExit = (): void => bridge.close(); // the link never outlives the process
  process.once('exit', closeOnExit);
  bridge.onError((error) => console.error(`smcert emulate: ${error.message}`));
  const stopLog = logSession(unit.module, clock, (line) => console.log(line));
  const version = unit.module.dialect.version;
  console.log(
    [
      `emulating the ${profile.kind} of ${values.profile} (maker ${profile.identity.makerCode}), meter faults: ${(profile.target.type === 'emulated' ? (profile.target.faults ?? []) : []).join(', ') || 'none'}`,
      `behind an emulated SKSTACK IP module (dialect ${dialect}, EVER ${version}), module faults: ${moduleFaults.join(', ') || 'none'}`,
      `  device: ${bridge.path}`,
      `  link:   ${link} -> ${bridge.path}`,
      'connect (115200 baud 8N1; commands end with CR LF):',
      `  picocom -b 115200 --omap crcrlf --echo ${link}`,
      `  screen ${link} 115200      (end each command with Enter, then Ctrl-J)`,
      `  type SKVER: the module answers EVER ${version} and OK`,
      `  a HEMS program: serial port ${link}, dialect ${dialect}, the profile's Route-B ID and password`,
      'Ctrl-C to stop',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  stopLog();
  bridge.close();
  process.removeListener('exit', closeOnExit);
  await unit.stop();
  const { received, replied, notified } = unit.meter.node.stats;
  console.log(
    `stopped: pseudo-terminal closed, ${link} removed; meter: ${received} frames received, ${replied} replies, ${notified} notifications`,
  );
  return 0;
}

/** Why the profile cannot run behind the module, or undefined. */
function serialProblem(profile: Profile): string | undefined {
  const highVoltage = profile.kind === 'hv-meter' || profile.kind === 'hv-bidirectional-meter';
  if (profile.kind !== 'lv-meter' && !highVoltage) {
    return `--serial puts a meter behind a Wi-SUN B-route module, this profile is a ${profile.kind}: give a meter profile, e.g. profiles/reference-lv-meter.json`;
  }
  // seed 論点③: a high-voltage meter has Ethernet and, optionally, Wi-SUN
  if (highVoltage && !profile.media?.includes('wi-sun')) {
    return `--serial puts the meter behind a Wi-SUN module, and this ${profile.kind} declares no Wi-SUN (/media: ${(profile.media ?? []).join(', ') || 'none'}): add "wi-sun" to its media, e.g. profiles/reference-hv-meter-wisun.json`;
  }
  if (profile.target.type !== 'emulated') {
    return '--serial runs the emulated meter of a profile: its target must be "emulated"';
  }
  if (!profile.routeB) {
    return 'the module checks the Route-B ID and password of the meter: add "routeB": {"id", "password"} to the profile';
  }
  return undefined;
}
