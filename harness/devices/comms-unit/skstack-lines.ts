// The lines the module writes, per dialect (echonet-smart-meter.md §4.1–§4.3). Pure functions of
// their fields: the module decides what to say and when, these decide how it reads on the wire.
import type { Dialect } from './dialects.ts';

export const CRLF = '\r\n';

/** SIDE 0: the B-route (1 would be HAN, BP35C2 and Stick-D/DSS only). */
export const SIDE_B_ROUTE = 0;

/** Event numbers (§4.2). */
export const EVENT = {
  NS_RECEIVED: 0x01,
  NA_RECEIVED: 0x02,
  ED_SCAN_DONE: 0x1f,
  BEACON: 0x20,
  UDP_SENT: 0x21,
  ACTIVE_SCAN_DONE: 0x22,
  PANA_ERROR: 0x24,
  PANA_ESTABLISHED: 0x25,
  TERM_REQUESTED: 0x26,
  TERM_DONE: 0x27,
  TERM_TIMED_OUT: 0x28,
  LIFETIME_EXPIRED: 0x29,
  ARIB_LIMITED: 0x32,
  ARIB_RELEASED: 0x33,
} as const;

export const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');
export const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

/** `EVENT <num> <sender> [<side>] [<param>]` (§4.3: side before param where the dialect has it). */
export function eventLine(dialect: Dialect, num: number, sender: string, param?: number): string {
  const side = dialect.eventTakesSide ? ` ${SIDE_B_ROUTE}` : '';
  return `EVENT ${hex2(num)} ${sender}${side}${param === undefined ? '' : ` ${hex2(param)}`}${CRLF}`;
}

export interface Beacon {
  readonly sender: string;
  readonly channel: number;
  readonly panId: number;
  /** The coordinator's MAC, 16 hex digits. */
  readonly mac: string;
  readonly lqi: number;
  /** Only in an active scan with IE (mode 2). */
  readonly pairId?: string;
}

/** EVENT 20 and its EPANDESC block (§4.1 SKSCAN active). */
export function beaconLines(dialect: Dialect, beacon: Beacon): { event: string; description: string } {
  const lines = [
    'EPANDESC',
    `  Channel:${hex2(beacon.channel)}`,
    '  Channel Page:09',
    `  Pan ID:${hex4(beacon.panId)}`,
    `  Addr:${beacon.mac}`,
    `  LQI:${hex2(beacon.lqi)}`,
    ...(dialect.panDescSide ? [`  Side:${SIDE_B_ROUTE}`] : []),
    ...(beacon.pairId === undefined ? [] : [`  PairID:${beacon.pairId}`]),
  ];
  return {
    event: eventLine(dialect, EVENT.BEACON, beacon.sender),
    description: lines.map((l) => l + CRLF).join(''),
  };
}

/** `EEDSCAN` and one line of `<ch> <LQI>` pairs (§4.1 SKSCAN ED). */
export function edScanLines(levels: readonly { channel: number; lqi: number }[]): string {
  return `EEDSCAN${CRLF}${levels.map((l) => `${hex2(l.channel)} ${hex2(l.lqi)}`).join(' ')}${CRLF}`;
}

export interface Received {
  readonly sender: string;
  readonly dest: string;
  readonly rport: number;
  readonly lport: number;
  readonly senderMac: string;
  readonly lqi: number;
  readonly secured: boolean;
  readonly data: Uint8Array;
}

export interface ErxudpForm {
  /** Data as hex ASCII (WOPT 01, or the dialect's default) rather than binary. */
  readonly hex: boolean;
  /** What <DATALEN> says; the byte count unless a fault says otherwise. */
  readonly datalen?: number;
}

/** `ERXUDP …` (§4.3): the fields of the dialect, <DATALEN> in 4 hex digits, the data, CR LF. */
export function erxudpLine(dialect: Dialect, received: Received, form: ErxudpForm): Uint8Array {
  const fields: Record<(typeof dialect.erxudpFields)[number], string> = {
    lqi: hex2(received.lqi),
    secured: received.secured ? '1' : '0',
    side: String(SIDE_B_ROUTE),
  };
  const head = [
    'ERXUDP',
    received.sender,
    received.dest,
    hex4(received.rport),
    hex4(received.lport),
    received.senderMac,
    ...dialect.erxudpFields.map((f) => fields[f]),
    hex4(form.datalen ?? received.data.length),
  ].join(' ');
  const data = form.hex
    ? Buffer.from(Buffer.from(received.data).toString('hex').toUpperCase(), 'latin1')
    : Buffer.from(received.data);
  return Uint8Array.from(Buffer.concat([Buffer.from(`${head} `, 'latin1'), data, Buffer.from(CRLF)]));
}
