import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { VirtualClock } from './virtual-clock.ts';
import { WallClock } from './wall-clock.ts';

const START = Date.UTC(2026, 0, 1); // any epoch ms; the clock never reads real time
const HALF_HOUR = 1_800_000;
const DAY = 86_400_000;

/** Records which timer fired and the virtual time it saw. */
function recorder(clock: VirtualClock) {
  const fired: Array<{ name: string; at: number }> = [];
  const set = (name: string, ms: number) => clock.setTimer(ms, () => fired.push({ name, at: clock.now() }));
  return { fired, set };
}

test.describe('VirtualClock: timer order and now()', () => {
  test('timers fire by due time; simultaneous timers in the order they were set', async () => {
    const clock = new VirtualClock({ start: START });
    const { fired, set } = recorder(clock);
    set('a@100', 100);
    set('b@50', 50);
    set('c@100', 100);
    set('d@50', 50);
    set('e@0', 0);
    await clock.advance(100);
    expect(
      fired.map((f) => f.name),
      'order = (due, creation)',
    ).toEqual(['e@0', 'b@50', 'd@50', 'a@100', 'c@100']);
  });

  test('now() inside a callback equals that timer’s due time; after advance it is start + ms', async () => {
    const clock = new VirtualClock({ start: START });
    const { fired, set } = recorder(clock);
    set('x', 250);
    set('y', 999);
    await clock.advance(1000);
    expect(fired, 'now() seen by each callback').toEqual([
      { name: 'x', at: START + 250 },
      { name: 'y', at: START + 999 },
    ]);
    expect(clock.now()).toBe(START + 1000);
  });

  test('timers set inside callbacks fire in the same advance when due inside the window, not after', async () => {
    const clock = new VirtualClock({ start: START });
    const { fired, set } = recorder(clock);
    clock.setTimer(10, () => {
      set('inner@10', 0);
      set('inner@40', 30);
      set('inner@110', 100);
    });
    set('outer@10', 10);
    await clock.advance(50);
    expect(fired.map((f) => f.name)).toEqual(['outer@10', 'inner@10', 'inner@40']);
    expect(clock.pending(), 'inner@110 still waits').toBe(1);
    expect(clock.nextDue()).toBe(START + 110);
    await clock.advanceTo(START + 110);
    expect(fired.at(-1)).toEqual({ name: 'inner@110', at: START + 110 });
    expect(clock.nextDue()).toBeUndefined();
  });

  test('advance(0) fires timers due now and leaves time where it was', async () => {
    const clock = new VirtualClock({ start: START });
    const { fired, set } = recorder(clock);
    set('zero', 0);
    set('one', 1);
    await clock.advance(0);
    expect(fired.map((f) => f.name)).toEqual(['zero']);
    expect(clock.now()).toBe(START);
  });
});

test.describe('VirtualClock: cancel', () => {
  test('a cancelled timer never fires; cancel after firing or twice is harmless', async () => {
    const clock = new VirtualClock({ start: START });
    const { fired, set } = recorder(clock);
    const keep = set('keep', 10);
    const drop = set('drop', 10);
    expect(clock.pending()).toBe(2);
    drop.cancel();
    drop.cancel();
    expect(clock.pending()).toBe(1);
    await clock.advance(20);
    keep.cancel();
    expect(fired.map((f) => f.name)).toEqual(['keep']);
    expect(clock.pending()).toBe(0);
  });

  test('a callback can cancel a later timer due at the same time', async () => {
    const clock = new VirtualClock({ start: START });
    const { fired, set } = recorder(clock);
    clock.setTimer(10, () => victim.cancel());
    const victim = set('victim', 10);
    set('after', 10);
    await clock.advance(10);
    expect(fired.map((f) => f.name)).toEqual(['after']);
  });
});

