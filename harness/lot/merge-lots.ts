// One lot report of the shards of a lot (smcert lot --shard i/n on several machines or processes, then
// smcert merge): every shard must be of the same lot, template, plans and draw, and all n given once each;
// the units of all of them, in draw order, then decide the lot as one run would have.
import type { LotReport } from '../../reports/lot-report.ts';
import { lotDecision } from '../sampling/lot-decision.ts';
import { inDrawOrder } from './lot-run.ts';

export class LotMergeRefused extends Error {
  override readonly name = 'LotMergeRefused';
}

export function mergeLotReports(
  shards: readonly { readonly dir: string; readonly report: LotReport }[],
): LotReport {
  const problems: string[] = [];
  const first = shards[0]!.report;
  const total = first.shard?.total;
  const seen = new Map<number, string>();
  const same = (report: LotReport) =>
    JSON.stringify([
      report.lot,
      report.template,
      report.scheme,
      report.level,
      report.grep,
      report.draw,
      report.plans,
    ]);
  for (const { dir, report } of shards) {
    if (!report.shard) {
      problems.push(`${dir} is a whole lot, not a shard (smcert lot --shard i/n)`);
      continue;
    }
    if (report.shard.total !== total)
      problems.push(
        `${dir} is shard ${report.shard.index}/${report.shard.total}, the first given is of ${total}`,
      );
    const twice = seen.get(report.shard.index);
    if (twice)
      problems.push(`shard ${report.shard.index}/${report.shard.total} given twice: ${twice} and ${dir}`);
    seen.set(report.shard.index, dir);
    if (report.status !== 'finished')
      problems.push(`${dir}: its lot run was interrupted; run that shard again`);
    if (same(report) !== same(first))
      problems.push(
        `${dir} is not of the same lot as ${shards[0]!.dir} (lot, template, scheme, level, --grep, draw or plans differ)`,
      );
  }
  for (let i = 1; total !== undefined && i <= total; i++)
    if (!seen.has(i)) problems.push(`shard ${i}/${total} is missing`);
  if (problems.length > 0) throw new LotMergeRefused(problems.join('\n'));
  const units = shards.flatMap((s) => s.report.units).sort((a, b) => a.index - b.index);
  const plans = new Map(first.plans.map(({ class: severity, ...plan }) => [severity, plan]));
  const { shard: _shard, ...whole } = first;
  return {
    ...whole,
    workers: Math.max(...shards.map((s) => s.report.workers)),
    curtailed: shards.some((s) => s.report.curtailed),
    units,
    decision: lotDecision(plans, inDrawOrder(units)),
    startedAt: shards.map((s) => s.report.startedAt).sort()[0]!,
    finishedAt: shards
      .map((s) => s.report.finishedAt)
      .sort()
      .at(-1)!,
    mergedFrom: shards.map((s) => ({
      dir: s.dir,
      shard: `${s.report.shard!.index}/${s.report.shard!.total}`,
      units: s.report.units.length,
    })),
  };
}
