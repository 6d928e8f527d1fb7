// The virtual registers SKSREG reads and writes (echonet-smart-meter.md §4.1, smdn-SK
// `SkStackRegister`). A register is named S + hex number: `S2` and `S02` are the same one (§4.1: both
// spellings are seen). Widths of the ESREG answer and the power-up values are not in the reference:
// they are this emulator's choices, and the power-up values can be overridden.

export interface RegisterDefinition {
  readonly number: number;
  readonly name: string;
  /** Hex digits of the value: a write takes at most this many, a read answers this many. */
  readonly digits: number;
  readonly min: number;
  readonly max: number;
  /** Read-only (R in smdn-SK): a write is refused with FAIL ER06. */
  readonly readOnly?: boolean;
}

const flag = (number: number, name: string): RegisterDefinition => ({
  number,
  name,
  digits: 1,
  min: 0,
  max: 1,
});

export const REGISTERS: readonly RegisterDefinition[] = [
  { number: 0x02, name: 'channel', digits: 2, min: 0x21, max: 0x3c },
  { number: 0x03, name: 'PAN ID', digits: 4, min: 0, max: 0xffff },
  { number: 0x07, name: 'frame counter', digits: 8, min: 0, max: 0xffffffff, readOnly: true },
  { number: 0x0a, name: 'pairing ID', digits: 8, min: 0, max: 0xffffffff },
  flag(0x15, 'respond to beacon requests'),
  // §4.1: S16 PANA session lifetime in seconds, ≥ 0x3C
  { number: 0x16, name: 'PANA session lifetime (s)', digits: 8, min: 0x3c, max: 0xffffffff },
  flag(0x17, 'auto re-authentication'),
  flag(0xa0, 'encrypt IP multicast'),
  flag(0xa1, 'accept ICMP echo'),
  // BP35C0/C2: 1 = ERXUDP carries the RSSI (LQI) field after <SENDERLLA>, 0 = it does not (dialects.ts)
  flag(0xa2, 'ERXUDP carries LQI'),
  { number: 0xfb, name: 'sending restricted (ARIB)', digits: 1, min: 0, max: 1, readOnly: true },
  { number: 0xfd, name: 'accumulated send time (ms)', digits: 8, min: 0, max: 0xffffffff, readOnly: true },
  flag(0xfe, 'echo-back'),
  flag(0xff, 'auto-load'),
];

export const S_CHANNEL = 0x02;
export const S_PAN_ID = 0x03;
export const S_FRAME_COUNTER = 0x07;
export const S_PAIRING_ID = 0x0a;
export const S_LIFETIME = 0x16;
export const S_REAUTH = 0x17;
export const S_ERXUDP_LQI = 0xa2;
export const S_RESTRICTED = 0xfb;
export const S_SEND_TIME = 0xfd;
export const S_ECHO = 0xfe;

/** Power-up values. [M] all but SFE 1 (echo-back on, as real modules: skstack-clients.md). */
export const REGISTER_DEFAULTS: Readonly<Record<number, number>> = {
  [S_CHANNEL]: 0x21,
  [S_PAN_ID]: 0xffff,
  [S_PAIRING_ID]: 0,
  21: 1,
  [S_LIFETIME]: 0x384,
  [S_REAUTH]: 1,
  160: 0,
  161: 1,
  [S_ERXUDP_LQI]: 1,
  [S_ECHO]: 1,
  255: 0,
};

/** The register a name such as `S2`, `S02` or `SFE` names, or undefined. */
export function registerNamed(name: string): RegisterDefinition | undefined {
  const match = /^S([0-9A-Fa-f]{1,2})$/.exec(name);
  if (!match) return undefined;
  const number = Number.parseInt(match[1]!, 16);
  return REGISTERS.find((r) => r.number === number);
}

/** The value of a write, or undefined when it is not hex of the register's width and range. */
export function registerValue(definition: RegisterDefinition, text: string): number | undefined {
  if (!new RegExp(`^[0-9A-Fa-f]{1,${definition.digits}}$`).test(text)) return undefined;
  const value = Number.parseInt(text, 16);
  return value >= definition.min && value <= definition.max ? value : undefined;
}

export function registerText(definition: RegisterDefinition, value: number): string {
  return value.toString(16).toUpperCase().padStart(definition.digits, '0');
}
