// An emulated ECHONET Lite node: the node profile plus device objects behind one transport. It decodes
// each datagram strictly (malformed frames are dropped, as a node must not answer what it cannot parse),
// routes requests by DEOJ (instance 0x00 = every instance), answers per the SNA rules after the
// configured latency, and announces its instance list (0xD5) at start-up (ECHONET Lite part 2 §4.3.1).
import { findProperty } from '../../classes/class-facts.ts';
import type { Clock } from '../../clock/clock.ts';
import { decodeStrict } from '../../echonet/decode-strict.ts';
import { encodeFrame } from '../../echonet/encode.ts';
import { addresses, classOf, type Eoj, NODE_PROFILE } from '../../echonet/eoj.ts';
import { ESV, esvInfo } from '../../echonet/esv.ts';
import type { Format1Frame, Property } from '../../echonet/frame.ts';
import type { Datagram, Endpoint, Transport } from '../../transport/transport.ts';
import { watchChanges } from './announce-changes.ts';
import { answerRequest } from './answer-request.ts';
import type { BRouteClient, BRouteClients } from './b-route-clients.ts';
import type { DeviceObject } from './device-object.ts';
import { applyFrameFaults, replyToMalformed, replyWhereNoneIsDue } from './frame-faults.ts';
import { NodeProfileObject } from './node-profile-object.ts';

export interface EchonetNodeOptions {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly objects: readonly DeviceObject[];
  readonly makerCode: number;
  readonly uniqueId: Uint8Array;
  readonly opcLimit: number;
  readonly responseLatencyMs: number;
  readonly faults: ReadonlySet<string>;
  /** Port replies go to: the requester's source port (default) or a fixed one, as ECHONET Lite stacks
   * that listen only on 3610 expect (they send from another port). */
  readonly replyPort?: number;
  /** Several B-route clients at once (profile /bRoute): who is served, at what rate, with whose selectors. */
  readonly clients?: BRouteClients;
  /** The only request services answered (profile /security/commands); the others get their SNA. */
  readonly commands?: readonly string[];
}

export interface NodeStats {
  received: number;
  dropped: number;
  replied: number;
  /** Every INF/INFC sent: the start-up D5, the meter's notifications and the change announcements. */
  notified: number;
  /** Of those, the announcements of a value a request changed (§4.3.1, the 0x9D map). */
  announced: number;
}

