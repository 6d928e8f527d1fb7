// Next-generation interval values (5/15/30-minute active and reactive energy, voltage) at the EPCs the
// profile names: no public EPC assignment exists yet, so what is read where is the profile's (PIXIT).

import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectThat, framesOf, valueIn } from '../../harness/conformance/checks.ts';
import { conformance, NotApplicable } from '../../harness/conformance/conformance.ts';
import {
  getValue,
  jstText,
  MINUTE,
  selector,
  setAccepted,
  stampedValue,
} from '../../harness/conformance/meter-reads.ts';
import { toHex } from '../../harness/echonet/hex.ts';
import { readUnsigned } from '../../harness/echonet/values/integer.ts';
import { nextGenerationValueSize } from '../../harness/profile/next-generation-layout.ts';
import type { NextGenerationItem, Profile } from '../../harness/profile/profile.ts';

const hasItems = (p: Profile): true | string =>
  p.kind === 'lv-meter' && (p.nextGeneration?.length ?? 0) > 0
    ? true
    : 'the profile declares no next-generation items';
const code = (epc: string) => Number.parseInt(epc, 16);
/** An EDT of a next-generation EPC: a 7-byte date-time then `count` values; another size is a FAIL. */
function expectItemSize(
  epc: string,
  quantity: NextGenerationItem['quantity'],
  edt: Uint8Array,
  count: number,
  frames: number[],
): void {
  const size = 7 + count * nextGenerationValueSize(quantity);
  expectThat(
    edt.length === size,
    `${epc} is a date-time and ${count} ${quantity} value${count > 1 ? 's' : ''} of ${nextGenerationValueSize(quantity)} bytes`,
    `PDC ${size}`,
    `PDC ${edt.length} (${toHex(edt)})`,
    frames,
  );
}

/** No-data value of each quantity: 4-byte counters 0xFFFFFFFE, 2-byte voltage 0xFFFE. */
const noData = (data: Uint8Array) =>
  data.length === 2 ? readUnsigned(data, 0, 2) === 0xfffe : readUnsigned(data, 0, 4) === 0xfffffffe;

conformance(
  {
    id: 'LV-NG-LAT-001',
    title: 'each next-generation item gives its latest interval value, stamped at the interval boundary',
    specRef: 'NG/LATEST',
    severity: 'major',
    catches: ['next-gen-latest-stale', 'ng-stamp-seconds'],
    realTimeMs: FEW_REQUESTS_MS,
    applies: hasItems,
  },
  async ({ dut, clock, profile }) => {
    for (const item of profile.nextGeneration ?? []) {
      const { value, frames } = await getValue(dut, code(item.epc));
      expectItemSize(item.epc, item.quantity, value, 1, frames);
      const { at, data } = stampedValue(value, `${item.epc} begins with its date-time`, frames);
      const step = item.intervalMinutes * MINUTE;
      const latest = Math.floor(clock.now() / step) * step;
      const what = `${item.quantity} every ${item.intervalMinutes} min at ${item.epc}`;
      expectThat(
        at === latest,
        `${what}: stamped with the latest interval boundary`,
        jstText(latest),
        jstText(at),
        frames,
      );
      expectThat(!noData(data), `${what}: the latest value is measured`, 'a value', toHex(data), frames);
    }
  },
);

conformance(
  {
    id: 'LV-NG-RET-001',
    title: 'next-generation histories keep values for the retention period the profile declares',
    specRef: 'NG/RETENTION',
    severity: 'major',
    realTimeMs: FEW_REQUESTS_MS,
    applies: hasItems,
    catches: ['next-gen-retention-halved'],
  },
  async ({ dut, clock, profile }) => {
    const withHistory = (profile.nextGeneration ?? []).filter((i) => i.selectorEpc && i.historyEpc);
    if (withHistory.length === 0)
      throw new NotApplicable('no next-generation item has a selector and a history EPC');
    for (const item of withHistory) {
      const step = item.intervalMinutes * MINUTE;
      const retention = item.retentionDays * 86_400_000;
      // the oldest interval still inside the retention period, one step in
      const at = Math.floor((clock.now() - retention) / step) * step + step;
      const edt = selector(at, 1);
      const frames = await setAccepted(
        dut,
        code(item.selectorEpc!),
        edt,
        `${item.selectorEpc} accepts an interval boundary and a count`,
      );
      const x = await dut.get(code(item.historyEpc!));
      const history = valueIn(x, code(item.historyEpc!), `${item.historyEpc} is served`);
      expectItemSize(item.historyEpc!, item.quantity, history, 1, [...frames, ...framesOf(x)]);
      // the history answers the selection it was given: its instant and count first
      expectThat(
        toHex(history.subarray(0, 7)) === toHex(edt),
        `${item.historyEpc} begins with the selection of ${item.selectorEpc}`,
        toHex(edt),
        toHex(history.subarray(0, 7)),
        [...frames, ...framesOf(x)],
      );
      const data = history.subarray(7);
      expectThat(
        !noData(data),
        `${item.quantity} every ${item.intervalMinutes} min: the value of ${jstText(at)} is kept (${item.retentionDays} days)`,
        'a value',
        `${toHex(data)} (no data)`,
        [...frames, ...framesOf(x)],
      );
    }
  },
);
