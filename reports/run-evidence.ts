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

/** Clock ms from each request the harness sent to the device's reply with the same TID. */
export function responseTimes(entries: readonly TranscriptEntry[]): number[] {
  const out: number[] = [];
  const pending = new Map<string, number>();
  for (const e of entries) {
    const tid = e.hex.slice(4, 8);
    if (e.direction === 'sent') pending.set(tid, e.at);
    else if (!e.multicast && pending.has(tid)) {
      out.push(e.at - pending.get(tid)!);
      pending.delete(tid);
    }
  }
  return out;
}

/** Every value of a measured quantity over the run's cases (harness/conformance/measure.ts). */
export function measured(record: RunRecord, name: MeasuredName): number[] {
  return record.cases
    .flatMap((c) => (c.measurements ?? []).filter((m) => m.name === name))
    .flatMap((m) => m.values);
}
