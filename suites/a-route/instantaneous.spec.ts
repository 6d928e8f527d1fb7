// Instantaneous values on request (seed 通信/システム: 有効電力と電流の瞬時値を必要なときに送付): the
// head-end asks its meters when the MDMS asks it, and answers each meter's active power and current as
// measured then, within the declared time (the seed gives none: instantaneousSeconds). Asked three times,
// ten minutes apart: a value answered from an earlier read is stamped with that read's time.
import type { MeterReading } from '../../harness/a-route/contract.ts';
import { observe } from '../../harness/conformance/conformance.ts';
import { headEndConformance } from '../../harness/conformance/head-end-conformance.ts';
import { passLong } from '../../harness/conformance/long-wait.ts';

const CLAUSE = 'NG/A-ROUTE-INSTANT';
const ASKS = 3;
const APART_MS = 10 * 60_000;

/** The one reading of `type` a meter's answer holds, with its time and number; undefined when not one. */
function readingOf(m: MeterReading | undefined, type: string) {
  const blocks = m?.IntervalBlocks.filter((b) => b.ReadingType.ref === type) ?? [];
  const r =
    blocks.length === 1 && blocks[0]!.IntervalReadings.length === 1
      ? blocks[0]!.IntervalReadings[0]!
      : undefined;
  return r && { atMs: Date.parse(r.timeStamp), value: Number(r.value), text: `${r.value} at ${r.timeStamp}` };
}

headEndConformance(
  {
    id: 'AR-INS-001',
    title: 'instantaneous power and current are measured when asked and answered within the declared time',
    specRef: CLAUSE,
    severity: 'major',
    catches: ['he-instantaneous-stale'],
    realTimeMs: ASKS * APART_MS + 5 * 60_000,
  },
  async ({ headEndProfile, clock, verdicts, headEnd }) => {
    const p = headEndProfile.parameters;
    const withinMs = p.instantaneousSeconds * 1000;
    const took: number[] = [];
    for (let ask = 0; ask < ASKS; ask++) {
      if (ask > 0) await passLong(clock, APART_MS);
      const askedMs = clock.now();
      const wallStart = performance.now();
      const answer = await headEnd.client.instantaneous(p.instantaneousMeters);
      const wallMs = performance.now() - wallStart;
      took.push(wallMs);
      verdicts.check(
        wallMs <= withinMs,
        `${CLAUSE}: answered within ${p.instantaneousSeconds} s of the request`,
        `≤ ${withinMs} ms`,
        `${Math.round(wallMs)} ms`,
        [],
        CLAUSE,
      );
      for (const meter of p.instantaneousMeters) {
        const m = answer.MeterReading.find((r) => r.Meter.mRID === meter);
        for (const [type, unit] of [
          ['power-instantaneous', 'W'],
          ['current-instantaneous', 'A'],
        ] as const) {
          const r = readingOf(m, type);
          verdicts.check(
            r !== undefined && Number.isFinite(r.value) && r.value >= 0,
            `${CLAUSE}: each meter asked answers one ${type} value (${unit}, ≥ 0)`,
            `${meter}: one ${type} value`,
            r ? `${meter}: ${r.text}` : `${meter}: ${m ? 'no such single value' : 'not answered'}`,
            [],
            CLAUSE,
          );
          if (!r) continue;
          verdicts.check(
            Math.abs(r.atMs - askedMs) <= withinMs,
            `${CLAUSE}: measured when asked (within ${p.instantaneousSeconds} s), not answered from an earlier read`,
            `${meter} ${type} measured at ${new Date(askedMs).toISOString()} ± ${p.instantaneousSeconds} s`,
            `${meter}: ${r.text}`,
            [],
            CLAUSE,
          );
        }
      }
    }
    observe(`instantaneous answers took ${took.map((ms) => `${Math.round(ms)} ms`).join(', ')} (wall clock)`);
  },
);
