// `smcert merge --out <dir> <lot shard dir>...` when the directories are a lot's shards (smcert lot --shard
// i/n): one lot directory of all of them — every shard's units (their own runs and bundles, copied as they
// are), the merged lot report with the one decision, signed over all of it; with --history, the lot added.
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LOT_REPORT, type LotReport, writeLotReport } from '../../reports/lot-report.ts';
import { LotMergeRefused, mergeLotReports } from '../lot/merge-lots.ts';
import { printLotEnd } from './print-lot-end.ts';
import { type HistoryValues, historyProblem, recordLot } from './record-lot.ts';
import { takeRunLock } from './run-lock.ts';

export function isLotDirectory(dir: string): boolean {
  return existsSync(join(dir, LOT_REPORT));
}

export function runLotMerge(
  dirs: readonly string[],
  outDir: string,
  values: HistoryValues & { readonly key?: string },
): number {
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  const refuse = (problem: string) => {
    console.error(`smcert merge: ${problem}`);
    return 2;
  };
  const wrong = historyProblem(values);
  if (wrong) return refuse(wrong);
  const shards: { dir: string; report: LotReport }[] = [];
  for (const dir of dirs) {
    if (!isLotDirectory(dir))
      return refuse(`${rel(dir)} holds no ${LOT_REPORT}: give the shards' lot directories`);
    shards.push({
      dir: rel(dir),
      report: JSON.parse(readFileSync(join(dir, LOT_REPORT), 'utf8')) as LotReport,
    });
  }
  let merged: LotReport;
  try {
    merged = mergeLotReports(shards);
  } catch (error) {
    if (!(error instanceof LotMergeRefused)) throw error;
    return refuse(`cannot merge:\n${error.message.replace(/^/gm, '  ')}`);
  }
  if (existsSync(outDir) && readdirSync(outDir).length > 0)
    return refuse(
      `--out ${rel(outDir)} is not empty: the merged lot is written into a new or empty directory`,
    );
  const lock = takeRunLock(outDir);
  if (typeof lock === 'string') return refuse(lock);
  try {
    for (const dir of dirs)
      for (const part of ['units', 'profiles'])
        if (existsSync(join(dir, part))) cpSync(join(dir, part), join(outDir, part), { recursive: true });
    cpSync(join(dirs[0]!, 'case-list.json'), join(outDir, 'case-list.json'));
    console.log(
      `smcert merge: lot of ${merged.lot.size}, ${merged.units.length} units of ${shards.length} shards (${merged.mergedFrom!.map((m) => `${m.shard}: ${m.units}`).join(', ')})`,
    );
    const written = writeLotReport(outDir, merged, values.key);
    printLotEnd(merged, written);
    recordLot(values, merged.decision!, outDir, written.json, merged.finishedAt);
    return merged.decision!.decision === 'accept' ? 0 : 1;
  } finally {
    lock.release();
  }
}
