// The Transport over a Wi-SUN module speaking SKSTACK IP (echonet-smart-meter.md §4): the harness reaches
// a real low-voltage meter through a USB dongle (BP35A1, BP35C2, RL7023) exactly as it reaches an
// emulated one over UDP. ECHONET Lite datagrams go out as SKSENDTO to port 3610 (0E1A) and come in as
// ERXUDP; the local endpoint is our link-local address (SKINFO).
//
// The PANA session is watched: EVENT 29 (lifetime expired) must be followed by EVENT 25 (the module
// re-authenticates itself when S17 is set) within timeouts.expiryGrace; without it, or on EVENT 26, 27 or
// 28 (session terminated), the transport re-joins (SKJOIN with the same meter). Sends wait for the
// re-join; a failed re-join is reported through onError and retried by the next send.
import type { Clock, TimerHandle } from '../../clock/clock.ts';
import { Listeners } from '../listeners.ts';
import { type Datagram, ECHONET_PORT, type Endpoint, MULTICAST_V6, type Transport } from '../transport.ts';
import type { ByteStream } from './byte-stream.ts';
import { type CommandResult, type RunOptions, SkstackCommandRunner } from './command-runner.ts';
import { type SkstackDialect, type SkstackDialectName, skstackDialect } from './dialects.ts';
import { SkstackCommandError, SkstackSendError } from './errors.ts';
import { EVENT } from './events.ts';
import { fullIpv6, sameIpv6 } from './ipv6.ts';
import { authenticate, type JoinedPan, joinPan } from './join.ts';
import { SkstackLink } from './module-link.ts';
import {
  checkSkstackOptions,
  DEFAULT_TIMEOUTS,
  type SkstackTimeouts,
  type SkstackTransportOptions,
} from './options.ts';
import type { EventRecord, SkstackRecord, UdpRecord } from './records.ts';
import { logSerialLine } from './serial-log.ts';

export interface SkstackTransport extends Transport {
  readonly dialect: SkstackDialectName;
  /** The meter: its link-local address and port 3610. */
  readonly meter: Endpoint;
  readonly pan: JoinedPan['pan'];
  /** Every EVENT the module reports (for transcripts and diagnostics). */
  onEvent(listener: (event: EventRecord) => void): () => void;
  /** Errors after opening (a failed re-join, unreadable bytes). Without a listener they are process warnings. */
  onError(listener: (error: Error) => void): () => void;
  /** The module itself, for the conformance cases of the comms unit (module-access). */
  readonly module: SkstackModuleAccess;
}

/** Raw access to the module under the transport: commands, every record, every byte, a re-join. */
export interface SkstackModuleAccess {
  /** One command line, queued with the transport's own (OK / FAIL ERxx as SkstackCommandError). */
  run(command: string, options?: RunOptions): Promise<CommandResult>;
  /** Every record the module's output makes, echoes included. */
  onRecord(listener: (record: SkstackRecord) => void): () => void;
  /** The module's bytes as read from the stream. */
  onBytes(listener: (bytes: Uint8Array) => void): () => void;
  /**
   * SKTERM, then SKSETPWD / SKSETRBID with `routeB` and SKJOIN with the meter (§4.4), the session watch
   * held meanwhile; rejects with PanaAuthError on EVENT 24 or SkstackCommandError on a refused setting.
   */
  rejoinWith(routeB: { readonly id: string; readonly password: string }): Promise<void>;
}

/** Opens the port (or takes the stream), joins the meter's PAN and resolves once the PANA session is up. */
export async function openSkstackTransport(options: SkstackTransportOptions): Promise<SkstackTransport> {
  checkSkstackOptions(options);
  const dialect: SkstackDialect = { ...skstackDialect(options.dialect), ...options.dialectOverrides };
  const timeouts: SkstackTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const stream = options.stream ?? (await openPort(options.path ?? '', options.baud));
  const link = new SkstackLink(stream, {
    dialect,
    ...(options.hexPayload === undefined ? {} : { hexPayload: options.hexPayload }),
  });
  const runner = new SkstackCommandRunner(link, options.clock, timeouts.command);
  if (options.serialLog) logSerialLine(runner, link, options.serialLog);
  // The meter announces itself (instance list INF, §4.4) right after EVENT 25, before open() resolves:
  // datagrams received during the join are kept for the first onReceive listener.
  const early: UdpRecord[] = [];
  const keepEarly = link.onRecord((record) => {
    if (record.kind === 'udp') early.push(record);
  });
  try {
    const joined = await joinPan(runner, {
      routeB: options.routeB,
      given: {
        ...(options.channel === undefined ? {} : { channel: options.channel }),
        ...(options.panId === undefined ? {} : { panId: options.panId }),
        ...(options.mac === undefined ? {} : { mac: options.mac }),
      },
      scan: {
        duration: options.scanDuration ?? dialect.scanDuration,
        attempts: options.scanAttempts ?? 3,
        side: dialect.side,
        marginMs: timeouts.scanMargin,
      },
      registers: { channel: options.registers?.channel ?? 'S2', panId: options.registers?.panId ?? 'S3' },
      joinTimeoutMs: timeouts.join,
    });
    return new SkstackSessionTransport(link, runner, options, dialect, timeouts, joined, early);
  } catch (error) {
    await link.close();
    throw error;
  } finally {
    keepEarly();
  }
}