test.describe('VirtualClock: sleep chains and runUntil', () => {
  test('48 × sleep(30 min) all finish within one advance(24 h)', async () => {
    const clock = new VirtualClock({ start: START });
    const seen: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 48; i++) {
        await clock.sleep(HALF_HOUR);
        seen.push(clock.now());
      }
    })();
    await clock.advance(DAY);
    await loop;
    expect(seen.length, 'iterations').toBe(48);
    expect(seen.at(-1), 'last wake-up').toBe(START + DAY);
    expect(seen[0], 'first wake-up').toBe(START + HALF_HOUR);
    expect(clock.now()).toBe(START + DAY);
  });

  test('runUntil stops at the timer that makes the predicate true', async () => {
    const clock = new VirtualClock({ start: START });
    let ticks = 0;
    const tick = (): void => {
      ticks++;
      clock.setTimer(60_000, tick);
    };
    clock.setTimer(60_000, tick);
    expect(await clock.runUntil(() => ticks === 3, DAY)).toBe(true);
    expect(clock.now(), 'time of the third tick').toBe(START + 3 * 60_000);
    expect(ticks).toBe(3);
  });

  test('runUntil returns false at the limit, with time at the limit, without firing later timers', async () => {
    const clock = new VirtualClock({ start: START });
    let fired = 0;
    clock.setTimer(100, () => fired++);
    clock.setTimer(600, () => fired++);
    expect(await clock.runUntil(() => fired === 2, 500)).toBe(false);
    expect(clock.now()).toBe(START + 500);
    expect(fired).toBe(1);
  });

  test('runUntil returns true at once when the predicate already holds', async () => {
    const clock = new VirtualClock({ start: START });
    clock.setTimer(1, () => {});
    expect(await clock.runUntil(() => true, 1000)).toBe(true);
    expect(clock.now()).toBe(START);
    expect(clock.pending()).toBe(1);
  });
});

test.describe('VirtualClock: invalid input', () => {
  test('negative, NaN and infinite delays are RangeErrors naming the value', async () => {
    const clock = new VirtualClock({ start: START });
    expect(() => clock.setTimer(-1, () => {})).toThrow(RangeError);
    expect(() => clock.setTimer(-1, () => {})).toThrow(/got -1/);
    expect(() => clock.sleep(Number.NaN)).toThrow(/got NaN/);
    expect(() => clock.setTimer(Number.POSITIVE_INFINITY, () => {})).toThrow(/got Infinity/);
    await expect(clock.advance(-5)).rejects.toThrow(/got -5/);
    await expect(clock.advanceTo(START - 1)).rejects.toThrow(RangeError);
    await expect(clock.runUntil(() => false, Number.NaN)).rejects.toThrow(/got NaN/);
    expect(() => new VirtualClock({ start: Number.NaN })).toThrow(RangeError);
    expect(clock.pending(), 'nothing scheduled by the failed calls').toBe(0);
  });

  test('a callback that throws rejects the advance, with time at its due time', async () => {
    const clock = new VirtualClock({ start: START });
    clock.setTimer(10, () => {
      throw new Error('boom');
    });
    clock.setTimer(20, () => {});
    await expect(clock.advance(100)).rejects.toThrow('boom');
    expect(clock.now()).toBe(START + 10);
    expect(clock.pending()).toBe(1);
  });

  test('overlapping advances are refused', async () => {
    const clock = new VirtualClock({ start: START });
    const first = clock.advance(10);
    await expect(clock.advance(10)).rejects.toThrow(/already running/);
    await first;
    expect(clock.now()).toBe(START + 10);
  });
});

