// The inspection of a lot's sample: the units of the draw (or of this shard's part of it) run through a pool
// of k at a time, each a `smcert run` of its own (harness/lot/unit-run.ts) in draw order; with curtailment
// no unit is started once a class has reached its rejection number (ISO 2859-1:1999 clause 10.3 allows
// curtailing a rejected lot); units left undetermined where they could change the decision are re-tested,
// at most `retest` times each. A stop request (Ctrl-C) lets the running units end and starts no other.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Severity } from '../conformance/case-meta.ts';
import { lotDecision, type UnitResult } from '../sampling/lot-decision.ts';
import type { SamplingPlan } from '../sampling/sampling-plan.ts';
import type { LotUnit } from './lot-csv.ts';
import { unitProfile } from './unit-profile.ts';
import { runUnit, type UnitOutcome, type UnitProgress } from './unit-run.ts';

export interface LotRunSettings {
  readonly outDir: string;
  readonly template: Record<string, unknown>;
  /** The units to test, in draw order, each with its index in the draw. */
  readonly units: readonly { readonly unit: LotUnit; readonly index: number }[];
  readonly plans: ReadonlyMap<Severity, SamplingPlan>;
  readonly workers: number;
  readonly unitWorkers?: number;
  readonly grep?: string;
  readonly keyFile?: string;
  /** The cases listed once for every unit (harness/cli/case-list.ts). */
  readonly caseList?: string;
  readonly curtail: boolean;
  readonly retest: number;
  /** True once the run should start no more units (Ctrl-C). */
  readonly stopped: () => boolean;
}

export type UnitState = 'waiting' | 'running' | 'done' | 'not tested';

export interface UnitReport {
  readonly serial: string;
  readonly index: number;
  readonly state: UnitState;
  readonly progress?: UnitProgress;
  readonly attempts: readonly {
    readonly dir: string;
    readonly exitCode: number;
    readonly durationMs: number;
    readonly result: UnitResult;
  }[];
  readonly notTested?: string;
}

export type LotEvent = { readonly type: 'unit'; readonly unit: UnitReport };

export interface LotRunOutcome {
  readonly units: readonly UnitReport[];
  readonly curtailed: boolean;
  readonly interrupted: boolean;
}

/** The result a unit counts with: its last attempt's. */
export const lastResult = (unit: UnitReport): UnitResult | undefined => unit.attempts.at(-1)?.result;

/**
 * The units' results by their place in the draw (each class judges the first n of its plan); a unit without
 * a result (not yet or never tested) counts as undetermined in every class, never as conforming.
 */
export function inDrawOrder(units: readonly UnitReport[]): UnitResult[] {
  const byIndex = new Map(units.map((u) => [u.index, u]));
  const length = Math.max(-1, ...units.map((u) => u.index)) + 1;
  // a shard has only its part of the draw: the other places are held, so that each keeps its position
  return Array.from({ length }, (_, i) => {
    const u = byIndex.get(i);
    if (!u) return { serial: `draw #${i + 1}`, error: 'tested in another shard', cases: [] };
    return lastResult(u) ?? { serial: u.serial, error: u.notTested ?? 'not tested', cases: [] };
  });
}

