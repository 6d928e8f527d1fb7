import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DAY, MINUTE } from '../../clock/durations.ts';
import { checkProfile } from '../../profile/load-profile.ts';
import { lvMeterConfigFromProfile } from '../emulation/lv-meter-from-profile.ts';
import { ConsumptionModel } from './consumption-model.ts';
import { ScriptedLoad } from './scripted-load.ts';

const step = (minutes: number, watts: number, vars = 0) => ({ offsetMs: minutes * MINUTE, watts, vars });

test('a one-off script: nothing before its first step, each step held until the next', () => {
  const load = new ScriptedLoad([step(10, 600), step(20, -300, 100)], false);
  expect(load.wattsAt(5 * MINUTE)).toBe(0);
  expect(load.wattsAt(15 * MINUTE)).toBe(600);
  expect(load.wattsAt(25 * MINUTE)).toBe(-300);
  const e = load.energyTo(30 * MINUTE);
  expect(e.forwardWms).toBe(600 * 10 * MINUTE);
  expect(e.reverseWms).toBe(300 * 10 * MINUTE);
  expect(e.laggingVarms).toBe(100 * 10 * MINUTE);
});

test('a daily pattern wraps at the day and repeats: 400 days cost one computation', () => {
  const load = new ScriptedLoad([step(0, 100), step(720, 300)], true);
  expect(load.wattsAt(400 * DAY + 100 * MINUTE)).toBe(100);
  expect(load.wattsAt(400 * DAY + 800 * MINUTE)).toBe(300);
  const dayWms = (100 * 720 + 300 * 720) * MINUTE;
  expect(load.energyTo(400 * DAY).forwardWms).toBe(400 * dayWms);
  expect(load.energyTo(400 * DAY + 721 * MINUTE).forwardWms).toBe(400 * dayWms + (100 * 720 + 300) * MINUTE);
});

test('a spike inside one minute shows in the counter at the next whole minute', () => {
  const installedAt = Date.UTC(2026, 0, 1);
  const load = new ScriptedLoad(
    [
      { offsetMs: 0, watts: 0, vars: 0 },
      { offsetMs: 30_000, watts: 6000, vars: 0 },
      { offsetMs: 40_000, watts: 0, vars: 0 },
    ],
    false,
  );
  const model = new ConsumptionModel({ seed: 1, installedAt, solarPeakW: 0, load });
  expect(model.countersAt(installedAt + 59_000)?.forwardWmin).toBe(0);
  expect(model.countersAt(installedAt + MINUTE)?.forwardWmin).toBe(1000); // 6000 W for 10 s
  expect(model.countersAt(installedAt - 1)).toBeUndefined();
});

test('steps out of order are refused, naming the step', () => {
  expect(() => new ScriptedLoad([step(10, 1), step(5, 2)], false)).toThrow(/step 1 begins before step 0/);
});

test('a profile load block loads through the schema: minutes and instants become offsets from installation', () => {
  const file = 'profiles/reference-lv-meter.json';
  const data = JSON.parse(readFileSync(file, 'utf8'));
  data.target.meter.load = {
    steps: [
      { at: 0, watts: 300 },
      { at: 2.5, watts: -800, vars: 50 },
      { at: '2026-01-01T01:00:00+09:00', watts: 0 },
    ],
  };
  const config = lvMeterConfigFromProfile(checkProfile(file, data));
  expect(config.load).toEqual({
    repeatDaily: false,
    steps: [
      { offsetMs: 0, watts: 300, vars: 0 },
      { offsetMs: 150_000, watts: -800, vars: 50 },
      { offsetMs: 3_600_000, watts: 0, vars: 0 },
    ],
  });
});