test.describe('VirtualClock: auto-advance', () => {
  test('48 × sleep(30 min) completes on its own; time ends at start + 24 h', async () => {
    const clock = new VirtualClock({ start: START });
    clock.startAutoAdvance();
    let iterations = 0;
    try {
      for (let i = 0; i < 48; i++) {
        await clock.sleep(HALF_HOUR);
        iterations++;
      }
    } finally {
      clock.stopAutoAdvance();
    }
    expect(iterations).toBe(48);
    expect(clock.now()).toBe(START + DAY);
    expect(clock.autoAdvancing).toBe(false);
  });

  test('fires in (due, creation) order, never ahead of an earlier timer', async () => {
    const clock = new VirtualClock({ start: START });
    const { fired, set } = recorder(clock);
    set('late', 3000);
    set('early', 1000);
    set('early-too', 1000);
    clock.setTimer(2000, () => set('nested@2500', 500));
    clock.startAutoAdvance({ idleMs: 2 });
    try {
      await new Promise<void>((resolve) => clock.setTimer(5000, resolve));
    } finally {
      clock.stopAutoAdvance();
    }
    expect(fired).toEqual([
      { name: 'early', at: START + 1000 },
      { name: 'early-too', at: START + 1000 },
      { name: 'nested@2500', at: START + 2500 },
      { name: 'late', at: START + 3000 },
    ]);
  });

  test('after stopAutoAdvance, also from inside a callback, the process can exit (no real timer left)', () => {
    const script = `
      const { VirtualClock } = await import(${JSON.stringify(new URL('./virtual-clock.ts', import.meta.url).href)});
      const clock = new VirtualClock({ start: 0 });
      clock.startAutoAdvance();
      for (let i = 0; i < 3; i++) await clock.sleep(${HALF_HOUR});
      clock.stopAutoAdvance();
      clock.startAutoAdvance();
      await new Promise((resolve) => clock.setTimer(${HALF_HOUR}, () => { clock.stopAutoAdvance(); resolve(); }));
      process.stdout.write(String(clock.now()));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status, 'exit code (null = still running when killed at the timeout)').toBe(0);
    expect(run.stdout.trim()).toBe(String(4 * HALF_HOUR));
  });
});

// A random script of set / cancel / advance steps, checked against a model: timers fire in (due, creation)
// order, each at its due time, and cancelled timers never fire.
type Step = { kind: 'set'; ms: number } | { kind: 'cancel'; pick: number } | { kind: 'advance'; ms: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), ms: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 30 }) }),
);

test.describe('VirtualClock: property', () => {
  test('firing order equals sorting by (due, creation); cancelled timers never fire', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const clock = new VirtualClock({ start: START });
        const fired: Array<[id: number, at: number]> = [];
        const model: Array<{ id: number; due: number; cancel: () => void; live: boolean }> = [];
        const expected: Array<[id: number, at: number]> = [];
        for (const s of steps) {
          if (s.kind === 'set') {
            const id = model.length;
            const handle = clock.setTimer(s.ms, () => fired.push([id, clock.now()]));
            model.push({ id, due: clock.now() + s.ms, cancel: () => handle.cancel(), live: true });
          } else if (s.kind === 'cancel') {
            if (model.length === 0) continue;
            const timer = model[s.pick % model.length]!;
            timer.cancel();
            timer.live = false;
          } else {
            const target = clock.now() + s.ms;
            const due = model
              .filter((t) => t.live && t.due <= target)
              .sort((a, b) => a.due - b.due || a.id - b.id);
            for (const t of due) {
              t.live = false;
              expected.push([t.id, t.due]);
            }
            await clock.advance(s.ms);
            assert.equal(clock.now(), target, 'now() after advance');
          }
          assert.deepEqual(fired, expected, 'fired (id, time) so far = model');
          assert.equal(clock.pending(), model.filter((t) => t.live).length, 'pending() = live timers');
        }
      }),
      { numRuns: 300 },
    );
  });
});

test.describe('WallClock', () => {
  test('sleep(20) resolves and now() moves forward about as much', async () => {
    const clock = new WallClock();
    const before = clock.now();
    await clock.sleep(20);
    expect(clock.now() - before).toBeGreaterThanOrEqual(15);
  });

  test('a cancelled timer does not fire; bad delays are RangeErrors', async () => {
    const clock = new WallClock();
    let fired = false;
    clock.setTimer(5, () => (fired = true)).cancel();
    await clock.sleep(30);
    expect(fired).toBe(false);
    expect(() => clock.sleep(-1)).toThrow(/got -1/);
    expect(() => clock.setTimer(Number.NaN, () => {})).toThrow(RangeError);
  });
});
