// Outage and restoration detection by polling (seed 通信/システム: ポーリング・30分値の有効活用による
// 停電検知・復旧検知機能): the reference head-end asks each meter behind it every POLL_MS (at multiples of
// it on the head-end's clock); a meter that stops answering is an outage at the first poll it misses, one
// that answers again a restoration at the first poll it answers. Worked out from the meter's power
// changes when asked, so a restart loses nothing and a virtual clock's jump polls as the wall clock would.

/** How often the reference head-end polls each meter behind it. */
export const POLL_MS = 5 * 60_000;

/** A meter's power going off or coming back, at `atMs` (the changes of one meter alternate, oldest first). */
export interface PowerChange {
  readonly atMs: number;
  readonly on: boolean;
}

export interface PolledEvent {
  readonly type: 'power-outage' | 'power-restoration';
  /** The poll that found it (it is known from then). */
  readonly created_ms: number;
}

/** The events polls every `pollMs` (0: never) found by `nowMs`; an outage between two polls is not seen. */
export function polledOutages(changes: readonly PowerChange[], pollMs: number, nowMs: number): PolledEvent[] {
  if (pollMs <= 0) return [];
  const nextPoll = (t: number) => Math.ceil(t / pollMs) * pollMs;
  const out: PolledEvent[] = [];
  for (let i = 0; i < changes.length; i++) {
    const off = changes[i]!;
    if (off.on) continue;
    const onAtMs = changes[i + 1]?.atMs ?? Number.POSITIVE_INFINITY;
    const missed = nextPoll(off.atMs);
    if (missed >= onAtMs || missed > nowMs) continue;
    out.push({ type: 'power-outage', created_ms: missed });
    const answered = nextPoll(onAtMs);
    if (answered <= nowMs) out.push({ type: 'power-restoration', created_ms: answered });
  }
  return out;
}
