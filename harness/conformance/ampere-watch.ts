// What the ampere-control cases (suites/ampere-control/) do through the head-end contract: command the
// profile's meter, read its limiter back, bring it to a known state first, and wait for a load that the
// smallest step trips. Every control's reply is checked: a FAILED where the rule wants OK names the rule.
import type { ControlType, EndDeviceControl, HeadEnd, LimiterState } from '../a-route/contract.ts';
import type { AmpereParameters } from '../a-route/head-end-profile.ts';
import type { Clock } from '../clock/clock.ts';
import type { Profile } from '../profile/profile.ts';
import { passLong } from './long-wait.ts';
import { fail, inconclusive } from './verdict.ts';

let sequence = 0;

/** A control of `meter`, its mRID unique in the run (the head-end may remember ids). */
export function controlOf(
  meter: string,
  ref: ControlType,
  more: Pick<EndDeviceControl, 'limit' | 'scheduledInterval' | 'reservation'> = {},
): EndDeviceControl {
  sequence++;
  return {
    mRID: `smcert-${process.pid}-${Date.now().toString(36)}-${sequence}`,
    EndDeviceControlType: { ref },
    EndDevices: { mRID: meter },
    ...more,
  };
}

export const amps = (value: number) => ({ value, unit: 'A' as const });

/** Sends one control; its reply (OK or FAILED with the reason). */
export async function command(
  headEnd: HeadEnd,
  c: EndDeviceControl,
): Promise<{ readonly Result: 'OK' | 'FAILED'; readonly Error?: string }> {
  const replies = await headEnd.control({ EndDeviceControl: [c] });
  const reply = replies.Reply.find((r) => r.mRID === c.mRID);
  if (!reply)
    fail(
      'SMCERT/A-ROUTE-CONTRACT: one Reply per control, by its mRID',
      `a Reply for ${c.mRID}`,
      JSON.stringify(replies),
      [],
      'SMCERT/A-ROUTE-CONTRACT',
    );
  return reply;
}

/** Sends one control the rule says the meter takes: FAILED is a FAIL of `rule` (its clause). */
export async function commandOk(headEnd: HeadEnd, c: EndDeviceControl, rule: string, clause: string) {
  const reply = await command(headEnd, c);
  if (reply.Result !== 'OK')
    fail(
      rule,
      `${c.EndDeviceControlType.ref} answered OK`,
      `FAILED: ${reply.Error ?? 'no reason'}`,
      [],
      clause,
    );
}

/** A control's time: whole seconds (an HTTP Date has no finer), ISO 8601. */
export const isoSecond = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();

/**
 * The meter brought to the state every case starts from: its initial limit, breaker closed, no
 * reservation (on a real head-end the same meter serves every case). A meter that cannot be brought
 * there leaves the case INCONC.
 */
export async function readyMeter(headEnd: HeadEnd, clock: Clock, a: AmpereParameters): Promise<LimiterState> {
  let state = await headEnd.limiterState(a.meter);
  for (const r of state.reservations)
    await command(headEnd, controlOf(a.meter, 'ampere-limit-cancel', { reservation: { mRID: r.mRID } }));
  if (state.limit.value !== a.initialLimitA)
    await command(headEnd, controlOf(a.meter, 'ampere-limit-set', { limit: amps(a.initialLimitA) }));
  state = await headEnd.limiterState(a.meter);
  if (state.breaker === 'locked-out') await command(headEnd, controlOf(a.meter, 'breaker-restore'));
  else if (state.breaker === 'tripped')
    await passLong(clock, (a.recloseSeconds + a.breakerToleranceSeconds) * 1000);
  state = await headEnd.limiterState(a.meter);
  if (state.limit.value !== a.initialLimitA || state.breaker !== 'closed' || state.reservations.length > 0)
    inconclusive(
      `meter ${a.meter} could not be brought to ${a.initialLimitA} A, breaker closed, no reservation: it is at ${limiterText(state)}`,
    );
  return state;
}

/** The limiter in one phrase, for a reason. */
export function limiterText(s: LimiterState): string {
  const held = s.reservations.map((r) => `${r.mRID} ${r.limit.value} A at ${r.scheduledInterval.start}`);
  return `${s.limit.value} A, breaker ${s.breaker}, ${s.currentA} A flowing, reservations: ${held.join('; ') || 'none'} (read ${s.readDateTime})`;
}

/** Waits (polling every 5 minutes) until the load is over three times the smallest step, so that step trips it. */
export async function waitForLoad(
  headEnd: HeadEnd,
  clock: Clock,
  a: AmpereParameters,
): Promise<LimiterState> {
  const smallest = Math.min(...a.stepsA);
  const until = clock.now() + a.loadWaitHours * 3_600_000;
  for (;;) {
    const state = await headEnd.limiterState(a.meter);
    if (state.breaker === 'closed' && state.currentA > 3 * smallest) return state;
    if (clock.now() >= until)
      inconclusive(
        `meter ${a.meter}'s load stayed at or below ${3 * smallest} A for ${a.loadWaitHours} h (last: ${limiterText(state)}): nothing would trip it — put a load on it`,
      );
    await passLong(clock, 5 * 60_000);
  }
}

/** The meter's limiter at `atMs` (waiting until then). */
export async function stateAt(headEnd: HeadEnd, clock: Clock, a: AmpereParameters, atMs: number) {
  await passLong(clock, Math.max(0, atMs - clock.now()));
  return headEnd.limiterState(a.meter);
}

/** The seed's reason an HV meter has no ampere control (論点⑤), else the device's own. */
export function ampereNotForDevice(p: Profile): string {
  if (p.kind === 'hv-meter' || p.kind === 'hv-bidirectional-meter')
    return 'a high-voltage meter measures through instrument transformers, so remote ampere control of the main circuit is structurally impossible in the meter (NG seed 論点⑤: 高圧・特高メーターは…メーター本体では、本流のアンペア制御が構造上不可能)';
  return `a ${p.kind} is not a head-end: the ampere-control cases command meters through a head-end profile`;
}

/** The steps a meter of `a` takes other than its initial limit, ascending: what a reservation changes it to. */
export function otherSteps(a: AmpereParameters): number[] {
  return takenSteps(a).filter((s) => s !== a.initialLimitA);
}

/** The steps a meter of `a` takes (at or below the cap), ascending. */
export function takenSteps(a: AmpereParameters): number[] {
  return [...a.stepsA].filter((s) => s <= a.maxA).sort((x, y) => x - y);
}
