// One-minute readings of a bidirectional high-voltage meter (class 0x028F): D0 active and D1 lagging
// reactive energy, forward then reverse, stamped on the minute and the same as their histories ED/EE.

import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import { getUnsigned, MINUTE } from '../../harness/conformance/meter-reads.ts';
import { expectReadingsOfTheirMinute } from '../../harness/conformance/one-minute-checks.ts';
import { hbServes } from './hb-applies.ts';

/** Readings per case, one minute apart. */
const READS = 3;

conformance(
  {
    id: 'HB-D0-001',
    title:
      'D0 (one-minute active energy) is stamped on the minute, equals ED for that minute and counts forward',
    specRef: 'APPX-R/028F/D0',
    severity: 'major',
    realTimeMs: (READS - 1) * MINUTE + FEW_REQUESTS_MS,
    applies: hbServes(0xd0, 0xe5, 0xed, 0xef),
    catches: ['d0-previous-minute-value', 'd0-stamp-seconds'],
  },
  async ({ dut, clock }) => {
    const digits = (await getUnsigned(dut, 0xe5, 1)).value;
    await expectReadingsOfTheirMinute(dut, clock, {
      readingEpc: 0xd0,
      historyEpc: 0xed,
      selectorEpc: 0xef,
      digits,
      reads: READS,
    });
  },
);

conformance(
  {
    id: 'HB-D1-001',
    title: 'D1 (one-minute lagging reactive energy) gives forward then reverse, equal to EE for its minute',
    specRef: 'APPX-R/028F/D1',
    severity: 'major',
    realTimeMs: (READS - 1) * MINUTE + FEW_REQUESTS_MS,
    applies: hbServes(0xd1, 0xcc, 0xee, 0xef),
    catches: ['d1-forward-reverse-swapped'],
  },
  async ({ dut, clock }) => {
    const digits = (await getUnsigned(dut, 0xcc, 1)).value;
    await expectReadingsOfTheirMinute(dut, clock, {
      readingEpc: 0xd1,
      historyEpc: 0xee,
      selectorEpc: 0xef,
      digits,
      reads: READS,
    });
  },
);
