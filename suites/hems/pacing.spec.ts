// How often a HEMS controller asks the meter, measured on the wire once its start-up reads are done: the
// most requests in any minute within the rate the profile declares (parameters.requestsPerMinute; the
// B-route guideline's §11 sets the communication frequency, its figures are not in the suite's sources).
// The record keeps the histogram of requests per minute.

import { HALF_HOUR } from '../../harness/clock/durations.ts';
import { expectThat } from '../../harness/conformance/checks.ts';
import { observe } from '../../harness/conformance/conformance.ts';
import { epcsOf } from '../../harness/conformance/hems-bench.ts';
import {
  afterStartup,
  histogramText,
  jstText,
  requestRate,
  startedUp,
} from '../../harness/conformance/hems-checks.ts';
import { hemsConformance } from '../../harness/conformance/hems-conformance.ts';
import { MEASURED, measure } from '../../harness/conformance/measure.ts';
import { hemsController } from './hc-applies.ts';

/** How long the pace is measured: a half hour, so one :00/:30 notification falls in it. */
const MEASURED_MS = HALF_HOUR;

hemsConformance(
  {
    id: 'HC-PACE-001',
    title: 'after its start-up the controller sends at most the declared number of requests in any minute',
    specRef: 'BRG-LV/11',
    severity: 'major',
    catches: ['polls-every-10s'],
    realTimeMs: afterStartup(MEASURED_MS),
    applies: hemsController,
  },
  async ({ bench, profile }) => {
    const { eaReply } = await startedUp(bench, profile);
    const from = eaReply.entry.at;
    await bench.pass(MEASURED_MS);
    const limit = profile.parameters.requestsPerMinute;
    const rate = requestRate(bench.requests(), from, from + MEASURED_MS);
    // the certificate's pacing plot: one value per minute, its number of requests
    measure(
      MEASURED.requestsPerMinute,
      [...rate.perMinute].flatMap(([count, minutes]) => Array.from({ length: minutes }, () => count)),
      'count',
    );
    observe(
      `requests per minute over ${MEASURED_MS / 60_000} minutes after the start-up: ${histogramText(rate.perMinute)}; most in any 60 s: ${rate.max} (declared ${limit})`,
    );
    expectThat(
      rate.max <= limit,
      `the HEMS controller keeps to the request rate it declares, ${limit} a minute (profile parameters.requestsPerMinute; B-route guideline §11)`,
      `at most ${limit} requests in any 60 s after the start-up (${jstText(from)})`,
      rate.at.length === 0
        ? 'none'
        : `${rate.max} from ${jstText(rate.at[0]!.entry.at)}: ${rate.at
            .slice(0, 8)
            .map((r) => `#${r.entry.seq} ${epcsOf(r.frame!)}`)
            .join(', ')}${rate.at.length > 8 ? ', …' : ''}`,
      rate.at.slice(0, 8).map((r) => r.entry.seq),
    );
  },
);
