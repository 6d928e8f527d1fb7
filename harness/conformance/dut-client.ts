// The harness's side of the wire: a controller (0x05FF01) that talks to the device under test through a
// Transport, records every frame from and to the device in the transcript (frames of other hosts on the
// group are only counted), takes as the reply to a request only the frame that matches it on TID, EOJs
// and ESV (harness/echonet/reply-match.ts), answers INFC with INFC_Res (AIF LV §3.2.1) and waits on
// the run's clock, so that the same code drives an emulated device on virtual time and a real one on the
// wall clock. TIDs run on per process from a random start, so a late reply to an earlier case's request
// can never pass for the reply to this one.
import { randomInt } from 'node:crypto';
import { waitsTimer2 } from '../classes/class-facts.ts';
import type { Clock } from '../clock/clock.ts';
import { pass, TIMED_OUT, type WaitOptions, waitWithin } from '../clock/wait.ts';
import { decodeStrict } from '../echonet/decode-strict.ts';
import { encodeFrame } from '../echonet/encode.ts';
import { type Eoj, HEMS_CONTROLLER } from '../echonet/eoj.ts';
import { ESV, esvInfo, esvName, isSetGetEsv } from '../echonet/esv.ts';
import type { Format1Frame, Frame, Property } from '../echonet/frame.ts';
import type { StrictOptions } from '../echonet/frame-rules.ts';
import { byteHex } from '../echonet/hex.ts';
import { infcResponse } from '../echonet/infc-response.ts';
import { nearlyAnswers, readableTid } from '../echonet/reply-match.ts';
import { RequestTable } from '../echonet/request-table.ts';
import { sameAddress } from '../transport/same-address.ts';
import type { Datagram, Endpoint, Transport } from '../transport/transport.ts';
import { DeviceGone, type DeviceSilence, silentReason } from './device-silence.ts';
import type { LastRequest } from './last-request.ts';
import { replyViolations, violationClause } from './reply-rules.ts';
import type { RequestPace } from './request-pace.ts';
import { SentTids } from './sent-tids.ts';
import type { Transcript, TranscriptEntry } from './transcript.ts';
import { VerdictError } from './verdict.ts';

export interface DutClientOptions {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly transcript: Transcript;
  /** Where the device takes unicast. */
  readonly device: Endpoint;
  /** The object under test (e.g. 028801). */
  readonly deviceEoj: Eoj;
  /** AIF LV §2.4.2: Timer 1 for OPC = 1 requests, Timer 2 for OPC ≥ 2 and for E2/E4 histories. */
  readonly timer1Ms: number;
  readonly timer2Ms: number;
  readonly wait?: WaitOptions;
  /** Real targets: ends the run's remaining requests once the device is silent past the limit. */
  readonly silence?: DeviceSilence;
  /** The TIDs sent in this run (default: this process's); a reply with one of them answers only that request. */
  readonly sentTids?: SentTids;
  /** Real ms the case waited for the device (harness/conformance/device-lock.ts). */
  readonly lockWaitedMs?: number;
  /** Rules of the strict decoder the profile switched off (profile.decoder); none by default. */
  readonly strict?: StrictOptions;
  /** The meter's declared request rate, kept to (request-pace.ts); none: requests go at once. */
  readonly pace?: RequestPace;
  /** Real targets: when the harness last sent to the device, from any client (last-request.ts). */
  readonly lastRequest?: LastRequest;
}

/** A frame that arrived, as recorded, and its strict reading (undefined when malformed). */
export interface Arrival {
  readonly entry: TranscriptEntry;
  readonly frame: Frame | undefined;
  readonly from: Endpoint;
  readonly multicast: boolean;
  readonly bytes: Uint8Array;
}

export interface Exchange {
  readonly request: Format1Frame;
  readonly requestEntry: TranscriptEntry;
  readonly reply: Arrival;
  /** The reply's strict reading (a malformed reply makes request() throw MalformedReply). */
  readonly frame: Format1Frame;
  /** Clock time between sending and receiving. */
  readonly elapsedMs: number;
}

