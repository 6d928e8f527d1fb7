// `smcert emulate --profile <file>`: runs the reference device of a profile on real UDP, on the wall
// clock, until Ctrl-C — for other tools (and for `smcert run` against a `real` target) to talk to.
import { isIP } from 'node:net';
import { WallClock } from '../clock/wall-clock.ts';
import { startEmulatedDevice } from '../devices/emulation/start-emulated-device.ts';
import { checkProfile, loadProfile } from '../profile/load-profile.ts';
import type { Profile } from '../profile/profile.ts';
import { ProfileError } from '../profile/profile-error.ts';
import { parseCommandArgs } from './parse-command-args.ts';

export const EMULATE_USAGE = `smcert emulate --profile <file> [--address <ip>] [--port <n>] [--fault <id>]...

Runs the emulated device of a profile (target "emulated"; kinds lv-meter and hv-meter) on UDP until Ctrl-C.
  --profile   device profile, e.g. profiles/reference-lv-meter.json or profiles/reference-hv-meter.json
  --address   unicast address to bind instead of the profile's (e.g. 127.0.0.5)
  --port      UDP port instead of the profile's (default 3610)
  --fault     switch on a fault (repeatable; see harness/devices/FAULTS.md)`;

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
    },
    ['profile'],
  );
  if (typeof parsed === 'number') return parsed;
  const values = parsed as { profile: string; address?: string; port?: string; fault?: string[] };
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
  console.log(`emulating ${device.summary}; Ctrl-C to stop`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
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
  if (profile.target.type !== 'emulated') return profile;
  const port = values.port === undefined ? profile.transport.port : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new ProfileError('--port', [{ pointer: '', problem: `not a UDP port: ${values.port}` }]);
  return {
    ...profile,
    transport: { ...profile.transport, address: values.address ?? profile.transport.address, port },
    target: { ...profile.target, faults: [...(profile.target.faults ?? []), ...(values.fault ?? [])] },
  };
}
