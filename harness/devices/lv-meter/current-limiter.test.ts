// The current limiter against a model of its rules (fc.commands): random sequences of set, reserve,
// cancel, restore and time passing under a load, the model simulating second by second what the limiter
// computes from event times. Their limit, breaker, reservations and refusals must agree after every step.
import assert from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import {
  CurrentLimiter,
  DEFAULT_STEPS_A,
  LimiterRefusal,
  type LimiterSettings,
  SINGLE_PHASE_2_WIRE_MAX_A,
} from './current-limiter.ts';

const SETTINGS: LimiterSettings = {
  stepsA: DEFAULT_STEPS_A,
  maxA: SINGLE_PHASE_2_WIRE_MAX_A,
  recloseMs: 10_000,
  lockoutTrips: 3,
  lockoutWindowMs: 10 * 60_000,
};
const START = Date.parse('2026-06-15T00:00:00+09:00');

/** The rules, second by second: what a reader of the rules would write, not how the limiter computes. */
class LimiterModel {
  limitA = 30;
  breaker: 'closed' | 'tripped' | 'locked-out' = 'closed';
  trippedAt = 0;
  trips: number[] = [];
  reservations: { id: string; atMs: number; limitA: number }[] = [];
  now = START;
  load = 0;

  valid(limitA: number): boolean {
    return SETTINGS.stepsA.includes(limitA) && limitA <= SETTINGS.maxA;
  }

  /** Each second: due reservations (by time, then id), a reclose, then the overload rule. */
  pass(ms: number): void {
    for (let t = this.now + 1000; t <= this.now + ms; t += 1000) this.at(t);
    this.now += ms;
  }

  at(t: number): void {
    if (this.reservations.some((r) => r.atMs <= t)) {
      const due = this.reservations.filter((r) => r.atMs <= t);
      for (const r of due.sort((a, b) => a.atMs - b.atMs || a.id.localeCompare(b.id))) this.limitA = r.limitA;
      this.reservations = this.reservations.filter((r) => r.atMs > t);
    }
    if (this.breaker === 'tripped' && this.trippedAt + SETTINGS.recloseMs <= t) this.breaker = 'closed';
    this.judge(t);
  }

  judge(t: number): void {
    if (this.breaker !== 'closed' || this.load <= this.limitA) return;
    this.trips = [...this.trips.filter((x) => x > t - SETTINGS.lockoutWindowMs), t];
    this.trippedAt = t;
    this.breaker = this.trips.length >= SETTINGS.lockoutTrips ? 'locked-out' : 'tripped';
  }
}

interface World {
  readonly limiter: CurrentLimiter;
}

/** Runs `act` on the limiter; the model says whether it is refused. */
function agree(refusedByModel: boolean, act: () => void): void {
  let refused = false;
  try {
    act();
  } catch (error) {
    if (!(error instanceof LimiterRefusal)) throw error;
    refused = true;
  }
  // node:assert, not expect(): tens of thousands of comparisons a run, each of expect()'s a recorded step
  assert.equal(refused, refusedByModel, 'refused by the limiter as by the rules');
}

function same(m: LimiterModel, r: World): void {
  assert.equal(r.limiter.limitA, m.limitA, 'limit');
  assert.equal(r.limiter.breaker, m.breaker, 'breaker');
  assert.deepEqual(
    r.limiter.reservations.map((x) => x.id).sort(),
    m.reservations.map((x) => x.id).sort(),
    'reservations held',
  );
  const held = r.limiter.snapshot();
  if (m.breaker !== 'closed') assert.equal(held.trippedAtMs, m.trippedAt, 'when it last tripped');
  const inWindow = (trips: readonly number[]) => trips.filter((x) => x > m.now - SETTINGS.lockoutWindowMs);
  assert.deepEqual(inWindow(held.tripsMs), inWindow(m.trips), 'the trips of the lock-out window');
}

const limitArb = fc.constantFrom(...DEFAULT_STEPS_A, 7, 25);
const idArb = fc.constantFrom('r1', 'r2', 'r3');

class SetCommand implements fc.Command<LimiterModel, World> {
  constructor(readonly limitA: number) {}
  check = () => true;
  run(m: LimiterModel, r: World): void {
    const ok = m.valid(this.limitA);
    agree(!ok, () => r.limiter.set(this.limitA, m.now, m.load));
    if (ok) {
      m.limitA = this.limitA;
      m.judge(m.now);
    }
    same(m, r);
  }
  toString = () => `set(${this.limitA})`;
}

class ReserveCommand implements fc.Command<LimiterModel, World> {
  constructor(
    readonly id: string,
    readonly inSeconds: number,
    readonly limitA: number,
  ) {}
  check = () => true;
  run(m: LimiterModel, r: World): void {
    const atMs = m.now + this.inSeconds * 1000;
    const ok = m.valid(this.limitA) && this.inSeconds > 0 && !m.reservations.some((x) => x.id === this.id);
    agree(!ok, () => r.limiter.reserve({ id: this.id, atMs, limitA: this.limitA }, m.now, m.load));
    if (ok) m.reservations.push({ id: this.id, atMs, limitA: this.limitA });
    same(m, r);
  }
  toString = () => `reserve(${this.id}, +${this.inSeconds} s, ${this.limitA})`;
}

