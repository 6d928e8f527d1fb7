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

/** ESV (byte 10) and TID (bytes 2–3) of a transcript entry's frame, when it is long enough to have them. */
function esvAndTid(e: TranscriptEntry): { esv: number; tid: number } | undefined {
  const hex = e.hex.replace(/\s/g, '');
  if (hex.length < 24) return undefined;
  return { esv: Number.parseInt(hex.slice(20, 22), 16), tid: Number.parseInt(hex.slice(4, 8), 16) };
}

/**
 * A controller under test (the harness plays the meter): clock ms from each INFC the harness sent to the
 * controller's INFC_Res with the same TID (ECHONET Lite part 2 §3.2.5).
 */
export function infcResTimes(entries: readonly TranscriptEntry[]): number[] {
  const open = new Map<number, number>();
  const times: number[] = [];
  for (const e of entries) {
    const f = esvAndTid(e);
    if (!f) continue;
    if (e.direction === 'sent' && f.esv === 0x74) open.set(f.tid, e.at);
    else if (e.direction === 'received' && f.esv === 0x7a && open.has(f.tid)) {
      times.push(e.at - open.get(f.tid)!);
      open.delete(f.tid);
    }
  }
  return times;
}

/** A controller under test: clock ms between consecutive requests it sent (ESV 0x60–0x6F) within a case. */
export function requestGaps(entries: readonly TranscriptEntry[]): number[] {
  const at = entries
    .filter((e) => e.direction === 'received')
    .filter((e) => {
      const esv = esvAndTid(e)?.esv;
      return esv !== undefined && esv >= 0x60 && esv <= 0x6f;
    })
    .map((e) => e.at);
  return at.slice(1).map((t, i) => t - at[i]!);
}

/** Every value of a measured quantity over the run's cases (harness/conformance/measure.ts). */
export function measured(record: RunRecord, name: MeasuredName): number[] {
  return record.cases
    .flatMap((c) => (c.measurements ?? []).filter((m) => m.name === name))
    .flatMap((m) => m.values);
}
