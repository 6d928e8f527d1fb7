// `npm run bench`: every benchmark, each printing its figures as ratios against a baseline run beside it.
import { benchDecoder } from './decoder-bench.ts';

export async function runBenchmarks(_args: string[]): Promise<number> {
  for (const line of benchDecoder()) console.log(line);
  return 0;
}
