// Checks of a meter's values across an exchange of its communication unit (CU-SWAP-001), against the
// exact model of its scripted load (load-curve-model.ts): the 1-minute history EE (selected by EF) and
// the 30-minute values EA and E2 (selected by E5) hold the meter's own value for every slot, the slots
// that fell due while the unit was out included — none lost (no data), none repeated (an earlier slot's
// value recorded again), none changed from what was read before the swap; and the media of a unit answer
// one Get alike.
import type { Clock } from '../clock/clock.ts';
import { jstMidnight } from '../clock/jst.ts';
import type { FittedUnit, RouteB } from '../devices/comms-unit/exchangeable-unit.ts';
import { toHex } from '../echonet/hex.ts';
import { readUnsigned } from '../echonet/values/integer.ts';
import { NO_DATA_U32 } from '../echonet/values/sentinels.ts';
import type { Profile } from '../profile/profile.ts';
import { expectThat, framesOf, valueIn } from './checks.ts';
import { DeviceSilent, type DutClient } from './dut-client.ts';
import type { LoadCurveModel } from './load-curve-model.ts';
import { HALF_HOUR, jstText, MINUTE, readDayHistory, stampedValue } from './meter-reads.ts';
import { readMinuteHistory } from './minute-history.ts';
import type { Transcript } from './transcript.ts';
import { joinThroughUnit, type WisunLink } from './unit-swap.ts';
import { fail } from './verdict.ts';

export const SWAP_DATA = 'NG/UNIT-SWAP-DATA';
export const SWAP_MEDIA = 'NG/UNIT-SWAP-MEDIA';
export const SWAP_CREDENTIALS = 'NG/UNIT-SWAP-CREDENTIALS';

/** 1-minute readings taken while a unit was fitted: the minute (epoch ms) → forward counter. */
export type LiveReadings = Map<number, number>;

/** D0 (the latest 1-minute value, stamped): noted in `live` by its minute. */
export async function readLatestMinute(dut: DutClient, live: LiveReadings): Promise<void> {
  const x = await dut.get(0xd0);
  const edt = valueIn(x, 0xd0, 'D0 is served (it is in the Get map)');
  const { at, data } = stampedValue(edt, 'D0 begins with the date-time of its minute', framesOf(x));
  live.set(at, readUnsigned(data, 0, 4));
}

/** What a wrong reading shows: no data (lost), an earlier slot's value (recorded again), or just another. */
function shown(got: number, at: number, step: number, model: LoadCurveModel): string {
  if (got === NO_DATA_U32) return 'no data (0xFFFFFFFE): the value is lost';
  for (let back = 1; back <= 10; back++) {
    if (model.at(at - back * step)?.forward === got && model.at(at)?.forward !== got)
      return `${got}, the value of ${jstText(at - back * step)} recorded again`;
  }
  return String(got);
}

/**
 * EE for the 10 minutes up to `latest` (EF set to it) over `dut`: each the model's forward value at its
 * minute, and each minute read live before equal to its reading then.
 */
export async function expectMinutesKept(
  dut: DutClient,
  model: LoadCurveModel,
  latest: number,
  live: LiveReadings,
  when: string,
): Promise<void> {
  const { value, frames } = await readMinuteHistory(dut, 0xee, 0xef, latest, 10);
  value.pairs.forEach(({ forward }, i) => {
    const at = latest - i * MINUTE;
    const want = model.at(at)?.forward ?? NO_DATA_U32;
    expectThat(
      forward === want,
      `${when}: the 1-minute value of ${jstText(at)} (EE) is the meter's own reading of that minute`,
      String(want),
      shown(forward, at, MINUTE, model),
      frames,
      SWAP_DATA,
    );
    const before = live.get(at);
    if (before !== undefined)
      expectThat(
        forward === before,
        `${when}: the 1-minute value of ${jstText(at)} is the one D0 gave before the swap`,
        String(before),
        String(forward),
        frames,
        SWAP_DATA,
      );
  });
}