class CancelCommand implements fc.Command<LimiterModel, World> {
  constructor(readonly id: string) {}
  check = () => true;
  run(m: LimiterModel, r: World): void {
    const ok = m.reservations.some((x) => x.id === this.id);
    agree(!ok, () => r.limiter.cancel(this.id, m.now, m.load));
    m.reservations = m.reservations.filter((x) => x.id !== this.id);
    same(m, r);
  }
  toString = () => `cancel(${this.id})`;
}

class RestoreCommand implements fc.Command<LimiterModel, World> {
  check = () => true;
  run(m: LimiterModel, r: World): void {
    const ok = m.breaker === 'locked-out';
    agree(!ok, () => r.limiter.restore(m.now, m.load));
    if (ok) {
      m.breaker = 'closed';
      m.trips = [];
      m.judge(m.now);
    }
    same(m, r);
  }
  toString = () => 'restore()';
}

/** Time passes (whole seconds) with a new load from its start. */
class PassCommand implements fc.Command<LimiterModel, World> {
  constructor(
    readonly seconds: number,
    readonly loadA: number,
  ) {}
  check = () => true;
  run(m: LimiterModel, r: World): void {
    m.load = this.loadA;
    m.judge(m.now); // the new load, at once
    r.limiter.advance(m.now, this.loadA);
    m.pass(this.seconds * 1000);
    r.limiter.advance(m.now, this.loadA);
    same(m, r);
  }
  toString = () => `pass(${this.seconds} s, ${this.loadA} A)`;
}

const commands = fc.commands(
  [
    limitArb.map((a) => new SetCommand(a)),
    fc
      .tuple(idArb, fc.integer({ min: -5, max: 900 }), limitArb)
      .map(([id, s, a]) => new ReserveCommand(id, s, a)),
    idArb.map((id) => new CancelCommand(id)),
    fc.constant(new RestoreCommand()),
    fc
      .tuple(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 0, max: 45 }))
      .map(([s, a]) => new PassCommand(s, a)),
  ],
  { maxCommands: 40 },
);

test('the limiter follows the rules of the model through random commands and time (fc.commands)', () => {
  fc.assert(
    fc.property(commands, (cmds) => {
      const model = new LimiterModel();
      fc.modelRun(() => ({ model, real: { limiter: new CurrentLimiter(SETTINGS, 30, START) } }), cmds);
    }),
    { numRuns: 300 },
  );
});

test('a reservation takes effect at its time, not a second before; a cancelled one never', () => {
  const limiter = new CurrentLimiter(SETTINGS, 30, START);
  limiter.reserve({ id: 'a', atMs: START + 60_000, limitA: 20 }, START, 10);
  limiter.reserve({ id: 'b', atMs: START + 120_000, limitA: 10 }, START, 10);
  limiter.advance(START + 59_999, 10);
  expect(limiter.limitA, 'a millisecond before').toBe(30);
  limiter.advance(START + 60_000, 10);
  expect(limiter.limitA, 'at its time').toBe(20);
  limiter.cancel('b', START + 61_000, 10);
  limiter.advance(START + 10 * 60_000, 10);
  expect(limiter.limitA, 'the cancelled one never').toBe(20);
  expect(() => limiter.set(40, START + 10 * 60_000, 10), 'single-phase two-wire: at most 30 A').toThrow(
    /over the wiring's 30 A/,
  );
});

test('over the limit it trips, recloses after the delay, and locks out after 3 trips in 10 minutes', () => {
  const limiter = new CurrentLimiter(SETTINGS, 20, START);
  limiter.advance(START + 1000, 25);
  expect(limiter.breaker).toBe('tripped');
  limiter.advance(START + 10_999, 25);
  expect(limiter.breaker, 'not before the reclose delay').toBe('tripped');
  // recloses at 11 s into the same overload: the second trip; at 21 s the third: locked out
  limiter.advance(START + 21_000, 25);
  expect(limiter.breaker).toBe('locked-out');
  limiter.advance(START + 3_600_000, 5);
  expect(limiter.breaker, 'a lock-out waits for the utility').toBe('locked-out');
  limiter.restore(START + 3_600_000, 5);
  expect(limiter.breaker).toBe('closed');
});

test('reservations survive a power cycle; one due while the power was off takes effect at power-up', () => {
  const limiter = new CurrentLimiter(SETTINGS, 30, START);
  limiter.reserve({ id: 'a', atMs: START + 60_000, limitA: 15 }, START, 10);
  limiter.reserve({ id: 'b', atMs: START + 3_600_000, limitA: 10 }, START, 10);
  const held = limiter.snapshot();
  const back = CurrentLimiter.restored(SETTINGS, JSON.parse(JSON.stringify(held)), START + 600_000, 10);
  expect(back.limitA).toBe(15);
  expect(back.reservations.map((r) => r.id)).toEqual(['b']);
  back.advance(START + 3_600_000, 5);
  expect(back.limitA).toBe(10);
});