/** serialport is loaded only when a real port is opened, so tests on a stream never load the binding. */
async function openPort(path: string, baud: number | undefined): Promise<ByteStream> {
  const { openSerialStream } = await import('./serial-stream.ts');
  return openSerialStream({ path, ...(baud === undefined ? {} : { baud }) });
}

type SessionState = 'up' | 'expiring' | 'down' | 'joining';

class SkstackSessionTransport implements SkstackTransport {
  readonly local: Endpoint;
  readonly meter: Endpoint;
  readonly dialect: SkstackDialectName;
  readonly pan: JoinedPan['pan'];
  private readonly receivers = new Listeners<Datagram>();
  private readonly events = new Listeners<EventRecord>();
  private readonly errors = new Listeners<Error>();
  private readonly clock: Clock;
  private state: SessionState = 'up';
  private expiry: TimerHandle | undefined;
  private rejoining: Promise<void> | undefined;
  /** Between EVENT 32 and EVENT 33 (§4.2). */
  private transmitLimited = false;
  private closing: Promise<void> | undefined;
  readonly module: SkstackModuleAccess;

  constructor(
    private readonly link: SkstackLink,
    private readonly runner: SkstackCommandRunner,
    private readonly options: SkstackTransportOptions,
    private readonly table: SkstackDialect,
    private readonly timeouts: SkstackTimeouts,
    joined: JoinedPan,
    private early: UdpRecord[] | undefined,
  ) {
    this.clock = options.clock;
    this.dialect = options.dialect;
    this.pan = joined.pan;
    this.local = { address: joined.self, port: ECHONET_PORT };
    this.meter = { address: joined.meter, port: ECHONET_PORT };
    this.module = {
      run: (command, options) => this.runner.run(command, options),
      onRecord: (listener) => this.link.onRecord(listener),
      onBytes: (listener) => this.link.onBytes(listener),
      rejoinWith: (routeB) => this.rejoinWith(routeB),
    };
    link.onRecord((record) => {
      if (record.kind === 'udp') this.deliver(record);
      else if (record.kind === 'event') this.watch(record);
      else if (record.kind === 'garbage') {
        this.report(
          new Error(
            `SKSTACK module sent unreadable bytes (${record.reason}, ${record.bytes.length} bytes): check the ` +
              `dialect ('${this.dialect}') and hexPayload (WOPT) against the module`,
          ),
        );
      }
    });
  }

  async send(bytes: Uint8Array, to: Endpoint): Promise<void> {
    if (this.closing) {
      throw new Error(`cannot send: the SKSTACK transport on ${this.local.address} is closed`);
    }
    const address = fullIpv6(to.address);
    if (address === undefined) {
      throw new RangeError(
        `SKSTACK can send to IPv6 addresses only (link-local FE80::…), got '${to.address}'`,
      );
    }
    if (!Number.isInteger(to.port) || to.port < 0 || to.port > 0xffff) {
      throw new RangeError(`port must be an integer 0..65535, got ${String(to.port)}`);
    }
    if (bytes.length === 0 || bytes.length > 0xffff) {
      throw new RangeError(`SKSENDTO takes 1..65535 bytes, got ${bytes.length}`);
    }
    await this.session();
    try {
      await this.sendTo(address, to.port, bytes);
    } catch (error) {
      if (!(error instanceof SkstackCommandError) || !this.transmitLimited) throw error;
      throw new Error(
        `${error.message}; the module's ARIB STD-T108 transmit-time limit is active (EVENT 32), sends ` +
          'resume after EVENT 33',
        { cause: error },
      );
    }
  }

  private async sendTo(address: string, port: number, bytes: Uint8Array): Promise<void> {
    const hex4 = (value: number) => value.toString(16).toUpperCase().padStart(4, '0');
    const side = this.table.side === undefined ? '' : ` ${this.table.side}`;
    const handle = this.options.handle ?? 1;
    const security = this.options.security ?? 1;
    // §4.1: SKSENDTO <handle> <ipv6> <port 4 hex> <sec> [<side>] <len 4 hex> <data>, no CR LF after the data
    await this.runner.run(
      `SKSENDTO ${handle} ${address} ${hex4(port)} ${security}${side} ${hex4(bytes.length)}`,
      {
        data: bytes,
        timeoutMs: this.timeouts.send,
        waitingFor: 'EVENT 21 (UDP send complete)',
        until: (record) => {
          if (record.kind !== 'event' || record.code !== EVENT.udpSendCompleted) return false;
          if (record.param === '01') throw new SkstackSendError(address, bytes.length);
          return true; // 00 sent; 02 neighbour solicitation sent first (§4.2)
        },
      },
    );
  }

