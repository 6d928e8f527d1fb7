// PANA through the module under test (echonet-smart-meter.md §4.1 SKJOIN, §4.2, §4.4; B-route guideline
// §7: Route-B ID 32 characters, password 12): wrong credentials are refused with EVENT 24 and the right
// ones accepted; the module refuses credentials of the wrong length; the session lifetime running out is
// followed by re-authentication (EVENT 29, then EVENT 25) and the meter still answers. The Route-B ID and
// password are never printed (DESIGN.md "Profiles").
import { expectThat } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import { inconclusive } from '../../harness/conformance/verdict.ts';
import type { WisunSession } from '../../harness/conformance/wisun-session.ts';
import { EVENT } from '../../harness/transport/skstack/events.ts';
import type { SkstackRecord } from '../../harness/transport/skstack/records.ts';
import { joinedModule, meterAnswers, onWisun } from './cu-applies.ts';

/** The same length, the last character changed: a credential that is not the meter's. */
const wrong = (text: string) => text.slice(0, -1) + (text.endsWith('0') ? '1' : '0');
const outcome = (r: true | Error) => (r === true ? 'EVENT 25 (session established)' : r.message);
const isEvent = (code: number) => (r: SkstackRecord) => r.kind === 'event' && r.code === code;

/** The right credentials again, and a Get the meter must answer (the session usable). */
async function rejoinRight(s: WisunSession, rule: string): Promise<void> {
  const right = await s.join(s.routeB);
  expectThat(right === true, rule, 'EVENT 25 (session established)', outcome(right), [], 'SK/PANA-AUTH');
}

conformance(
  {
    id: 'CU-PANA-001',
    title:
      'SKJOIN with a wrong password or Route-B ID ends in EVENT 24; the right ones in EVENT 25, then the meter answers',
    specRef: 'SK/PANA-AUTH',
    severity: 'critical',
    applies: onWisun,
    catches: ['sk-wrong-password-accepted'],
    realTimeMs: 5 * 60_000,
  },
  async ({ wisun, dut }) => {
    const s = joinedModule(wisun);
    const { id, password } = s.routeB;
    const byPassword = await s.join({ id, password: wrong(password) });
    expectThat(
      byPassword !== true,
      'SKJOIN with the right Route-B ID and a wrong password is refused (PANA)',
      'EVENT 24 (PANA error)',
      outcome(byPassword),
      [],
    );
    const byId = await s.join({ id: wrong(id), password });
    expectThat(
      byId !== true,
      'SKJOIN with a wrong Route-B ID and the right password is refused (PANA)',
      'EVENT 24 (PANA error)',
      outcome(byId),
      [],
    );
    await rejoinRight(s, 'SKJOIN with the meter’s Route-B ID and password establishes the session');
    await meterAnswers(dut, 'the meter answers a Get over the session just established');
  },
);

conformance(
  {
    id: 'CU-RBID-001',
    title: 'the module refuses a Route-B ID of 31 characters and a password shorter than its declared length',
    specRef: 'SK/SETRBID',
    severity: 'major',
    applies: onWisun,
    catches: ['sk-rbid-31-accepted'],
    realTimeMs: 2 * 60_000,
  },
  async ({ wisun, dut }) => {
    const s = joinedModule(wisun);
    const { id, password } = s.routeB;
    try {
      const short = await s.run(`SKSETRBID ${id.slice(0, 31)}`);
      expectThat(
        !short.ok,
        'SKSETRBID takes exactly 32 characters (guideline §7: the Route-B ID is 32)',
        'FAIL ER06 (or another FAIL) for 31 characters',
        'OK',
        [],
      );
      // §4.1: the length as one hex digit (C = 12, the guideline's length), then that many characters
      const pwd = await s.run(`SKSETPWD C ${password.slice(0, 11)}`);
      expectThat(
        !pwd.ok,
        'SKSETPWD refuses a password shorter than the length it declares (C = 12, 11 given)',
        'FAIL',
        'OK',
        [],
        'SK/SETPWD',
      );
    } finally {
      // the settings the session was made with, whatever the module took
      await s.run(`SKSETRBID ${id}`);
      await s.run(`SKSETPWD ${password.length.toString(16).toUpperCase()} ${password}`);
    }
    await meterAnswers(dut, 'the meter still answers a Get after the refused settings');
  },
);

/** S16 0x3C: the shortest PANA lifetime the module takes (§4.1: S16 ≥ 0x3C), in s. */
const SHORT_LIFETIME_S = 0x3c;
/** After EVENT 29, EVENT 25 of the re-authentication must come within this (the transport re-joins at 20 s). */
const REAUTH_MS = 10_000;

conformance(
  {
    id: 'CU-REAUTH-001',
    title:
      'with S16 = 0x3C the lifetime expires (EVENT 29), the module re-authenticates (EVENT 25), the meter still answers',
    specRef: 'SK/PANA-REAUTH',
    severity: 'critical',
    applies: onWisun,
    catches: ['sk-no-event25-after-reauth'],
    realTimeMs: 5 * 60_000,
  },
  async ({ wisun, dut }) => {
    const s = joinedModule(wisun);
    const read = await s.run('SKSREG S16');
    const before = read.ok ? read.records.find((r) => r.kind === 'info' && r.keyword === 'ESREG') : undefined;
    const old = before?.kind === 'info' ? before.tokens[0] : undefined;
    try {
      const set = await s.run(`SKSREG S16 ${SHORT_LIFETIME_S.toString(16).toUpperCase()}`);
      if (!set.ok)
        inconclusive(`the module refused SKSREG S16 3C (FAIL ${set.code}): the lifetime cannot be shortened`);
      // the lifetime is taken when a session is made: a new one
      const joined = await s.join(s.routeB);
      if (joined !== true)
        inconclusive(`precondition (a new session with S16 = 3C) not met: ${joined.message}`);
      const from = s.records.length;
      const expired = await s.waitFor(isEvent(EVENT.sessionExpired), SHORT_LIFETIME_S * 1000 + 30_000, from);
      if (!expired) inconclusive(`no EVENT 29 within ${SHORT_LIFETIME_S + 30} s of a session with S16 = 3C`);
      const at = s.records.indexOf(expired);
      const renewed = await s.waitFor(isEvent(EVENT.panaEstablished), REAUTH_MS, at);
      const after = s.events(at + 1).map((e) => `EVENT ${e.code.toString(16).toUpperCase()}`);
      expectThat(
        renewed !== undefined,
        'after EVENT 29 (lifetime expired, S17 on) the module re-authenticates and reports EVENT 25',
        `EVENT 25 within ${REAUTH_MS / 1000} s`,
        after.length ? after.join(', ') : 'no EVENT',
        [],
      );
      await meterAnswers(dut, 'the meter answers a Get after the re-authentication');
    } finally {
      if (old) await s.run(`SKSREG S16 ${old}`);
    }
  },
);
