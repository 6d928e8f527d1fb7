// Part i of n of a lot's sample (smcert lot --shard i/n): contiguous places of the draw, as Playwright's
// --shard splits a run's cases, the sizes differing by at most one; the n parts together are the sample.

export function shardBlock(
  size: number,
  shard: { readonly index: number; readonly total: number },
): { start: number; end: number } {
  return {
    start: Math.floor(((shard.index - 1) * size) / shard.total),
    end: Math.floor((shard.index * size) / shard.total),
  };
}
