// What an emulated ECHONET object offers the node that hosts it: its EOJ, its property maps and
// read/write of single properties. The node turns these into replies with the SNA rules.
import type { Eoj } from '../../echonet/eoj.ts';
import type { Format1Frame } from '../../echonet/frame.ts';

export interface DeviceObject {
  readonly eoj: Eoj;
  /** EPCs answered to Get (0x9F), accepted by Set (0x9E), announced on change (0x9D). */
  readonly getMap: readonly number[];
  readonly setMap: readonly number[];
  readonly announceMap: readonly number[];
  /** The EDT of `epc`, or undefined when the object cannot give it now (the node answers SNA). */
  read(epc: number): Uint8Array | undefined;
  /** Applies a write; false when refused (the node echoes the EDT in the SNA body). */
  write(epc: number, edt: Uint8Array): boolean;
  /** Extra ms before the reply to `request` goes out, beyond the node's latency (a fault's slow path). */
  replyDelayMs?(request: Format1Frame): number;
  /**
   * The state of its history selectors (E5, ED, EF), saved and restored around one client's request when
   * each B-route client has its own (b-route-clients.ts); undefined restores the defaults.
   */
  readonly selectors?: { save(): unknown; restore(state: unknown): void };
}
