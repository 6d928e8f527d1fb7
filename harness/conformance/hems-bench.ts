// The harness's side of a HEMS controller case (suites/hems/): the roles turned around, the harness serves
// the meter and the controller under test reads it. The meter is the reference LV meter (LvMeterObject in
// an EchonetNode) on the harness's own transport: a UDP socket the controller is configured with, or the
// radio side of the emulated Wi-SUN module behind a pseudo-terminal (hems-fixtures.ts opens either).
//
// Knobs a case sets before the controller starts:
//   announce      'at-link-up' (default): the meter multicasts its instance list (INF 0xD5) once the link
//                 is up (over UDP: when the controller is first heard; over Wi-SUN: when PANA completes);
//                 'never': the controller must ask for it (Get 0xD6) after Timer 1 (AIF LV §3.1.1)
//   notification  'INF' (default) or 'INFC': how the meter notifies EA/EB after :00 and :30
//                 (AIF LV §3.2.1, delay notificationDelayMs); 'none': the notification does not come
//   notifyNow(esv) the meter notifies EA (and EB) at once, as INF or INFC (a case need not wait for :30)
//   answer(match, how, times)  the next `times` requests matching `match` are answered late (delayMs),
//                 refused (the SNA of their service: Get_SNA, SetC_SNA), with a malformed reply, or not at
//                 all; every other request is answered by the meter at once
//   restart(downMs) the meter goes off: for downMs it answers and sends nothing, then it starts again and
//                 multicasts its instance list (INF 0xD5), as a node does on start (reference notes §1.5)
//
// Observation only through the wire: every frame the controller sends and the meter sends is in the case's
// Transcript (both ways, as for meters) and in `frames`; the waits (waitFor, waitForRequest, pass) drive a
// virtual clock between real I/O (harness/clock/wait.ts), so an emulated controller's minutes take
// milliseconds and a real one's take minutes. The bench never looks inside the controller: an emulated
// one is reached exactly as a real one is.
import type { Clock } from '../clock/clock.ts';
import { pass, TIMED_OUT, type WaitOptions, waitWithin } from '../clock/wait.ts';
import { HalfHourNotifier } from '../devices/lv-meter/half-hour-notifier.ts';
import type { LvMeterConfig } from '../devices/lv-meter/lv-meter-config.ts';
import { LvMeterObject } from '../devices/lv-meter/lv-meter-object.ts';
import type { DeviceObject } from '../devices/node/device-object.ts';
import { EchonetNode } from '../devices/node/echonet-node.ts';
import { decodeStrict } from '../echonet/decode-strict.ts';
import { encodeFrame } from '../echonet/encode.ts';
import { addresses, classOf, type Eoj, HEMS_CONTROLLER, NODE_PROFILE } from '../echonet/eoj.ts';
import { ESV, esvInfo, esvName } from '../echonet/esv.ts';
import type { SimpleFrame } from '../echonet/frame.ts';
import { byteHex } from '../echonet/hex.ts';
import type { Datagram, Endpoint, Transport } from '../transport/transport.ts';
import type { Transcript, TranscriptEntry } from './transcript.ts';
import { inconclusive } from './verdict.ts';

/** How the meter answers a request a case picked out. */
export type Answer =
  /** The meter's own reply, `delayMs` after the request came (a slow meter, on purpose). */
  | { readonly kind: 'late'; readonly delayMs: number }
  /** The SNA of the request's service, every property refused: Get_SNA (PDC 0), SetC_SNA (EDT echoed). */
  | { readonly kind: 'sna' }
  /** A reply cut short in its last property (PDC longer than the bytes left): no decoder takes it. */
  | { readonly kind: 'malformed' }
  /** No reply at all. */
  | { readonly kind: 'silent' };

/** Which requests a knob applies to: an ESV and/or one EPC the request carries. */
export interface RequestMatch {
  readonly esv?: number;
  readonly epc?: number;
}

/** One frame on the wire between the controller and the harness's meter. */
export interface WireFrame {
  /** Its transcript entry: seq (what verdicts cite), clock time, direction ('received' = from the controller). */
  readonly entry: TranscriptEntry;
  /** The strict decoder's reading; undefined for a frame it rejects (the transcript says why). */
  readonly frame: SimpleFrame | undefined;
  /** The frame is a request (Get, SetC, SetI, INF_REQ, SetGet) from the controller. */
  readonly request: boolean;
}

