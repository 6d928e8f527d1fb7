// `npm run bench`: every benchmark, each printing its figures as ratios against a baseline run beside it.
import { parseArgs } from 'node:util';
import { benchDecoder } from './decoder-bench.ts';
import { benchFleet } from './fleet-bench.ts';
import { benchHeadEnd } from './head-end-bench.ts';
import { benchLot } from './lot-bench.ts';
import { benchManyMeters } from './many-meters-bench.ts';
import { benchRetention } from './retention-bench.ts';
import { benchSuite } from './suite-bench.ts';
import { benchWisun } from './wisun-bench.ts';

export const BENCH_USAGE = `smcert bench [--meters <n>] [--seconds <s>] [--fleet <n>] [--head-end <n>]
             [--lot <n>] [--lot-workers <k>] [--only decoder|meters|suite|retention|wisun|fleet|head-end|lot]

Runs the benchmarks and prints each as a ratio against a baseline measured beside it.
  --meters    emulated meters for the many-meters benchmark (default 10000; one socket each, so ulimit -n must be above it)
  --seconds   load duration per side of the many-meters benchmark (default 3; three rounds each)
  --fleet     meters of the fleet-day benchmark, run for n and for 2n (default 1000000; 29000000 is a large
              utility's low-voltage fleet)
  --head-end  meters whose day the head-end benchmark delivers over HTTP into the reference head-end's
              SQLite (default 1000000)
  --lot       lot size of the lot benchmark (default 5000: code letter L at level II, a sample of 200 units)
  --lot-workers  units tested at once in the lot benchmark (default 2)
  --only      run one benchmark: decoder, meters, suite, retention, wisun, fleet, head-end or lot`;

export async function runBenchmarks(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      meters: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '3' },
      only: { type: 'string' },
      fleet: { type: 'string', default: '1000000' },
      'head-end': { type: 'string', default: '1000000' },
      lot: { type: 'string', default: '5000' },
      'lot-workers': { type: 'string', default: '2' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(BENCH_USAGE);
    return 0;
  }
  const meters = Number(values.meters);
  const seconds = Number(values.seconds);
  const fleet = Number(values.fleet);
  const headEnd = Number(values['head-end']);
  const lot = Number(values.lot);
  const lotWorkers = Number(values['lot-workers']);
  const counts = [meters, fleet, headEnd, lot, lotWorkers];
  if (counts.some((n) => !Number.isInteger(n) || n < 1) || !(seconds > 0)) {
    console.error(
      `smcert bench: --meters, --fleet, --head-end, --lot and --lot-workers must be positive integers and --seconds positive\n\n${BENCH_USAGE}`,
    );
    return 2;
  }
  const only = values.only;
  const names = ['decoder', 'meters', 'suite', 'retention', 'wisun', 'fleet', 'head-end', 'lot'];
  if (only !== undefined && !names.includes(only)) {
    console.error(
      `smcert bench: --only takes decoder, meters, suite, retention, wisun, fleet, head-end or lot, got '${only}'`,
    );
    return 2;
  }
  if (!only || only === 'decoder') for (const line of benchDecoder()) console.log(line);
  if (!only || only === 'suite') for (const line of benchSuite()) console.log(line);
  if (!only || only === 'retention') for (const line of await benchRetention()) console.log(line);
  if (!only || only === 'wisun') for (const line of benchWisun()) console.log(line);
  if (!only || only === 'fleet') for (const line of await benchFleet(fleet)) console.log(line);
  if (!only || only === 'head-end') for (const line of await benchHeadEnd(headEnd)) console.log(line);
  if (!only || only === 'lot') for (const line of benchLot(lot, lotWorkers)) console.log(line);
  if (!only || only === 'meters') {
    for (const line of await benchManyMeters({ meters, durationMs: seconds * 1000, rounds: 3 }))
      console.log(line);
  }
  return 0;
}
