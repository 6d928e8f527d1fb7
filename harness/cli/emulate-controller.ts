// `smcert emulate --profile <hems-controller file> [--meter <ip>[:port]] [--address <ip>]`: the reference
// HEMS controller of a profile on real UDP, on the wall clock, reading a meter until Ctrl-C: an emulated
// one (`smcert emulate --profile profiles/reference-lv-meter.json`, at 127.0.0.2) or a real one on the
// network. It binds --address (default 127.0.0.3) port 3610 and joins the ECHONET Lite group there,
// reaches the meter at --meter (default the profile's transport address, where the suite's meter
// listens), runs the AIF start-up, then watches the half-hour values; each frame it sends or receives is
// printed, and the start-up's outcome.
import { isIP } from 'node:net';
import { WallClock } from '../clock/wall-clock.ts';
import { startEmulatedController } from '../devices/emulation/hems-controller-from-profile.ts';
import type { HemsEvent } from '../devices/hems-controller/hems-controller.ts';
import { describeFrame } from '../echonet/describe-frame.ts';
import { loadProfile } from '../profile/load-profile.ts';
import type { Profile } from '../profile/profile.ts';
import { ProfileError } from '../profile/profile-error.ts';
import type { Endpoint } from '../transport/transport.ts';
import { ECHONET_PORT } from '../transport/transport.ts';
import { openUdpTransport } from '../transport/udp.ts';
import { endpointArg } from './endpoint-arg.ts';

/** The controller's own address when none is given: beside the reference meter's 127.0.0.2. */
export const DEFAULT_CONTROLLER_ADDRESS = '127.0.0.3';

/** Whether `file` is a profile of a HEMS controller (a broken one is reported by the meter path). */
export function isControllerProfile(file: string): boolean {
  try {
    return loadProfile(file).profile.kind === 'hems-controller';
  } catch {
    return false;
  }
}

export async function runEmulateController(values: {
  profile: string;
  meter?: string;
  address?: string;
  port?: string;
  fault?: string[];
  serial?: boolean;
}): Promise<number> {
  if (values.serial === true || values.port !== undefined) {
    console.error(
      `smcert emulate: --${values.serial ? 'serial' : 'port'} applies to a meter; the reference HEMS controller runs over UDP on port ${ECHONET_PORT}: drop it`,
    );
    return 2;
  }
  let profile: Profile;
  try {
    profile = loadProfile(values.profile).profile;
  } catch (error) {
    if (error instanceof ProfileError) {
      console.error(`smcert emulate: the profile cannot be used:\n${error.message}`);
      return 2;
    }
    throw error;
  }
  if (profile.kind !== 'hems-controller' || profile.target.type !== 'emulated') {
    console.error(
      `smcert emulate: --meter starts the reference HEMS controller: give an emulated hems-controller profile, e.g. profiles/reference-hems-controller.json (this one: ${profile.kind}, ${profile.target.type})`,
    );
    return 2;
  }
  const meter = meterEndpoint(values.meter, profile);
  if (typeof meter === 'string') {
    console.error(`smcert emulate: ${meter}`);
    return 2;
  }
  const family = isIP(meter.address) === 6 ? 6 : 4;
  const address = values.address ?? (family === 4 ? DEFAULT_CONTROLLER_ADDRESS : '::1');
  if (isIP(address) !== family) {
    console.error(
      `smcert emulate: --address '${address}' is not an IPv${family} address of this machine (the meter is at ${meter.address})`,
    );
    return 2;
  }
  const faults = [...(profile.target.faults ?? []), ...(values.fault ?? [])];
  const withFaults: Profile = { ...profile, target: { ...profile.target, faults } };
  let transport: Awaited<ReturnType<typeof openUdpTransport>>;
  try {
    transport = await openUdpTransport({ family, address, shareAddress: true, multicast: { receive: true } });
  } catch (error) {
    console.error(`smcert emulate: ${(error as Error).message}`);
    return 1;
  }
  const clock = new WallClock();
  const running = startEmulatedController(withFaults, clock, transport, meter);
  console.log(`emulating ${running.summary}; Ctrl-C to stop`);
  console.log(
    `start-up: waiting up to ${profile.timers.timer1Ms / 1000} s for the meter's instance list (INF 0xD5), then asking for it (Get 0xD6)`,
  );
  let shown = 0;
  const show = setInterval(() => {
    const events = running.controller.events;
    for (; shown < events.length; shown++) console.log(eventLine(events[shown]!));
  }, 200);
  running.started.then((result) =>
    console.log(
      result.ok
        ? `start-up done: meter ${result.meter.address.address}:${result.meter.address.port}, found by ${result.meter.discoveredBy}`
        : `start-up failed at ${result.step}: ${result.reason}`,
    ),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(show);
  running.stop();
  await transport.close();
  const sent = running.controller.events.filter((e) => e.kind === 'sent').length;
  console.log(`stopped: ${sent} frames sent, ${running.controller.events.length - sent} other events`);
  return 0;
}

/** --meter ip[:port] ([ipv6]:port), else the profile's transport address and port. */
function meterEndpoint(given: string | undefined, profile: Profile): Endpoint | string {
  if (given === undefined) {
    const t = profile.transport;
    if (t.type !== 'udp')
      return 'the profile reaches its meter over Wi-SUN: give --meter <ip> of a UDP meter';
    return { address: t.address, port: t.port };
  }
  return endpointArg('meter', given);
}

function eventLine(e: HemsEvent): string {
  const at = new Date(e.at).toISOString();
  switch (e.kind) {
    case 'sent':
      return `${at} → ${e.to === 'multicast' ? 'multicast' : `${e.to.address}:${e.to.port}`} ${describeFrame(e.frame)}`;
    case 'received':
      return `${at} ← ${e.from.address}:${e.from.port}${e.multicast ? ' (multicast)' : ''} ${describeFrame(e.frame)}`;
    case 'malformed':
      return `${at} ← ${e.from.address}:${e.from.port} malformed: ${e.error.message}`;
    case 'timeout':
      return `${at} timeout after ${e.waitedMs} ms waiting for ${e.awaiting === 'D5' ? 'the instance list (D5)' : 'a reply'}`;
    case 'updated':
      return `${at} ${e.value.epc === 0xea ? 'EA' : 'EB'} = ${String(e.value.value)} stamped ${new Date(e.value.stampMs).toISOString()} (${e.value.via})`;
  }
}
