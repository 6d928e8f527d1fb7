// `smcert lot`: acceptance inspection of a delivered lot by sampling (ISO 2859-1 / JIS Z 9015-1 or ANSI/ASQ
// Z1.4): the plan of each nonconformity class, the seeded draw, the sampled units run through a pool of k
// (harness/lot/lot-run.ts) with a live view on loopback, then the signed lot report (reports/lot-report.ts)
// and, with --history, the lot added to the supplier's and product's history for the switching rules.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, constants } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { type LotReport, writeLotReport } from '../../reports/lot-report.ts';
import { parseShard } from '../../reports/run-record.ts';
import { sha256 } from '../../reports/run-record-io.ts';
import type { Severity } from '../conformance/case-meta.ts';
import { FAULTS } from '../devices/faults.ts';
import { emulatedLot } from '../lot/emulated-lot.ts';
import { startLiveView } from '../lot/live-view.ts';
import { LotCsvError, type LotTransport, type LotUnit, parseLotCsv } from '../lot/lot-csv.ts';
import { LotHistoryError, readLotHistory, switchingStates } from '../lot/lot-history.ts';
import { lotPlans, parseAqls, sampleSize } from '../lot/lot-plan.ts';
import { channel, inDrawOrder, runLot, type UnitReport } from '../lot/lot-run.ts';
import { shardBlock } from '../lot/shard-block.ts';
import { unitProfile } from '../lot/unit-profile.ts';
import { unitNotes, unitVerdict } from '../lot/unit-verdict.ts';
import { checkProfile, loadProfile } from '../profile/load-profile.ts';
import type { Profile } from '../profile/profile.ts';
import { ProfileError } from '../profile/profile-error.ts';
import { SelectionError, selectCases } from '../profile/selection.ts';
import { lotDecision } from '../sampling/lot-decision.ts';
import { drawSample } from '../sampling/sample-draw.ts';
import { PlanRequestError } from '../sampling/sampling-plan.ts';
import { SCHEMES, type SchemeName } from '../sampling/sampling-tables.ts';
import { listCases } from './case-list.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { printLotEnd } from './print-lot-end.ts';
import { HISTORY_OPTIONS, historyProblem, recordLot } from './record-lot.ts';
import { takeRunLock } from './run-lock.ts';

const DEFAULT_AQL = 'critical=0.10,major=0.65,minor=2.5';
const DEFAULT_FAULTS = 'tid-not-echoed,opc-capped-at-3,malformed-answered';