export interface HemsBenchOptions {
  readonly clock: Clock;
  readonly transcript: Transcript;
  /** Where the harness's meter listens (a UDP socket, or the radio side of the emulated module). */
  readonly transport: Transport;
  /** The meter the controller reads (its notification is overridden by the `notification` knob). */
  readonly meter: LvMeterConfig;
  /** How waits drive a virtual clock on this link (a PTY needs shorter real pauses). */
  readonly wait?: WaitOptions;
  /** Over UDP the link is up when the controller is first heard; over Wi-SUN the fixture calls linkUp(). */
  readonly linkUpOnFirstFrame: boolean;
  /** Starts the controller under test: the reference one on its socket, or the operator is asked. */
  readonly launch: () => Promise<void>;
  /** How long startController waits for the controller's first frame. */
  readonly firstFrameMs: number;
}

interface Rule {
  readonly match: RequestMatch;
  readonly answer: Answer;
  left: number;
}

interface Waiter {
  readonly test: (f: WireFrame) => boolean;
  readonly resolve: (f: WireFrame) => void;
}

export class HemsBench {
  /** Knob: when the meter announces its instance list. */
  announce: 'at-link-up' | 'never' = 'at-link-up';
  /** Knob: how the 30-minute value is notified, or 'none'. */
  notification: 'INF' | 'INFC' | 'none' = 'INF';
  readonly meter: LvMeterObject;
  private readonly node: EchonetNode;
  private readonly log: WireFrame[] = [];
  private readonly rules: Rule[] = [];
  private readonly waiters = new Set<Waiter>();
  private notifier: HalfHourNotifier | undefined;
  private unsubscribe: (() => void) | undefined;
  private linkIsUp = false;
  private started = false;
  /** Clock time until which the meter is off (restart). */
  private offUntil = Number.NEGATIVE_INFINITY;
  private readonly config: LvMeterConfig;

  constructor(private readonly options: HemsBenchOptions) {
    this.config = options.meter;
    this.meter = new LvMeterObject(options.meter, options.clock);
    this.node = new EchonetNode({
      transport: this.recordingTransport(),
      clock: options.clock,
      objects: [this.meter],
      makerCode: options.meter.makerCode,
      uniqueId: options.meter.routeBIdTail.subarray(0, 13),
      opcLimit: options.meter.opcLimit,
      responseLatencyMs: 0,
      faults: new Set(),
    });
  }

  /** Where the meter listens: what the controller under test is configured with. */
  get meterAt(): Endpoint {
    return this.options.transport.local;
  }

  /** Knob: the next `times` requests matching `match` are answered as `answer` says. */
  answer(match: RequestMatch, answer: Answer, times = 1): void {
    this.rules.push({ match, answer, left: times });
  }

  /**
   * The meter listens (and, unless notification is 'none', notifies after every :00 and :30). Called by
   * the fixture before the controller starts; the knobs set after this have no effect on what has passed.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.options.transport.onReceive((d) => this.receive(d));
    if (this.notification !== 'none') {
      const config = { ...this.config, notification: this.notification };
      this.notifier = new HalfHourNotifier(this.meter, this.node, config, this.options.clock);
      this.notifier.start();
    }
  }

  /**
   * The meter listens, then the controller starts (hems-fixtures.ts: the reference controller, or the
   * operator is asked to start the real one); returns the controller's first frame. A controller not heard
   * within the fixture's limit makes the case INCONC: nothing of it could be judged.
   */
  async startController(): Promise<WireFrame> {
    this.start();
    const since = this.options.clock.now();
    await this.options.launch();
    const first = await this.waitFor((f) => f.entry.direction === 'received', this.options.firstFrameMs);
    if (!first)
      inconclusive(
        `the controller sent nothing to the harness's meter at ${endpointText(this.meterAt)} within ${this.options.firstFrameMs / 1000} s of its start (${new Date(since).toISOString()}): is it configured with that address?`,
      );
    return first;
  }

  /** The link to the controller is up (over Wi-SUN: its PANA session): the meter announces 0xD5. */
  linkUp(): void {
    if (this.linkIsUp) return;
    this.linkIsUp = true;
    if (this.announce !== 'never') this.announceInstances();
  }

  /**
   * Knob: the meter restarts. For `downMs` it is off (requests get nothing, it sends nothing), then it
   * multicasts its instance list (INF 0xD5) as on any start and answers again. Returns the clock time it
   * is back; the case lets the time pass.
   */
  restart(downMs: number): number {
    this.offUntil = this.now() + downMs;
    this.options.clock.setTimer(downMs, () => this.announceInstances());
    return this.offUntil;
  }

  private get off(): boolean {
    return this.now() < this.offUntil;
  }

