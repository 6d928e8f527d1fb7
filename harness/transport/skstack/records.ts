// What the reader makes of the module's output (echonet-smart-meter.md §4.1–4.3): one record per line,
// per EPANDESC block, per ERXUDP datagram.

export interface OkRecord {
  readonly kind: 'ok';
  /** `OK`, or `OK 01` (ROPT). */
  readonly text: string;
}

export interface FailRecord {
  readonly kind: 'fail';
  /** `ER04`, …; '' when the line is a bare `FAIL`. */
  readonly code: string;
  readonly text: string;
}

export interface EventRecord {
  readonly kind: 'event';
  readonly code: number;
  /** From events.ts, `unknown-XX` when not listed. */
  readonly name: string;
  readonly sender: string;
  readonly side?: string;
  readonly param?: string;
  readonly text: string;
}

export interface UdpRecord {
  readonly kind: 'udp';
  readonly sender: string;
  readonly dest: string;
  readonly rport: number;
  readonly lport: number;
  readonly senderLla: string;
  readonly secured: boolean;
  /** BP35C2 only. */
  readonly lqi?: number;
  /** RL7023 and BP35C2. */
  readonly side?: string;
  readonly data: Uint8Array;
}

/** An EPANDESC block: the indented `  Key:Value` lines that follow it (`Channel`, `Pan ID`, `Addr`, …). */
export interface PanRecord {
  readonly kind: 'pan';
  readonly fields: Readonly<Record<string, string>>;
}

/** Our own command coming back (echo-back, register SFE); SKSENDTO's carries its data. */
export interface EchoRecord {
  readonly kind: 'echo';
  readonly text: string;
  readonly data?: Uint8Array;
}

/** A response line starting with E: `EINFO …`, `EVER 1.2.10`, `ESREG 21`, `EADDR`, … */
export interface InfoRecord {
  readonly kind: 'info';
  readonly keyword: string;
  readonly tokens: readonly string[];
  readonly text: string;
}

/** Any other line, e.g. SKLL64's answer `FE80:0000:…`. */
export interface LineRecord {
  readonly kind: 'line';
  readonly text: string;
}

/** Bytes that could not be read: an ERXUDP with a bad field, an overlong line. Never thrown. */
export interface GarbageRecord {
  readonly kind: 'garbage';
  readonly reason: string;
  readonly bytes: Uint8Array;
}

export type SkstackRecord =
  | OkRecord
  | FailRecord
  | EventRecord
  | UdpRecord
  | PanRecord
  | EchoRecord
  | InfoRecord
  | LineRecord
  | GarbageRecord;
