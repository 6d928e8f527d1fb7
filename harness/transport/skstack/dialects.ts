// How the three module families lay out their lines, as data (echonet-smart-meter.md §4.1, §4.3,
// skstack-clients.md). The reader, the scan and SKSENDTO read this table; nothing else
// asks which module it is talking to. 'rl7023' is the Stick-D/DSS (dual stack, with SIDE fields); an
// RL7023 Stick-D/IPS (single hop) lays its lines out as the BP35A1 does (§4.3): use 'bp35a1' with
// hexPayload as the module is set. Rows marked "unverified" are what the sources suggest, and every
// one of them can be overridden through SkstackTransportOptions.

export type SkstackDialectName = 'bp35a1' | 'bp35c2' | 'rl7023';

/** A field of an ERXUDP line, in wire order. */
export type ErxudpField = 'sender' | 'dest' | 'rport' | 'lport' | 'senderLla' | 'lqi' | 'secured' | 'side';

/** A field of an EVENT line after `EVENT <num> <sender>`, in wire order. */
export type EventField = 'side' | 'param';

export interface SkstackDialect {
  readonly name: SkstackDialectName;
  /** ERXUDP fields between the keyword and <DATALEN> (DATALEN and DATA follow). §4.3 */
  readonly erxudp: readonly ErxudpField[];
  /**
   * A field of `erxudp` a module may leave out, told by its width: BP35C0/C2 write the 2-digit <LQI> only
   * with register SA2 = 1; with SA2 = 0 the next token is the 1-digit <SECURED> (10 tokens instead of 11;
   * node-echonet-lite's bp35c2 adapter and broute-mqtt's BP35C0 parser read that form) [unverified].
   */
  readonly erxudpOptional?: 'lqi';
  /**
   * EVENT fields after the sender, assigned left to right (a missing trailing one is undefined).
   * §4.3: BP35A1 `EVENT <num> <sender> [<param>]`; RL7023 DSS `… <sender> <side> [<param>]`;
   * BP35C2 `EVENT 21 FE80:… 0 00` (side then param — verified for EVENT 21 only, the rest unverified).
   */
  readonly event: readonly EventField[];
  /** The side argument of SKSCAN and SKSENDTO, or undefined when the command has none. §4.1 */
  readonly side: string | undefined;
  /** ERXUDP <DATA> as hex ASCII by default (RL7023; ROHM modules after WOPT 01). §4.1, §4.3 */
  readonly hexPayload: boolean;
  /** SKSCAN duration factor of the first active scan. §4.4 (node-echonet-lite uses 4 on BP35C2) */
  readonly scanDuration: number;
}

export const SKSTACK_DIALECTS: { readonly [name in SkstackDialectName]: SkstackDialect } = {
  bp35a1: {
    name: 'bp35a1',
    erxudp: ['sender', 'dest', 'rport', 'lport', 'senderLla', 'secured'],
    event: ['param'],
    side: undefined,
    hexPayload: false,
    scanDuration: 6,
  },
  rl7023: {
    name: 'rl7023',
    erxudp: ['sender', 'dest', 'rport', 'lport', 'senderLla', 'secured', 'side'],
    event: ['side', 'param'],
    side: '0',
    hexPayload: true,
    scanDuration: 6,
  },
  bp35c2: {
    name: 'bp35c2',
    erxudp: ['sender', 'dest', 'rport', 'lport', 'senderLla', 'lqi', 'secured', 'side'],
    erxudpOptional: 'lqi',
    event: ['side', 'param'],
    side: '0',
    hexPayload: false,
    scanDuration: 6,
  },
};

export function skstackDialect(name: SkstackDialectName): SkstackDialect {
  const dialect = (SKSTACK_DIALECTS as Record<string, SkstackDialect | undefined>)[name];
  if (dialect === undefined) {
    throw new RangeError(
      `unknown SKSTACK dialect '${String(name)}': use one of ${Object.keys(SKSTACK_DIALECTS).join(', ')}`,
    );
  }
  return dialect;
}