  private announceInstances(): void {
    const d5 = this.node.nodeProfile.read(0xd5) as Uint8Array;
    this.node.notify(NODE_PROFILE, NODE_PROFILE, ESV.INF, [{ epc: 0xd5, edt: d5 }]).catch(() => {
      // the transport closed at the end of the case
    });
  }

  /**
   * The meter notifies its latest EA (and EB) now, as INF (multicast) or INFC (to the controller that
   * last asked it), as its half-hour notification does; returns the frame.
   */
  async notifyNow(esv: typeof ESV.INF | typeof ESV.INFC): Promise<WireFrame> {
    const since = this.log.length;
    const epcs = this.meter.hasReverse ? [0xea, 0xeb] : [0xea];
    const properties = epcs.map((epc) => ({ epc, edt: this.meter.read(epc) as Uint8Array }));
    await this.node.notify(this.meter.eoj, HEMS_CONTROLLER, esv, properties);
    return this.log
      .slice(since)
      .find((f) => f.entry.direction === 'sent' && (f.frame?.esv === ESV.INF || f.frame?.esv === ESV.INFC))!;
  }

  stop(): void {
    this.notifier?.stop();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const w of this.waiters) this.waiters.delete(w);
  }

  /** The meter's object a DEOJ addresses, its device object or its node profile; undefined for none. */
  objectAt(deoj: Eoj): DeviceObject | undefined {
    if (addresses(deoj, this.meter.eoj)) return this.meter;
    if (addresses(deoj, NODE_PROFILE)) return this.node.nodeProfile;
    return undefined;
  }

  /** Every frame both ways, in order. */
  get frames(): readonly WireFrame[] {
    return this.log;
  }

  /** The frames the controller sent. */
  fromController(): WireFrame[] {
    return this.log.filter((f) => f.entry.direction === 'received');
  }

  /** The controller's requests (decoded), optionally only those matching `match`. */
  requests(match: RequestMatch = {}): WireFrame[] {
    return this.log.filter((f) => f.request && matches(f.frame!, match));
  }

  now(): number {
    return this.options.clock.now();
  }

  /**
   * The first frame (from `since` on, a transcript seq; default all) for which `test` holds, waiting up to
   * `limitMs` of the clock for it; undefined when none came.
   */
  async waitFor(test: (f: WireFrame) => boolean, limitMs: number, since = 0): Promise<WireFrame | undefined> {
    const found = this.log.find((f) => f.entry.seq > since && test(f));
    if (found) return found;
    let waiter: Waiter | undefined;
    const arrived = new Promise<WireFrame>((resolve) => {
      waiter = { test: (f) => f.entry.seq > since && test(f), resolve };
      this.waiters.add(waiter);
    });
    try {
      const result = await waitWithin(this.options.clock, arrived, limitMs, this.options.wait ?? {});
      return result === TIMED_OUT ? undefined : result;
    } finally {
      if (waiter) this.waiters.delete(waiter);
    }
  }

  /** The first request of the controller matching `match` (after transcript seq `since`), within `limitMs`. */
  waitForRequest(match: RequestMatch, limitMs: number, since = 0): Promise<WireFrame | undefined> {
    return this.waitFor((f) => f.request && matches(f.frame!, match), limitMs, since);
  }

  /** Lets `ms` of the clock pass, the meter answering and notifying meanwhile. */
  pass(ms: number): Promise<void> {
    return pass(this.options.clock, ms, this.options.wait ?? {});
  }

  // ---- the wire ----

  /** The meter's transport: what it sends is recorded before it goes out. */
  private recordingTransport(): Transport {
    const base = this.options.transport;
    return {
      local: base.local,
      send: async (bytes, to) => {
        if (this.off) return; // a meter that is off sends nothing (its half-hour notification included)
        this.note('sent', bytes, base.local, to, false);
        await base.send(bytes, to);
      },
      sendMulticast: async (bytes) => {
        if (this.off) return;
        this.note('sent', bytes, base.local, { address: 'multicast', port: base.local.port }, true);
        await base.sendMulticast(bytes);
      },
      onReceive: () => () => {}, // the bench hands the meter its datagrams (receive below)
      close: () => base.close(),
    };
  }

  private receive(datagram: Datagram): void {
    const wire = this.note('received', datagram.bytes, datagram.from, this.meterAt, datagram.multicast);
    if (this.options.linkUpOnFirstFrame) this.linkUp();
    if (this.off) return; // recorded: the controller sent it; nothing answers
    const rule = wire.request ? this.ruleFor(wire.frame!) : undefined;
    if (!rule) {
      this.node.receive(datagram);
      return;
    }
    rule.left--;
    const request = wire.frame!;
    switch (rule.answer.kind) {
      case 'late':
        this.options.clock.setTimer(rule.answer.delayMs, () => this.node.receive(datagram));
        return;
      case 'silent':
        return;
      case 'sna':
        this.reply(snaFor(request), datagram.from);
        return;
      case 'malformed':
        this.reply(
          malformedReplyTo(request, (epc) => this.meter.read(epc)),
          datagram.from,
        );
        return;
    }
  }

  private reply(bytes: Uint8Array, to: Endpoint): void {
    this.note('sent', bytes, this.meterAt, to, false);
    this.options.transport.send(bytes, to).catch(() => {
      // the transport closed at the end of the case
    });
  }

  private ruleFor(request: SimpleFrame): Rule | undefined {
    return this.rules.find((r) => r.left > 0 && matches(request, r.match));
  }

  private note(
    direction: 'sent' | 'received',
    bytes: Uint8Array,
    from: Endpoint,
    to: Endpoint,
    multicast: boolean,
  ): WireFrame {
    const entry = this.options.transcript.record({
      direction,
      at: this.options.clock.now(),
      from,
      to,
      multicast,
      bytes,
    });
    const decoded = decodeStrict(bytes);
    const frame =
      decoded.ok && decoded.frame.format === 1 && 'properties' in decoded.frame ? decoded.frame : undefined;
    const request = direction === 'received' && frame !== undefined && esvInfo(frame.esv)?.role === 'request';
    const wire: WireFrame = { entry, frame, request };
    this.log.push(wire);
    for (const w of this.waiters) if (w.test(wire)) w.resolve(wire);
    return wire;
  }
}

