// The emulated HEMS controller 0x05FF01: a reference B-route client of a low-voltage meter (AIF LV meter
// v1.01), and later a device under test. It hosts its controller object and node profile through an
// EchonetNode (so it answers Get like any node) and, beside it, runs the client side of the AIF:
//   §3.1.1  after link-up, wait Timer 1 for the meter's instance list (INF 0xD5); else Get 0xD6 itself
//   §3.1.2  Get 0x82, 0x9D, 0x9E, 0x9F of the meter object
//   §3.1.3  Get 0x8D, 0xD3, 0xD7, 0xE1, 0xEA (and 0xEB when the meter's Get map lists it)
//   §2.4.4  at most opcLimit (2) properties per request, so the lists above take several requests
//   §2.4.2  each request waits Timer 1 (OPC = 1) or Timer 2 (OPC ≥ 2, or any E2/E4) for its reply, matched
//           on TID, EOJs and ESV as the harness matches it (harness/echonet/request-table.ts); a timeout
//           is a typed result
//   §3.2.1  keeps the latest EA/EB from INF and INFC; answers INFC with INFC_Res (same TID, PDC = 0)
//   §3.3.1  without an EA for the current half hour by :05 / :35, Gets EA (and EB)
//   fig 3-6 daily history: SetC E5 = day, then Get E2 (and E4); with historyDays, read after start-up
// Requests go one at a time; with retries, a request that timed out is sent again (a new TID), after its
// timer and never before. All waiting goes through the Clock.
import { fixedSizeOf, waitsTimer2 } from '../../classes/class-facts.ts';
import type { Clock, TimerHandle } from '../../clock/clock.ts';
import { HALF_HOUR } from '../../clock/durations.ts';
import { fromJst } from '../../clock/jst.ts';
import { decodeStrict } from '../../echonet/decode-strict.ts';
import { encodeFrame } from '../../echonet/encode.ts';
import {
  addresses,
  classOf,
  type Eoj,
  eoj,
  HEMS_CONTROLLER,
  LV_METER,
  NODE_PROFILE,
} from '../../echonet/eoj.ts';
import { ESV, esvInfo } from '../../echonet/esv.ts';
import type { Format1Frame, Property, SimpleFrame } from '../../echonet/frame.ts';
import type { FrameError } from '../../echonet/frame-error.ts';
import { infcResponse } from '../../echonet/infc-response.ts';
import { decodePropertyMap } from '../../echonet/property-map.ts';
import { RequestTable } from '../../echonet/request-table.ts';
import { decodeDateTime, type MeterDateTime } from '../../echonet/values/date-time.ts';
import { decodeDayHistory } from '../../echonet/values/day-history.ts';
import { decodeInstanceList } from '../../echonet/values/instance-list.ts';
import { readUnsigned } from '../../echonet/values/integer.ts';
import { type Reading, u32Reading } from '../../echonet/values/sentinels.ts';
import type { Datagram, Endpoint, Transport } from '../../transport/transport.ts';
import { EchonetNode } from '../node/echonet-node.ts';
import { ControllerObject } from './controller-object.ts';
import type { HoldReason, LinkHold } from './link-hold.ts';

