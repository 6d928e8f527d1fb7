// Values survive a power cycle (seed: retention of the recorded values; that a restart keeps them is the
// (Id RT-REBOOT-001: the brief's RT-RESTART-001 has a 7-letter topic; ids allow 2–6, also in the run record schema.)
// suite's reading, clause NG/POWER-CYCLE, from the case). E2 of a past day, EE of the last minutes and each
// next-generation history are read, the meter is restarted, and the same reads give the same bytes; the
// :00/:30 notification still comes after it. Selectors may be reset by a restart: every read sets its own.
// On a real meter the power cycle is an operator action (target.restart.waitMs, as NP-D5-001's power-up):
// without it the case is NA there.
import type { Clock } from '../../harness/clock/clock.ts';
import { pass } from '../../harness/clock/wait.ts';
import { announces } from '../../harness/conformance/announcements.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectThat } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import type { DutClient } from '../../harness/conformance/dut-client.ts';
import {
  deviceAnswers,
  HALF_HOUR,
  halfHourFloor,
  jstText,
  MINUTE,
  readDayHistory,
  readSelected,
  selector,
} from '../../harness/conformance/meter-reads.ts';
import { readItemHistory, stepOf } from '../../harness/conformance/next-generation-reads.ts';
import { tellOperator } from '../../harness/conformance/operator.ts';
import { withScratchMeter } from '../../harness/conformance/scratch-meter.ts';
import { inconclusive } from '../../harness/conformance/verdict.ts';
import { toHex } from '../../harness/echonet/hex.ts';
import { encodeDayHistory } from '../../harness/echonet/values/day-history.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import type { Profile } from '../../harness/profile/profile.ts';

const CLAUSE = 'NG/POWER-CYCLE';
/** The past day read from E2 (1 = yesterday: a day the meter has recorded whole; an assumption). */
const PAST_DAY = 1;
/** 1-minute values read back from EE: the latest 10 (Release R EE's most). */
const MINUTES = 10;
/** AIF LV §3.2.1: the :00/:30 notification comes within 5 minutes. */
const WINDOW = 5 * MINUTE;

interface Snapshot {
  readonly what: string;
  readonly hex: string;
  readonly frames: number[];
}

/** Every recorded value the case compares, read with its own selection. */
async function snapshot(dut: DutClient, profile: Profile, at: number): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  const e2 = await readDayHistory(dut, PAST_DAY, 0xe2);
  out.push({ what: `E2 of day ${PAST_DAY}`, hex: toHex(encodeDayHistory(e2.value)), frames: e2.frames });
  if (declaredMaps(profile).get.includes(0xee)) {
    const minute = Math.floor(at / MINUTE) * MINUTE - MINUTE;
    const sel = selector(minute, MINUTES);
    const ee = await readSelected(
      dut,
      0xef,
      0xee,
      sel,
      `EF accepts ${jstText(minute)} and ${MINUTES}`,
      'APPX-R/0288/EE',
    );
    out.push({ what: `EE from ${jstText(minute)}`, hex: toHex(ee.value), frames: ee.frames });
  }
  for (const item of (profile.nextGeneration ?? []).filter((i) => i.selectorEpc && i.historyEpc)) {
    const latest = Math.floor(at / stepOf(item)) * stepOf(item);
    const h = await readItemHistory(dut, item, latest, 3, 'NG/RETENTION');
    const hex = h.values.map((v) => v.join(' ')).join(' | ');
    out.push({ what: `${item.historyEpc} from ${jstText(latest)}`, hex, frames: h.frames });
  }
  return out;
}

const eaNotification = (dut: DutClient) => announces(0xea, { from: dut.options.deviceEoj, confirmed: true });

/**
 * A real meter's power cycle: the operator switches it off and on while the harness listens, and its
 * start-up INF 0xD5 (ECHONET Lite §4.3.1) says it is back; none within the declared time is INCONC.
 */
async function operatorRestart(dut: DutClient, address: string, waitMs: number): Promise<void> {
  const since = dut.arrivals.length;
  tellOperator(
    `RT-REBOOT-001: power-cycle the device at ${address} now (off, then on again); waiting up to ${waitMs / 1000} s for its start-up INF 0xD5`,
  );
  const d5 = await dut.waitFor(announces(0xd5), waitMs, since);
  if (!d5)
    inconclusive(
      `no INF 0xD5 within the ${waitMs / 1000} s declared for the power cycle (target.restart.waitMs): was the device restarted?`,
    );
  await deviceAnswers(dut);
}

/** Reads, the power cycle, the same reads (the same bytes), then the first EA notification after it. */
async function valuesSurvive(dut: DutClient, clock: Clock, profile: Profile, restart: () => Promise<void>) {
  await dut.get(0x80); // the meter learns its controller (INFC goes to it)
  const at = clock.now();
  const before = await snapshot(dut, profile, at);
  await restart();
  const after = await snapshot(dut, profile, at);
  before.forEach((b, i) => {
    const a = after[i]!;
    expectThat(
      a.hex === b.hex,
      `${b.what}: the same after the restart at ${jstText(clock.now())}`,
      b.hex,
      a.hex,
      [...b.frames, ...a.frames],
      CLAUSE,
    );
  });
  await dut.get(0x80);
  const boundary = halfHourFloor(clock.now()) + HALF_HOUR;
  await pass(clock, boundary - clock.now());
  const since = dut.arrivals.length;
  const got = await dut.waitFor((x) => eaNotification(dut)(x) && x.entry.at >= boundary, WINDOW, since);
  expectThat(
    got !== undefined,
    `EA notified within 5 min after ${jstText(boundary)}, the first :00/:30 after the restart`,
    `INF or INFC of EA by ${jstText(boundary + WINDOW)}`,
    'none',
    [],
    // a notification missing after the restart breaks the rule that one comes after every :00/:30
    'AIF-LV-1.01/3.2.1',
  );
}

const restartWaitMs = (p: Profile) => (p.target.type === 'real' ? p.target.restart?.waitMs : undefined);

conformance(
  {
    id: 'RT-REBOOT-001',
    title:
      'recorded values (E2, EE, next-generation histories) are the same after a power cycle, and EA is still notified',
    specRef: CLAUSE,
    severity: 'major',
    // the reads twice, the operator's power cycle, up to a half hour to the next :00/:30 and its 5 minutes
    realTimeMs: (p) => (restartWaitMs(p) ?? 0) + HALF_HOUR + WINDOW + 2 * FEW_REQUESTS_MS,
    applies: (p) => {
      if (p.kind !== 'lv-meter') return 'a low-voltage meter case';
      if (!declaredMaps(p).get.includes(0xe2)) return 'the profile does not declare E2';
      return p.target.type === 'emulated' || restartWaitMs(p) !== undefined
        ? true
        : 'a real meter must be power-cycled during the case: declare target.restart.waitMs to run this case with an operator';
    },
    catches: ['restart-loses-history'],
  },
  async ({ dut, clock, profile, transcript }) => {
    const waitMs = restartWaitMs(profile);
    if (waitMs !== undefined)
      return valuesSurvive(dut, clock, profile, () =>
        operatorRestart(dut, dut.options.device.address, waitMs),
      );
    // emulated: a scratch meter of the same profile, stopped and started again on the same clock
    await withScratchMeter(profile, {}, clock, transcript, ({ dut: scratch, restart }) =>
      valuesSurvive(scratch, clock, profile, restart),
    );
  },
);
