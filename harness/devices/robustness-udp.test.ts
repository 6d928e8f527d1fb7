// The hostile-frame storm of robustness.test.ts over real UDP, with time running. On loopback sockets of
// this process the LV meter 028801 (replies 40 ms late, INF of EA/EB a minute after every :00 and :30), the
// HV meter 028A01 (replies 25 ms late) and the HEMS controller 05FF01 (started up against the LV meter over
// the wire, then in its steady state: the half-hour watch, INF handling, and a Get of the meter every
// 5 minutes as an application would) receive some 3 000 random, mutated and well-formed-but-odd datagrams
// from 0 bytes to the IPv4 UDP maximum (65 507), unicast and to their multicast group, while a virtual clock
// runs 3 hours across six half-hour boundaries. Afterwards: nothing threw and no promise was left rejected,
// each device answers a well-formed Get rightly over the same sockets, the controller heard every
// notification, never timed out and still reads the meter, and each node's counters (NodeStats) add up to
// what the wire carried. The seed is random unless SMCERT_SEED is set; it is printed, and every assertion
// message carries it, so that a failure can be replayed.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { test } from '@playwright/test';
import fc from 'fast-check';
import { deviceInputArbitrary } from '../arbitraries/device-input.ts';
import { filledFrameArbitrary } from '../arbitraries/filled-frame.ts';
import { meterNotificationArbitrary } from '../arbitraries/meter-notification.ts';
import { UDP_MAX_PAYLOAD_V4, udpPayloadArbitrary } from '../arbitraries/udp-payload.ts';
import { HALF_HOUR, MINUTE } from '../clock/durations.ts';
import { fromJst } from '../clock/jst.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { pass, TIMED_OUT, waitWithin } from '../clock/wait.ts';
import { WallClock } from '../clock/wall-clock.ts';
import { replyViolations } from '../conformance/reply-rules.ts';
import { decodeStrict } from '../echonet/decode-strict.ts';
import { encodeFrame } from '../echonet/encode.ts';
import { addresses, type Eoj, HEMS_CONTROLLER, HV_METER, LV_METER, NODE_PROFILE } from '../echonet/eoj.ts';
import { ESV, esvInfo } from '../echonet/esv.ts';
import { isSetGetFrame, propertyRequest, type SimpleFrame } from '../echonet/frame.ts';
import { toHex } from '../echonet/hex.ts';
import type { Datagram, Endpoint, Transport } from '../transport/transport.ts';
import { openUdpTransport, type UdpTransport } from '../transport/udp.ts';
import { AIF_HEMS_DEFAULTS, HemsController } from './hems-controller/hems-controller.ts';
import { DEFAULT_HV_METER } from './hv-meter/hv-meter-config.ts';
import { HvMeterObject } from './hv-meter/hv-meter-object.ts';
import { HalfHourNotifier } from './lv-meter/half-hour-notifier.ts';
import { DEFAULT_LV_METER } from './lv-meter/lv-meter-config.ts';
import { LvMeterObject } from './lv-meter/lv-meter-object.ts';
import type { DeviceObject } from './node/device-object.ts';
import { EchonetNode } from './node/echonet-node.ts';

/** Real ms between virtual timer steps: enough for a reply on loopback to be read on a loaded 2-core CI machine. */
const LOADED_IDLE_MS = 4;

const SEED = seedFromEnvironment();
/** An assertion message that says how to replay this run. */
const says = (message: string) => `${message} [replay: SMCERT_SEED=${SEED}]`;

/** Shots of up to a few hundred bytes, and shots from 1 473 bytes (past one Ethernet frame) to 65 507. */
const SMALL_SHOTS = 3_000;
const LARGE_SHOTS = 32;
const SMALL_MAX = 1_472;
/** The storm's virtual time: batches of shots, each followed by STEP_MS of the clock (3 h in all). */
const BATCHES = 900;
/** Below Timer 1 (20 s), so that a request sent just before a step is answered before it can time out. */
const STEP_MS = 12_000;
const LV_LATENCY_MS = 40;
const HV_LATENCY_MS = 25;
/** The application's periodic read of the meter through the controller. */
const READ_EVERY_MS = 5 * MINUTE;
const READ_EPCS = [0xd7, 0xe1, 0xe7];
/** After a shot this large, wait until it has been read before the next: a socket buffer holds ~3 of them. */
const FLUSH_ABOVE = 8_192;
/** Real time a datagram on loopback may take to be read, however loaded the machine. */
const REAL_PATIENCE_MS = 10_000;
const START = fromJst({ year: 2026, month: 6, day: 1, hour: 0, minute: 10, second: 0 });
/** The group address is this process's own (processAddresses): any port would do; no other test uses this. */
const GROUP_PORT = 13_696;
const PORTS = { lv: 3610, hv: 3611, hems: 3612, attacker: 3613 } as const;

