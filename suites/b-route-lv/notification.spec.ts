// The 30-minute notification (AIF LV §3.2.1): after every :00 and :30 the meter notifies EA (and EB) by
// INF or INFC within 5 minutes, the value stamped with that :00/:30. Checked over 48 consecutive cycles:
// a virtual day in seconds on an emulated meter, a real day on the wall clock.

import { pass } from '../../harness/clock/wait.ts';
import { announces } from '../../harness/conformance/announcements.ts';
import { conformance, observe } from '../../harness/conformance/conformance.ts';
import { MEASURED, measure } from '../../harness/conformance/measure.ts';
import {
  HALF_HOUR,
  halfHourFloor,
  jstText,
  MINUTE,
  stampedValue,
} from '../../harness/conformance/meter-reads.ts';
import type { Eoj } from '../../harness/echonet/eoj.ts';
import { lvMeter } from './lv-applies.ts';

const WINDOW = 5 * MINUTE;

/** An INF or INFC of EA from the meter object under test (the dut client keeps only the device's frames). */
const eaNotification = (meter: Eoj) => announces(0xea, { from: meter, confirmed: true });

conformance(
  {
    id: 'LV-BR-INF-001',
    title:
      'EA is notified within 5 min after every :00 and :30, stamped with it (consecutive cycles: the profile’s notificationCycles, AIF 48)',
    specRef: 'AIF-LV-1.01/3.2.1',
    severity: 'critical',
    applies: lvMeter,
    catches: ['inf-late-7min', 'inf-missing'],
    realTimeMs: (p) => (p.parameters.notificationCycles + 1) * HALF_HOUR,
  },
  async ({ dut, clock, verdicts, profile }) => {
    const cycles = profile.parameters.notificationCycles;
    let observed = 0;
    const latencies: number[] = []; // ms after each :00/:30, for the certificate's plot
    await dut.get(0x80); // the meter learns its controller (INFC goes to it)
    const isEa = eaNotification(dut.options.deviceEoj);
    let boundary = halfHourFloor(clock.now()) + HALF_HOUR;
    // every cycle is checked: a late or missing notification is noted and the next cycle still runs
    for (let cycle = 0; cycle < cycles; cycle++, boundary += HALF_HOUR) {
      await pass(clock, boundary - clock.now());
      const since = dut.arrivals.length;
      const got = await dut.waitFor((a) => isEa(a) && a.entry.at >= boundary, WINDOW, since);
      const rule = `EA notified within 5 min after ${jstText(boundary)} (cycle ${cycle + 1} of ${cycles})`;
      if (
        !verdicts.check(got !== undefined, rule, `INF or INFC of EA by ${jstText(boundary + WINDOW)}`, 'none')
      )
        continue;
      observed++;
      latencies.push(got!.entry.at - boundary);
      const ea = ('properties' in got!.frame! ? got!.frame.properties : []).find((p) => p.epc === 0xea)!;
      const { at } = stampedValue(ea.edt, 'EA begins with its date-time', [got!.entry.seq]);
      verdicts.check(
        at === boundary,
        `the EA notified in cycle ${cycle + 1} is the value at that :00/:30`,
        jstText(boundary),
        jstText(at),
        [got!.entry.seq],
      );
    }
    measure(MEASURED.notificationLatency, latencies);
    // the certificate states how many cycles were seen (a lab may declare fewer than the AIF's 48)
    observe(`${observed} of ${cycles} consecutive :00/:30 notifications observed (AIF: 48)`);
  },
);
