// What every dut client of a case takes from the profile (the fixtures' dut, a multi-client case's
// extra clients over UDP or Wi-SUN): the object under test, the AIF timers (§2.4.2: Timer 1 for OPC = 1,
// Timer 2 for OPC ≥ 2 and histories) and the rules of the strict decoder the profile switched off.
import { eoj } from '../echonet/eoj.ts';
import type { Profile } from '../profile/profile.ts';
import type { DutClientOptions } from './dut-client.ts';

export function clientOptionsOf(
  profile: Profile,
): Pick<DutClientOptions, 'deviceEoj' | 'timer1Ms' | 'timer2Ms' | 'strict'> {
  return {
    deviceEoj: eoj(profile.classes[0]!.eoj),
    timer1Ms: profile.timers.timer1Ms,
    timer2Ms: profile.timers.timer2Ms,
    strict: profile.decoder ?? {},
  };
}