type Target = 'lv' | 'hv' | 'hems' | 'group';
const TARGETS: readonly Target[] = ['lv', 'hv', 'hems', 'group'];
/** With, for each target, an empty datagram and one of the maximum size. */
const SHOTS = SMALL_SHOTS + LARGE_SHOTS + 2 * TARGETS.length;

interface Shot {
  readonly to: Target;
  readonly bytes: Uint8Array;
}

function seedFromEnvironment(): number {
  const text = process.env.SMCERT_SEED;
  if (text === undefined || text.trim() === '') return randomInt(0, 2 ** 31);
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 31) {
    throw new RangeError(
      `SMCERT_SEED must be a 32-bit integer (as printed by a previous run), got '${text}'`,
    );
  }
  return seed;
}

/**
 * This process's loopback address and multicast group, from its pid: 127.192.0.0/10 lies above every
 * address run-addresses.ts gives (127.64.0.0 to 127.191.255.255), and each pid has its own, so parallel
 * workers and runs never hear each other. k stays below 0x3FFFFF: 127.255.255.255 is the broadcast of 127/8.
 */
function processAddresses(pid: number): { address: string; group: string } {
  const k = pid % 0x3fffff;
  const tail = `${(k >> 8) & 0xff}.${k & 0xff}`;
  return { address: `127.${192 + (k >> 16)}.${tail}`, group: `239.${96 + (k >> 16)}.${tail}` };
}

/** The ESV of a valid Format 1 frame, else undefined. */
function esvOf(bytes: Uint8Array): number | undefined {
  const decoded = decodeStrict(bytes);
  return decoded.ok && decoded.frame.format === 1 ? decoded.frame.esv : undefined;
}

/** The TID of anything with an ECHONET Lite header (bytes 2–3). */
const tidOf = (bytes: Uint8Array) => (bytes.length >= 4 ? (bytes[2]! << 8) | bytes[3]! : undefined);

const sameEndpoint = (a: Endpoint, b: Endpoint) => a.address === b.address && a.port === b.port;

/** Every datagram a transport delivered, in order, and waits for the next one that matches. */
class Tap {
  readonly datagrams: Datagram[] = [];
  private readonly waiting = new Set<{ match: (d: Datagram) => boolean; resolve: (d: Datagram) => void }>();

  constructor(transport: Transport) {
    transport.onReceive((datagram) => {
      this.datagrams.push(datagram);
      for (const waiter of [...this.waiting]) {
        if (!waiter.match(datagram)) continue;
        this.waiting.delete(waiter);
        waiter.resolve(datagram);
      }
    });
  }

  from(sender: Endpoint): Datagram[] {
    return this.datagrams.filter((d) => sameEndpoint(d.from, sender));
  }

  next(match: (d: Datagram) => boolean): Promise<Datagram> {
    return new Promise((resolve) => this.waiting.add({ match, resolve }));
  }
}

/** What EchonetNode.receive does with a datagram, by its own rules (see its header comment). */
type Fate = 'dropped' | 'ignored' | 'request' | 'SetI';

function fateOf(bytes: Uint8Array, objects: readonly Eoj[]): Fate {
  const decoded = decodeStrict(bytes);
  if (!decoded.ok || decoded.frame.format !== 1) return 'dropped'; // malformed, or Format 2
  const frame = decoded.frame;
  if (esvInfo(frame.esv)?.role !== 'request') return 'ignored'; // responses and notifications
  if (!objects.some((o) => addresses(frame.deoj, o))) return 'dropped'; // unknown DEOJ
  return frame.esv === ESV.SetI ? 'SetI' : 'request';
}

