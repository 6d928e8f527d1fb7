// The fixtures of the head-end cases (suites/a-route/, head-end-conformance.ts): the head-end profile of
// the run, a clock, and the head-end under test behind the contract's HTTP binding.
//   emulated: the reference head-end in a process of its own (`smcert emulate`, as a user starts it),
//     on a database of the case's own, on the case's virtual clock (each request's HTTP Date), with the
//     profile's fault switches; restart() kills it (no chance to flush) and starts it again on that database
//   real: the head-end at the profile's binding, on the wall clock; restart() asks the operator and waits
//     until it answers again
// powerCycle() cuts a meter's power for a while, power() switches meters off or on: behind the emulated
// head-end through its emulation route, a real meter by the operator
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { type HeadEndProfile, isHeadEndProfile, loadHeadEndProfile } from '../a-route/head-end-profile.ts';
import { type HeadEndExchange, HeadEndUnreachable, HttpHeadEnd } from '../a-route/http-head-end.ts';
import type { Clock } from '../clock/clock.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { WallClock } from '../clock/wall-clock.ts';
import { startHeadEndProcess } from '../devices/head-end/head-end-process.ts';
import { runHeadEndProfile } from '../profile/run-profile.ts';
import { passLong } from './long-wait.ts';
import { tellOperator } from './operator.ts';
import { VerdictLog } from './verdict-log.ts';

/** How long after the operator powers a real meter again the case reads it (it joins its network). */
const REAL_POWER_UP_MS = 5 * 60_000;
/** How long a real head-end may take to answer again after the operator is asked to restart it. */
const REAL_RESTART_WAIT_MS = 10 * 60_000;

export interface HeadEndUnderTest {
  readonly client: HttpHeadEnd;
  /** Stops the head-end's process without warning and starts it again on the same storage. */
  restart(): Promise<void>;
  /** The meter is without power for `offMs` (of the case's clock), then powered again. */
  powerCycle(meter: string, offMs: number): Promise<void>;
  /** The meters' power goes off (`on` false) or comes back, now. */
  power(meters: readonly string[], on: boolean): Promise<void>;
}

export interface HeadEndCaseFixtures {
  readonly headEndProfile: HeadEndProfile;
  readonly clock: Clock;
  readonly verdicts: VerdictLog;
  readonly headEnd: HeadEndUnderTest;
}

export const headEndTest = base.extend<
  Omit<HeadEndCaseFixtures, 'headEndProfile'> & { readonly exchanges: HeadEndExchange[] },
  {
    readonly profileFile: string;
    readonly extraFaults: readonly string[];
    readonly runHeadEnd: HeadEndProfile | undefined;
  }
>({
  profileFile: ['', { option: true, scope: 'worker' }],
  extraFaults: [[], { option: true, scope: 'worker' }],
  runHeadEnd: [
    async ({ profileFile, extraFaults }, use) => {
      const profile =
        profileFile && isHeadEndProfile(profileFile)
          ? loadHeadEndProfile(profileFile)
          : profileFile
            ? undefined
            : runHeadEndProfile();
      if (!profile || extraFaults.length === 0 || profile.target.type !== 'emulated') return use(profile);
      await use({
        ...profile,
        target: { ...profile.target, faults: [...(profile.target.faults ?? []), ...extraFaults] },
      });
    },
    { scope: 'worker' },
  ],
  clock: async ({ runHeadEnd }, use) => {
    const start = runHeadEnd?.target.type === 'emulated' ? runHeadEnd.target.clockStart : undefined;
    await use(start ? new VirtualClock({ start: Date.parse(start) }) : new WallClock());
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a fixture needs from this pattern
  verdicts: async ({}, use) => use(new VerdictLog()),
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a fixture needs from this pattern
  exchanges: async ({}, use, testInfo) => {
    const exchanges: HeadEndExchange[] = [];
    await use(exchanges);
    const lines = exchanges.map(
      (e, i) => `#${i + 1} ${new Date(e.at).toISOString()} ${e.request} → ${e.status} ${e.summary}`,
    );
    await testInfo.attach('transcript', { body: `${lines.join('\n')}\n`, contentType: 'text/plain' });
  },
  headEnd: async ({ runHeadEnd, clock, exchanges }, use) => {
    if (!runHeadEnd) throw new Error('no head-end profile: run `smcert run --profile <head-end profile>`');
    const record = (e: HeadEndExchange) => exchanges.push(e);
    if (runHeadEnd.target.type === 'real') {
      const { address, port } = runHeadEnd.binding;
      const client = new HttpHeadEnd(
        `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
        () => clock.now(),
        record,
      );
      return use({
        client,
        restart: () => operatorRestart(client),
        powerCycle: async (meter, offMs) => {
          tellOperator(
            `switch off the power of meter ${meter} now, and on again after ${Math.round(offMs / 60_000)} min; the case goes on ${REAL_POWER_UP_MS / 60_000} min after that`,
          );
          await passLong(clock, offMs + REAL_POWER_UP_MS);
        },
        power: async (meters, on) =>
          tellOperator(
            `switch ${on ? 'on' : 'off'} the power of meter${meters.length > 1 ? 's' : ''} ${meters.join(', ')} now`,
          ),
      });
    }
    const dir = mkdtempSync(join(tmpdir(), 'smcert-head-end-case-'));
    // the run's profile as resolved (its faults and the extra ones in), on a database of the case's own
    const profileFile = join(dir, 'head-end.json');
    writeFileSync(
      profileFile,
      JSON.stringify({ ...runHeadEnd, storage: { database: join(dir, 'head-end.db') } }),
    );
    let running = await startHeadEndProcess(profileFile);
    const client = new HttpHeadEnd(running.url, () => clock.now(), record);
    try {
      await use({
        client,
        restart: async () => {
          running.child.kill('SIGKILL');
          await running.exited;
          running = await startHeadEndProcess(profileFile, { port: running.port });
        },
        powerCycle: async (meter, offMs) => {
          await client.meterPower(meter, false);
          await passLong(clock, offMs);
          await client.meterPower(meter, true);
        },
        power: async (meters, on) => {
          for (const meter of meters) await client.meterPower(meter, on);
        },
      });
    } finally {
      running.child.kill('SIGINT');
      await running.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

/** A real head-end: the operator restarts it; the case goes on once it answers again. */
async function operatorRestart(client: HttpHeadEnd): Promise<void> {
  tellOperator(
    'restart the head-end now (stop its process as a power loss would, then start it); the case waits until it answers again',
  );
  const until = Date.now() + REAL_RESTART_WAIT_MS;
  const probe = { meters: ['smcert-probe'], readingType: 'energy-forward-30min' };
  const range = () => ({ from: new Date(Date.now() - 60_000).toISOString(), to: new Date().toISOString() });
  // first it must go away (the restart happened), then come back
  let wentAway = false;
  while (Date.now() < until) {
    try {
      await client.readings({ ...probe, ...range() });
      if (wentAway) return;
    } catch (error) {
      if (!(error instanceof HeadEndUnreachable)) throw error;
      wentAway = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  throw new HeadEndUnreachable(
    `the head-end was not ${wentAway ? 'back' : 'restarted'} within ${REAL_RESTART_WAIT_MS / 60_000} min of asking the operator`,
  );
}