/** The request has the ESV and carries the EPC of `match` (each when given). */
export function matches(frame: SimpleFrame, match: RequestMatch): boolean {
  return (
    (match.esv === undefined || frame.esv === match.esv) &&
    (match.epc === undefined || frame.properties.some((p) => p.epc === match.epc))
  );
}

/** "Get of 0xD6", "SetC", "any request": a match for messages. */
export function describeMatch(match: RequestMatch): string {
  const esv = match.esv === undefined ? 'request' : esvName(match.esv).replace(/ \(0x..\)$/, '');
  return match.epc === undefined ? esv : `${esv} of ${byteHex(match.epc)}`;
}

/** The EPCs of a frame, "0x82 0x9D". */
export function epcsOf(frame: SimpleFrame): string {
  return frame.properties.map((p) => byteHex(p.epc)).join(' ');
}

/** ECHONET Lite part 2 §3.2.5: the SNA of the request's service, from the object addressed, every EPC refused. */
function snaFor(request: SimpleFrame): Uint8Array {
  const setting = request.esv === ESV.SetC || request.esv === ESV.SetI;
  const esv =
    request.esv === ESV.SetC
      ? ESV.SetC_SNA
      : request.esv === ESV.SetI
        ? ESV.SetI_SNA
        : request.esv === ESV.INF_REQ
          ? ESV.INF_SNA
          : ESV.Get_SNA;
  return encodeFrame({
    format: 1,
    tid: request.tid,
    seoj: request.deoj,
    deoj: request.seoj,
    esv,
    properties: request.properties.map((p) => ({ epc: p.epc, edt: setting ? p.edt : new Uint8Array(0) })),
  });
}

/** The meter's Get_Res (Set_Res for a SetC) to `request`, its last property cut one byte short. */
function malformedReplyTo(request: SimpleFrame, read: (epc: number) => Uint8Array | undefined): Uint8Array {
  const node = classOf(request.deoj) === classOf(NODE_PROFILE);
  const esv = request.esv === ESV.SetC ? ESV.Set_Res : ESV.Get_Res;
  const properties = request.properties.map((p) => ({
    epc: p.epc,
    edt: esv === ESV.Set_Res ? new Uint8Array(0) : ((node ? undefined : read(p.epc)) ?? Uint8Array.of(0)),
  }));
  const whole = encodeFrame({
    format: 1,
    tid: request.tid,
    seoj: request.deoj,
    deoj: request.seoj,
    esv,
    properties,
  });
  const last = properties.at(-1);
  // a PDC of 0 cannot be cut: the last PDC claims one byte more than follows instead
  if (!last || last.edt.length === 0) {
    const bytes = Uint8Array.from(whole);
    bytes[bytes.length - 1] = 1;
    return bytes;
  }
  return whole.subarray(0, whole.length - 1);
}

const endpointText = (e: Endpoint): string =>
  e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
