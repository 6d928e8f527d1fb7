// A hostile network in front of a device: a relay on real UDP that stands at the device's address,
// passes requests on to the real (or emulated) device behind it, and hands its replies back late,
// twice, one byte short or one byte long, or with one EPC's value a byte short or long. The suite must give the verdict the device earns, never one
// a reply to another request or the network's mischief earns (every case is tested against it in
// harness/conformance/real-target.test.ts).

import { decodeStrict } from '../../echonet/decode-strict.ts';
import { encodeFrame } from '../../echonet/encode.ts';
import type { Endpoint } from '../../transport/transport.ts';
import { openUdpTransport } from '../../transport/udp.ts';

export interface HostileBehaviour {
  /** Real ms every reply is held back. */
  readonly delayMs?: number;
  /** Every reply is sent twice, the copy this many real ms after the original. */
  readonly duplicateAfterMs?: number;
  /** The last byte of every reply is cut off. */
  readonly truncate?: boolean;
  /** A zero byte is appended to every reply. */
  readonly pad?: boolean;
  /** One EPC's EDT in every reply lies about its size: one byte cut off, or a zero byte added. */
  readonly edt?: { readonly epc: number; readonly change: 'truncate' | 'pad' };
}

/** The reply with `epc`'s EDT one byte short or long (frames the relay cannot decode pass unchanged). */
function lieAboutEdt(bytes: Uint8Array, lie: NonNullable<HostileBehaviour['edt']>): Uint8Array {
  const decoded = decodeStrict(bytes);
  if (!decoded.ok || decoded.frame.format !== 1 || !('properties' in decoded.frame)) return bytes;
  const frame = decoded.frame;
  if (!frame.properties.some((p) => p.epc === lie.epc && p.edt.length > 1)) return bytes;
  const properties = frame.properties.map((p) =>
    p.epc !== lie.epc || p.edt.length <= 1
      ? p
      : {
          epc: p.epc,
          edt: lie.change === 'truncate' ? p.edt.subarray(0, -1) : Uint8Array.from([...p.edt, 0]),
        },
  );
  return encodeFrame({ ...frame, properties });
}

export interface HostileRelay {
  close(): Promise<void>;
}

/**
 * Listens at `front` (where the harness believes the device is), forwards from `back` to `device`, and
 * returns what the device sends to the last requester, changed by `behaviour`.
 */
export async function startHostileRelay(
  front: Endpoint,
  back: string,
  device: Endpoint,
  behaviour: HostileBehaviour,
): Promise<HostileRelay> {
  const outside = await openUdpTransport({ family: 4, address: front.address, port: front.port });
  const inside = await openUdpTransport({ family: 4, address: back, port: front.port });
  let requester: Endpoint | undefined;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, send: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, ms);
    timers.add(timer);
  };
  outside.onReceive((d) => {
    requester = d.from;
    void inside.send(d.bytes, device).catch(() => {});
  });
  inside.onReceive((d) => {
    const to = requester;
    if (!to || d.multicast) return;
    let bytes = d.bytes;
    if (behaviour.truncate) bytes = bytes.subarray(0, bytes.length - 1);
    if (behaviour.pad) bytes = Uint8Array.from([...bytes, 0x00]);
    if (behaviour.edt) bytes = lieAboutEdt(bytes, behaviour.edt);
    const send = () => void outside.send(bytes, to).catch(() => {});
    later(behaviour.delayMs ?? 0, send);
    if (behaviour.duplicateAfterMs !== undefined)
      later((behaviour.delayMs ?? 0) + behaviour.duplicateAfterMs, send);
  });
  return {
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await Promise.all([outside.close(), inside.close()]);
    },
  };
}