export interface HemsControllerOptions {
  readonly transport: Transport;
  readonly clock: Clock;
  /** The meter's address when known; otherwise taken from its D5 or found by a multicast Get D6. */
  readonly meterAddress?: Endpoint;
  /** Most properties in one request, sent or answered (AIF LV §2.4.4: a HEMS controller supports 2). */
  readonly opcLimit: number;
  /** Reply timer for OPC = 1 requests and the wait for D5 (AIF LV §2.4.2: ≥ 20 s). */
  readonly timer1Ms: number;
  /** Reply timer for OPC ≥ 2 and for any request of E2/E4 (AIF LV §2.4.2: ≥ 60 s). */
  readonly timer2Ms: number;
  /** Named fault switches (hems-faults.ts and the node faults); empty = the reference behaviour. */
  readonly faults: ReadonlySet<string>;
  /** Manufacturer code of the controller (0x8A); default 0xFFFFFE (experimental). */
  readonly makerCode?: number;
  /** 13 bytes making the node's identification number (0x83) unique; default zeros. */
  readonly uniqueId?: Uint8Array;
  /** Times a request that timed out is sent again, each after its reply timer ran out; default 0. */
  readonly retries?: number;
  /** Days of history (E5 values) read once the start-up succeeded (AIF LV figure 3-6); default none. */
  readonly historyDays?: readonly number[];
  /** When the link holds sends (a Wi-SUN module: ARIB limit, PANA re-authentication): they wait (link-hold.ts). */
  readonly linkHold?: LinkHold;
}

/** AIF LV meter v1.01 §2.4.2 and §2.4.4. */
export const AIF_HEMS_DEFAULTS = { opcLimit: 2, timer1Ms: 20_000, timer2Ms: 60_000 } as const;

export type Destination = Endpoint | 'multicast';

/** What the controller did and saw, in order, with the clock time: for tests and suites. */
export type HemsEvent =
  | { readonly kind: 'sent'; readonly at: number; readonly to: Destination; readonly frame: SimpleFrame }
  | {
      readonly kind: 'received';
      readonly at: number;
      readonly from: Endpoint;
      readonly multicast: boolean;
      readonly frame: Format1Frame;
    }
  | { readonly kind: 'malformed'; readonly at: number; readonly from: Endpoint; readonly error: FrameError }
  | {
      readonly kind: 'timeout';
      readonly at: number;
      readonly waitedMs: number;
      /** 'reply': a request went unanswered (request set); 'D5': no instance list after link-up. */
      readonly awaiting: 'reply' | 'D5';
      readonly request?: SimpleFrame;
    }
  | { readonly kind: 'updated'; readonly at: number; readonly value: HalfHourValue };

/** EA or EB as last heard: the :00/:30 time stamp (meter time, JST) and the raw counter. */
export interface HalfHourValue {
  readonly epc: 0xea | 0xeb;
  readonly stamp: MeterDateTime;
  /** Epoch ms of the time stamp. */
  readonly stampMs: number;
  readonly value: Reading;
  readonly receivedAt: number;
  readonly via: 'INF' | 'INFC' | 'Get';
}

/** What the controller learnt about the meter in start-up (§3.1.1–§3.1.3). */
export interface MeterInfo {
  address: Endpoint;
  eoj: Eoj;
  discoveredBy: 'D5' | 'D6';
  version?: Uint8Array;
  announceMap?: number[];
  setMap?: number[];
  getMap?: number[];
  productionNumber?: Uint8Array;
  coefficient?: number;
  digits?: number;
  unitCode?: number;
}

export type Failure =
  | {
      readonly ok: false;
      readonly reason: 'timeout';
      readonly request: SimpleFrame;
      readonly waitedMs: number;
    }
  | { readonly ok: false; readonly reason: 'refused'; readonly reply: SimpleFrame }
  | { readonly ok: false; readonly reason: 'bad-value'; readonly epc: number; readonly edt: Uint8Array }
  | { readonly ok: false; readonly reason: 'send-failed'; readonly message: string }
  | { readonly ok: false; readonly reason: 'no-meter' }
  | { readonly ok: false; readonly reason: 'stopped' };

export interface Reply {
  readonly ok: true;
  readonly frame: SimpleFrame;
  readonly from: Endpoint;
  readonly elapsedMs: number;
}

export type GetResult =
  | {
      readonly ok: true;
      /** EDT of each EPC answered with PDC > 0. */
      readonly values: ReadonlyMap<number, Uint8Array>;
      /** EPCs refused (PDC = 0 in a Get_SNA). */
      readonly refused: readonly number[];
    }
  | Failure;

