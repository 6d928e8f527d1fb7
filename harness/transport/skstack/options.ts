// The options of openSkstackTransport and their defaults. Facts the sources leave open (marked
// unverified in echonet-smart-meter.md §4) are options here, so that a lab can match its module
// without a code change.
import type { Clock } from '../../clock/clock.ts';
import type { ByteStream } from './byte-stream.ts';
import type { SkstackDialect, SkstackDialectName } from './dialects.ts';
import type { SerialLogEntry } from './serial-log.ts';

export interface SkstackTimeouts {
  /** Any command up to its OK (default 5 s). */
  readonly command: number;
  /** SKSENDTO up to its OK and EVENT 21 (default 10 s: the module may be holding a transmit-time limit). */
  readonly send: number;
  /** SKJOIN up to EVENT 25 or 24 (default 60 s). */
  readonly join: number;
  /** Added to the computed length of an active scan before it times out (default 10 s). */
  readonly scanMargin: number;
  /** After EVENT 29 (session lifetime expired) how long EVENT 25 may take before the transport re-joins (default 20 s). */
  readonly expiryGrace: number;
}

export const DEFAULT_TIMEOUTS: SkstackTimeouts = {
  command: 5_000,
  send: 10_000,
  join: 60_000,
  scanMargin: 10_000,
  expiryGrace: 20_000,
};

export interface SkstackRouteB {
  /** The Route-B (B-route) authentication ID: exactly 32 characters (§4.1 SKSETRBID). Never printed. */
  readonly id: string;
  /** The Route-B password: 1 to 32 characters (§4.1 SKSETPWD). Never printed. */
  readonly password: string;
}

export interface SkstackTransportOptions {
  /** The serial device; give either this or `stream`. */
  readonly path?: string;
  /** Default 115200 (§4). Used with `path` only. */
  readonly baud?: number;
  /** An already opened stream (tests, a pseudo-terminal); closed by the transport's close(). */
  readonly stream?: ByteStream;
  readonly dialect: SkstackDialectName;
  /** Unverified rows of the dialect table (dialects.ts), replaced field by field. */
  readonly dialectOverrides?: Partial<Omit<SkstackDialect, 'name'>>;
  readonly routeB: SkstackRouteB;
  /** The meter's channel 33..60; with panId and mac, no scan is made. */
  readonly channel?: number;
  /** The meter's PAN ID 0..0xFFFF. */
  readonly panId?: number;
  /** The meter's 64-bit MAC, 16 hex digits. */
  readonly mac?: string;
  /** SKSCAN duration factor 0..14 of the first scan; default the dialect's (6). */
  readonly scanDuration?: number;
  /** Active scans before giving up, each one step longer (default 3). */
  readonly scanAttempts?: number;
  /** ERXUDP data as hex ASCII (WOPT 01); default the dialect's (RL7023 yes, ROHM no). Never written to the module. */
  readonly hexPayload?: boolean;
  readonly clock: Clock;
  /** Every command written and record read, from the first command on (serial-log.ts). */
  readonly serialLog?: (entry: SerialLogEntry) => void;
  /** SKSENDTO security flag: 0 plain, 1 force encryption, 2 encrypt if able (default 1, §4.4). */
  readonly security?: 0 | 1 | 2;
  /** SKSENDTO UDP handle 1..6 (default 1). */
  readonly handle?: number;
  /** Register names for channel and PAN ID: 'S2'/'S3' (field clients, default) or 'S02'/'S03' (smdn-SK). */
  readonly registers?: { readonly channel?: string; readonly panId?: string };
  readonly timeouts?: Partial<SkstackTimeouts>;
  /** Send SKTERM on close (default true). */
  readonly terminateOnClose?: boolean;
}

/** The checks a profile's values must pass; messages never show the ID or password. */
export function checkSkstackOptions(options: SkstackTransportOptions): void {
  if ((options.path === undefined) === (options.stream === undefined)) {
    throw new TypeError('SKSTACK transport: give exactly one of path (a serial device) and stream');
  }
  const { id, password } = options.routeB ?? { id: '', password: '' };
  if (typeof id !== 'string' || !/^[\x21-\x7e]{32}$/.test(id)) {
    throw new RangeError(
      `Route-B ID must be exactly 32 printable characters, got ${String(id?.length ?? 0)}`,
    );
  }
  if (typeof password !== 'string' || !/^[\x21-\x7e]{1,32}$/.test(password)) {
    throw new RangeError(
      `Route-B password must be 1 to 32 printable characters without spaces, got ${String(password?.length ?? 0)}`,
    );
  }
  if (
    options.channel !== undefined &&
    !(Number.isInteger(options.channel) && options.channel >= 33 && options.channel <= 60)
  ) {
    throw new RangeError(`channel must be an integer 33..60, got ${String(options.channel)}`);
  }
  if (
    options.panId !== undefined &&
    !(Number.isInteger(options.panId) && options.panId >= 0 && options.panId <= 0xffff)
  ) {
    throw new RangeError(`panId must be an integer 0..0xFFFF, got ${String(options.panId)}`);
  }
  if (options.mac !== undefined && !/^[0-9A-Fa-f]{16}$/.test(options.mac)) {
    throw new RangeError(`mac must be 16 hex digits, got '${options.mac}'`);
  }
  const duration = options.scanDuration;
  if (duration !== undefined && !(Number.isInteger(duration) && duration >= 0 && duration <= 14)) {
    throw new RangeError(`scanDuration must be an integer 0..14, got ${String(duration)}`);
  }
  const attempts = options.scanAttempts;
  if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 1)) {
    throw new RangeError(`scanAttempts must be an integer ≥ 1, got ${String(attempts)}`);
  }
  const handle = options.handle;
  if (handle !== undefined && !(Number.isInteger(handle) && handle >= 1 && handle <= 6)) {
    throw new RangeError(`handle must be an integer 1..6, got ${String(handle)}`);
  }
}