export interface RequestOptions {
  readonly deoj?: Eoj;
  readonly to?: Endpoint;
  /** Override of the AIF timer the request is waited for. */
  readonly timerMs?: number;
  readonly tid?: number;
}

/** No reply within the timer: the conformance() helper gives the case's silence verdict. */
export class DeviceSilent extends Error {
  override readonly name = 'DeviceSilent';
  constructor(
    readonly what: string,
    readonly timerMs: number,
    readonly requestSeq: number,
  ) {
    super(`no reply to ${what} within ${timerMs / 1000} s (transcript #${requestSeq})`);
  }
}

/** A reply from the device that the strict decoder rejects. */
export class MalformedReply extends Error {
  override readonly name = 'MalformedReply';
  constructor(
    readonly what: string,
    readonly entry: TranscriptEntry,
  ) {
    super(`the reply to ${what} breaks a frame rule: ${entry.summary} (transcript #${entry.seq})`);
  }
}

/** The process's TID counter: random start, then +1 per request of any client (§3.2.2: 2 bytes). */
let lastTid = randomInt(0x10000);
const PROCESS_TIDS = new SentTids();

/** The next TID not yet sent in the run (all 65 536 used: they are reused in order). */
function nextTid(sent: SentTids): number {
  for (let i = 0; i < 0x10000; i++) {
    lastTid = (lastTid + 1) & 0xffff;
    if (!sent.has(lastTid)) return lastTid;
  }
  return lastTid;
}

export class DutClient {
  /** Frames from the device under test, unicast and multicast, in arrival order. */
  readonly arrivals: Arrival[] = [];
  /** This client's requests by TID: a frame with one of these TIDs answers that request, no other. */
  private readonly sentRequests = new Map<number, TranscriptEntry>();
  private readonly claimed = new WeakSet<Arrival>();
  /** The requests waiting for their reply (harness/echonet/request-table.ts). */
  private readonly waiting: RequestTable<Arrival>;
  private readonly listeners = new Set<(arrival: Arrival) => boolean>();
  private readonly unsubscribe: () => void;

  constructor(readonly options: DutClientOptions) {
    this.waiting = new RequestTable({ clock: options.clock, drive: options.wait ?? {} });
    this.unsubscribe = options.transport.onReceive((d) => this.receive(d));
  }

  get lockWaitedMs(): number {
    return this.options.lockWaitedMs ?? 0;
  }

  get clock(): Clock {
    return this.options.clock;
  }

  close(): void {
    this.unsubscribe();
  }

