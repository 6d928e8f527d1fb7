// What the report builders read from a run directory besides the record: the transcripts as entries,
// the frames a verdict cites, request→reply times and the quantities the cases measured.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MeasuredName } from '../harness/conformance/measure.ts';
import type { TranscriptEntry } from '../harness/conformance/transcript.ts';
import type { CaseRecord, RunRecord } from './run-record.ts';

export function transcriptOf(outDir: string, c: CaseRecord): TranscriptEntry[] {
  const file = join(outDir, 'transcripts', `${c.id}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TranscriptEntry[]) : [];
}

/** The transcript lines a reason cites as `#n`, as text. */
export function citedFrames(outDir: string, c: CaseRecord): string[] {
  const cited = new Set([...(c.reason ?? '').matchAll(/#(\d+)/g)].map((m) => Number(m[1])));
  if (cited.size === 0 || !c.transcript) return [];
  const file = join(outDir, c.transcript);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => cited.has(Number(/^#(\d+) /.exec(line)?.[1])));
}

/** Clock ms from each request the harness sent to the frame the dut client took as its reply. */
export function responseTimes(entries: readonly TranscriptEntry[]): number[] {
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  return entries.flatMap((e) => {
    const request = e.answers === undefined ? undefined : bySeq.get(e.answers);
    return request ? [e.at - request.at] : [];
  });
}

/** Every value of a measured quantity over the run's cases (harness/conformance/measure.ts). */
export function measured(record: RunRecord, name: MeasuredName): number[] {
  return record.cases
    .flatMap((c) => (c.measurements ?? []).filter((m) => m.name === name))
    .flatMap((m) => m.values);
}