/** The storm: small and large shots at every target, the edge sizes for each, spread over BATCHES batches. */
function stormArbitrary(): fc.Arbitrary<Shot[][]> {
  const smallTo = (object: Eoj) =>
    fc.oneof(
      { arbitrary: deviceInputArbitrary(object), weight: 5 },
      { arbitrary: udpPayloadArbitrary({ maxLength: SMALL_MAX, deoj: object }), weight: 1 },
    );
  const small: Record<Target, fc.Arbitrary<Uint8Array>> = {
    lv: smallTo(LV_METER),
    hv: smallTo(HV_METER),
    hems: fc.oneof(
      { arbitrary: smallTo(HEMS_CONTROLLER), weight: 4 },
      { arbitrary: meterNotificationArbitrary(ESV.INFC), weight: 1 },
      { arbitrary: meterNotificationArbitrary(ESV.INF), weight: 1 },
    ),
    group: fc.oneof(smallTo(LV_METER), smallTo(HV_METER), smallTo(HEMS_CONTROLLER)),
  };
  const large: Record<Target, fc.Arbitrary<Uint8Array>> = {
    lv: udpPayloadArbitrary({ minLength: SMALL_MAX + 1, deoj: LV_METER }),
    hv: udpPayloadArbitrary({ minLength: SMALL_MAX + 1, deoj: HV_METER }),
    hems: udpPayloadArbitrary({ minLength: SMALL_MAX + 1, deoj: HEMS_CONTROLLER }),
    group: udpPayloadArbitrary({ minLength: SMALL_MAX + 1 }),
  };
  const shot = (by: Record<Target, fc.Arbitrary<Uint8Array>>) =>
    fc.constantFrom(...TARGETS).chain((to) => by[to].map((bytes): Shot => ({ to, bytes })));
  // Always, whatever the seed: an empty datagram to each target, and a maximum one. To each device a
  // write of 255 properties filling 65 507 bytes, which it must refuse whole (OPC over its limit) and echo
  // in an SNA as large; to the group any payload of that size.
  const largest = (object: Eoj, esv: typeof ESV.SetC | typeof ESV.SetI) =>
    filledFrameArbitrary({ length: UDP_MAX_PAYLOAD_V4, esvs: [esv], deoj: object });
  const edges = fc
    .tuple(
      largest(LV_METER, ESV.SetC),
      largest(HV_METER, ESV.SetC),
      largest(HEMS_CONTROLLER, ESV.SetI),
      udpPayloadArbitrary({ minLength: UDP_MAX_PAYLOAD_V4 }),
    )
    .map(([lv, hv, hems, group]): Shot[] => [
      ...TARGETS.map((to): Shot => ({ to, bytes: new Uint8Array(0) })),
      { to: 'lv', bytes: lv },
      { to: 'hv', bytes: hv },
      { to: 'hems', bytes: hems },
      { to: 'group', bytes: group },
    ]);
  return fc
    .record({
      small: fc.array(shot(small), { minLength: SMALL_SHOTS, maxLength: SMALL_SHOTS }),
      large: fc.array(shot(large), { minLength: LARGE_SHOTS, maxLength: LARGE_SHOTS }),
      edges,
      batchOf: fc.array(fc.nat(BATCHES - 1), { minLength: SHOTS, maxLength: SHOTS }),
    })
    .map((r) => {
      const batches: Shot[][] = Array.from({ length: BATCHES }, () => []);
      for (const [i, s] of [...r.small, ...r.large, ...r.edges].entries()) batches[r.batchOf[i]!]!.push(s);
      return batches;
    });
}

/** Waits, in real time, until `condition` holds: datagrams on loopback need a turn of the event loop. */
async function until(condition: () => boolean, what: () => string): Promise<void> {
  const wall = new WallClock();
  const since = wall.now();
  for (let turn = 0; !condition(); turn++) {
    if (wall.now() - since > REAL_PATIENCE_MS) {
      assert.fail(says(`${what()}: still not so after ${REAL_PATIENCE_MS} ms of real time`));
    }
    if (turn < 8) await nextTurn();
    else await wall.sleep(1);
  }
}

