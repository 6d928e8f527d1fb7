// Playwright fixtures of a conformance run: the profile (the run's resolved profile, harness/profile/
// run-profile.ts, or a project's option), the
// run's clock (virtual for an emulated target, wall for a real one), the transcript, and the dut client
// bound to the profile's transport. For an emulated target, each case starts the reference device afresh
// on real UDP on loopback, after the harness listens, so the case sees its start-up D5.
import { test as base } from '@playwright/test';
import type { Clock } from '../clock/clock.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { WallClock } from '../clock/wall-clock.ts';
import { faultsOf } from '../devices/faults.ts';
import { checkProfile, loadProfile } from '../profile/load-profile.ts';
import type { Profile } from '../profile/profile.ts';
import { runProfile } from '../profile/run-profile.ts';
import type { Endpoint, Transport } from '../transport/transport.ts';
import { openUdpTransport } from '../transport/udp.ts';
import { UDP_IN_FLIGHT } from '../transport/udp-in-flight.ts';
import { FEW_REQUESTS_MS } from './case-meta.ts';
import { clientOptionsOf } from './client-options.ts';
import { deviceFile } from './device-files.ts';
import { lockDevice } from './device-lock.ts';
import { DeviceSilence, silenceLimitMs } from './device-silence.ts';
import { DutClient } from './dut-client.ts';
import { forgetFoundPan, keepFoundPan, readFoundPan, withFoundPan } from './found-pan.ts';
import { LastRequest } from './last-request.ts';
import { startLoopbackDevice } from './loopback-device.ts';
import { paceOf } from './request-pace.ts';
import { runAddresses } from './run-addresses.ts';
import { SentTids } from './sent-tids.ts';
import { openSkstackLink, type SkstackLink } from './skstack-device.ts';
import { Transcript } from './transcript.ts';
import { VerdictLog } from './verdict-log.ts';
import { type WisunSession, wisunSession } from './wisun-session.ts';

export const DEFAULT_CLOCK_START = '2026-06-15T12:10:05+09:00';

export interface ConformanceOptions {
  /** Path of a device profile (the validity projects); default: the run's profile. */
  readonly profileFile: string;
  /** Fault switches added to an emulated target (the suite validity test's projects). */
  readonly extraFaults: readonly string[];
}

export interface ConformanceFixtures {
  readonly profile: Profile;
  readonly clock: Clock;
  readonly transcript: Transcript;
  readonly dut: DutClient;
  /** Verdicts noted without stopping the case (harness/conformance/verdict-log.ts). */
  readonly verdicts: VerdictLog;
  /** The SKSTACK IP module under the dut's link (transport "skstack"); undefined over UDP. */
  readonly wisun: WisunSession | undefined;
}

/** The Wi-SUN link the dut fixture opened for the case, for the wisun fixture. */
interface LinkHolder {
  link?: SkstackLink;
}

/** The comms-unit fault switches go to the emulated module (transport.faults), the others to the target. */
const MODULE_FAULTS = new Set(faultsOf('comms-unit').map((f) => f.id));

interface WorkerFixtures {
  readonly loadedProfile: Profile;
}

export const test = base.extend<
  ConformanceFixtures & { readonly linkHolder: LinkHolder },
  WorkerFixtures & ConformanceOptions