export async function runLot(
  settings: LotRunSettings,
  emit: (event: LotEvent) => void,
): Promise<LotRunOutcome> {
  const reports = new Map<string, UnitReport>(
    settings.units.map(({ unit, index }) => [
      unit.serial,
      { serial: unit.serial, index, state: 'waiting', attempts: [] },
    ]),
  );
  const update = (serial: string, change: Partial<UnitReport>) => {
    const next = { ...reports.get(serial)!, ...change };
    reports.set(serial, next);
    emit({ type: 'unit', unit: next });
  };
  mkdirSync(join(settings.outDir, 'profiles'), { recursive: true });
  mkdirSync(join(settings.outDir, 'units'), { recursive: true });
  const profileOf = new Map<string, string>();
  for (const { unit, index } of settings.units) {
    const file = join(settings.outDir, 'profiles', `${unit.serial}.json`);
    writeFileSync(file, `${JSON.stringify(unitProfile(settings.template, unit, index), null, 2)}\n`);
    profileOf.set(unit.serial, file);
  }
  let curtailed = false;
  const rejected = () =>
    lotDecision(settings.plans, inDrawOrder([...reports.values()])).classes.some(
      (c) => c.decision === 'reject',
    );
  const test = async (serial: string, attempt: number): Promise<void> => {
    const dir = join('units', attempt === 0 ? serial : `${serial}.retest-${attempt}`);
    update(serial, { state: 'running' });
    const outcome: UnitOutcome = await runUnit(
      {
        serial,
        profileFile: profileOf.get(serial)!,
        outDir: join(settings.outDir, dir),
        ...(settings.grep ? { grep: settings.grep } : {}),
        ...(settings.unitWorkers ? { workers: settings.unitWorkers } : {}),
        ...(settings.keyFile ? { keyFile: settings.keyFile } : {}),
        ...(settings.caseList ? { caseList: settings.caseList } : {}),
      },
      (progress) => update(serial, { progress }),
    );
    const attempts = [
      ...reports.get(serial)!.attempts,
      { dir, exitCode: outcome.exitCode, durationMs: outcome.durationMs, result: outcome.result },
    ];
    update(serial, { state: 'done', attempts });
  };
  const queue = settings.units.map(({ unit }) => unit.serial);
  const channelOf = new Map(
    settings.units.map(({ unit }) => [unit.serial, channel(settings.template, unit)]),
  );
  const keyOf = (serial: string) => channelOf.get(serial);
  await pool(queue, settings.workers, keyOf, async (serial) => {
    if (settings.stopped()) return update(serial, { state: 'not tested', notTested: 'interrupted' });
    if (settings.curtail && rejected()) {
      curtailed = true;
      return update(serial, { state: 'not tested', notTested: 'curtailed: the lot was already rejected' });
    }
    await test(serial, 0);
  });
  for (let attempt = 1; attempt <= settings.retest && !settings.stopped(); attempt++) {
    const decision = lotDecision(settings.plans, inDrawOrder([...reports.values()]));
    const again = new Set(
      decision.classes
        .filter((c) => c.decision === 'undetermined')
        .flatMap((c) => c.undetermined)
        .filter((serial) => reports.has(serial)), // a shard re-tests its own units only
    );
    if (again.size === 0 || curtailed) break;
    await pool([...again], settings.workers, keyOf, (serial) =>
      settings.stopped() ? Promise.resolve() : test(serial, attempt),
    );
  }
  return {
    units: [...reports.values()].sort((a, b) => a.index - b.index),
    curtailed,
    interrupted: settings.stopped(),
  };
}

/**
 * What a unit's run holds while it runs: the local address it talks from or its dongle. The cases' own
 * locks (harness/conformance/device-lock.ts) already keep two runs off one address at once; the pool
 * schedules by it too, so that units on one address run one after another (each unit's time its own, no
 * run idle on the lock) and the others fill the workers. Emulated units hold nothing: each run has
 * loopback addresses of its own (harness/conformance/run-addresses.ts).
 */
export function channel(template: Record<string, unknown>, unit: LotUnit): string | undefined {
  const target = template.target as { type?: string; localAddress?: string };
  if (target.type !== 'real') return undefined;
  if (unit.path !== undefined) return `path ${unit.path}`;
  const family = (template.transport as { family?: number }).family === 6 ? 6 : 4;
  return `local ${unit.localAddress ?? target.localAddress ?? (family === 4 ? '127.0.0.1' : '::1')}`;
}

/**
 * Runs `work` over `items`, at most `size` at a time, in order of start — but never two whose key is the
 * same at once (a later item whose key is free starts first).
 */
async function pool<T>(
  items: readonly T[],
  size: number,
  keyOf: (item: T) => string | undefined,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const waiting = [...items];
  const busy = new Set<string>();
  const running = new Set<Promise<void>>();
  while (waiting.length > 0 || running.size > 0) {
    const next = running.size < size ? waiting.findIndex((item) => !busy.has(keyOf(item) ?? '')) : -1;
    if (next < 0) {
      await Promise.race(running);
      continue;
    }
    const [item] = waiting.splice(next, 1) as [T];
    const key = keyOf(item);
    if (key !== undefined) busy.add(key);
    const task: Promise<void> = work(item).finally(() => {
      if (key !== undefined) busy.delete(key);
      running.delete(task);
    });
    running.add(task);
  }
}
