// Instantaneous currents of a bidirectional high-voltage meter (class 0x028F EB): R and T phase, signed
// 4 bytes in 0.1 A each; a single-phase two-wire meter has no T phase and gives 0x7FFFFFFE there.

import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectThat } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import { getValue } from '../../harness/conformance/meter-reads.ts';
import { toHex } from '../../harness/echonet/hex.ts';
import { readUnsigned } from '../../harness/echonet/values/integer.ts';
import { NO_DATA_I32 } from '../../harness/echonet/values/sentinels.ts';
import type { Profile } from '../../harness/profile/profile.ts';
import { hbServes } from './hb-applies.ts';

const served = hbServes(0xeb);

conformance(
  {
    id: 'HB-EB-001',
    title:
      'EB gives a current for each phase the wiring has, and 0x7FFFFFFE for the T phase of a two-wire meter',
    specRef: 'APPX-R/028F/EB',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: (p: Profile) => {
      const gate = served(p);
      if (gate !== true) return gate;
      return p.wiring ? true : 'the profile does not declare the wiring (which phases EB measures)';
    },
    catches: ['eb-t-phase-not-no-data'],
  },
  async ({ dut, profile }) => {
    const { value, frames } = await getValue(dut, 0xeb);
    const [r, t] = [readUnsigned(value, 0, 4), readUnsigned(value, 4, 4)];
    const hex = (offset: number) => toHex(value.subarray(offset, offset + 4));
    expectThat(r !== NO_DATA_I32, 'EB gives the R phase current', 'a current', `${hex(0)} (no data)`, frames);
    if (profile.wiring === 'single-phase-2-wire') {
      expectThat(
        t === NO_DATA_I32,
        'a single-phase two-wire meter has no T phase: EB gives 0x7FFFFFFE there',
        '7FFFFFFE',
        hex(4),
        frames,
      );
    } else {
      expectThat(
        t !== NO_DATA_I32,
        `a ${profile.wiring} meter measures the T phase`,
        'a current',
        '7FFFFFFE (no data)',
        frames,
      );
    }
  },
);