export const LOT_USAGE = `smcert lot --profile <template> (--serials <lot.csv> | --emulate <N>) [options]

Acceptance inspection of a lot by sampling: the plan of each nonconformity class, a sample drawn from the
seed, every sampled unit run through the conformance cases (a pool of --workers units at a time, each its
own smcert run, certificate and bundle), then the lot decision in a signed lot report.
  --profile     the product's template profile: each unit's profile is it with the unit's serial and
                address (or dongle path); with --serials its target is "real", with --emulate "emulated"
  --serials     the lot as CSV, a header then one row per unit: serial (required), address (a UDP
                template: required), port, path (a SKSTACK template: required), localAddress (this
                machine's address for that unit: units on one local address run one at a time, since
                ECHONET Lite answers to port 3610 of the sender). Any bad row (duplicate
                serial, address or path, a missing address, an unknown column) is named with its line
                and the lot refused before any unit is tested
  --emulate     a lot of N emulated units EMU-00001…; --defect-rate p (default 0) of them, chosen from
                the seed, carry one fault switch each from --faults (default ${DEFAULT_FAULTS}:
                one critical, one major, one minor rule), taken in turn
  --aql         class=AQL for critical, major, minor (default ${DEFAULT_AQL}); a class left
                out is not inspected. A unit is nonconforming in a class when a case of that severity FAILs
  --level       inspection level S-1…S-4, I, II, III (default II)
  --scheme      ${Object.keys(SCHEMES).join(' or ')} (default iso-2859-1): they differ in the reduced table
  --seed        the draw's seed (default: a random one, printed and recorded); the same seed, lot and
                plans draw the same sample
  --workers     units tested at once: the pool of devices (default ${Math.max(1, Math.floor(availableParallelism() / 2))}, half the cores)
  --unit-workers  Playwright workers within each unit's run (default 1)
  --grep        only the cases whose id, title or tags match, as smcert run --grep
  --curtail     start no more units once a class has reached its rejection number (the lot is rejected)
  --retest      times a unit left undetermined (INCONC, ERROR, no record) is tested again when it could
                change the decision (default 1); still undetermined, it is named in the report
  --history     the lot history (JSON, harness/lot/lot-history.schema.json; created if missing): the
                switching rules give each class its inspection (normal, tightened, reduced), and the
                decided lot is added (a shard's only read: smcert merge --history adds the merged lot).
                With --supplier and --product (required with --history);
                --reduced-allowed: production is steady and reduced inspection approved (9.3.3)
  --lot-id      the lot's id in the history (default the --out directory's name)
  --shard       test only part i of n of the sample (on this machine; the others elsewhere); then
                smcert merge --out <dir> <the shards' lot directories> makes one lot decision
  --out         the lot directory (default out/lot; new or empty): lot-report.json, lot-report.html,
                oc-curve.svg, units/<serial>/ (each unit's run), profiles/, the signed manifest; <dir>.zip
  --key         Ed25519 private key (PEM) that signs the lot report and every unit's bundle
  --no-live     no live view (otherwise a page on 127.0.0.1, printed at start, shows each unit as it runs)

Exit codes: 0 lot accepted, 1 rejected or undetermined, 2 usage, profile or lot file error, 130 Ctrl-C
(SIGINT), 143 SIGTERM: the running units stop, none other starts, the report keeps what was tested.`;