/** EA (the latest 30-minute value) and today's E2 up to it: each slot the model's forward value. */
export async function expectHalfHoursKept(
  dut: DutClient,
  model: LoadCurveModel,
  when: string,
): Promise<void> {
  const x = await dut.get(0xea);
  const edt = valueIn(x, 0xea, 'EA is served (it is in the Get map)');
  const latest = stampedValue(edt, 'EA begins with the date-time of its half hour', framesOf(x));
  const got = readUnsigned(latest.data, 0, 4);
  const want = model.at(latest.at)?.forward ?? NO_DATA_U32;
  expectThat(
    got === want,
    `${when}: the 30-minute value of ${jstText(latest.at)} (EA) is the meter's own`,
    String(want),
    shown(got, latest.at, HALF_HOUR, model),
    framesOf(x),
    SWAP_DATA,
  );
  const day = await readDayHistory(dut, 0);
  const midnight = jstMidnight(latest.at);
  day.value.values.forEach((value, i) => {
    const at = midnight + i * HALF_HOUR;
    if (at > latest.at) return;
    const expected = model.at(at)?.forward ?? NO_DATA_U32;
    expectThat(
      value === expected,
      `${when}: the 30-minute value of ${jstText(at)} in today's E2 is the meter's own`,
      String(expected),
      shown(value, at, HALF_HOUR, model),
      day.frames,
      SWAP_DATA,
    );
  });
}

/** One Get of `epc` over each medium: every one answers, all with the same EDT. */
export async function expectMediaAgree(
  clients: readonly { readonly medium: string; readonly dut: DutClient }[],
  epc: number,
): Promise<void> {
  const answers: { medium: string; edt: Uint8Array; frames: number[] }[] = [];
  for (const { medium, dut } of clients) {
    try {
      const x = await dut.get(epc);
      answers.push({
        medium,
        edt: valueIn(x, epc, `${medium}: the meter serves the Get`),
        frames: framesOf(x),
      });
    } catch (error) {
      if (error instanceof DeviceSilent)
        fail(
          `the unit fitted answers on each of its media (${medium}: ECHONET Lite ${medium.startsWith('Wi-SUN') ? 'over Wi-SUN' : 'over UDP'})`,
          'a Get_Res',
          error.message, // it names the request's transcript entry
          [],
          SWAP_MEDIA,
        );
      throw error;
    }
  }
  const [first, ...others] = answers;
  for (const other of others)
    expectThat(
      toHex(other.edt) === toHex(first!.edt),
      `the same Get answers the same value on every medium (${first!.medium} and ${other.medium})`,
      toHex(first!.edt, ' '),
      toHex(other.edt, ' '),
      [...first!.frames, ...other.frames],
      SWAP_MEDIA,
    );
}

/**
 * Joins a unit just fitted with the credentials provisioned for it (FAIL when it refuses them), and where
 * the profile declares the former ones refused, tries the former password (FAIL when it is taken) and
 * joins again with its own.
 */
export async function expectJoinedWith(
  unit: FittedUnit,
  profile: Profile,
  clock: Clock,
  transcript: Transcript,
  routeB: RouteB,
  formerRouteB: RouteB,
  former: 'refused' | 'accepted',
): Promise<WisunLink> {
  const link = await joinThroughUnit(unit, profile, clock, transcript, routeB);
  if (link instanceof Error)
    fail(
      'the unit fitted takes the Route-B credentials provisioned for it',
      'EVENT 25 (session established)',
      link.message,
      [],
      SWAP_CREDENTIALS,
    );
  if (former === 'accepted') return link;
  try {
    const old = await link.rejoin(formerRouteB);
    if (old === true) {
      // a module that takes any password takes the former one too: that is SK/PANA-AUTH's rule, not the swap's
      const never = { id: routeB.id, password: neverProvisioned(routeB.password, formerRouteB.password) };
      const any = await link.rejoin(never);
      expectThat(
        any !== true,
        'SKJOIN with a password never provisioned is refused (PANA)',
        'EVENT 24 (PANA error)',
        'EVENT 25 (session established)',
        [],
        'SK/PANA-AUTH',
      );
    }
    expectThat(
      old !== true,
      'after the swap the former unit’s password is refused (new credentials provisioned: formerRouteB "refused")',
      'EVENT 24 (PANA error)',
      'EVENT 25 (session established)',
      [],
      SWAP_CREDENTIALS,
    );
    const again = await link.rejoin(routeB);
    expectThat(
      again === true,
      'the unit takes its own credentials again after the refused ones',
      'EVENT 25 (session established)',
      again === true ? '' : again.message,
      [],
      SWAP_CREDENTIALS,
    );
  } catch (error) {
    await link.close();
    throw error;
  }
  return link;
}

/** A password of the same length that is neither `a` nor `b`. */
function neverProvisioned(a: string, b: string): string {
  for (const last of 'XYZ') {
    const p = a.slice(0, -1) + last;
    if (p !== a && p !== b) return p;
  }
  return `${a.slice(0, -2)}QQ`;
}
