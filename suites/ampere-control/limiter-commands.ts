// Model-based commands for remote ampere control through the head-end (fast-check fc.commands): set,
// reserve, cancel and the passing of time, each run against the head-end and checked against a model of
// what the rules make of the limit and the reservations (not the reference meter's code): a step at or
// below the cap is taken at once, another refused; a reservation is held as given until its time, then in
// effect; a cancel drops only the reservation it names. The breaker is left out: it follows the load.
import type fc from 'fast-check';
import type { HeadEnd, LimiterState } from '../../harness/a-route/contract.ts';
import type { AmpereParameters } from '../../harness/a-route/head-end-profile.ts';
import type { Clock } from '../../harness/clock/clock.ts';
import { amps, command, controlOf, isoSecond, limiterText } from '../../harness/conformance/ampere-watch.ts';
import { passLong } from '../../harness/conformance/long-wait.ts';
import { fail } from '../../harness/conformance/verdict.ts';

export interface LimiterModel {
  limitA: number;
  /** Held, in the order they fall due (time, then id). */
  pending: { id: string; atMs: number; limitA: number }[];
}

export interface LimiterUnderTest {
  readonly headEnd: HeadEnd;
  readonly clock: Clock;
  readonly a: AmpereParameters;
  readonly meter: string;
}

/** Reservations due by now take effect in their order. */
function fallDue(model: LimiterModel, nowMs: number): void {
  while (model.pending[0] && model.pending[0].atMs <= nowMs) model.limitA = model.pending.shift()!.limitA;
}

/** The head-end's state of the meter against the model: a mismatch FAILs `clause`, the command's rule. */
async function compare(m: LimiterModel, r: LimiterUnderTest, after: string, clause: string): Promise<void> {
  fallDue(m, r.clock.now());
  const state: LimiterState = await r.headEnd.limiterState(r.meter);
  const held = state.reservations.map(
    (x) => `${x.mRID} ${x.limit.value} A at ${Date.parse(x.scheduledInterval.start)}`,
  );
  const modelled = m.pending.map((x) => `${x.id} ${x.limitA} A at ${x.atMs}`);
  if (state.limit.value !== m.limitA || held.join() !== modelled.join())
    fail(
      `${clause}: after ${after} the limit and the reservations are as the rules make them`,
      `${m.limitA} A, reservations: ${m.pending.map((x) => `${x.id} ${x.limitA} A at ${isoSecond(x.atMs)}`).join('; ') || 'none'}`,
      limiterText(state),
      [],
      clause,
    );
}

export class SetLimit implements fc.AsyncCommand<LimiterModel, LimiterUnderTest> {
  constructor(readonly limitA: number) {}
  check = () => true;
  async run(m: LimiterModel, r: LimiterUnderTest): Promise<void> {
    const reply = await command(
      r.headEnd,
      controlOf(r.meter, 'ampere-limit-set', { limit: amps(this.limitA) }),
    );
    const takes = r.a.stepsA.includes(this.limitA) && this.limitA <= r.a.maxA;
    const clause = 'NG/AMPERE-CONTROL';
    if ((reply.Result === 'OK') !== takes)
      fail(
        `${clause}: ${this.toString()} is ${takes ? 'taken' : 'refused'}`,
        takes ? 'OK' : 'FAILED',
        `${reply.Result} ${reply.Error ?? ''}`,
        [],
        clause,
      );
    if (takes) {
      fallDue(m, r.clock.now());
      m.limitA = this.limitA;
    }
    await compare(m, r, this.toString(), clause);
  }
  toString = () => `Set(${this.limitA} A)`;
}

export class Reserve implements fc.AsyncCommand<LimiterModel, LimiterUnderTest> {
  constructor(
    readonly inSeconds: number,
    readonly limitA: number,
  ) {}
  check = () => true;
  async run(m: LimiterModel, r: LimiterUnderTest): Promise<void> {
    const atMs = Date.parse(isoSecond(r.clock.now() + this.inSeconds * 1000));
    const c = controlOf(r.meter, 'ampere-limit-reserve', {
      limit: amps(this.limitA),
      scheduledInterval: { start: isoSecond(atMs) },
    });
    const clause = 'NG/AMPERE-RESERVATION';
    const reply = await command(r.headEnd, c);
    if (reply.Result !== 'OK')
      fail(
        `${clause}: ${this.toString()} of a step is taken`,
        'OK',
        `FAILED ${reply.Error ?? ''}`,
        [],
        clause,
      );
    m.pending.push({ id: c.mRID, atMs, limitA: this.limitA });
    m.pending.sort((x, y) => x.atMs - y.atMs || x.id.localeCompare(y.id));
    await compare(m, r, this.toString(), clause);
  }
  toString = () => `Reserve(${this.limitA} A in ${this.inSeconds} s)`;
}

export class Cancel implements fc.AsyncCommand<LimiterModel, LimiterUnderTest> {
  /** Which of the reservations held (modulo their number). */
  constructor(readonly which: number) {}
  check = (m: Readonly<LimiterModel>) => m.pending.length > 0;
  async run(m: LimiterModel, r: LimiterUnderTest): Promise<void> {
    fallDue(m, r.clock.now());
    const clause = 'NG/AMPERE-CANCEL';
    if (m.pending.length === 0) return compare(m, r, this.toString(), clause);
    const target = m.pending[this.which % m.pending.length]!;
    const reply = await command(
      r.headEnd,
      controlOf(r.meter, 'ampere-limit-cancel', { reservation: { mRID: target.id } }),
    );
    if (reply.Result !== 'OK')
      fail(
        `${clause}: the cancel of ${target.id}, held, is taken`,
        'OK',
        `FAILED ${reply.Error ?? ''}`,
        [],
        clause,
      );
    m.pending = m.pending.filter((x) => x !== target);
    await compare(m, r, `${this.toString()} of ${target.id}`, clause);
  }
  toString = () => `Cancel(#${this.which})`;
}

export class Pass implements fc.AsyncCommand<LimiterModel, LimiterUnderTest> {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(m: LimiterModel, r: LimiterUnderTest): Promise<void> {
    await passLong(r.clock, this.seconds * 1000);
    await compare(m, r, this.toString(), 'NG/AMPERE-RESERVATION');
  }
  toString = () => `Pass(${this.seconds} s)`;
}
