// The emulated meter's side of the wire, for judging a controller under test from what it sent: every
// datagram the meter's transport received or sent, stamped with the wall clock, and what the controller's
// requests were (strictly decoded). Used by independent-controller.test.ts (node-echonet-lite as the
// controller, over UDP through wire-tap-meter.ts and over the PTY in-process).
import { decodeStrict } from '../../echonet/decode-strict.ts';
import { eojHex, HEMS_CONTROLLER, LV_METER, sameEoj } from '../../echonet/eoj.ts';
import { ESV, esvInfo, esvName } from '../../echonet/esv.ts';
import { fromHex, toHex } from '../../echonet/hex.ts';
import type { Datagram, Endpoint, Transport } from '../../transport/transport.ts';
import type { EchonetNode } from '../node/echonet-node.ts';

/** One datagram at the meter: 'in' the meter received it, 'out' the meter sent it. */
export interface WireRecord {
  readonly t: number;
  readonly dir: 'in' | 'out';
  /** The other end: the sender of an 'in', the destination of an 'out' ('group' for multicast). */
  readonly peer: string;
  readonly multicast: boolean;
  readonly hex: string;
}

const endpointText = (e: Endpoint): string =>
  e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;

/** The transport with every datagram that crosses it recorded; give the result to the meter. */
export function tapTransport(transport: Transport, record: (r: WireRecord) => void): Transport {
  const note = (dir: 'in' | 'out', peer: string, multicast: boolean, bytes: Uint8Array) =>
    record({ t: Date.now(), dir, peer, multicast, hex: toHex(bytes) });
  transport.onReceive((d: Datagram) => note('in', endpointText(d.from), d.multicast, d.bytes));
  return {
    local: transport.local,
    send(bytes, to) {
      note('out', endpointText(to), false, bytes);
      return transport.send(bytes, to);
    },
    sendMulticast(bytes) {
      note('out', 'group', true, bytes);
      return transport.sendMulticast(bytes);
    },
    onReceive: (listener) => transport.onReceive(listener),
    close: () => transport.close(),
  };
}

/**
 * Once the meter has answered a Get of EA, it sends one INFC of that EA to its controller after `delayMs`
 * (EchonetNode.notify: INFC goes to the last controller that asked), as it would after a half hour.
 */
export function infcAfterEa(node: EchonetNode, delayMs: number): (r: WireRecord) => void {
  let sent = false;
  return (r) => {
    if (sent || r.dir !== 'out') return;
    const decoded = decodeStrict(fromHex(r.hex));
    if (!decoded.ok || decoded.frame.format !== 1 || decoded.frame.esv !== ESV.Get_Res) return;
    const ea = decoded.frame.properties.find((p) => p.epc === 0xea);
    if (!ea || !sameEoj(decoded.frame.seoj, LV_METER)) return;
    sent = true;
    const edt = ea.edt.slice();
    setTimeout(() => {
      node.notify(LV_METER, HEMS_CONTROLLER, ESV.INFC, [{ epc: 0xea, edt }]).catch(() => {});
    }, delayMs);
  };
}

/** A frame the controller sent to the meter, as the meter received it. */
export interface SeenRequest {
  readonly t: number;
  readonly multicast: boolean;
  readonly tid: number;
  readonly seoj: string;
  readonly deoj: string;
  /** The ESV's symbol (Get, INFC_Res, …), or 'reserved ESV 0x..'. */
  readonly esv: string;
  readonly role: string;
  readonly epcs: readonly number[];
  /** The EDTs' lengths (PDC) of each property. */
  readonly pdcs: readonly number[];
}

export interface ControllerOnWire {
  /** Frames the meter received that do not decode strictly, with the reason. */
  readonly undecodable: readonly { hex: string; reason: string }[];
  /** Every frame (requests and responses) the controller sent, in order. */
  readonly frames: readonly SeenRequest[];
  /** The requests among them (Get, SetC, …). */
  readonly requests: readonly SeenRequest[];
  /** INFCs the meter sent, and the INFC_Res it received for each (same TID), if any. */
  readonly infc: readonly { tid: number; t: number; answer: SeenRequest | undefined }[];
}

/** What the controller did, from the meter's records only. */
export function controllerOnWire(records: readonly WireRecord[]): ControllerOnWire {
  const undecodable: { hex: string; reason: string }[] = [];
  const frames: SeenRequest[] = [];
  const infcSent: { tid: number; t: number }[] = [];
  for (const r of records) {
    const decoded = decodeStrict(fromHex(r.hex));
    if (r.dir === 'out') {
      if (decoded.ok && decoded.frame.format === 1 && decoded.frame.esv === ESV.INFC)
        infcSent.push({ tid: decoded.frame.tid, t: r.t });
      continue;
    }
    if (!decoded.ok) {
      undecodable.push({ hex: r.hex, reason: decoded.error.message });
      continue;
    }
    const f = decoded.frame;
    if (f.format !== 1 || !('properties' in f)) {
      undecodable.push({ hex: r.hex, reason: 'not a Format 1 simple frame' });
      continue;
    }
    frames.push({
      t: r.t,
      multicast: r.multicast,
      tid: f.tid,
      seoj: eojHex(f.seoj),
      deoj: eojHex(f.deoj),
      esv: esvInfo(f.esv)?.symbol ?? esvName(f.esv),
      role: esvInfo(f.esv)?.role ?? 'reserved',
      epcs: f.properties.map((p) => p.epc),
      pdcs: f.properties.map((p) => p.edt.length),
    });
  }
  const requests = frames.filter((f) => f.role === 'request');
  const infc = infcSent.map(({ tid, t }) => ({
    tid,
    t,
    answer: frames.find((f) => f.esv === 'INFC_Res' && f.tid === tid && f.t >= t),
  }));
  return { undecodable, frames, requests, infc };
}