export type StartupStep = 'discovery' | 'echonet-attributes' | 'meter-attributes';
export type StartupResult =
  | { readonly ok: true; readonly meter: Readonly<MeterInfo> }
  | (Failure & { readonly step: StartupStep });

export type HistoryResult =
  | {
      readonly ok: true;
      readonly day: number;
      /** The day field at the start of E2 (should equal `day`). */
      readonly dayField: number;
      /** 48 half-hour values 00:00 → 23:30, raw counter (× E1 × D3 = kWh). */
      readonly forward: readonly Reading[];
      readonly reverse?: readonly Reading[];
    }
  | (Failure & { readonly step: 'set-e5' | 'get-e2' });

/** AIF LV §3.3.1: the fallback Get comes about 5 minutes after :00 / :30. */
const FALLBACK_AFTER_MS = 5 * 60_000;
/** Fault polls-every-10s. */
const FAULT_POLL_MS = 10_000;
const FAULT_TIMER1_MS = 5_000;
const FAULT_OPC = 4;
/** Faults resends-when-arib-limited, sends-during-reauth: a refused send goes again this soon, this often. */
const FAULT_RESEND_MS = 100;
const FAULT_RESENDS = 20;
const WRONG_SEOJ = eoj('05FF02');
const LV_METER_CLASS = classOf(LV_METER);
const NODE_PROFILE_CLASS = classOf(NODE_PROFILE);
const EMPTY = new Uint8Array(0);

/** A frame that may answer one of the controller's requests. */
interface Incoming {
  readonly frame: SimpleFrame;
  readonly bytes: Uint8Array;
  readonly from: Endpoint;
}

interface Target {
  readonly to: Destination;
  readonly deoj: Eoj;
}

export class HemsController {
  readonly node: EchonetNode;
  readonly controllerObject: ControllerObject;
  private readonly log: HemsEvent[] = [];
  /** Requests waiting for their reply, matched by TID, EOJs and ESV (harness/echonet/request-table.ts). */
  private readonly requests: RequestTable<Incoming>;
  private readonly latestValues = new Map<0xea | 0xeb, HalfHourValue>();
  private meterInfo: MeterInfo | undefined;
  private announced: { address: Endpoint; eoj: Eoj } | undefined;
  private announcementWaiter: ((found: { address: Endpoint; eoj: Eoj } | undefined) => void) | undefined;
  private tid = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private fallbackTimer: TimerHandle | undefined;
  private pollTimer: TimerHandle | undefined;
  private stopped = false;
  /** Sends waiting for the link's hold to end (linkFree), let go at stop(). */
  private readonly holdWaits = new Set<() => void>();

  constructor(private readonly options: HemsControllerOptions) {
    this.requests = new RequestTable({ clock: options.clock });
    this.controllerObject = new ControllerObject(options.makerCode ?? 0xfffffe);
    this.node = new EchonetNode({
      transport: options.transport,
      clock: options.clock,
      objects: [this.controllerObject],
      makerCode: options.makerCode ?? 0xfffffe,
      uniqueId: options.uniqueId ?? new Uint8Array(13),
      opcLimit: options.opcLimit,
      responseLatencyMs: 0,
      faults: options.faults,
    });
  }

  /** Everything sent, received and timed out, in order. */
  get events(): readonly HemsEvent[] {
    return this.log;
  }

  get meter(): Readonly<MeterInfo> | undefined {
    return this.meterInfo;
  }

  /** The last EA (forward) and EB (reverse) heard, by notification or Get. */
  get latest(): { readonly ea?: HalfHourValue; readonly eb?: HalfHourValue } {
    return { ea: this.latestValues.get(0xea), eb: this.latestValues.get(0xeb) };
  }

