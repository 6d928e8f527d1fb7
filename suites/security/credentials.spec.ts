// Guessing the Route-B credentials over Wi-SUN (the guideline's security requirements; its figures are
// not public, so the meter's lock-out is declared in /security/bruteForce): after the declared number of
// failed PANA authentications in a row, the meter refuses every join, the right credentials too, until
// the lock-out ends; then the right ones are taken again. The wrong-credential and format rules of one
// attempt are CU-PANA-001 and CU-RBID-001 (suites/comms-unit/pana.spec.ts).

import { pass } from '../../harness/clock/wait.ts';
import { expectThat } from '../../harness/conformance/checks.ts';
import { conformance, observe } from '../../harness/conformance/conformance.ts';
import { joinedModule, meterAnswers, onWisunAnd } from '../comms-unit/cu-applies.ts';

/** The same length, the last character changed: a guess that is not the meter's. */
const guess = (text: string, k: number) =>
  text.slice(0, -1) + ((Number.parseInt(text.at(-1)!, 16) + 1 + k) % 10);
const outcome = (r: true | Error) => (r === true ? 'EVENT 25 (session established)' : r.message);

conformance(
  {
    id: 'SEC-BRUTE-001',
    title:
      'after the declared failed PANA joins in a row the meter refuses even the right credentials, until the lock-out ends',
    specRef: 'BRG-LV/10',
    severity: 'critical',
    applies: onWisunAnd((p) =>
      p.security?.bruteForce ? true : 'the profile declares no PANA lock-out (/security/bruteForce)',
    ),
    catches: ['sk-pana-no-lockout'],
    realTimeMs: (p) =>
      (p.security?.bruteForce?.lockoutMs ?? 0) + ((p.security?.bruteForce?.lockoutAfter ?? 0) + 3) * 60_000,
  },
  async ({ profile, wisun, dut, clock }) => {
    const s = joinedModule(wisun);
    const { lockoutAfter, lockoutMs } = profile.security!.bruteForce!;
    const { id, password } = s.routeB;
    const tried: string[] = [];
    for (let k = 0; k < lockoutAfter; k++) {
      const r = await s.join({ id, password: guess(password, k) });
      tried.push(`guess ${k + 1}: ${r === true ? 'EVENT 25' : 'EVENT 24'}`);
      expectThat(
        r !== true,
        'a wrong password is refused (PANA)',
        'EVENT 24',
        outcome(r),
        [],
        'SK/PANA-AUTH',
      );
    }
    const locked = await s.join(s.routeB);
    tried.push(
      `the right credentials after ${lockoutAfter} failures: ${locked === true ? 'EVENT 25' : 'EVENT 24'}`,
    );
    expectThat(
      locked !== true,
      `after ${lockoutAfter} failed authentications in a row the meter locks PANA out for ${lockoutMs / 1000} s, the right credentials too (/security/bruteForce; B-route guideline §10, our reading)`,
      'EVENT 24 (refused while locked out)',
      outcome(locked),
      [],
    );
    await pass(clock, lockoutMs, dut.options.wait ?? {});
    const again = await s.join(s.routeB);
    tried.push(
      `the right credentials ${lockoutMs / 1000} s later: ${again === true ? 'EVENT 25' : 'EVENT 24'}`,
    );
    expectThat(
      again === true,
      'once the lock-out has ended the right credentials are taken again',
      'EVENT 25 (session established)',
      outcome(again),
      [],
    );
    await meterAnswers(dut, 'the meter answers a Get over the session joined after the lock-out');
    observe(`attack list: ${tried.join('; ')}`);
  },
);
