// The three SKSTACK IP line dialects the emulated module speaks, as data: every difference between
// modules lives in this table, never in branches spread through the module's code.
// Reference: echonet-smart-meter.md §4.1 (SKSCAN / SKSENDTO SIDE argument), §4.3 (EVENT and ERXUDP
// fields), skstack-clients.md (the node-echonet-lite adapters 'bp35a1', 'bp35c2', 'rl7023').

export type DialectName = 'bp35a1' | 'bp35c2' | 'rl7023';

/** A field of ERXUDP between <SENDERLLA> and <DATALEN>, in wire order. */
export type ErxudpField = 'lqi' | 'secured' | 'side';

export interface Dialect {
  readonly name: DialectName;
  /** For messages: which modules speak it. */
  readonly modules: string;
  /** SKSCAN <mode> <mask> <duration> <side> (§4.1: BP35C0/C2 and Stick-D/DSS add SIDE). */
  readonly scanTakesSide: boolean;
  /** SKSENDTO <handle> <ipv6> <port> <sec> <side> <len> (§4.1). */
  readonly sendToTakesSide: boolean;
  /** EVENT <num> <sender> <side> [<param>] rather than EVENT <num> <sender> [<param>] (§4.3). */
  readonly eventTakesSide: boolean;
  /** ERXUDP fields between <SENDERLLA> and <DATALEN> (§4.3: 9, 10 or 11 tokens in all). */
  readonly erxudpFields: readonly ErxudpField[];
  /**
   * Register SA2 switches the 'lqi' field of ERXUDP: SA2 = 0 leaves it out (BP35C0/C2: clients that set
   * SA2 1 to get the RSSI, and node-echonet-lite's bp35c2 adapter and broute-mqtt's BP35C0 parser, which
   * read 10 tokens without setting it). SA2's power-up value is 1 here, the 11-token form of §4.3 [M].
   */
  readonly lqiRegister: boolean;
  /** EPANDESC carries a `  Side:` line (§4.1, C2). */
  readonly panDescSide: boolean;
  /** ERXUDP data as hex ASCII from power-up (RL7023: skstack-clients.md "expects hex data"). */
  readonly hexDataByDefault: boolean;
  /** WOPT / ROPT exist (ROHM only, §4.1); otherwise they are unknown commands (FAIL ER04). */
  readonly hasWopt: boolean;
  /** What SKVER answers after EVER. Unverified but for BP35A1's 1.2.10 (§4.1): a default, override it. */
  readonly version: string;
}

export const DIALECTS: Readonly<Record<DialectName, Dialect>> = {
  bp35a1: {
    name: 'bp35a1',
    modules: 'ROHM BP35A1, Tessera RL7023 IPS (single-hop)',
    scanTakesSide: false,
    sendToTakesSide: false,
    eventTakesSide: false,
    erxudpFields: ['secured'],
    lqiRegister: false,
    panDescSide: false,
    hexDataByDefault: false,
    hasWopt: true,
    version: '1.2.10',
  },
  bp35c2: {
    name: 'bp35c2',
    modules: 'ROHM BP35C0 / BP35C2',
    scanTakesSide: true,
    sendToTakesSide: true,
    eventTakesSide: true,
    erxudpFields: ['lqi', 'secured', 'side'],
    lqiRegister: true,
    panDescSide: true,
    hexDataByDefault: false,
    hasWopt: true,
    version: '1.0.0',
  },
  rl7023: {
    name: 'rl7023',
    modules: 'Tessera RL7023 Stick-D/DSS',
    scanTakesSide: true,
    sendToTakesSide: true,
    eventTakesSide: true,
    erxudpFields: ['secured', 'side'],
    lqiRegister: false,
    panDescSide: false,
    hexDataByDefault: true,
    hasWopt: false,
    version: '1.0.0',
  },
};