  sendMulticast(bytes: Uint8Array): Promise<void> {
    return this.send(bytes, { address: MULTICAST_V6, port: ECHONET_PORT });
  }

  /** The first listener also gets, in a later microtask, the datagrams that arrived during the join. */
  onReceive(listener: (datagram: Datagram) => void): () => void {
    const remove = this.receivers.add(listener);
    const early = this.early;
    this.early = undefined;
    if (early !== undefined && early.length > 0) {
      queueMicrotask(() => {
        for (const record of early) {
          const datagram = this.datagram(record);
          if (datagram) listener(datagram);
        }
      });
    }
    return remove;
  }

  onEvent(listener: (event: EventRecord) => void): () => void {
    return this.events.add(listener);
  }

  onError(listener: (error: Error) => void): () => void {
    return this.errors.add(listener);
  }

  close(): Promise<void> {
    this.closing ??= this.terminate().then(async () => {
      await this.link.close();
      this.receivers.clear();
      this.events.clear();
      this.errors.clear();
    });
    return this.closing;
  }

  /** SKTERM → OK, EVENT 27 or 28 (§4.1); best effort, a dead module must not keep close() waiting long. */
  private async terminate(): Promise<void> {
    this.expiry?.cancel();
    if (this.options.terminateOnClose === false || this.state === 'down') return;
    await this.runner
      .run('SKTERM', {
        waitingFor: 'EVENT 27 (session terminated)',
        until: (record) =>
          record.kind === 'event' &&
          (record.code === EVENT.terminated || record.code === EVENT.terminationTimedOut),
      })
      .catch(() => undefined);
  }

  /** Resolves when the session is up, re-joining first if it is down. */
  private session(): Promise<void> {
    if (this.state === 'down') this.rejoin();
    return this.rejoining ?? Promise.resolve();
  }

  private watch(event: EventRecord): void {
    this.events.emit(event);
    if (event.code === EVENT.transmitLimitActivated) this.transmitLimited = true;
    if (event.code === EVENT.transmitLimitReleased) this.transmitLimited = false;
    if (this.closing || this.state === 'joining') return; // SKJOIN's own events, or SKTERM's
    switch (event.code) {
      case EVENT.panaEstablished:
        this.expiry?.cancel();
        this.state = 'up';
        break;
      case EVENT.sessionExpired:
        if (this.state === 'expiring') break;
        this.state = 'expiring';
        this.expiry = this.clock.setTimer(this.timeouts.expiryGrace, () => {
          if (this.state === 'expiring' && !this.closing) this.rejoin();
        });
        break;
      case EVENT.terminationRequested:
      case EVENT.terminated:
      case EVENT.terminationTimedOut:
      case EVENT.panaError:
        this.expiry?.cancel();
        this.rejoin();
        break;
    }
  }

  private async rejoinWith(routeB: { readonly id: string; readonly password: string }): Promise<void> {
    await this.rejoining?.catch(() => undefined);
    this.expiry?.cancel();
    this.state = 'joining'; // the watch leaves SKTERM's EVENT 27 and SKJOIN's EVENT 24 to us
    try {
      await this.runner
        .run('SKTERM', {
          waitingFor: 'EVENT 27 (session terminated)',
          until: (r) =>
            r.kind === 'event' && (r.code === EVENT.terminated || r.code === EVENT.terminationTimedOut),
        })
        .catch(() => undefined); // no session (FAIL ER10): nothing to end
      await this.runner.run(
        `SKSETPWD ${routeB.password.length.toString(16).toUpperCase()} ${routeB.password}`,
      );
      await this.runner.run(`SKSETRBID ${routeB.id}`);
      await authenticate(this.runner, this.meter.address, this.timeouts.join);
      this.state = 'up';
    } catch (error) {
      this.state = 'down'; // the next send re-joins with what the module holds
      throw error;
    }
  }

  private rejoin(): void {
    this.state = 'joining';
    this.rejoining = authenticate(this.runner, this.meter.address, this.timeouts.join).then(
      () => {
        this.state = 'up';
        this.rejoining = undefined;
      },
      (error: unknown) => {
        this.state = 'down';
        this.rejoining = undefined;
        const explained = new Error(
          `SKSTACK re-join with the meter ${this.meter.address} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
        this.report(explained);
        throw explained;
      },
    );
    this.rejoining.catch(() => undefined); // reported above; a waiting send gets it too
  }

  private report(error: Error): void {
    if (this.errors.size > 0) this.errors.emit(error);
    else process.emitWarning(error);
  }

  private deliver(record: UdpRecord): void {
    const datagram = this.datagram(record);
    if (datagram) this.receivers.emit(datagram);
  }

  private datagram(record: UdpRecord): Datagram | undefined {
    if (record.lport !== this.local.port) return undefined; // PANA (02CC) and other ports are the module's business
    return {
      bytes: record.data,
      from: { address: fullIpv6(record.sender) ?? record.sender, port: record.rport },
      multicast: sameIpv6(record.dest, MULTICAST_V6),
    };
  }
}