test(`LV, HV meters and HEMS controller over real UDP: ${SHOTS.toLocaleString('en')} hostile datagrams of 0–${UDP_MAX_PAYLOAD_V4.toLocaleString('en')} bytes across six half-hour boundaries; devices still answer and count right`, async () => {
  console.log(`robustness over UDP: seed ${SEED} (replay with SMCERT_SEED=${SEED})`);
  const wall = new WallClock();
  const startedAt = wall.now();
  const escaped: string[] = [];
  const onRejection = (reason: unknown) => escaped.push(`unhandled rejection: ${String(reason)}`);
  const onException = (error: Error) => escaped.push(`uncaught exception: ${error.stack ?? error.message}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtExceptionMonitor', onException);

  const { address, group } = processAddresses(process.pid);
  const at = {
    lv: { address, port: PORTS.lv },
    hv: { address, port: PORTS.hv },
    hems: { address, port: PORTS.hems },
    attacker: { address, port: PORTS.attacker },
  } as const;
  const transports: UdpTransport[] = [];
  const open = async (port: number, receive: boolean) => {
    const transport = await openUdpTransport({
      family: 4,
      address,
      port,
      multicast: { group, port: GROUP_PORT, receive },
    });
    transports.push(transport);
    return transport;
  };
  const clock = new VirtualClock({ start: START });
  const stops: Array<() => void> = [];
  try {
    const [lvWire, hvWire, hemsWire, attacker] = [
      await open(PORTS.lv, true),
      await open(PORTS.hv, true),
      await open(PORTS.hems, true),
      await open(PORTS.attacker, false),
    ];
    const tap = {
      lv: new Tap(lvWire),
      hv: new Tap(hvWire),
      hems: new Tap(hemsWire),
      attacker: new Tap(attacker),
    };

    const lvConfig = {
      ...DEFAULT_LV_METER,
      installedAt: START - 200 * 86_400_000,
      responseLatencyMs: LV_LATENCY_MS,
      notification: 'INF' as const,
    };
    const lvMeter = new LvMeterObject(lvConfig, clock);
    const lvNode = new EchonetNode({
      transport: lvWire,
      clock,
      objects: [lvMeter],
      makerCode: lvConfig.makerCode,
      uniqueId: new Uint8Array(13),
      opcLimit: lvConfig.opcLimit,
      responseLatencyMs: lvConfig.responseLatencyMs,
      faults: lvConfig.faults,
    });
    const notifier = new HalfHourNotifier(lvMeter, lvNode, lvConfig, clock);
    const hvConfig = {
      ...DEFAULT_HV_METER,
      installedAt: START - 200 * 86_400_000,
      responseLatencyMs: HV_LATENCY_MS,
    };
    const hvMeter = new HvMeterObject(hvConfig, clock);
    const hvNode = new EchonetNode({
      transport: hvWire,
      clock,
      objects: [hvMeter],
      makerCode: hvConfig.makerCode,
      uniqueId: Uint8Array.of(1, ...new Uint8Array(12)),
      opcLimit: hvConfig.opcLimit,
      responseLatencyMs: hvConfig.responseLatencyMs,
      faults: hvConfig.faults,
    });
    const hems = new HemsController({ transport: hemsWire, clock, ...AIF_HEMS_DEFAULTS, faults: new Set() });
    stops.push(
      () => hems.stop(),
      () => notifier.stop(),
      () => lvNode.stop(),
      () => hvNode.stop(),
    );

    // Link-up as on a B-route: the controller listens, then the meters start and announce D5 by multicast.
    const starting = hems.start();
    await hvNode.start();
    await lvNode.start();
    notifier.start();
    // real pauses long enough for a loaded CI machine to deliver each reply before the next virtual timer
    const startup = await waitWithin(clock, starting, 10 * MINUTE, { idleMs: 20, finalGraceMs: 1_000 });
    assert.ok(
      startup !== TIMED_OUT && startup.ok && sameEndpoint(startup.meter.address, at.lv),
      says(
        `HEMS start-up (AIF LV §3.1) finds the LV meter at ${at.lv.address}:${at.lv.port} by its D5: ${JSON.stringify(startup)}`,
      ),
    );
    const stormFrom = clock.now();

    // ---- the storm ----
    const batches = fc.sample(stormArbitrary(), { seed: SEED, numRuns: 1 })[0]!;
    const shots = batches.flat();
    const expected = { lv: 0, hv: 0, hems: 0 };
    const heard = () => ({
      lv: tap.lv.from(at.attacker).length,
      hv: tap.hv.from(at.attacker).length,
      hems: tap.hems.from(at.attacker).length,
    });
    let heardSoFar = { lv: 0, hv: 0, hems: 0 };
    const delivered = () =>
      until(
        () => {
          heardSoFar = heard();
          return (
            heardSoFar.lv === expected.lv &&
            heardSoFar.hv === expected.hv &&
            heardSoFar.hems === expected.hems
          );
        },
        () =>
          `every shot reaches its sockets (sent ${JSON.stringify(expected)}, read ${JSON.stringify(heardSoFar)})`,
      );
    const reads: Array<ReturnType<HemsController['get']>> = [];
    let nextRead = clock.now() + READ_EVERY_MS;
    for (const batch of batches) {
      if (clock.now() >= nextRead) {
        reads.push(hems.get(READ_EPCS)); // in flight while the batch arrives
        nextRead += READ_EVERY_MS;
      }
      for (const s of batch) {
        if (s.to === 'group') {
          await attacker.sendMulticast(s.bytes);
          expected.lv++;
          expected.hv++;
          expected.hems++;
        } else {
          await attacker.send(s.bytes, at[s.to]);
          expected[s.to]++;
        }
        if (s.bytes.length > FLUSH_ABOVE) await delivered();
      }
      await delivered();
      await pass(clock, STEP_MS, { idleMs: LOADED_IDLE_MS });
    }
    const stormTo = clock.now();
    await pass(clock, 2_000, { idleMs: LOADED_IDLE_MS }); // replies still waiting out their latency go out
    const readResults = await Promise.all(reads);

    // ---- what the storm covered ----
    const sizes = shots.map((s) => s.bytes.length);
    const boundaries: number[] = [];
    // the boundaries whose notification fell inside the storm
    const lastNotified = stormTo - lvConfig.notificationDelayMs;
    for (let b = Math.ceil(stormFrom / HALF_HOUR) * HALF_HOUR; b <= lastNotified; b += HALF_HOUR)
      boundaries.push(b);
    const echoes = (from: Endpoint) =>
      tap.attacker.from(from).filter((d) => d.bytes.length === UDP_MAX_PAYLOAD_V4);
    console.log(
      `  ${shots.length} datagrams (${TARGETS.map((t) => `${t} ${shots.filter((s) => s.to === t).length}`).join(', ')}), ` +
        `${sizes.filter((n) => n > SMALL_MAX).length} over ${SMALL_MAX} bytes, ${Math.min(...sizes)}–${Math.max(...sizes)} bytes, ` +
        `${(sizes.reduce((a, b) => a + b, 0) / 1e6).toFixed(2)} MB; virtual ${new Date(stormFrom).toISOString()} → ` +
        `${new Date(stormTo).toISOString()}, ${boundaries.length} half-hour boundaries; ${reads.length} reads by the controller`,
    );
    for (const to of TARGETS) {
      const mine = shots.filter((s) => s.to === to).map((s) => s.bytes.length);
      assert.ok(
        mine.includes(0) && mine.includes(UDP_MAX_PAYLOAD_V4),
        says(`the storm sends ${to} an empty datagram and one of ${UDP_MAX_PAYLOAD_V4} bytes`),
      );
    }
    assert.ok(
      boundaries.length >= 5,
      says(`virtual time crosses ≥ 5 half-hour boundaries in the storm, crossed ${boundaries.length}`),
    );

    assert.deepEqual(escaped, [], says('no device threw and no promise was left rejected'));

    // ---- the controller stayed in its steady state ----
    assert.deepEqual(
      hems.events.filter((e) => e.kind === 'timeout'),
      [],
      says('the controller never waited in vain for the meter (Timer 1 / Timer 2, AIF LV §2.4.2)'),
    );
    const failedReads = readResults.filter((r) => !r.ok);
    assert.ok(
      reads.length >= 30 && failedReads.length === 0,
      says(
        `all ${reads.length} periodic reads through the controller succeed: ${JSON.stringify(failedReads)}`,
      ),
    );
    const notified = hems.events
      .filter(
        (e) => e.kind === 'updated' && e.value.epc === 0xea && e.value.via === 'INF' && e.at > stormFrom,
      )
      .map((e) => (e.kind === 'updated' ? new Date(e.value.stampMs).toISOString() : ''));
    assert.deepEqual(
      notified,
      boundaries.map((b) => new Date(b).toISOString()),
      says('AIF LV §3.2.1: the controller took one EA from the INF after each :00 / :30 of the storm'),
    );
    assert.equal(
      lvNode.stats.notified - lvNode.stats.announced,
      1 + boundaries.length,
      says(
        'the LV meter notified D5 at start-up, then once per half-hour boundary (besides announcing the values the storm changed)',
      ),
    );

    // ---- every reply counted went over the wire, and the counters add up ----
    const nodes = [
      {
        name: 'LV meter node',
        node: lvNode,
        tap: tap.lv,
        objects: [NODE_PROFILE, LV_METER],
        // In INF mode the meter sends unicast only in reply: to the attacker and to the controller's Gets.
        replies: () =>
          tap.attacker.from(at.lv).length + tap.hems.from(at.lv).filter((d) => !d.multicast).length,
      },
      {
        name: 'HV meter node',
        node: hvNode,
        tap: tap.hv,
        objects: [NODE_PROFILE, HV_METER],
        replies: () => tap.attacker.from(at.hv).length,
      },
      {
        name: 'HEMS controller node',
        node: hems.node,
        tap: tap.hems,
        objects: [NODE_PROFILE, HEMS_CONTROLLER],
        // The controller itself (not its node) answers INFC with INFC_Res.
        replies: () => tap.attacker.from(at.hems).filter((d) => esvOf(d.bytes) !== ESV.INFC_Res).length,
      },
    ];
    await until(
      () => nodes.every((n) => n.replies() >= n.node.stats.replied),
      () =>
        `each node's replies all arrive (${nodes.map((n) => `${n.name}: counted ${n.node.stats.replied}, arrived ${n.replies()}`).join('; ')})`,
    );
    for (const { name, node, tap: seen, objects, replies } of nodes) {
      assert.equal(
        replies(),
        node.stats.replied,
        says(`${name}: what it sent back unicast is the replies NodeStats.replied counts, no more, no fewer`),
      );
      const fates = { dropped: 0, ignored: 0, request: 0, SetI: 0 };
      for (const d of seen.datagrams) fates[fateOf(d.bytes, objects)]++;
      const { received, dropped, replied } = node.stats;
      const unanswered = received - replied - dropped - fates.ignored;
      const line = `received ${received} = replied ${replied} + dropped ${dropped} + ignored ${fates.ignored} + accepted SetI ${unanswered}`;
      console.log(`  ${name}: ${line} (${fates.request} requests, ${fates.SetI} SetI)`);
      assert.equal(
        received,
        seen.datagrams.length,
        says(`${name}: NodeStats.received counts each datagram its sockets delivered`),
      );
      assert.equal(
        dropped,
        fates.dropped,
        says(`${name}: NodeStats.dropped = malformed, Format 2 and unknown-DEOJ datagrams`),
      );
      assert.ok(
        unanswered >= 0 && unanswered <= fates.SetI,
        says(
          `${name}: ${line}, where only a SetI accepted whole goes unanswered (${fates.SetI} SetI received)`,
        ),
      );
    }
    for (const d of tap.attacker.datagrams) {
      const decoded = decodeStrict(d.bytes);
      assert.ok(
        decoded.ok && decoded.frame.format === 1,
        says(
          `what ${d.from.address}:${d.from.port} sent back is a valid Format 1 frame: ${toHex(d.bytes.subarray(0, 64), ' ')}…`,
        ),
      );
    }
    for (const [name, from] of [
      ['LV meter', at.lv],
      ['HV meter', at.hv],
      ['HEMS controller', at.hems],
    ] as const) {
      assert.ok(
        echoes(from).length >= 1,
        says(
          `${name} refuses a ${UDP_MAX_PAYLOAD_V4}-byte write of 255 properties whole and echoes it in as many bytes (§3.2.5 SNA)`,
        ),
      );
    }

    // ---- each device still answers a well-formed Get rightly, after its latency, on the same sockets ----
    const probes: Array<[string, Endpoint, DeviceObject, number[], number]> = [
      ['LV meter', at.lv, lvMeter, [0x80, 0x82, 0x8a, 0xd7, 0xe1], LV_LATENCY_MS],
      ['HV meter', at.hv, hvMeter, [0x80, 0x82, 0x8a, 0xe0], HV_LATENCY_MS],
      ['HEMS controller', at.hems, hems.controllerObject, [0x80, 0x8a], 0],
    ];
    for (const [i, [name, to, object, epcs, latency]] of probes.entries()) {
      const request: SimpleFrame = {
        format: 1,
        tid: 0xff00 + i,
        seoj: HEMS_CONTROLLER,
        deoj: object.eoj,
        esv: ESV.Get,
        properties: epcs.map(propertyRequest),
      };
      const answer = tap.attacker.next((d) => sameEndpoint(d.from, to) && tidOf(d.bytes) === request.tid);
      const sentAt = clock.now();
      await attacker.send(encodeFrame(request), to);
      const reply = await waitWithin(clock, answer, 5_000, { idleMs: LOADED_IDLE_MS, finalGraceMs: 1_000 });
      assert.ok(reply !== TIMED_OUT, says(`${name} answers a well-formed Get after the storm`));
      assert.equal(
        clock.now() - sentAt,
        latency,
        says(`${name} replies after its response latency on the clock`),
      );
      assert.deepEqual(
        replyViolations(request, reply.bytes),
        [],
        says(`${name}: the reply obeys the reply rules`),
      );
      const decoded = decodeStrict(reply.bytes);
      const got =
        decoded.ok && decoded.frame.format === 1 && !isSetGetFrame(decoded.frame) ? decoded.frame : undefined;
      assert.deepEqual(
        { esv: got?.esv, values: got?.properties.map((p) => toHex(p.edt)) },
        { esv: ESV.Get_Res, values: epcs.map((epc) => toHex(object.read(epc) ?? new Uint8Array(0))) },
        says(`${name}: Get_Res with the object's own values of ${epcs.map((e) => e.toString(16)).join(' ')}`),
      );
    }

    // ---- and the controller still reads the meter, and takes the next notification ----
    const halfHour = [0xea, 0xeb];
    const read = await waitWithin(clock, hems.get([0xd7, 0xe1, ...halfHour]), 5 * MINUTE, {
      idleMs: LOADED_IDLE_MS,
      finalGraceMs: 1_000,
    });
    assert.ok(
      read !== TIMED_OUT && read.ok,
      says(`the controller reads D7 E1 EA EB after the storm: ${JSON.stringify(read)}`),
    );
    for (const epc of [0xd7, 0xe1, ...halfHour]) {
      assert.equal(
        toHex(read.values.get(epc) ?? new Uint8Array(0)),
        toHex(lvMeter.read(epc) ?? new Uint8Array(0)),
        says(`the controller's read of ${epc.toString(16)} is the meter's value`),
      );
    }
    const next = Math.ceil(clock.now() / HALF_HOUR) * HALF_HOUR;
    await pass(clock, next + 2 * MINUTE - clock.now(), { idleMs: LOADED_IDLE_MS });
    assert.deepEqual(
      { stamp: hems.latest.ea?.stampMs, via: hems.latest.ea?.via },
      { stamp: next, via: 'INF' },
      says(
        `after the storm the controller takes the EA of ${new Date(next).toISOString()} from the next INF`,
      ),
    );
    assert.deepEqual(escaped, [], says('no device threw and no promise was left rejected'));
    console.log(`  wall time ${((wall.now() - startedAt) / 1000).toFixed(1)} s`);
  } finally {
    for (const stop of stops) stop();
    await Promise.all(transports.map((t) => t.close()));
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtExceptionMonitor', onException);
  }
});