  /**
   * Link-up: listens, announces its own instance list, then runs the start-up of AIF LV §3.1 and, when it
   * succeeds, the half-hour watch of §3.3.1. Listening starts before the first await, so a meter started
   * right after this call is heard.
   */
  start(): Promise<StartupResult> {
    this.stopped = false;
    this.unsubscribe = this.options.transport.onReceive((datagram) => this.receive(datagram));
    return this.exclusive(() => this.startUp());
  }

  /** Stops listening and every timer; requests still waiting end as { reason: 'stopped' }. */
  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.node.stop();
    this.fallbackTimer?.cancel();
    this.pollTimer?.cancel();
    this.fallbackTimer = this.pollTimer = undefined;
    this.announcementWaiter?.(undefined);
    this.requests.stop();
    for (const go of [...this.holdWaits]) go();
  }

  /** Gets `epcs` from the meter object, in requests of at most opcLimit properties, one after another. */
  get(epcs: readonly number[]): Promise<GetResult> {
    return this.exclusive(() => this.getNow(epcs));
  }

  /** AIF LV figure 3-6: SetC E5 = day, then Get E2 (and E4 when the meter's Get map lists it). */
  readDailyHistory(day: number): Promise<HistoryResult> {
    return this.exclusive(() => this.readHistoryNow(day));
  }

  // ---- start-up (AIF LV §3.1) ----

  private async startUp(): Promise<StartupResult> {
    await this.node.start().catch(() => undefined); // own INF 0xD5; a send failure is not the meter's
    const found = await this.discover();
    if (!found.ok) return { ...found, step: 'discovery' };
    this.meterInfo = { address: found.address, eoj: found.eoj, discoveredBy: found.by };

    const echonet = await this.getNow([0x82, 0x9d, 0x9e, 0x9f]);
    if (!echonet.ok) return { ...echonet, step: 'echonet-attributes' };
    const meter = this.meterInfo;
    meter.version = echonet.values.get(0x82);
    meter.announceMap = mapOf(echonet.values.get(0x9d));
    meter.setMap = mapOf(echonet.values.get(0x9e));
    meter.getMap = mapOf(echonet.values.get(0x9f));

    const reverse = meter.getMap?.includes(0xeb) ? [0xeb] : [];
    const attributes = await this.getNow([0x8d, 0xd3, 0xd7, 0xe1, 0xea, ...reverse]);
    if (!attributes.ok) return { ...attributes, step: 'meter-attributes' };
    const v = attributes.values;
    meter.productionNumber = v.get(0x8d);
    meter.coefficient = uint(v.get(0xd3), 4);
    meter.digits = uint(v.get(0xd7), 1);
    meter.unitCode = uint(v.get(0xe1), 1);

    if (this.stopped) return { ok: false, reason: 'stopped', step: 'meter-attributes' };
    this.scheduleFallbackCheck();
    if (this.fault('sets-installation-location')) void this.setInstallationLocation();
    if (this.fault('polls-every-10s')) this.schedulePoll();
    for (const day of this.options.historyDays ?? []) void this.readDailyHistory(day);
    return { ok: true, meter };
  }

  private async discover(): Promise<{ ok: true; address: Endpoint; eoj: Eoj; by: 'D5' | 'D6' } | Failure> {
    if (!this.fault('no-wait-for-d5')) {
      const heard = this.announced ?? (await this.waitForAnnouncement(this.timer1()));
      if (this.stopped) return { ok: false, reason: 'stopped' };
      if (heard) return { ok: true, ...heard, by: 'D5' };
    }
    const to = this.options.meterAddress ?? 'multicast';
    const reply = await this.exchange({ to, deoj: NODE_PROFILE }, ESV.Get, [read(0xd6)], (frame) =>
      frame.properties.some((p) => p.epc === 0xd6 && lvMeterIn(p.edt) !== undefined),
    );
    if (!reply.ok) return reply;
    const list = reply.frame.properties.find((p) => p.epc === 0xd6)!.edt;
    return { ok: true, address: reply.from, eoj: lvMeterIn(list)!, by: 'D6' };
  }

  private waitForAnnouncement(ms: number): Promise<{ address: Endpoint; eoj: Eoj } | undefined> {
    const since = this.options.clock.now();
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimer(ms, () => {
        this.announcementWaiter = undefined;
        this.record({ kind: 'timeout', at: this.now(), waitedMs: this.now() - since, awaiting: 'D5' });
        resolve(undefined);
      });
      this.announcementWaiter = (found) => {
        timer.cancel();
        this.announcementWaiter = undefined;
        resolve(found);
      };
    });
  }

  // ---- half-hour values (AIF LV §3.2.1, §3.3.1) ----

  /** At the next :05 or :35: Get EA (and EB) unless an EA stamped this half hour has been heard. */
  private scheduleFallbackCheck(): void {
    const now = this.now();
    let due = Math.floor(now / HALF_HOUR) * HALF_HOUR + FALLBACK_AFTER_MS;
    if (due <= now) due += HALF_HOUR;
    this.fallbackTimer = this.options.clock.setTimer(due - now, () => {
      if (this.stopped) return;
      const boundary = Math.floor(this.now() / HALF_HOUR) * HALF_HOUR;
      const ea = this.latestValues.get(0xea);
      if (!this.fault('no-fallback-get') && (ea === undefined || ea.stampMs < boundary)) {
        void this.get(this.halfHourEpcs()).then((got) => {
          // fault stops-after-timeout: an unanswered fallback Get ends the half-hour watch
          if (!got.ok && got.reason === 'timeout' && this.fault('stops-after-timeout'))
            this.fallbackTimer?.cancel();
        });
      }
      this.scheduleFallbackCheck();
    });
  }

  /** Fault sets-installation-location: a SetC of 0x81, a property the B-route does not give a HEMS. */
  private setInstallationLocation(): Promise<unknown> {
    const target = this.meterTarget()!;
    return this.exclusive(() => this.exchange(target, ESV.SetC, [{ epc: 0x81, edt: Uint8Array.of(0x08) }]));
  }

  /** Fault polls-every-10s: Gets EA every 10 s whatever was notified. */
  private schedulePoll(): void {
    this.pollTimer = this.options.clock.setTimer(FAULT_POLL_MS, () => {
      if (this.stopped) return;
      void this.get([0xea]);
      this.schedulePoll();
    });
  }

  private halfHourEpcs(): number[] {
    return this.meterInfo?.getMap?.includes(0xeb) ? [0xea, 0xeb] : [0xea];
  }

  private remember(property: Property, via: HalfHourValue['via']): void {
    const epc = property.epc;
    if ((epc !== 0xea && epc !== 0xeb) || property.edt.length !== 11) return;
    const stamp = decodeDateTime(property.edt);
    if (!stamp.ok || stamp.value === 'unset') return;
    const value: HalfHourValue = {
      epc,
      stamp: stamp.value,
      stampMs: fromJst(stamp.value),
      value: u32Reading(readUnsigned(property.edt, 7, 4)),
      receivedAt: this.now(),
      via,
    };
    this.latestValues.set(epc, value);
    this.record({ kind: 'updated', at: this.now(), value });
  }

  // ---- history (AIF LV figure 3-6) ----

  private async readHistoryNow(day: number): Promise<HistoryResult> {
    const target = this.meterTarget();
    if (!target) return { ok: false, reason: 'no-meter', step: 'set-e5' };
    if (!this.fault('e2-without-e5')) {
      const set = await this.exchange(target, ESV.SetC, [{ epc: 0xe5, edt: Uint8Array.of(day) }]);
      if (!set.ok) return { ...set, step: 'set-e5' };
      if (set.frame.esv !== ESV.Set_Res)
        return { ok: false, reason: 'refused', reply: set.frame, step: 'set-e5' };
    }
    const epcs = this.meterInfo?.getMap?.includes(0xe4) ? [0xe2, 0xe4] : [0xe2];
    const got = await this.getNow(epcs);
    if (!got.ok) return { ...got, step: 'get-e2' };
    const e2 = got.values.get(0xe2);
    if (!e2) return { ok: false, reason: 'bad-value', epc: 0xe2, edt: EMPTY, step: 'get-e2' };
    const forward = decodeDayHistory(e2, fixedSizeOf(0x0288, 0xe2));
    if (!forward.ok) return { ok: false, reason: 'bad-value', epc: 0xe2, edt: e2, step: 'get-e2' };
    const e4 = got.values.get(0xe4);
    const reverse = e4 && decodeDayHistory(e4, fixedSizeOf(0x0288, 0xe4));
    if (e4 && !reverse?.ok) return { ok: false, reason: 'bad-value', epc: 0xe4, edt: e4, step: 'get-e2' };
    return {
      ok: true,
      day,
      dayField: forward.value.day,
      forward: forward.value.values.map(u32Reading),
      ...(reverse?.ok ? { reverse: reverse.value.values.map(u32Reading) } : {}),
    };
  }

  // ---- requests ----

  private async getNow(epcs: readonly number[]): Promise<GetResult> {
    const target = this.meterTarget();
    if (!target) return { ok: false, reason: 'no-meter' };
    const perRequest = this.fault('opc-over-2') ? FAULT_OPC : Math.max(1, this.options.opcLimit);
    const values = new Map<number, Uint8Array>();
    const refused: number[] = [];
    for (let i = 0; i < epcs.length; i += perRequest) {
      const chunk = epcs.slice(i, i + perRequest);
      const reply = await this.exchange(target, ESV.Get, chunk.map(read));
      if (!reply.ok) return reply;
      for (const p of reply.frame.properties) {
        if (p.edt.length === 0) refused.push(p.epc);
        else {
          values.set(p.epc, p.edt);
          this.remember(p, 'Get');
        }
      }
    }
    return { ok: true, values, refused };
  }

  /** exchangeOnce, then once more for each of options.retries while it times out (a new TID each time). */
  private async exchange(
    target: Target,
    esv: typeof ESV.Get | typeof ESV.SetC,
    properties: Property[],
    accept?: (reply: SimpleFrame) => boolean,
  ): Promise<Reply | Failure> {
    let result = await this.exchangeOnce(target, esv, properties, accept);
    for (let n = 0; n < (this.options.retries ?? 0) && !result.ok && result.reason === 'timeout'; n++)
      result = await this.exchangeOnce(target, esv, properties, accept);
    return result;
  }

  /**
   * Sends one request and waits for its reply: its TID, from the object it addressed, to this
   * controller, an ESV answering it (Timer 1 for OPC = 1, Timer 2 for OPC ≥ 2 or E2/E4). Never rejects.
   */
  private async exchangeOnce(
    target: Target,
    esv: typeof ESV.Get | typeof ESV.SetC,
    properties: Property[],
    accept: (reply: SimpleFrame) => boolean = () => true,
  ): Promise<Reply | Failure> {
    const held = this.linkFree(); // the reply timer starts when the request can go out
    if (held) await held;
    if (this.stopped) return { ok: false, reason: 'stopped' };
    this.tid = (this.tid + 1) & 0xffff;
    const request: SimpleFrame = {
      format: 1,
      tid: this.tid,
      seoj: this.seoj(),
      deoj: target.deoj,
      esv,
      properties,
    };
    const pending = this.requests.open(request, (incoming) => accept(incoming.frame));
    const outcome = pending.wait(this.replyTimer(request));
    this.transmit(request, target.to).catch((error: unknown) =>
      pending.cancel(error instanceof Error ? error.message : String(error)),
    );
    return outcome.then((result): Reply | Failure => {
      switch (result.kind) {
        case 'reply':
          return {
            ok: true,
            frame: result.reply.frame,
            from: result.reply.from,
            elapsedMs: result.elapsedMs,
          };
        case 'timeout':
          this.record({
            kind: 'timeout',
            at: this.now(),
            waitedMs: result.waitedMs,
            awaiting: 'reply',
            request,
          });
          return { ok: false, reason: 'timeout', request, waitedMs: result.waitedMs };
        case 'cancelled':
          return { ok: false, reason: 'send-failed', message: result.reason };
        case 'stopped':
          return { ok: false, reason: 'stopped' };
      }
    });
  }

  private replyTimer(request: SimpleFrame): number {
    // AIF LV §2.4.2: Timer 2 also for the EPCs the class data marks (the day histories E2/E4)
    const { classGroup, classCode } = request.deoj;
    const history = request.properties.some((p) => waitsTimer2((classGroup << 8) | classCode, p.epc));
    return request.properties.length >= 2 || history ? this.options.timer2Ms : this.timer1();
  }

  private timer1(): number {
    return this.fault('timer1-5s') ? FAULT_TIMER1_MS : this.options.timer1Ms;
  }

  private async transmit(frame: SimpleFrame, to: Destination): Promise<void> {
    const held = this.linkFree();
    if (held) await held; // a free link sends at once, in the same turn (an INFC_Res right after its INFC)
    const bytes = encodeFrame(frame);
    for (let resent = 0; ; resent++) {
      this.record({ kind: 'sent', at: this.now(), to, frame });
      try {
        if (to === 'multicast') await this.options.transport.sendMulticast(bytes);
        else await this.options.transport.send(bytes, to);
        return;
      } catch (error) {
        // faults resends-when-arib-limited, sends-during-reauth: the refused send goes again, and again
        if (this.stopped || resent >= FAULT_RESENDS || !this.heldFor(true)) throw error;
        await new Promise<void>((resolve) => this.options.clock.setTimer(FAULT_RESEND_MS, resolve));
      }
    }
  }

  /**
   * While the link holds sends for a reason this controller waits out (the module's ARIB limit, EVENT
   * 32 … 33; a PANA re-authentication, EVENT 29 … 25; reference notes §4.2, §3.3): a promise that
   * resolves when the hold ends. Undefined when the link is free: the caller goes on at once.
   */
  private linkFree(): Promise<void> | undefined {
    const hold = this.options.linkHold;
    if (!hold || this.stopped || !this.heldFor(false)) return undefined;
    return new Promise((resolve) => {
      const go = (): void => {
        stop();
        this.holdWaits.delete(go);
        resolve();
      };
      const stop = hold.onChange(() => {
        if (!this.heldFor(false)) go();
      });
      this.holdWaits.add(go);
    });
  }

  /** The link holds sends for a reason a fault switch makes this controller ignore (true) or keep to (false). */
  private heldFor(ignored: boolean): boolean {
    const reasons = [...(this.options.linkHold?.reasons ?? [])];
    return reasons.some((reason) => this.ignoresHold(reason) === ignored);
  }

  private ignoresHold(reason: HoldReason): boolean {
    return this.fault(reason === 'arib-limit' ? 'resends-when-arib-limited' : 'sends-during-reauth');
  }

  private meterTarget(): Target | undefined {
    if (this.meterInfo) return { to: this.meterInfo.address, deoj: this.meterInfo.eoj };
    if (this.options.meterAddress) return { to: this.options.meterAddress, deoj: LV_METER };
    return undefined;
  }

  // ---- receiving ----

  /** Handles one datagram; never throws. */
  private receive(datagram: Datagram): void {
    const decoded = decodeStrict(datagram.bytes);
    if (!decoded.ok) {
      this.record({ kind: 'malformed', at: this.now(), from: datagram.from, error: decoded.error });
      return;
    }
    if (decoded.frame.format !== 1) return;
    const frame = decoded.frame;
    this.record({
      kind: 'received',
      at: this.now(),
      from: datagram.from,
      multicast: datagram.multicast,
      frame,
    });
    if ('setProperties' in frame) return; // this client sends no SetGet
    const role = esvInfo(frame.esv)?.role;
    if (role === 'notification') this.onNotification(frame, datagram);
    else if (role === 'response' || role === 'not-possible')
      this.requests.offer({ frame, bytes: datagram.bytes, from: datagram.from });
  }

  private onNotification(frame: SimpleFrame, datagram: Datagram): void {
    if (frame.esv === ESV.INFC && this.isOurs(frame.deoj)) this.answerInfc(frame, datagram.from);
    if (classOf(frame.seoj) === NODE_PROFILE_CLASS) {
      const d5 = frame.properties.find((p) => p.epc === 0xd5);
      const meter = d5 && lvMeterIn(d5.edt);
      if (meter && this.fromMeter(datagram.from)) {
        const found = { address: datagram.from, eoj: meter };
        this.announced ??= found;
        this.announcementWaiter?.(found);
      }
      return;
    }
    if (classOf(frame.seoj) !== LV_METER_CLASS || !this.fromMeter(datagram.from)) return;
    if (frame.esv === ESV.INF && this.fault('ignores-inf')) return;
    for (const p of frame.properties) this.remember(p, frame.esv === ESV.INFC ? 'INFC' : 'INF');
  }

  /** INFC_Res: same TID, from the addressed object back to the sender, each EPC with PDC = 0. */
  private answerInfc(infc: SimpleFrame, to: Endpoint): void {
    if (this.fault('no-infc-res')) return;
    const tid = this.fault('infc-res-wrong-tid') ? (infc.tid + 1) & 0xffff : infc.tid;
    const seoj = classOf(infc.deoj) === NODE_PROFILE_CLASS ? NODE_PROFILE : this.seoj();
    const reply: SimpleFrame = { ...infcResponse(infc, seoj), tid };
    this.transmit(reply, to).catch(() => {
      // a closed transport: nothing to answer any more
    });
  }

  private isOurs(deoj: Eoj): boolean {
    return addresses(deoj, HEMS_CONTROLLER) || addresses(deoj, NODE_PROFILE);
  }

  /** Before the meter is known, any node (or the configured address) may be it. */
  private fromMeter(from: Endpoint): boolean {
    const known = this.meterInfo?.address ?? this.options.meterAddress;
    return known === undefined || (known.address === from.address && known.port === from.port);
  }

  // ---- helpers ----

  private seoj(): Eoj {
    return this.fault('wrong-seoj') ? WRONG_SEOJ : HEMS_CONTROLLER;
  }

  private fault(id: string): boolean {
    return this.options.faults.has(id);
  }

  private now(): number {
    return this.options.clock.now();
  }

  private record(event: HemsEvent): void {
    this.log.push(event);
  }

  /** Runs `operation` after every earlier one has finished: one request on the link at a time. */
  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.chain.then(operation);
    this.chain = result.catch(() => undefined);
    return result;
  }
}

const read = (epc: number): Property => ({ epc, edt: EMPTY });

/** The first low-voltage meter EOJ of an instance list (0xD5 / 0xD6), or undefined (none, or malformed). */
function lvMeterIn(list: Uint8Array): Eoj | undefined {
  const eojs = decodeInstanceList(list);
  return eojs.ok ? eojs.value.find((e) => classOf(e) === LV_METER_CLASS) : undefined;
}

function mapOf(edt: Uint8Array | undefined): number[] | undefined {
  if (!edt) return undefined;
  const map = decodePropertyMap(edt);
  return map.ok ? map.value : undefined;
}

function uint(edt: Uint8Array | undefined, size: 1 | 4): number | undefined {
  return edt?.length === size ? readUnsigned(edt, 0, size) : undefined;
}