>({
  profileFile: ['', { option: true, scope: 'worker' }],
  extraFaults: [[], { option: true, scope: 'worker' }],
  loadedProfile: [
    async ({ profileFile, extraFaults }, use) => {
      const profile = profileFile ? loadProfile(profileFile).profile : runProfile();
      if (!profile)
        throw new Error('no device profile: run through `smcert run --profile <file>` or set SMCERT_PROFILE');
      if (extraFaults.length === 0 || profile.target.type !== 'emulated') return use(profile);
      const moduleFaults = extraFaults.filter((f) => MODULE_FAULTS.has(f));
      const faults = [...(profile.target.faults ?? []), ...extraFaults.filter((f) => !MODULE_FAULTS.has(f))];
      const t = profile.transport;
      const transport =
        t.type === 'skstack' && moduleFaults.length > 0
          ? { ...t, faults: [...(t.faults ?? []), ...moduleFaults] }
          : t;
      await use(checkProfile(profileFile, { ...profile, transport, target: { ...profile.target, faults } }));
    },
    { scope: 'worker' },
  ],
  profile: async ({ loadedProfile }, use) => use(loadedProfile),
  clock: async ({ profile }, use) => {
    if (profile.target.type === 'real') return use(new WallClock());
    const clock = new VirtualClock({ start: Date.parse(profile.target.clockStart ?? DEFAULT_CLOCK_START) });
    // the clock never steps while a datagram between the harness and an emulated device is in flight
    const untrack = clock.trackIo(UDP_IN_FLIGHT);
    await use(clock);
    untrack();
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a fixture needs from this pattern
  verdicts: async ({}, use) => use(new VerdictLog()),
  transcript: async ({ profile }, use, testInfo) => {
    const transcript = new Transcript(profile.decoder);
    await use(transcript);
    await testInfo.attach('transcript', { body: transcript.text(), contentType: 'text/plain' });
    await testInfo.attach('transcript.json', {
      body: JSON.stringify(transcript.entries),
      contentType: 'application/json',
    });
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a fixture needs from this pattern
  linkHolder: async ({}, use) => use({}),
  wisun: async ({ dut, linkHolder, profile, clock }, use) => {
    void dut; // the dut fixture opens the link this session is on
    await use(linkHolder.link ? wisunSession(linkHolder.link, profile, clock) : undefined);
  },
  dut: async ({ profile, clock, transcript, linkHolder }, use, testInfo) => {
    const fromProfile = clientOptionsOf(profile);
    if (profile.target.type === 'real') {
      // one case at a time per real device, whatever the number of workers (harness/conformance/device-lock.ts)
      const key = deviceKey(profile);
      testInfo.setTimeout(0); // conformance() sets the case's own timeout once the device is held
      const deviceLock = await lockDevice(key);
      const local = localEndpoint(profile);
      const localLock = local ? await lockDevice(local, 50, 'local-lock') : undefined;
      const lock = {
        waitedMs: deviceLock.waitedMs + (localLock?.waitedMs ?? 0),
        release: () => {
          localLock?.release();
          deviceLock.release();
        },
      };
      const joinMs = profile.transport.type === 'skstack' ? JOIN_MS : 0;
      // machine-wide: the meter's rate window and its client table do not end with a run
      const lastRequest = LastRequest.open(deviceFile(key, 'last-request', 'machine'));
      // an earlier multi-client case's extra clients may hold every place of /bRoute/maxClients: the dut
      // would be refused until the meter has released them
      const idleMs = profile.bRoute?.idleReleaseMs;
      const releaseMs = idleMs === undefined ? 0 : lastRequest.releaseMs(idleMs, 'extra');
      testInfo.setTimeout(lock.waitedMs + releaseMs + FEW_REQUESTS_MS + joinMs);
      try {
        await new Promise((resolve) => setTimeout(resolve, releaseMs));
        const link = await openRealLink(profile, clock, linkHolder);
        const dut = new DutClient({
          transport: link.transport,
          clock,
          transcript,
          device: link.device,
          ...fromProfile,
          silence: new DeviceSilence(deviceFile(key, 'silence', 'run'), silenceLimitMs(profile)),
          sentTids: new SentTids(deviceFile(key, 'tids', 'run')),
          lockWaitedMs: lock.waitedMs,
          ...paceOf(profile, deviceFile(key, 'pace', 'machine')),
          lastRequest,
        });
        await use(dut);
        dut.close();
        await link.close();
        await attachSerialLog(linkHolder.link);
      } finally {
        lock.release();
      }
      return;
    }
    if (profile.transport.type === 'skstack') {
      // emulated over Wi-SUN: the meter behind the emulated module, joined as a dongle joins a real one
      const link = await openSkstackLink(profile, clock);
      linkHolder.link = link;
      const dut = new DutClient({
        transport: link.transport,
        clock,
        transcript,
        device: link.meter,
        ...fromProfile,
        wait: link.wait,
      });
      try {
        await use(dut);
      } finally {
        dut.close();
        await link.close();
        await attachSerialLog(link);
      }
      return;
    }
    // emulated: the device on this process's loopback pair, reached exactly as a real one
    const device = await startLoopbackDevice(profile, clock, transcript, runAddresses(process.pid));
    await use(device.dut);
    await device.stop();
  },
});

/** A real Wi-SUN meter's join (scan and PANA) may take this long before the first case's request. */
const JOIN_MS = 120_000;

/** What names a real device for its lock and run files: its address and port, or its dongle's path. */
function deviceKey(profile: Profile): Endpoint {
  const t = profile.transport;
  if (t.type === 'udp') return { address: t.address, port: t.port };
  return { address: t.path ?? t.dialect, port: t.port };
}

/** The harness's own address and port 3610 a real target over UDP is reached from (a dongle: none, its path is the device's key). */
function localEndpoint(profile: Profile): Endpoint | undefined {
  const t = profile.transport;
  if (t.type !== 'udp') return undefined;
  const given = profile.target.type === 'real' ? profile.target.localAddress : undefined;
  return { address: given ?? (t.family === 4 ? '127.0.0.1' : '::1'), port: 3610 };
}

/** A real target's link: a UDP socket on the harness's own address, or the join through its dongle. */
async function openRealLink(
  profile: Profile,
  clock: Clock,
  holder: LinkHolder,
): Promise<{ transport: Transport; device: Endpoint; close(): Promise<void> }> {
  const t = profile.transport;
  if (t.type === 'skstack') {
    const link = await joinKeptPan(profile, clock);
    holder.link = link;
    return { transport: link.transport, device: link.meter, close: () => link.close() };
  }
  const transport = await openUdpTransport({
    family: t.family,
    address: localEndpoint(profile)!.address,
    shareAddress: true,
    multicast: { receive: true },
  });
  return { transport, device: { address: t.address, port: t.port }, close: () => transport.close() };
}

/** A real Wi-SUN meter's join on the PAN an earlier case of the run found (found-pan.ts), else a scan. */
async function joinKeptPan(profile: Profile, clock: Clock): Promise<SkstackLink> {
  const file = deviceFile(deviceKey(profile), 'pan', 'run');
  const kept = readFoundPan(file);
  let link: SkstackLink;
  try {
    link = await openSkstackLink(withFoundPan(profile, kept), clock);
  } catch (error) {
    if (!kept) throw error;
    forgetFoundPan(file);
    link = await openSkstackLink(profile, clock);
  }
  keepFoundPan(file, link.pan);
  return link;
}

/** A Wi-SUN link's SKSTACK IP lines, beside the case's frame transcript (reports/run-reporter.ts). */
async function attachSerialLog(link: SkstackLink | undefined): Promise<void> {
  if (link?.serialLog.length)
    await test.info().attach('serial', { body: link.serialLog.join('\n'), contentType: 'text/plain' });
}
