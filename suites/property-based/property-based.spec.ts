// Property-based cases (fast-check) that drive the device under test: random requests must get replies
// that obey the SNA rules; random points of the history must agree with one another and with EC; random
// sequences of selector writes and reads must behave like a model of E5/ED/EF. A failure is shrunk, shown
// as frames, and replayable from the seed and path in its reason.

import fc from 'fast-check';
import { fieldRangeOf, rangeOf } from '../../harness/classes/class-facts.ts';
import { jstMidnight } from '../../harness/clock/jst.ts';
import { expectThat, framesOf, valueIn } from '../../harness/conformance/checks.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import { DeviceSilent } from '../../harness/conformance/dut-client.ts';
import { meters } from '../../harness/conformance/gates.ts';
import {
  counterForward,
  DAY,
  getUnsigned,
  HALF_HOUR,
  jstText,
  MINUTE,
  readDayHistory,
  selector,
  setAccepted,
} from '../../harness/conformance/meter-reads.ts';
import { checkProperty, commandsReplayPath, runsFor } from '../../harness/conformance/property-case.ts';
import { replyViolations } from '../../harness/conformance/reply-rules.ts';
import { VerdictError } from '../../harness/conformance/verdict.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import type { Property } from '../../harness/echonet/frame.ts';
import { readUnsigned } from '../../harness/echonet/values/integer.ts';
import { NO_DATA_U32 } from '../../harness/echonet/values/sentinels.ts';
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import { lvServes } from '../b-route-lv/lv-applies.ts';
import { GetSelector, type SelectorModel, SetSelector } from './lv-commands.ts';

conformance(
  {
    id: 'PB-SNA-001',
    title:
      'random requests of up to the OPC limit, served and unserved EPCs: every reply obeys the SNA rules',
    specRef: 'EL-1.14/2/3.2.5',
    severity: 'major',
    // the rules FR-SNA-001/004 and FR-ESV-001 check one request each, met here in random requests
    catches: ['get-sna-pdc-nonzero', 'setc-sna-no-echo', 'get-res-as-inf', 'inf-req-sna-as-get-sna'],
    realTimeMs: 10 * 60_000,
    applies: meters,
  },
  async ({ dut, clock, profile }) => {
    const maps = declaredMaps(profile);
    const epc = fc.oneof(
      fc.constantFrom(...maps.get),
      fc.constantFrom(...(maps.set.length ? maps.set : maps.get)),
      fc.integer({ min: 0x80, max: 0xff }),
    );
    const read = epc.map((e): Property => ({ epc: e, edt: new Uint8Array(0) }));
    const write = fc.record({ epc, edt: fc.uint8Array({ minLength: 1, maxLength: 4 }) });
    const limit = profile.timers.opcLimit;
    // a meter that lists its commands (/security/commands) is asked only those: SEC-CMD-001 checks the others
    const listed = (service: 'Get' | 'INF_REQ' | 'SetC' | 'SetI') =>
      profile.security?.commands?.includes(service) ?? true;
    const request = fc.oneof(
      ...[
        listed('Get') && fc.tuple(fc.constant(ESV.Get), fc.array(read, { minLength: 1, maxLength: limit })),
        listed('INF_REQ') &&
          fc.tuple(fc.constant(ESV.INF_REQ), fc.array(read, { minLength: 1, maxLength: limit })),
        listed('SetC') &&
          fc.tuple(fc.constant(ESV.SetC), fc.array(write, { minLength: 1, maxLength: limit })),
        listed('SetI') &&
          fc.tuple(fc.constant(ESV.SetI), fc.array(write, { minLength: 1, maxLength: limit })),
      ].filter((a) => a !== false),
    );
    await checkProperty(
      fc.asyncProperty(request, async ([esv, properties]) => {
        try {
          const x = await dut.request(esv, properties);
          const violations = replyViolations(x.request, x.reply.bytes);
          if (violations.length > 0) throw new VerdictError('FAIL', violations.join('; '), framesOf(x));
        } catch (error) {
          if (error instanceof DeviceSilent && esv === ESV.SetI) return; // an accepted SetI gets no reply
          throw error;
        }
      }),
      { numRuns: runsFor(clock, 150), seed: 3610 },
    );
  },
);

