// A HEMS controller over Wi-SUN when its module holds sends (echonet-smart-meter.md §4.2): a PANA
// re-authentication (EVENT 29, the session lifetime expired, until EVENT 25) and the ARIB STD-T108
// send-time limit (EVENT 32 until EVENT 33). Our reading of the sources: momonga documents the
// module-side blocking in both (§3.3), so a controller that keeps writing SKSENDTO meanwhile only collects
// FAILs and floods the line, and one that sends all it held back at once breaks its pace; the B-route
// guideline's §11 frequency figures are not available, so the pace is the profile's declared rate
// (parameters.requestsPerMinute, as HC-PACE-001) and the number of attempts allowed during a hold is our
// figure, MAX_HELD_SENDS. Judged on the serial line as the bench's module read it
// (harness/conformance/module-serial.ts, the case's serial.txt), never in the controller.

import { afterStartup, startedUp } from '../../harness/conformance/hems-checks.ts';
import { type HemsCaseBody, hemsConformance } from '../../harness/conformance/hems-conformance.ts';
import { expectHeldBack } from '../../harness/conformance/hems-hold-checks.ts';
import type { WisunBench } from '../../harness/conformance/hems-wisun-bench.ts';
import type { SerialLine } from '../../harness/conformance/module-serial.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { EVENT } from '../../harness/transport/skstack/events.ts';
import { hemsOverWisun } from './hc-applies.ts';

/** SKSENDTO a controller may write while a hold lasts, before it holds back (our figure, no source gives one). */
const MAX_HELD_SENDS = 2;
/** A re-authentication as the module runs it: the client's transport re-joins only after 20 s. */
const REAUTH_MS = 5_000;
/** The ARIB limit held for a minute: short of the hour a real module may hold, long enough to be seen. */
const ARIB_HOLD_MS = 60_000;
/** How long the pace is measured after the hold. */
const AFTER_MS = 2 * 60_000;

/** The fixture's Wi-SUN bench; the gate made sure there is one. */
function wisunOf(wisun: WisunBench | undefined): WisunBench {
  if (!wisun)
    throw new Error('no Wi-SUN bench: the case runs on a controller profile with transport "skstack"');
  return wisun;
}

/** A hold of the bench's module: how it starts (the serial line where it began) and the EVENT that ends it. */
interface Hold {
  readonly name: string;
  readonly ms: number;
  readonly endEvent: number;
  start(wisun: WisunBench, ms: number): SerialLine;
}

/**
 * The case body of a hold: after the start-up reads, the module holds while an INFC comes to answer; the
 * controller must hold back its SKSENDTO meanwhile and keep its declared rate after (expectHeldBack).
 */
function heldBackAround(hold: Hold): HemsCaseBody {
  return async ({ bench, wisunBench, profile }) => {
    const wisun = wisunOf(wisunBench);
    const { eaReply } = await startedUp(bench, profile);
    const start = hold.start(wisun, hold.ms);
    const infc = await bench.notifyNow(ESV.INFC);
    await bench.pass(hold.ms + AFTER_MS);
    expectHeldBack(
      wisun.serial,
      { name: hold.name, start, endEvent: hold.endEvent },
      {
        heldSends: MAX_HELD_SENDS,
        requestsPerMinute: profile.parameters.requestsPerMinute,
        afterMs: AFTER_MS,
      },
      [eaReply.entry.seq, infc.entry.seq],
    );
  };
}

hemsConformance(
  {
    id: 'HC-REAUTH-001',
    title:
      'while its module re-authenticates the PANA session (EVENT 29 … EVENT 25) the controller sends no burst of SKSENDTO, and keeps its declared rate after',
    specRef: 'SK/HOST-REAUTH-HOLD',
    severity: 'major',
    catches: ['sends-during-reauth'],
    realTimeMs: afterStartup(REAUTH_MS + AFTER_MS + 60_000),
    applies: hemsOverWisun,
  },
  // the reads that follow the start-up, and an INFC to answer, come while the session is re-authenticated
  heldBackAround({
    name: 'the PANA re-authentication (EVENT 29 … EVENT 25)',
    ms: REAUTH_MS,
    endEvent: EVENT.panaEstablished,
    start: (wisun, ms) => wisun.reauthenticate(ms),
  }),
);

hemsConformance(
  {
    id: 'HC-ARIB-001',
    title:
      'while the ARIB STD-T108 limit holds (EVENT 32 … EVENT 33) the controller does not keep sending, and sends no burst after it',
    specRef: 'SK/HOST-ARIB-HOLD',
    severity: 'major',
    catches: ['resends-when-arib-limited'],
    realTimeMs: afterStartup(ARIB_HOLD_MS + AFTER_MS + 60_000),
    applies: hemsOverWisun,
  },
  heldBackAround({
    name: 'the ARIB STD-T108 limit (EVENT 32 … EVENT 33)',
    ms: ARIB_HOLD_MS,
    endEvent: EVENT.transmitLimitReleased,
    start: (wisun, ms) => wisun.holdAribLimit(ms),
  }),
);
