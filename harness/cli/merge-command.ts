// `smcert merge --out <dir> <shard dir>...`: one run of the shards of a run (`smcert run --shard i/n`,
// Playwright's sharding, on several machines or processes): the merged record (reports/merge-records.ts),
// every shard's transcripts, then the certificate, JUnit, Allure and the signed bundle over them, as a
// whole run writes them. The shards' directories are read, never changed.
import { cpSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildReports } from '../../reports/build-reports.ts';
import { MergeRefused, mergeRecords } from '../../reports/merge-records.ts';
import { runPassed } from '../../reports/run-record.ts';
import { RunRecordError, readRunRecord, writeRunRecord } from '../../reports/run-record-io.ts';
import { RESOLVED_PROFILE } from '../profile/run-profile.ts';
import { printSummary } from './conformance-run.ts';
import { isLotDirectory, runLotMerge } from './lot-merge-command.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { printReportPaths } from './print-report-paths.ts';
import { HISTORY_OPTIONS, type HistoryValues } from './record-lot.ts';
import { outProblem } from './run-command.ts';
import { checkRunDirectory } from './run-directory.ts';
import { takeRunLock } from './run-lock.ts';

export const MERGE_USAGE = `smcert merge --out <dir> [--key <pem>] <shard dir> <shard dir>...
smcert merge --out <dir> [--key <pem>] [--history <f> --supplier <s> --product <p>] <lot shard dir>...

Makes one run of the shards of a run: each shard ran with smcert run --shard i/n (the same profile,
--grep and suite, on this machine or another) into a directory of its own; give them all, in any order.
  --out   the merged run's directory (new, empty or a previous run's, as smcert run --out): run-record.json
          (its mergedFrom says where and when each shard ran), transcripts/, certificate.html (+ .pdf),
          junit.xml, allure-results/, the signed manifest; and <dir>.zip
  --key   Ed25519 private key (PEM) that signs the merged bundle; without it an ephemeral key

Refused (exit 2, nothing written) when a shard is missing or given twice, a directory holds no shard's
record, a shard is unfinished (resume it first), or the shards differ in suite, data, profile, mode or
selection. Each shard's own bundle stays as it was.

The shards of a lot (smcert lot --shard i/n, each into a lot directory of its own) make one lot: every
shard's units, the merged lot-report.json/.html with the one decision, signed over all of it; refused
unless all n shards of the same lot, template, plans and draw are given once each and finished. With
--history (and --supplier, --product, optionally --lot-id, --reduced-allowed) the lot is added to it.

Exit codes: 0 every applicable case passed (a lot: accepted), 1 a case did not pass (rejected or
undetermined), 2 usage or a refusal.`;

export async function runMerge(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    'merge',
    MERGE_USAGE,
    args,
    { out: { type: 'string' }, key: { type: 'string' }, ...HISTORY_OPTIONS },
    ['out'],
    true,
  );
  if (typeof parsed === 'number') return parsed;
  const dirs = (parsed._ as string[]).map((d) => resolve(d));
  const outDir = resolve(parsed.out as string);
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  if (dirs.length === 0) return refuse(`give the shards' run directories\n\n${MERGE_USAGE}`);
  if (dirs.includes(outDir)) return refuse(`--out ${rel(outDir)} is one of the shards: give a new directory`);
  if (isLotDirectory(dirs[0]!)) return runLotMerge(dirs, outDir, parsed as HistoryValues & { key?: string });
  if (parsed.history !== undefined)
    return refuse('--history is for the shards of a lot (smcert lot --shard i/n)');
  const shards: Parameters<typeof mergeRecords>[0][number][] = [];
  for (const dir of dirs) {
    try {
      shards.push({ dir: rel(dir), record: readRunRecord(join(dir, 'run-record.json')) });
    } catch (error) {
      if (!(error instanceof RunRecordError)) throw error;
      return refuse(`${rel(dir)} holds no run record: ${error.message}`);
    }
  }
  let record: ReturnType<typeof mergeRecords>;
  try {
    record = mergeRecords(shards);
  } catch (error) {
    if (!(error instanceof MergeRefused)) throw error;
    return refuse(`cannot merge:\n${error.message.replace(/^/gm, '  ')}`);
  }
  const notDir = outProblem('merge', outDir);
  if (notDir) return notDir;
  const lock = takeRunLock(outDir);
  if (typeof lock === 'string') return refuse(lock);
  try {
    const ready = checkRunDirectory(outDir);
    if (typeof ready === 'string') return refuse(ready);
    ready();
    for (const dir of dirs) {
      const transcripts = join(dir, 'transcripts');
      if (existsSync(transcripts)) cpSync(transcripts, join(outDir, 'transcripts'), { recursive: true });
    }
    const resolved = join(dirs[0]!, RESOLVED_PROFILE);
    if (existsSync(resolved)) cpSync(resolved, join(outDir, RESOLVED_PROFILE));
    writeRunRecord(join(outDir, 'run-record.json'), record);
    console.log(
      `smcert merge: ${record.cases.length} cases of ${record.mergedFrom!.length} shards (${record.mergedFrom!.map((m) => `${m.shard}: ${m.cases}`).join(', ')})`,
    );
    printSummary(record.cases);
    const reports = await buildReports(outDir, typeof parsed.key === 'string' ? { keyFile: parsed.key } : {});
    printReportPaths(outDir, reports);
    return runPassed(record.cases.filter((c) => !c.erratum)) ? 0 : 1;
  } finally {
    lock.release();
  }
}

function refuse(problem: string): number {
  console.error(`smcert merge: ${problem}`);
  return 2;
}
