// The "module session" of a case on a Wi-SUN profile (transport "skstack"): the SKSTACK IP module under
// the run's link, reached through the harness's transport (echonet-smart-meter.md §4): raw command lines
// with their records or FAIL code, the EVENT records, a re-join with given Route-B credentials, the bytes
// the module wrote; for an emulated target also its write boundaries (chunks) and the comms unit itself.
// Every wait drives the clock, as skstack-device.ts does.
import type { Clock } from '../clock/clock.ts';
import { pass, TIMED_OUT } from '../clock/wait.ts';
import type { Profile } from '../profile/profile.ts';
import type { CommandResult, RunOptions } from '../transport/skstack/command-runner.ts';
import { type SkstackDialect, skstackDialect } from '../transport/skstack/dialects.ts';
import { PanaAuthError, SkstackCommandError } from '../transport/skstack/errors.ts';
import type { EventRecord, SkstackRecord } from '../transport/skstack/records.ts';
import type { Endpoint } from '../transport/transport.ts';
import {
  driven,
  openSkstackLink,
  type SkstackLink,
  skstackSettings,
  type UnitOptions,
} from './skstack-device.ts';

/** A command's end: its records (echoes included) and answer, or the module's FAIL code. */
export type CommandOutcome =
  | { readonly ok: true; readonly records: readonly SkstackRecord[]; readonly answer: string }
  | { readonly ok: false; readonly code: string; readonly records: readonly SkstackRecord[] };

/** Longest a raw command may take on the clock (a scan of duration 6 is about 18 s). */
const COMMAND_LIMIT_MS = 120_000;

export interface WisunSession {
  /** The dialect table the harness reads the module with (harness/transport/skstack/dialects.ts). */
  readonly dialect: SkstackDialect;
  /** ERXUDP data as hex ASCII: the profile's hexPayload, else the dialect's default (§4.3). */
  readonly hexPayload: boolean;
  readonly routeB: { readonly id: string; readonly password: string };
  readonly meter: Endpoint;
  /** Set when the join of the run's link failed (emulated target: the module still takes commands). */
  readonly joinError?: Error;
  /** Every record the module's output made since the session began, echoes included. */
  readonly records: readonly SkstackRecord[];
  /** How many bytes the module wrote since the session began; `bytes(from)` gives them. */
  readonly byteCount: number;
  bytes(from?: number): Uint8Array;
  /** One command line through the transport's runner; FAIL ERxx is an outcome, a timeout throws. */
  run(command: string, options?: RunOptions): Promise<CommandOutcome>;
  /** The EVENT records since index `from` of `records`. */
  events(from?: number): EventRecord[];
  /** The first record from index `from` that `match` accepts, waiting up to `limitMs` of the clock. */
  waitFor(
    match: (r: SkstackRecord) => boolean,
    limitMs: number,
    from?: number,
  ): Promise<SkstackRecord | undefined>;
  /** SKTERM, the credentials, SKJOIN (§4.4): true on EVENT 25, the error on EVENT 24 or a refused setting. */
  join(routeB: { readonly id: string; readonly password: string }): Promise<true | Error>;
  /** Lets `ms` of the clock pass. */
  pass(ms: number): Promise<void>;
  /** Emulated target only. */
  readonly emulated?: EmulatedModule;
}

export interface EmulatedModule {
  readonly unit: NonNullable<SkstackLink['emulated']>['unit'];
  /** Every chunk the module wrote since it started: one chunk = one write (its write boundaries). */
  readonly chunks: readonly Uint8Array[];
  /** A link of the case's own to a fresh comms unit with these options (e.g. a small ARIB limit). */
  open(options: UnitOptions): Promise<{ readonly session: WisunSession; close(): Promise<void> }>;
}

/** The session over a link the fixtures opened (or a case's own). */
export function wisunSession(link: SkstackLink, profile: Profile, clock: Clock): WisunSession {
  const settings = skstackSettings(profile);
  const dialect = skstackDialect(settings.dialect);
  const records: SkstackRecord[] = [];
  const chunks: Uint8Array[] = [];
  let byteCount = 0;
  link.module.onRecord((r) => records.push(r));
  link.module.onBytes((b) => {
    chunks.push(b);
    byteCount += b.length;
  });
  const within = async <T>(promise: Promise<T>, limitMs: number, what: string): Promise<T> => {
    const result = await driven(clock, promise, limitMs, link.wait);
    if (result === TIMED_OUT)
      throw new Error(`${what}: not done within ${limitMs / 1000} s of the run's clock`);
    return result;
  };
  const unit = link.emulated;
  const session: WisunSession = {
    dialect,
    hexPayload: settings.hexPayload ?? dialect.hexPayload,
    routeB: profile.routeB ?? { id: '', password: '' },
    meter: link.meter,
    ...(link.joinError ? { joinError: link.joinError } : {}),
    records,
    get byteCount() {
      return byteCount;
    },
    bytes(from = 0) {
      return Uint8Array.from(Buffer.concat(chunks)).subarray(from);
    },
    async run(command, options) {
      const from = records.length;
      const name = command.split(' ')[0] ?? '';
      try {
        const result: CommandResult = await within(
          link.module.run(command, options),
          (options?.timeoutMs ?? 0) + COMMAND_LIMIT_MS,
          `SKSTACK ${name}`,
        );
        return { ok: true, records: records.slice(from), answer: result.answer };
      } catch (error) {
        if (error instanceof SkstackCommandError)
          return { ok: false, code: error.code, records: records.slice(from) };
        throw error;
      }
    },
    events: (from = 0) => records.slice(from).filter((r): r is EventRecord => r.kind === 'event'),
    async waitFor(match, limitMs, from = 0) {
      const seen = records.slice(from).find(match);
      if (seen) return seen;
      let remove = (): void => {};
      const next = new Promise<SkstackRecord>((resolve) => {
        remove = link.module.onRecord((r) => {
          if (match(r)) resolve(r);
        });
      });
      try {
        const found = await driven(clock, next, limitMs, link.wait);
        return found === TIMED_OUT ? undefined : found;
      } finally {
        remove();
      }
    },
    async join(routeB) {
      try {
        await within(link.module.rejoinWith(routeB), COMMAND_LIMIT_MS, 'SKJOIN');
        return true;
      } catch (error) {
        if (error instanceof PanaAuthError || error instanceof SkstackCommandError) return error;
        throw error;
      }
    },
    pass: (ms) => pass(clock, ms, link.wait),
    ...(unit
      ? {
          emulated: {
            unit: unit.unit,
            chunks: unit.chunks,
            async open(options) {
              const own = await openSkstackLink(profile, clock, options);
              return { session: wisunSession(own, profile, clock), close: () => own.close() };
            },
          },
        }
      : {}),
  };
  return session;
}