  /**
   * Sends a request and waits for its reply: the frame from the addressed device with the same TID, the
   * swapped EOJs and an ESV that answers the request (an INF answering INF_REQ may come by multicast).
   * When none comes within the timer, a frame that matches on all but one field makes a FAIL of the rule
   * it breaks; a malformed frame, a MalformedReply; nothing, DeviceSilent.
   */
  async request(
    esv: Format1Frame['esv'],
    properties: readonly Property[] | { set: readonly Property[]; get: readonly Property[] },
    options: RequestOptions = {},
  ): Promise<Exchange> {
    const tid = options.tid ?? nextTid(this.sentTids);
    const header = {
      format: 1 as const,
      tid,
      seoj: HEMS_CONTROLLER,
      deoj: options.deoj ?? this.options.deviceEoj,
    };
    const request: Format1Frame = isSetGetEsv(esv)
      ? 'set' in properties
        ? { ...header, esv, setProperties: properties.set, getProperties: properties.get }
        : { ...header, esv, setProperties: [], getProperties: properties as Property[] }
      : { ...header, esv, properties: 'set' in properties ? [] : properties };
    const list =
      'properties' in request ? request.properties : [...request.setProperties, ...request.getProperties];
    const what = `${esvName(esv)}(${list.map((p) => byteHex(p.epc)).join(',')})`;
    const timerMs = options.timerMs ?? this.timerFor(list);
    const to = options.to ?? this.options.device;
    const fromTarget = (a: Arrival) => sameAddress(a.from.address, to.address);
    const gone = this.silentSince();
    if (gone !== undefined) throw new DeviceGone(silentReason(gone, this.options.silence!.limitMs));
    const since = this.arrivals.length;
    // the table matches TID, EOJs and ESV; here: from the device, unicast unless table 3-10 allows
    // the INF answering an INF_REQ to be broadcast
    const pending = this.waiting.open(
      request,
      (a) =>
        fromTarget(a) &&
        (!a.multicast || (a.frame?.format === 1 && esv === ESV.INF_REQ && a.frame.esv === ESV.INF)),
    );
    const pace = this.options.pace;
    if (pace) {
      const delayMs = pace.delayAt(this.clock.now());
      if (delayMs > 0) await pass(this.clock, delayMs, this.options.wait ?? {});
      pace.sentAt(this.clock.now());
    }
    let requestEntry: TranscriptEntry;
    try {
      requestEntry = await this.send(encodeFrame(request), to);
    } catch (error) {
      pending.cancel('not sent');
      throw error;
    }
    this.options.silence?.asked();
    this.sentRequests.set(tid, requestEntry);
    this.sentTids.add(tid);
    const outcome = await pending.wait(timerMs);
    if (outcome.kind !== 'reply') {
      const near = this.arrivals
        .slice(since)
        .find((a) => fromTarget(a) && !this.claimed.has(a) && this.nearMiss(request, a));
      if (near?.frame === undefined && near) throw new MalformedReply(what, near.entry);
      if (near) {
        const broken = replyViolations(request, near.bytes);
        throw new VerdictError(
          'FAIL',
          `the reply to ${what} breaks a header rule, and no reply matching the request came within ${timerMs / 1000} s: ${broken.join('; ')}`,
          [requestEntry.seq, near.entry.seq],
          violationClause(broken[0] ?? ''),
        );
      }
      throw new DeviceSilent(what, timerMs, requestEntry.seq);
    }
    const arrival = outcome.reply;
    if (arrival.frame?.format !== 1) throw new MalformedReply(what, arrival.entry);
    arrival.entry.answers = requestEntry.seq; // the report's request → reply times
    return { request, requestEntry, reply: arrival, frame: arrival.frame, elapsedMs: outcome.elapsedMs };
  }

  /** True once any frame of the device reached this client, or (real targets) any case of the run. */
  heardAnything(): boolean {
    return this.arrivals.length > 0 || this.options.silence?.heardAt() !== undefined;
  }

  /** Wall ms since which the device has been silent past the run's silence limit, or undefined. */
  silentSince(): number | undefined {
    return this.options.silence?.silentSince();
  }

  get(...epcs: number[]): Promise<Exchange> {
    return this.request(
      ESV.Get,
      epcs.map((epc) => ({ epc, edt: new Uint8Array(0) })),
    );
  }

  setC(epc: number, edt: Uint8Array): Promise<Exchange> {
    return this.request(ESV.SetC, [{ epc, edt }]);
  }

  /** Sends raw bytes (malformed on purpose, or another tool's frame) and records them. */
  async send(bytes: Uint8Array, to: Endpoint = this.options.device): Promise<TranscriptEntry> {
    const entry = this.options.transcript.record({
      direction: 'sent',
      at: this.clock.now(),
      from: this.options.transport.local,
      to,
      multicast: false,
      bytes,
    });
    await this.options.transport.send(bytes, to);
    this.options.lastRequest?.sent();
    return entry;
  }

  /** The first arrival (already received, or to come within `timeoutMs`) that `match` accepts. */
  async waitFor(match: (a: Arrival) => boolean, timeoutMs: number, since = 0): Promise<Arrival | undefined> {
    const earlier = this.arrivals.slice(since).find(match);
    if (earlier) return earlier;
    const next = this.next(match);
    const arrival = await waitWithin(this.clock, next.promise, timeoutMs, this.options.wait);
    if (arrival === TIMED_OUT) {
      next.cancel();
      return undefined;
    }
    return arrival;
  }

  /** Arrivals from the device (unicast or multicast) since index `since`. */
  fromDevice(since = 0): Arrival[] {
    return this.arrivals.slice(since);
  }

  private timerFor(list: readonly Property[]): number {
    // AIF LV §2.4.2: Timer 2 for OPC ≥ 2 and for the EPCs the class data marks (the day histories)
    const { classGroup, classCode } = this.options.deviceEoj;
    const history = list.some((p) => waitsTimer2((classGroup << 8) | classCode, p.epc));
    return list.length >= 2 || history ? this.options.timer2Ms : this.options.timer1Ms;
  }