conformance(
  {
    id: 'PB-HIST-001',
    title:
      'random points of the last 100 days: E2 values in time order never decrease, and EC agrees with E2',
    specRef: 'APPX-R/0288/E2',
    severity: 'major',
    realTimeMs: 10 * 60_000,
    applies: lvServes(0xe2, 0xe5, 0xec, 0xed, 0xd7),
    catches: ['counter-backwards'],
  },
  async ({ dut, clock }) => {
    const digits = (await getUnsigned(dut, 0xd7, 1)).value;
    const midnight = jstMidnight(clock.now());
    const days = new Map<number, { values: number[]; frames: number[] }>();
    const dayOf = async (day: number) => {
      if (!days.has(day)) {
        const { value, frames } = await readDayHistory(dut, day);
        days.set(day, { values: value.values, frames });
      }
      return days.get(day)!;
    };
    const e5 = rangeOf(0x0288, 0xe5); // the days E5 selects (class data)
    const point = fc.record({ day: fc.integer(e5), slot: fc.integer({ min: 0, max: 47 }) });
    await checkProperty(
      fc.asyncProperty(point, point, async (a, b) => {
        const at = (p: { day: number; slot: number }) => midnight - p.day * DAY + p.slot * HALF_HOUR;
        const [early, late] = at(a) <= at(b) ? [a, b] : [b, a];
        if (at(late) > clock.now()) return;
        const e = await dayOf(early.day);
        const l = await dayOf(late.day);
        const [ve, vl] = [e.values[early.slot]!, l.values[late.slot]!];
        if (ve === NO_DATA_U32 || vl === NO_DATA_U32) return;
        expectThat(
          counterForward(ve, vl, digits),
          `E2 at ${jstText(at(late))} is not below E2 at ${jstText(at(early))}`,
          `≥ ${ve}`,
          String(vl),
          [...e.frames, ...l.frames],
        );
        const frames = await setAccepted(dut, 0xed, selector(at(early), 1), 'ED accepts an :00/:30 instant');
        const x = await dut.get(0xec);
        const ec = readUnsigned(valueIn(x, 0xec, 'EC is served'), 7, 4);
        expectThat(
          ec === ve,
          `EC at ${jstText(at(early))} equals E2 of that half hour`,
          String(ve),
          String(ec),
          [...frames, ...framesOf(x), ...e.frames],
        );
      }),
      { numRuns: runsFor(clock, 60), seed: 2026 },
    );
  },
);

conformance(
  {
    id: 'PB-MODEL-001',
    title: 'random sequences of SetC/Get on E5, ED and EF behave like the model of the selectors',
    specRef: 'APPX-R/0288/EC',
    severity: 'major',
    realTimeMs: 10 * 60_000,
    applies: lvServes(0xe5, 0xed, 0xef),
    catches: ['e5-100-accepted', 'ed-any-minute', 'ef-n-11-accepted'],
  },
  async ({ dut, clock }) => {
    const now = Math.floor(clock.now() / MINUTE) * MINUTE;
    const instant = (spanMs: number, stepMs: number) =>
      fc
        .integer({ min: 1, max: Math.floor(spanMs / stepMs) })
        .map((k) => Math.floor(now / stepMs) * stepMs - k * stepMs);
    const e5 = fc.oneof(
      fc.integer({ min: 0, max: 99 }).map((d) => Uint8Array.of(d)),
      fc.integer({ min: 100, max: 255 }).map((d) => Uint8Array.of(d)),
      fc.constant(Uint8Array.of(100)), // the first day refused: a boundary random bytes seldom hit
    );
    const ed = fc
      .tuple(
        fc.oneof(instant(rangeOf(0x0288, 0xe5).max * DAY, HALF_HOUR), instant(DAY, MINUTE)),
        fc.integer({ min: 0, max: fieldRangeOf(0x0288, 0xed, 'n').max + 1 }), // one past the limit
      )
      .map(([at, n]) => selector(at, n));
    const ef = fc
      .tuple(
        instant(60 * MINUTE, MINUTE),
        fc.integer({ min: 0, max: fieldRangeOf(0x0288, 0xef, 'n').max + 2 }),
      )
      .map(([at, n]) => selector(at, n));
    const commands = fc.commands(
      [
        e5.map((edt) => new SetSelector(0xe5, edt)),
        ed.map((edt) => new SetSelector(0xed, edt)),
        ef.map((edt) => new SetSelector(0xef, edt)),
        fc.constantFrom(0xe5, 0xed, 0xef).map((epc) => new GetSelector(epc)),
      ],
      // smcert replay hands back the recorded replayPath: the shrunk commands run exactly again
      {
        maxCommands: 12,
        ...(commandsReplayPath() !== undefined ? { replayPath: commandsReplayPath()! } : {}),
      },
    );
    await checkProperty(
      fc.asyncProperty(commands, async (cmds) => {
        const values = new Map<number, Uint8Array>();
        for (const epc of [0xe5, 0xed, 0xef]) {
          const x = await dut.get(epc);
          values.set(epc, valueIn(x, epc, 'the selector is served'));
        }
        const model: SelectorModel = { values };
        await fc.asyncModelRun(() => ({ model, real: dut }), cmds);
      }),
      { numRuns: runsFor(clock, 40), seed: 15 },
    );
  },
);