export class EchonetNode {
  readonly nodeProfile: NodeProfileObject;
  readonly stats: NodeStats = { received: 0, dropped: 0, replied: 0, notified: 0, announced: 0 };
  /** The last controller that sent a request: where INFC goes (the B-route has one HEMS). */
  peer: Endpoint | undefined;
  private tid = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: EchonetNodeOptions) {
    this.nodeProfile = new NodeProfileObject(() => options.objects, {
      makerCode: options.makerCode,
      uniqueId: options.uniqueId,
      faults: options.faults,
    });
  }

  async start(): Promise<void> {
    this.unsubscribe = this.options.transport.onReceive((datagram) => this.receive(datagram));
    if (this.options.faults.has('no-d5-at-startup')) return;
    const d5 = this.nodeProfile.read(0xd5) as Uint8Array;
    await this.notify(NODE_PROFILE, NODE_PROFILE, ESV.INF, [{ epc: 0xd5, edt: d5 }]);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Sends a notification from `seoj`: INF by multicast, INFC to the peer (individual only, §3.2.5). */
  async notify(
    seoj: Eoj,
    deoj: Eoj,
    esv: typeof ESV.INF | typeof ESV.INFC,
    properties: Property[],
  ): Promise<void> {
    this.tid = (this.tid + 1) & 0xffff;
    this.stats.notified++;
    const clients = this.options.clients?.admitted ?? [];
    if (clients.length > 0 && (esv === ESV.INFC || this.options.faults.has('mc-notify-first-client-only'))) {
      // every B-route client is notified (the fault: only the first, individually)
      const to = this.options.faults.has('mc-notify-first-client-only') ? clients.slice(0, 1) : clients;
      const bytes = encodeFrame({ format: 1, tid: this.tid, seoj, deoj, esv: ESV.INFC, properties });
      await Promise.all(
        to.map((c) => this.options.transport.send(bytes, this.replyTo({ from: c.endpoint }))),
      );
      return;
    }
    if (esv === ESV.INFC && this.peer) {
      const bytes = encodeFrame({ format: 1, tid: this.tid, seoj, deoj, esv, properties });
      await this.options.transport.send(bytes, this.peer);
      return;
    }
    // INF by multicast; an INFC is individual only, so without a known controller it goes out as INF
    const bytes = encodeFrame({ format: 1, tid: this.tid, seoj, deoj, esv: ESV.INF, properties });
    await this.options.transport.sendMulticast(bytes);
  }

  /** Handles one datagram; never throws (a fault in a request is the sender's, not ours). */
  receive(datagram: Datagram): void {
    this.stats.received++;
    const decoded = decodeStrict(datagram.bytes);
    if (!decoded.ok || decoded.frame.format !== 1) {
      this.stats.dropped++;
      if (!decoded.ok && this.options.faults.has('malformed-frame-resets-selectors')) this.resetSelectors();
      const answered = decoded.ok ? undefined : replyToMalformed(datagram.bytes, this.options.faults);
      if (answered) this.send(answered, this.replyTo(datagram));
      return;
    }
    const request = decoded.frame;
    if (esvInfo(request.esv)?.role !== 'request') return; // responses and notifications need no answer here
    const admission = this.options.clients?.admit(datagram.from, this.options.clock.now());
    if (admission && admission.kind !== 'serve') {
      // refused (beyond maxClients, revoked) or over its rate: no answer, or the SNA of every EPC
      const as = admission.as;
      if (as === 'sna') this.refuse(request, this.replyTo(datagram));
      else this.stats.dropped++;
      return;
    }
    if (!this.answersService(request.esv)) {
      this.refuse(request, this.replyTo(datagram)); // a service outside the declared list
      return;
    }
    if (!datagram.multicast) this.peer = datagram.from;
    if (admission && admission.delayMs > 0) {
      const later = admission;
      this.options.clock.setTimer(later.delayMs, () => this.serve(request, datagram, later.client));
      return;
    }
    this.serve(request, datagram, admission?.client);
  }

  private serve(request: Format1Frame, datagram: Datagram, client: BRouteClient | undefined): void {
    const targets = this.objects().filter((o) => addresses(request.deoj, o.eoj));
    const to = this.replyTo(datagram);
    if (targets.length === 0) {
      // unknown DEOJ: discarded (§4.2.3); the fault answers for the missing object, refusing every EPC
      if (this.options.faults.has('missing-object-answered'))
        this.answer(request, absentObject(request.deoj), to);
      else this.stats.dropped++;
      return;
    }
    for (const target of targets) {
      const seen = this.skewedFor(client, target);
      this.asClient(client, seen, () => this.answer(request, seen, to));
    }
  }

  /**
   * Fault mc-inconsistent-values: a client other than the first reads EA and E0 one unit higher than the
   * meter's own value (a value kept per connection that drifted).
   */
  private skewedFor(client: BRouteClient | undefined, target: DeviceObject): DeviceObject {
    const first = this.options.clients?.admitted[0];
    if (!client || client === first || !this.options.faults.has('mc-inconsistent-values')) return target;
    const skew = (edt: Uint8Array): Uint8Array => {
      const out = Uint8Array.from(edt);
      const at = out.length - 4;
      const value = (out[at]! << 24) | (out[at + 1]! << 16) | (out[at + 2]! << 8) | out[at + 3]!;
      const next = (value >>> 0) + 1;
      out.set([(next >>> 24) & 0xff, (next >>> 16) & 0xff, (next >>> 8) & 0xff, next & 0xff], at);
      return out;
    };
    return {
      eoj: target.eoj,
      getMap: target.getMap,
      setMap: target.setMap,
      announceMap: target.announceMap,
      read: (epc) => {
        const edt = target.read(epc);
        return edt && (epc === 0xea || epc === 0xe0) && edt.length >= 4 ? skew(edt) : edt;
      },
      write: (epc, edt) => target.write(epc, edt),
      ...(target.replyDelayMs ? { replyDelayMs: (r: Format1Frame) => target.replyDelayMs!(r) } : {}),
      ...(target.selectors ? { selectors: target.selectors } : {}),
    };
  }

  /** Fault malformed-frame-resets-selectors: every client's selectors, and the shared ones, back to unset. */
  private resetSelectors(): void {
    for (const c of this.options.clients?.admitted ?? []) c.selectors = undefined;
    for (const o of this.options.objects) o.selectors?.restore(undefined);
  }

  /** The request service is one the profile lists (/security/commands), or none is listed (the fault: any). */
  private answersService(esv: number): boolean {
    const { commands, faults } = this.options;
    if (!commands || faults.has('command-outside-list-answered')) return true;
    const symbol = esvInfo(esv)?.symbol;
    return symbol !== undefined && commands.includes(symbol);
  }

  /** Runs `step` with the client's own selectors in `target` when each client has its own. */
  private asClient(client: BRouteClient | undefined, target: DeviceObject, step: () => void): void {
    const selectors = target.selectors;
    if (!client || !selectors || !this.options.clients?.perClientSelectors) {
      step();
      return;
    }
    const shared = selectors.save();
    selectors.restore(client.selectors);
    try {
      step();
    } finally {
      client.selectors = selectors.save();
      selectors.restore(shared);
    }
  }

  /** The SNA of `request` from each object it addresses, every EPC refused (a client refused or over rate). */
  private refuse(request: Format1Frame, to: Endpoint): void {
    for (const target of this.objects().filter((o) => addresses(request.deoj, o.eoj))) {
      const nothing: DeviceObject = { ...target, read: () => undefined, write: () => false };
      const reply = answerRequest(request, nothing, { opcLimit: this.options.opcLimit });
      if (reply) this.send(reply, to);
    }
  }

  private replyTo(datagram: Pick<Datagram, 'from'>): Endpoint {
    return this.options.replyPort === undefined
      ? datagram.from
      : { ...datagram.from, port: this.options.replyPort };
  }

  private objects(): DeviceObject[] {
    return [this.nodeProfile, ...this.options.objects];
  }

  private answer(request: Format1Frame, target: DeviceObject, to: Endpoint): void {
    const { faults } = this.options;
    const opcLimit = faults.has('opc-capped-at-3') ? 3 : this.options.opcLimit;
    const changes = watchChanges(request, target);
    const reply =
      answerRequest(request, target, {
        opcLimit,
        // the fault takes values outside a range or the codes the class data gives (E5 0–99, …)
        ...(faults.has('set-out-of-range-accepted')
          ? { acceptRefusedValue: (epc: number) => hasValueRange(target, epc) }
          : {}),
        acceptUnsettable: faults.has('noset-epc-set-accepted'),
        // the fault lets a B-route client change a utility-only property the object takes
        writeUnsettable: faults.has('utility-setting-from-b-route'),
      }) ?? replyWhereNoneIsDue(request, target.eoj, faults);
    const delayMs = target.replyDelayMs?.(request) ?? 0;
    const faulty = reply && applyFrameFaults(request, reply, faults);
    if (faulty) this.send(faulty, to, delayMs);
    // a value in the announcement map that the request changed is announced after the reply (the fault
    // keeps quiet)
    const changed = changes();
    if (changed.length > 0 && !faults.has('anno-missing-on-change'))
      this.afterReply(delayMs, () => {
        this.stats.announced++;
        this.notify(target.eoj, NODE_PROFILE, ESV.INF, changed).catch(ignoreClosed);
      });
  }

  /** Runs `step` once a reply sent now with `delayMs` has gone out. */
  private afterReply(delayMs: number, step: () => void): void {
    const latency = this.options.responseLatencyMs + delayMs;
    if (latency > 0) this.options.clock.setTimer(latency, step);
    else step();
  }

  /** Sends a reply after the configured latency (plus the object's own delay, when a fault adds one). */
  private send(reply: Format1Frame, to: Endpoint, delayMs = 0): void {
    const bytes = encodeFrame(reply);
    const latency = this.options.responseLatencyMs + delayMs;
    if (latency > 0) this.options.clock.setTimer(latency, () => this.sendReply(bytes, to));
    else this.sendReply(bytes, to);
  }

  private sendReply(bytes: Uint8Array, to: Endpoint): void {
    this.stats.replied++;
    this.options.transport.send(bytes, to).catch(ignoreClosed);
  }
}

/** The class data gives `epc` of `object` a range or codes (a value can be out of range). */
function hasValueRange(object: DeviceObject, epc: number): boolean {
  const definition = findProperty(classOf(object.eoj), epc);
  return definition?.range !== undefined || definition?.enum !== undefined;
}

/** An object the node does not have, as the fault 'missing-object-answered' answers for it: no property. */
function absentObject(eoj: Eoj): DeviceObject {
  return { eoj, getMap: [], setMap: [], announceMap: [], read: () => undefined, write: () => false };
}

/** A reply that cannot go out because the transport closed during shutdown: nothing to answer any more. */
function ignoreClosed(): void {}