  /** A frame that nearly answers `request` (one header field wrong), or malformed bytes that may be its reply. */
  private nearMiss(request: Format1Frame, a: Arrival): boolean {
    if (a.frame === undefined) {
      const tid = readableTid(a.bytes);
      return !a.multicast && (tid === undefined || !this.isEarlierTid(tid, request.tid));
    }
    return nearlyAnswers(request, a.frame) && !this.isEarlierTid(a.frame.tid, request.tid);
  }

  private isEarlierTid(tid: number, current: number): boolean {
    return tid !== current && (this.sentRequests.has(tid) || this.sentTids.has(tid));
  }

  private get sentTids(): SentTids {
    return this.options.sentTids ?? PROCESS_TIDS;
  }

  private next(match: (a: Arrival) => boolean): { promise: Promise<Arrival>; cancel(): void } {
    let listener: (a: Arrival) => boolean = () => false;
    const promise = new Promise<Arrival>((resolve) => {
      listener = (a) => {
        if (!match(a)) return false;
        this.listeners.delete(listener);
        resolve(a);
        return true;
      };
      this.listeners.add(listener);
    });
    return { promise, cancel: () => this.listeners.delete(listener) };
  }

  private receive(datagram: Datagram): void {
    // a busy group carries every neighbour's notifications: only the device under test is evidence
    if (!sameAddress(datagram.from.address, this.options.device.address)) {
      this.options.transcript.othersIgnored++;
      return;
    }
    this.options.silence?.heard();
    const entry = this.options.transcript.record({
      direction: 'received',
      at: this.clock.now(),
      from: datagram.from,
      to: this.options.transport.local,
      multicast: datagram.multicast,
      bytes: datagram.bytes,
    });
    const decoded = decodeStrict(datagram.bytes, this.options.strict);
    const arrival: Arrival = {
      entry,
      frame: decoded.ok ? decoded.frame : undefined,
      from: datagram.from,
      multicast: datagram.multicast,
      bytes: datagram.bytes,
    };
    this.arrivals.push(arrival);
    let claimed = this.waiting.offer(arrival);
    for (const listener of [...this.listeners]) claimed = listener(arrival) || claimed;
    if (claimed) this.claimed.add(arrival);
    else this.noteUnclaimed(arrival);
    if (arrival.frame?.format === 1 && arrival.frame.esv === ESV.INFC && !datagram.multicast)
      this.answerInfc(arrival.frame, datagram.from);
  }

  /** A response nobody waits for is marked in the transcript: late, repeated, or answering nothing. */
  private noteUnclaimed(a: Arrival): void {
    const tid = a.frame?.format === 1 ? a.frame.tid : readableTid(a.bytes);
    const role = a.frame?.format === 1 ? esvInfo(a.frame.esv)?.role : undefined;
    const earlier = tid === undefined ? undefined : this.sentRequests.get(tid);
    if (!earlier && tid !== undefined && this.sentTids.has(tid) && role !== 'request') {
      a.entry.note =
        'late or repeated reply to a request of an earlier case: not the reply of any request here';
    } else if (earlier && this.waiting.waiting(tid!)) {
      a.entry.note = `carries the TID of #${earlier.seq} but does not answer it on every header field`;
    } else if (earlier && role !== 'request' && a.frame?.format === 1 && a.frame.esv !== ESV.INFC) {
      a.entry.note = `late or repeated reply to #${earlier.seq}: not the reply of any later request`;
    } else if (role === 'response' || role === 'not-possible') {
      a.entry.note = 'unsolicited: the reply to no request of the harness (TID, EOJ or ESV do not match)';
    }
  }

  /** INFC → INFC_Res (harness/echonet/infc-response.ts). */
  private answerInfc(infc: Format1Frame, from: Endpoint): void {
    if (!('properties' in infc)) return;
    this.send(encodeFrame(infcResponse(infc)), from).catch(() => {
      // the transport closed at the end of the case: nothing to confirm any more
    });
  }
}
