// Selection gates and the session access of the comms-unit suite: the SKSTACK IP module exists only on a
// Wi-SUN profile (transport "skstack"); some cases need the emulated module's internals.
import { valueIn } from '../../harness/conformance/checks.ts';
import { type DutClient, MalformedReply } from '../../harness/conformance/dut-client.ts';
import { inconclusive } from '../../harness/conformance/verdict.ts';
import type { WisunSession } from '../../harness/conformance/wisun-session.ts';
import type { Profile } from '../../harness/profile/profile.ts';

export function onWisun(p: Profile): true | string {
  return p.transport.type === 'skstack'
    ? true
    : 'the meter is reached over UDP (transport "udp"): there is no SKSTACK IP module under test';
}

type Gate = (p: Profile) => true | string;

/** A Wi-SUN profile that `gate` also accepts; the first reason otherwise. */
export const onWisunAnd =
  (gate: Gate): Gate =>
  (p) => {
    const wisun = onWisun(p);
    return wisun !== true ? wisun : gate(p);
  };

/** A Wi-SUN profile with an emulated target: `why` names the internals the case needs. */
export const onEmulatedWisun = (why: string): Gate =>
  onWisunAnd((p) => (p.target.type === 'emulated' ? true : `a real dongle: ${why}`));

/**
 * An emulated Wi-SUN LV meter whose profile declares a second unit with Wi-SUN to swap to (commsUnit):
 * CU-SWAP-001 runs the meter on a load of its own and exchanges its unit while it runs.
 */
export const exchangeableUnit: Gate = onWisunAnd((p) => {
  if (p.kind !== 'lv-meter')
    return `a ${p.kind}: the case reads the low-voltage meter's 30-minute and 1-minute values (0x0288 EA, E2, D0, EE)`;
  const units = p.commsUnit?.units ?? [];
  if (units.length < 2 || !units[0]!.includes('wi-sun') || !units[1]!.includes('wi-sun'))
    return 'the profile declares no second communication unit with Wi-SUN to swap to (commsUnit.units)';
  return p.target.type === 'emulated'
    ? true
    : 'a real meter’s unit is exchanged by the utility, and the case runs its meter on a scripted load (emulated targets only)';
});

/** The fixture's session; the gate made sure there is one. */
export function moduleOf(wisun: WisunSession | undefined): WisunSession {
  if (!wisun) throw new Error('no SKSTACK module session: the case runs on a Wi-SUN (skstack) profile only');
  return wisun;
}

/** The session of a case that needs the link joined (a failed join is the harness's precondition). */
export function joinedModule(wisun: WisunSession | undefined): WisunSession {
  const session = moduleOf(wisun);
  if (session.joinError)
    inconclusive(`precondition (the run's link joined the meter) not met: ${session.joinError.message}`);
  return session;
}

/**
 * The meter answers a Get of 0x80 over the session. A reply the harness cannot read is the ERXUDP's
 * matter (CU-ERXUDP-001 judges it), not this case's rule: INCONC.
 */
export async function meterAnswers(dut: DutClient, rule: string): Promise<void> {
  try {
    valueIn(await dut.get(0x80), 0x80, rule);
  } catch (error) {
    if (error instanceof MalformedReply)
      inconclusive(`${rule}: the reply came unreadable through the module (${error.message})`);
    throw error;
  }
}