export async function runLotCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('lot', LOT_USAGE, args, {
    profile: { type: 'string' },
    serials: { type: 'string' },
    emulate: { type: 'string' },
    'defect-rate': { type: 'string' },
    faults: { type: 'string' },
    aql: { type: 'string' },
    level: { type: 'string' },
    scheme: { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string' },
    'unit-workers': { type: 'string' },
    grep: { type: 'string' },
    curtail: { type: 'boolean' },
    retest: { type: 'string' },
    ...HISTORY_OPTIONS,
    shard: { type: 'string' },
    out: { type: 'string' },
    key: { type: 'string' },
    'no-live': { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const v = parsed as Record<string, string | boolean | undefined>;
  const text = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
  const whole = (name: string, fallback: number, min = 1) => {
    const value = text(name);
    if (value === undefined) return fallback;
    return /^\d+$/.test(value) && Number(value) >= min ? Number(value) : undefined;
  };
  if (!text('profile')) return usage('--profile is required');
  if ((text('serials') === undefined) === (text('emulate') === undefined))
    return usage('give the lot: either --serials <lot.csv> or --emulate <N>');
  const scheme = (text('scheme') ?? 'iso-2859-1') as SchemeName;
  if (!(scheme in SCHEMES)) return usage(`--scheme ${scheme}: use ${Object.keys(SCHEMES).join(' or ')}`);
  const workers = whole('workers', Math.max(1, Math.floor(availableParallelism() / 2)));
  const unitWorkers = whole('unit-workers', 1);
  const retest = whole('retest', 1, 0);
  const seed = whole('seed', Math.floor(Math.random() * 0x1_0000_0000), 0);
  if (workers === undefined) return usage(`--workers must be a positive integer, got '${text('workers')}'`);
  if (unitWorkers === undefined)
    return usage(`--unit-workers must be a positive integer, got '${text('unit-workers')}'`);
  if (retest === undefined) return usage(`--retest must be 0 or more, got '${text('retest')}'`);
  if (seed === undefined || seed > 0xffff_ffff)
    return usage(`--seed must be an integer 0–4294967295, got '${text('seed')}'`);
  const shard = text('shard') === undefined ? undefined : parseShard(text('shard')!);
  if (shard === undefined && text('shard') !== undefined)
    return usage(`--shard must be <i>/<n> with 1 ≤ i ≤ n, e.g. --shard 2/3, got '${text('shard')}'`);
  const history = text('history');
  const historyWrong = historyProblem(v);
  if (historyWrong) return usage(historyWrong);
  if (text('emulate') === undefined && (text('defect-rate') !== undefined || text('faults') !== undefined))
    return usage('--defect-rate and --faults make an emulated lot: give them with --emulate');

  const templateFile = resolve(text('profile')!);
  let template: Record<string, unknown>;
  let transport: LotTransport;
  let targetType: string;
  let loadedTemplate: Profile;
  try {
    const { profile } = loadProfile(templateFile, { checkHost: true });
    loadedTemplate = profile;
    if (profile.kind === 'hems-controller' || !('transport' in profile))
      return usage(
        `--profile ${templateFile}: a lot is of meters or communication units; this is a ${profile.kind} profile`,
      );
    targetType = profile.target.type;
    transport =
      profile.transport.type === 'udp'
        ? { type: 'udp', family: profile.transport.family }
        : { type: 'skstack' };
    template = JSON.parse(readFileSync(templateFile, 'utf8'));
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    console.error(error.message);
    return 2;
  }
  let units: LotUnit[];
  let source: LotReport['lot']['source'];
  if (text('serials') !== undefined) {
    if (targetType !== 'real')
      return usage(
        `--serials tests real units: the target of ${rel(templateFile)} must be "real" (use --emulate for emulated units)`,
      );
    const file = resolve(text('serials')!);
    if (!existsSync(file)) return fail(`--serials ${file}: no such file`);
    const bytes = readFileSync(file);
    try {
      units = parseLotCsv(bytes.toString('utf8'), rel(file), transport);
    } catch (error) {
      if (!(error instanceof LotCsvError)) throw error;
      return fail(error.message);
    }
    source = { kind: 'csv', file: rel(file), sha256: sha256(bytes) };
  } else {
    if (targetType !== 'emulated')
      return usage(`--emulate builds emulated units: the target of ${rel(templateFile)} must be "emulated"`);
    const size = whole('emulate', 0, 2);
    if (!size) return usage(`--emulate must be a lot size ≥ 2, got '${text('emulate')}'`);
    const rate = Number(text('defect-rate') ?? '0');
    if (!(rate >= 0 && rate <= 1) || text('defect-rate') === '')
      return usage(`--defect-rate must be a fraction 0–1 (0.02 for 2 %), got '${text('defect-rate')}'`);
    const faults = (text('faults') ?? DEFAULT_FAULTS)
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const unknown = faults.filter((f) => !FAULTS.some((d) => d.id === f));
    if (unknown.length > 0)
      return usage(`--faults: no fault switch ${unknown.join(', ')} (harness/devices/FAULTS.md lists them)`);
    try {
      // a fault of another kind of device is refused by the unit's profile: refused here, before any unit runs
      for (const fault of faults)
        checkProfile(templateFile, unitProfile(template, { serial: 'CHECK', faults: [fault] }, 0));
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      return usage(`--faults: ${error.message}`);
    }
    units = emulatedLot({ size, defectRate: rate, faults, seed });
    const defective = Object.fromEntries(
      units.filter((u) => u.faults?.length).map((u) => [u.serial, u.faults![0]!]),
    );
    source = { kind: 'emulated', defectRate: rate, faults, defective };
  }

  let plans: ReturnType<typeof lotPlans>;
  let lotHistory: ReturnType<typeof readLotHistory> | undefined;
  try {
    const aqls = parseAqls(text('aql') ?? DEFAULT_AQL, scheme);
    let severities: Map<Severity, 'normal' | 'tightened' | 'reduced'> | undefined;
    if (history) {
      lotHistory = readLotHistory(resolve(history));
      const states = switchingStates(lotHistory, text('supplier')!, text('product')!);
      const stopped = [...states].filter(([, s]) => s.discontinued).map(([c]) => c);
      if (stopped.length > 0)
        return fail(
          `the history ${history} has inspection of ${text('supplier')} / ${text('product')} discontinued (${stopped.join(', ')}: 5 lots not accepted on tightened, ISO 2859-1:1999 9.4): no lot is inspected until the supplier has improved the product`,
        );
      severities = new Map([...states].map(([c, s]) => [c, s.severity]));
    }
    plans = lotPlans({
      scheme,
      lotSize: units.length,
      level: text('level') ?? 'II',
      aqls,
      ...(severities ? { severities } : {}),
    });
  } catch (error) {
    if (error instanceof PlanRequestError) return usage(error.message);
    if (error instanceof LotHistoryError) return fail(error.message);
    throw error;
  }
  const outDir = resolve(text('out') ?? 'out/lot');
  if (existsSync(outDir) && readdirSync(outDir).length > 0)
    return fail(`--out ${rel(outDir)} is not empty: a lot is written into a new or empty directory`);
  const lock = takeRunLock(outDir);
  if (typeof lock === 'string') return fail(lock);
  try {
    // the cases are listed once, from the template: its units differ from it in serial, address and faults
    const caseList = join(outDir, 'case-list.json');
    try {
      const listed = listCases(loadedTemplate);
      const { selected } = selectCases(listed, text('grep') ? { grep: text('grep')! } : {});
      if (selected.length === 0)
        return fail(`no case matches --grep ${text('grep') ?? ''}; no unit was tested`);
      mkdirSync(outDir, { recursive: true });
      writeFileSync(caseList, `${JSON.stringify(listed, null, 1)}\n`);
    } catch (error) {
      if (error instanceof SelectionError) return fail(error.message);
      throw error;
    }
    const n = sampleSize(plans);
    const draw = drawSample(units, n, seed);
    const block = shard ? shardBlock(n, shard) : { start: 0, end: n };
    console.log(
      `smcert lot: lot of ${units.length} units, ${SCHEMES[scheme].title}, level ${text('level') ?? 'II'}, seed ${seed}`,
    );
    for (const [c, p] of plans)
      console.log(
        `  ${c.padEnd(8)} AQL ${p.aql.padEnd(5)} ${p.severity.padEnd(9)} code letter ${p.codeLetter}${p.planLetter !== p.codeLetter ? ` → ${p.planLetter}` : ''}, n ${p.n}${p.fullInspection ? ' (100 %)' : ''}, Ac ${p.ac}, Re ${p.re}`,
      );
    console.log(
      `  sample: ${n} units${shard ? `; shard ${shard.index}/${shard.total} tests draw #${block.start + 1}–${block.end}` : ''}, ${workers} at a time`,
    );
    const mine = draw.slice(block.start, block.end).map((unit, i) => ({ unit, index: block.start + i }));
    const channels = new Set(mine.map(({ unit }) => channel(template, unit)).filter((c) => c !== undefined));
    if (channels.size > 0 && channels.size < Math.min(workers, mine.length))
      console.log(
        `  note: the units share ${channels.size} local address(es) or dongle(s): ${channels.size} at a time, not ${workers} — give each unit its own localAddress column (an address of this machine) to test more at once`,
      );
    let stop: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stop) process.exit(128 + constants.signals[signal]);
      stop = signal;
      console.error(
        `\nsmcert lot: ${signal}: the running units stop; no other starts; the report keeps what was tested`,
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const live = v['no-live'] ? undefined : await startLiveView();
    const startedAt = new Date().toISOString();
    const header = {
      lot: units.length,
      plans: [...plans].map(([c, p]) => ({ class: c, n: p.n, ac: p.ac, re: p.re })),
      units: mine.map(({ unit, index }) => ({ serial: unit.serial, index })),
    };
    live?.start(header);
    if (live) console.log(`  live view: ${live.url}`);
    let finished = 0;
    const started = Date.now();
    const outcome = await runLot(
      {
        outDir,
        template,
        units: mine,
        plans,
        workers,
        unitWorkers,
        ...(text('grep') ? { grep: text('grep')! } : {}),
        ...(text('key') ? { keyFile: resolve(text('key')!) } : {}),
        caseList,
        curtail: v.curtail === true,
        retest,
        stopped: () => stop !== undefined,
      },
      (event) => {
        live?.publish(event);
        if (event.unit.state === 'done') {
          finished++;
          console.log(progressLine(event.unit, finished, mine.length, Date.now() - started));
        }
      },
    );
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const decision = shard ? undefined : lotDecision(plans, inDrawOrder(outcome.units));
    const report: LotReport = {
      format: 'smcert-lot-report/1',
      lot: {
        size: units.length,
        source,
        ...(text('supplier') ? { supplier: text('supplier')! } : {}),
        ...(text('product') ? { product: text('product')! } : {}),
      },
      template: { file: rel(templateFile), sha256: sha256(readFileSync(templateFile)) },
      scheme,
      level: text('level') ?? 'II',
      ...(text('grep') ? { grep: text('grep')! } : {}),
      draw: { seed, serials: draw.map((u) => u.serial) },
      plans: [...plans].map(([c, p]) => ({ class: c, ...p })),
      ...(shard ? { shard } : {}),
      workers,
      curtailed: outcome.curtailed,
      status: outcome.interrupted ? 'interrupted' : 'finished',
      units: outcome.units,
      ...(decision ? { decision } : {}),
      startedAt,
      finishedAt: new Date().toISOString(),
    };
    const written = writeLotReport(outDir, report, text('key') ? resolve(text('key')!) : undefined);
    live?.finish(report.decision, report.shard);
    await live?.close();
    const tested = report.units.filter((u) => u.state === 'done').length;
    const wall = (Date.now() - started) / 1000;
    console.log(
      `\nsmcert lot: ${tested} units tested in ${wall.toFixed(1)} s (${(wall / Math.max(1, tested)).toFixed(2)} s per unit, ${workers} at a time)${report.curtailed ? '; curtailed once the lot was rejected' : ''}`,
    );
    printLotEnd(report, written);
    if (decision && !outcome.interrupted) recordLot(v, decision, outDir, written.json, report.finishedAt);
    else if (history && shard)
      console.log(`history:     not added: a shard decides nothing; give --history to smcert merge`);
    if (outcome.interrupted) return 128 + constants.signals[stop ?? 'SIGINT'];
    if (shard) return 0;
    return decision?.decision === 'accept' ? 0 : 1;
  } finally {
    lock.release();
  }
}

function progressLine(unit: UnitReport, done: number, total: number, elapsedMs: number): string {
  const last = unit.attempts.at(-1);
  const width = String(total).length;
  const notes = last ? unitNotes(last.result).join(', ') : '';
  const eta = done < total ? `, ~${Math.ceil(((elapsedMs / done) * (total - done)) / 1000)} s left` : '';
  return `[${String(done).padStart(width)}/${total}] ${(last ? unitVerdict(last.result) : '').padEnd(5)} ${unit.serial} (${((last?.durationMs ?? 0) / 1000).toFixed(1)} s${eta})${notes ? ` ${notes}` : ''}`;
}

const rel = (p: string) => relative(process.cwd(), p) || '.';

function usage(problem: string): number {
  console.error(`smcert lot: ${problem}\n\n${LOT_USAGE}`);
  return 2;
}

function fail(problem: string): number {
  console.error(`smcert lot: ${problem}`);
  return 2;
}
