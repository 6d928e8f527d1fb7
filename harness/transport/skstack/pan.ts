// A PAN as an active scan reports it (EPANDESC block, echonet-smart-meter.md §4.1 SKSCAN): the fields
// the join needs, read from the `  Key:Value` lines. Channel and PAN ID are hex on the wire.
import type { PanRecord } from './records.ts';

export interface PanDescriptor {
  /** 33..60 (0x21..0x3C). */
  readonly channel: number;
  readonly panId: number;
  /** The meter's 64-bit MAC, 16 hex digits. */
  readonly mac: string;
  /** Link quality 0..255; RSSI(dBm) = 0.275 × LQI − 104.27 (§4.1). */
  readonly lqi: number;
  readonly pairId?: string;
}

/** The descriptor, or undefined when Channel, Pan ID or Addr is missing or not hex. */
export function panDescriptor(record: PanRecord): PanDescriptor | undefined {
  const { fields } = record;
  const channel = hex(fields.Channel, 2);
  const panId = hex(fields['Pan ID'], 4);
  const mac = fields.Addr;
  if (channel === undefined || panId === undefined || mac === undefined || !/^[0-9A-Fa-f]{16}$/.test(mac)) {
    return undefined;
  }
  const pairId = fields.PairID;
  return {
    channel,
    panId,
    mac: mac.toUpperCase(),
    lqi: hex(fields.LQI, 2) ?? 0,
    ...(pairId === undefined ? {} : { pairId }),
  };
}

function hex(value: string | undefined, digits: number): number | undefined {
  if (value === undefined || !new RegExp(`^[0-9A-Fa-f]{1,${digits}}$`).test(value)) return undefined;
  return Number.parseInt(value, 16);
}
