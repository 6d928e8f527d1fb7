// The harness's side of the wire: a controller (0x05FF01) that talks to the device under test through a
// Transport, records every frame in the transcript, matches replies to requests by source address and
// TID, answers INFC with INFC_Res (AIF LV §3.2.1) and waits on the run's clock, so that the same code
// drives an emulated device on virtual time and a real one on the wall clock.
import type { Clock } from '../clock/clock.ts';
import { TIMED_OUT, type WaitOptions, waitWithin } from '../clock/wait.ts';
import { decodeStrict } from '../echonet/decode-strict.ts';
import { encodeFrame } from '../echonet/encode.ts';
import { type Eoj, HEMS_CONTROLLER } from '../echonet/eoj.ts';
import { ESV, esvInfo, esvName, isSetGetEsv } from '../echonet/esv.ts';
import type { Format1Frame, Frame, Property } from '../echonet/frame.ts';
import { byteHex } from '../echonet/hex.ts';
import { infcResponse } from '../echonet/infc-response.ts';
import type { Datagram, Endpoint, Transport } from '../transport/transport.ts';
import type { Transcript, TranscriptEntry } from './transcript.ts';

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

export class DutClient {
  readonly arrivals: Arrival[] = [];
  private tid = 0;
  private readonly listeners = new Set<(arrival: Arrival) => void>();
  private readonly unsubscribe: () => void;

  constructor(readonly options: DutClientOptions) {
    this.unsubscribe = options.transport.onReceive((d) => this.receive(d));
  }

  get clock(): Clock {
    return this.options.clock;
  }

  close(): void {
    this.unsubscribe();
  }

  /** Sends a request and waits for the device's reply with the same TID. */
  async request(
    esv: Format1Frame['esv'],
    properties: readonly Property[] | { set: readonly Property[]; get: readonly Property[] },
    options: RequestOptions = {},
  ): Promise<Exchange> {
    this.tid = (this.tid + 1) & 0xffff;
    const tid = options.tid ?? this.tid;
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
    // the reply: unicast from the device, with our TID (whatever its ESV), or any response ESV (a wrong
    // TID is then a verdict, not silence), or bytes the strict decoder rejects
    const reply = this.next((a) => {
      if (a.from.address !== to.address || a.multicast) return false;
      if (a.frame === undefined) return true;
      const role = a.frame.format === 1 ? esvInfo(a.frame.esv)?.role : undefined;
      if (role === 'response' || role === 'not-possible') return true;
      return a.frame.tid === tid && role !== 'request' && a.frame.format === 1 && a.frame.esv !== ESV.INFC;
    });
    const sentAt = this.clock.now();
    const requestEntry = await this.send(encodeFrame(request), to);
    const arrival = await waitWithin(this.clock, reply.promise, timerMs, this.options.wait);
    if (arrival === TIMED_OUT) {
      reply.cancel();
      throw new DeviceSilent(what, timerMs, requestEntry.seq);
    }
    if (arrival.frame?.format !== 1) throw new MalformedReply(what, arrival.entry);
    return {
      request,
      requestEntry,
      reply: arrival,
      frame: arrival.frame,
      elapsedMs: this.clock.now() - sentAt,
    };
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
    return this.arrivals.slice(since).filter((a) => a.from.address === this.options.device.address);
  }

  private timerFor(list: readonly Property[]): number {
    const history = list.some((p) => p.epc === 0xe2 || p.epc === 0xe4);
    return list.length >= 2 || history ? this.options.timer2Ms : this.options.timer1Ms;
  }

  private next(match: (a: Arrival) => boolean): { promise: Promise<Arrival>; cancel(): void } {
    let listener: (a: Arrival) => void = () => {};
    const promise = new Promise<Arrival>((resolve) => {
      listener = (a) => {
        if (!match(a)) return;
        this.listeners.delete(listener);
        resolve(a);
      };
      this.listeners.add(listener);
    });
    return { promise, cancel: () => this.listeners.delete(listener) };
  }

  private receive(datagram: Datagram): void {
    const entry = this.options.transcript.record({
      direction: 'received',
      at: this.clock.now(),
      from: datagram.from,
      to: this.options.transport.local,
      multicast: datagram.multicast,
      bytes: datagram.bytes,
    });
    const decoded = decodeStrict(datagram.bytes);
    const arrival: Arrival = {
      entry,
      frame: decoded.ok ? decoded.frame : undefined,
      from: datagram.from,
      multicast: datagram.multicast,
      bytes: datagram.bytes,
    };
    this.arrivals.push(arrival);
    for (const listener of [...this.listeners]) listener(arrival);
    if (arrival.frame?.format === 1 && arrival.frame.esv === ESV.INFC && !datagram.multicast)
      this.answerInfc(arrival.frame, datagram.from);
  }

  /** INFC → INFC_Res (harness/echonet/infc-response.ts). */
  private answerInfc(infc: Format1Frame, from: Endpoint): void {
    if (!('properties' in infc)) return;
    this.send(encodeFrame(infcResponse(infc)), from).catch(() => {
      // the transport closed at the end of the case: nothing to confirm any more
    });
  }
}
