// The emulated meter as a real process in its own namespace: `ip netns exec <meter ns> node smcert.mjs
// emulate --profile <the case's profile> --address <its B-route address> --relay-to <the other domain's
// host>`, after its namespace gets the meter host's kernel settings by fault switch
// (harness/devices/emulation/meter-host.ts: ip_forward 0, or 1 with fault b-route-ip-forwarding). The
// profile, with the run's fault switches, goes to a private temporary file removed when the meter stops.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WallClock } from '../clock/wall-clock.ts';
import { meterHostSysctls } from '../devices/emulation/meter-host.ts';
import type { Profile } from '../profile/profile.ts';
import type { Endpoint } from '../transport/transport.ts';
import { IP, inNamespace } from './ip-command.ts';
import type { Topology } from './topology.ts';

export interface MeterProcess {
  /** The kernel settings the meter's namespace was given. */
  readonly sysctls: Readonly<Record<string, string>>;
  /** What the meter printed (its banner; after stop, its closing count of frames). */
  readonly output: readonly string[];
  /** SIGTERM, then SIGKILL after 3 s; removes the profile file. */
  stop(): Promise<void>;
}

const SMCERT = fileURLToPath(new URL('../cli/smcert.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The meter is a real process: its waits are on the wall clock, whatever the run's clock. */
const wall = new WallClock();

/** Loading the harness through tsx takes about 2 s; under a full machine, more. */
const START_MS = 30_000;

export async function startMeterProcess(
  topology: Topology,
  profile: Profile,
  relayTo: Endpoint,
): Promise<MeterProcess> {
  const faults = new Set(profile.target.type === 'emulated' ? (profile.target.faults ?? []) : []);
  const sysctls = meterHostSysctls(faults);
  await topology.sysctl(topology.namespaces.meter, sysctls);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-netns-'));
  const file = join(dir, 'profile.json');
  writeFileSync(file, JSON.stringify(profile), { mode: 0o600 });
  const argv = [
    process.execPath,
    SMCERT,
    'emulate',
    '--profile',
    file,
    '--address',
    topology.addresses.bRoute.meter,
    '--relay-to',
    `${relayTo.address}:${relayTo.port}`,
  ];
  const child = spawn(IP, inNamespace(topology.namespaces.meter, argv), { cwd: REPO, stdio: 'pipe' });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    const killer = wall.setTimer(3000, () => child.kill('SIGKILL'));
    child.kill('SIGTERM');
    await exited;
    killer.cancel();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await banner(child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { sysctls, output, stop };
}

/** Resolves when the meter prints `emulating …`; rejects with its output when it exits or hangs first. */
function banner(child: ChildProcessWithoutNullStreams, output: string[]): Promise<void> {
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    let up = false;
    const timer = wall.setTimer(START_MS, () => failed(`did not listen within ${START_MS} ms`));
    const failed = (why: string) => {
      timer.cancel();
      reject(new Error(`the emulated meter ${why}: ${[...output, stderr.trim()].join('\n')}`));
    };
    child.once('close', (code) => {
      if (!up) failed(`exited (${code}) before it listened`);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      if (!up && line.startsWith('emulating ')) {
        up = true;
        timer.cancel();
        resolve();
      }
    });
  });
}
