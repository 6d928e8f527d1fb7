// SKSTACK IP EVENT numbers and their names (echonet-smart-meter.md §4.2, from smdn-SK
// SkStackEventNumber and momonga SkEventNum).

export const SKSTACK_EVENTS = {
  1: 'neighbor-solicitation-received',
  2: 'neighbor-advertisement-received',
  5: 'echo-request-received',
  31: 'energy-detect-scan-completed',
  32: 'beacon-received',
  33: 'udp-send-completed',
  34: 'active-scan-completed',
  36: 'pana-session-establishment-error',
  37: 'pana-session-established',
  38: 'pana-session-termination-requested',
  39: 'pana-session-terminated',
  40: 'pana-session-termination-timed-out',
  41: 'pana-session-expired',
  50: 'transmit-time-limit-activated',
  51: 'transmit-time-limit-released',
  192: 'wake-up',
} as const;

export type SkstackEventName = (typeof SKSTACK_EVENTS)[keyof typeof SKSTACK_EVENTS];

/** Event codes the join and the session watch act on, by name. */
export const EVENT = {
  udpSendCompleted: 0x21,
  beaconReceived: 0x20,
  activeScanCompleted: 0x22,
  panaError: 0x24,
  panaEstablished: 0x25,
  terminationRequested: 0x26,
  terminated: 0x27,
  terminationTimedOut: 0x28,
  sessionExpired: 0x29,
  transmitLimitActivated: 0x32,
  transmitLimitReleased: 0x33,
} as const;

/** The name of an EVENT code, or `unknown-XX` for one the sources do not list. */
export function skstackEventName(code: number): string {
  return (
    (SKSTACK_EVENTS as Record<number, string | undefined>)[code] ??
    `unknown-${code.toString(16).toUpperCase().padStart(2, '0')}`
  );
}
