// Side-by-side timing: the candidates run in alternation, several rounds, and the median round counts.
import { performance } from 'node:perf_hooks';

export interface Candidate {
  readonly name: string;
  /** Processes the whole workload once; returns a checksum so the work cannot be optimised away. */
  readonly run: () => number;
}

export interface Measurement {
  readonly name: string;
  readonly medianMs: number;
}

export function measureSideBySide(candidates: readonly Candidate[], rounds = 5): Measurement[] {
  for (const candidate of candidates) candidate.run(); // warm-up
  const times = candidates.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    candidates.forEach((candidate, i) => {
      const start = performance.now();
      candidate.run();
      times[i]!.push(performance.now() - start);
    });
  }
  return candidates.map((candidate, i) => ({ name: candidate.name, medianMs: median(times[i]!) }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
