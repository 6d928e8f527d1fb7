// One run record of the shards of a run (`smcert run --shard i/n` on several machines or processes, then
// `smcert merge`): the same suite, data, profile, mode and selection in every shard, each shard 1…n once,
// every one finished, no case in two of them. The merged record holds every case, its times span the
// shards', and mergedFrom says where and when each shard ran.
import type { MergedShard, RunRecord } from './run-record.ts';

export class MergeRefused extends Error {
  override readonly name = 'MergeRefused';
}

/** `shards` by their run directories (for the messages), in any order. */
export function mergeRecords(shards: readonly { dir: string; record: RunRecord }[]): RunRecord {
  const problems: string[] = [];
  const unsharded = shards.filter((s) => !s.record.shard);
  for (const s of unsharded) problems.push(`${s.dir}: not a shard's record (run with --shard i/n)`);
  const sharded = shards.filter((s) => s.record.shard);
  const [first] = sharded;
  if (!first) throw new MergeRefused(problems.join('\n') || 'no run directory given');
  const total = first.record.shard!.total;
  const same = (what: string, of: (r: RunRecord) => unknown) => {
    for (const s of sharded.slice(1))
      if (JSON.stringify(of(s.record)) !== JSON.stringify(of(first.record)))
        problems.push(`${s.dir}: another ${what} than ${first.dir}'s`);
  };
  same('number of shards', (r) => r.shard!.total);
  same('suite (commit or files)', (r) => r.suite);
  same('data', (r) => r.data);
  same('profile', (r) => r.profile.sha256 ?? r.profile.content);
  same('mode', (r) => r.mode);
  same('selection (--grep)', (r) => r.grep ?? '');
  const byIndex = new Map<number, string>();
  for (const s of sharded) {
    const { index } = s.record.shard!;
    const twice = byIndex.get(index);
    if (twice) problems.push(`${s.dir}: shard ${index}/${total} again (also ${twice})`);
    byIndex.set(index, s.dir);
    if (s.record.status !== 'finished')
      problems.push(
        `${s.dir}: shard ${index}/${total} is ${s.record.status === 'running' ? 'unfinished' : 'interrupted'}: complete it first with smcert run --resume ${s.dir}`,
      );
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    problems.push(
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} not given`,
    );
  const seen = new Map<string, string>();
  for (const s of sharded)
    for (const c of s.record.cases) {
      const other = seen.get(c.id);
      if (other) problems.push(`${c.id}: in ${other} and in ${s.dir}`);
      seen.set(c.id, s.dir);
    }
  if (problems.length > 0) throw new MergeRefused(problems.join('\n'));
  const ordered = [...sharded].sort((a, b) => a.record.shard!.index - b.record.shard!.index);
  const { shard: _shard, notReached: _notReached, ...common } = ordered[0]!.record;
  const mergedFrom: MergedShard[] = ordered.map(({ record: r }) => ({
    shard: `${r.shard!.index}/${r.shard!.total}`,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt ?? r.startedAt,
    environment: r.environment,
    cases: r.cases.length,
  }));
  const times = mergedFrom.flatMap((m) => [m.startedAt, m.finishedAt]).sort();
  return {
    ...common,
    mergedFrom,
    startedAt: times[0]!,
    finishedAt: times[times.length - 1]!,
    status: 'finished',
    cases: ordered.flatMap((s) => s.record.cases).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
