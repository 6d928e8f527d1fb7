// The emulated SKSTACK IP module (Wi-SUN B-route serial module): command lines in from the HEMS host,
// responses and events out, one B-route link to one meter on the radio side (radio-link.ts).
// Contract: echonet-smart-meter.md §4 (commands §4.1, events §4.2, dialects §4.3, connect sequence
// §4.4); write boundaries as real modules make them (skstack-clients.md): every response line or event
// is its own output chunk, EVENT 20 goes with its EPANDESC block, ERXUDP is always alone, and the echo
// of a command goes with its first response line (its OK, mostly).
import type { Clock, TimerHandle } from '../../clock/clock.ts';
import { Listeners } from '../../transport/listeners.ts';
import { WISUN_MAX_FRAME_BYTES } from '../../transport/skstack/frame-limit.ts';
import { ECHONET_PORT } from '../../transport/transport.ts';
import { AribBudget, type AribLimitOptions, DEFAULT_ARIB_LIMIT } from './arib-budget.ts';
import { type Command, CommandReader } from './command-reader.ts';
import { DIALECTS, type Dialect, type DialectName } from './dialects.ts';
import { ER, type FailCode } from './fail-codes.ts';
import {
  ALL_NODES,
  compactIpv6,
  linkLocalOf,
  parseIpv6,
  parseMac,
  sameIpv6,
  skstackIpv6,
} from './ipv6-text.ts';
import { createRadioLink, type MeterDatagram, type RadioLink } from './radio-link.ts';
import {
  REGISTER_DEFAULTS,
  registerNamed,
  registerText,
  registerValue,
  S_CHANNEL,
  S_ECHO,
  S_ERXUDP_LQI,
  S_LIFETIME,
  S_PAN_ID,
  S_REAUTH,
  S_RESTRICTED,
  S_SEND_TIME,
} from './registers.ts';
import { beaconLines, CRLF, EVENT, edScanLines, erxudpLine, eventLine, hex2, hex4 } from './skstack-lines.ts';
import { DEFAULT_TIMING, type SkstackTiming } from './skstack-timing.ts';

/** The meter (PAN coordinator and PANA authentication agent) at the other end of the radio link. */
export interface MeterRadio {
  /** Its 64-bit MAC, 16 hex digits (EPANDESC Addr, ERXUDP <SENDERLLA>). */
  readonly mac: string;
  readonly channel: number;
  readonly panId: number;
  /** Link quality the module reports for it (RSSI = 0.275 × LQI − 104.27 dBm, §4.1). */
  readonly lqi: number;
  /** The Route-B ID (32 characters) and password PANA checks (the profile's routeB). */
  readonly routeB: { readonly id: string; readonly password: string };
  /**
   * Credentials PANA also takes (default none): a unit fitted to the meter that still takes its
   * predecessor's (the fault cu-swap-old-credentials-accepted of exchangeable-unit.ts).
   */
  readonly alsoAccepts?: readonly { readonly id: string; readonly password: string }[];
  /** EPANDESC PairID of an active scan with IE (default: the last 8 characters of the Route-B ID [M]). */
  readonly pairId?: string;
  /**
   * Brute-force lock-out of its PANA agent (profile /security/bruteForce; default none): after that many
   * failed authentications in a row every join is refused, right credentials too, for `forMs`.
   */
  readonly lockout?: { readonly afterFailures: number; readonly forMs: number };
  /**
   * The meter's PANA agent when several clients' modules share its radio (meter-radio-hub.ts): it says
   * which credentials it takes, instead of routeB and alsoAccepts.
   */
  readonly pana?: { accepts(id: string, password: string): boolean };
}

export interface SkstackModuleOptions {
  readonly clock: Clock;
  readonly dialect: DialectName | Dialect;
  /** The module's own 64-bit MAC, 16 hex digits. */
  readonly mac: string;
  readonly meter: MeterRadio;
  /** Fault switches (comms-unit-faults.ts). */
  readonly faults?: ReadonlySet<string>;
  readonly timing?: Partial<SkstackTiming>;
  /** The ARIB STD-T108 send-time limit (arib-budget.ts; figures unverified). */
  readonly arib?: Partial<AribLimitOptions>;
  /** Power-up register values by register number (registers.ts). */
  readonly registers?: Readonly<Record<number, number>>;
  /** SKSENDTO's echo carries the binary data too (default false: the fields and CR LF only [M]). */
  readonly echoSendToData?: boolean;
  /** UDP ports of handles 1–6 at power-up (default 3610, 716, unused … as SKTABLE E shows [M]). */
  readonly ports?: readonly number[];
  /** SKJOIN shows the PANA exchange (EVENT 21 02, EVENT 02, ERXUDP on 02CC) before EVENT 25 (default true). */
  readonly panaTrace?: boolean;
  /** The PAA answers SKTERM (EVENT 27); false: EVENT 28 after the timeout. */
  readonly meterAnswersTerm?: boolean;
  /** Longest command line kept (default 512 bytes). */
  readonly maxLineBytes?: number;
  /** Longest SKSENDTO data (default 0x04D0 = 1232 bytes: harness/transport/skstack/frame-limit.ts). */
  readonly maxSendBytes?: number;
  /** Radio crossing time (radio-link.ts). */
  readonly radioLatencyMs?: number;
}

interface Session {
  readonly paa: string;
  lifetime?: TimerHandle;
  reauthenticating: boolean;
}

const PANA_PORT = 0x02cc;
const BLOCK_CHANNELS = Array.from({ length: 28 }, (_, bit) => 0x21 + bit); // mask bit 0 = ch 33 (§4.1)

export class SkstackModule {
  readonly dialect: Dialect;
  /** The radio side: `radio.meter` is the meter's Transport. */
  readonly radio: RadioLink;
  /** The module's link-local address as SKSTACK writes it. */
  readonly address: string;
  readonly meterAddress: string;
  private readonly listeners = new Listeners<Uint8Array>();
  private readonly sessionListeners = new Listeners<void>();
  private readonly reader: CommandReader;
  private readonly faults: ReadonlySet<string>;
  private readonly timing: SkstackTiming;
  private readonly budget: AribBudget;
  private readonly timers = new Set<TimerHandle>();
  private registers = new Map<number, number>();
  private ports: number[] = [];
  /** ERXUDP data as hex ASCII: WOPT persists it (§4.1), so SKRESET leaves it. */
  private hexData: boolean;
  private password: string | undefined;
  /** PANA failures in a row, and the end of a lock-out (MeterRadio.lockout). */
  private panaFailures = 0;
  private lockedUntil = Number.NEGATIVE_INFINITY;
  private routeBId: string | undefined;
  private session: Session | undefined;
  private joining = false;
  private restricted = false;
  private pending: Uint8Array[] = [];
  private busy = false;
  private closed = false;

  constructor(private readonly options: SkstackModuleOptions) {
    this.dialect = typeof options.dialect === 'string' ? DIALECTS[options.dialect] : options.dialect;
    this.hexData = this.dialect.hexDataByDefault;
    this.faults = options.faults ?? new Set();
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.budget = new AribBudget({ ...DEFAULT_ARIB_LIMIT, ...options.arib });
    const own = parseMac(options.mac);
    const meter = parseMac(options.meter.mac);
    if (!own || !meter) throw new RangeError('SkstackModule: mac and meter.mac must be 16 hex digits');
    this.address = skstackIpv6(linkLocalOf(own));
    this.meterAddress = skstackIpv6(linkLocalOf(meter));
    this.radio = createRadioLink({
      clock: options.clock,
      meterAddress: compactIpv6(linkLocalOf(meter)),
      moduleAddress: compactIpv6(linkLocalOf(own)),
      ...(options.radioLatencyMs === undefined ? {} : { latencyMs: options.radioLatencyMs }),
    });
    this.radio.onFromMeter((datagram) => this.receiveFromRadio(datagram));
    this.reader = new CommandReader({
      sendToFields: this.dialect.sendToTakesSide ? 6 : 5,
      maxLineBytes: options.maxLineBytes ?? 512,
    });
    this.powerUp();
  }

  /** Bytes from the host, split anywhere. Never throws; output goes to the listeners. */
  input(bytes: Uint8Array): void {
    if (this.closed) return;
    this.pending.push(bytes.slice());
    if (this.busy) return; // a listener wrote back while we answer: taken in turn below
    this.busy = true;
    try {
      for (let next = this.pending.shift(); next; next = this.pending.shift())
        for (const command of this.reader.push(next)) this.execute(command);
    } finally {
      this.busy = false;
    }
  }

  /** Each call is one write of the module (one chunk on the wire). Returns how to stop listening. */
  onOutput(listener: (chunk: Uint8Array) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Called each time a PANA session is established (EVENT 25, or a silent re-authentication). */
  onSessionEstablished(listener: () => void): () => void {
    return this.sessionListeners.add(listener);
  }

  get sessionUp(): boolean {
    return this.session !== undefined && this.radio.up;
  }

  /**
   * The session's lifetime runs out now (§4.2 EVENT 29): with S17 the module re-authenticates, EVENT 25
   * after `reauthMs`. For a bench judging the host (harness/conformance/hems-wisun-bench.ts); false when
   * no session is up or one is being re-authenticated.
   */
  expireSession(reauthMs = this.timing.reauthMs): boolean {
    const session = this.session;
    if (!session || session.reauthenticating || this.closed) return false;
    session.lifetime?.cancel();
    this.expire(session, reauthMs);
    return true;
  }

  /**
   * The ARIB STD-T108 limit holds now for `ms` whatever the send time spent (§4.2 EVENT 32, EVENT 33 after
   * `ms`): for a bench judging the host. False when the limit already holds.
   */
  holdSends(ms: number): boolean {
    if (this.restricted || this.closed) return false;
    this.restricted = true;
    this.event(EVENT.ARIB_LIMITED, this.address);
    this.later(ms, () => {
      if (this.budget.reached(this.options.clock.now())) return this.scheduleRelease();
      this.restricted = false;
      this.event(EVENT.ARIB_RELEASED, this.address);
    });
    return true;
  }

  /** Stops every timer; the module answers nothing more. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    this.listeners.clear();
    this.radio.up = false;
  }

  private powerUp(): void {
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    this.registers = new Map(
      Object.entries({ ...REGISTER_DEFAULTS, ...this.options.registers }).map(([k, v]) => [Number(k), v]),
    );
    this.ports = [...(this.options.ports ?? [ECHONET_PORT, PANA_PORT, 0, 0, 0, 0])];
    this.password = undefined;
    this.routeBId = undefined;
    this.session = undefined;
    this.joining = false;
    this.radio.up = false;
    // the send time already spent stays spent: a reset does not lift the ARIB limit
    if (this.restricted) this.scheduleRelease();
  }

  // --- output --------------------------------------------------------------------------------------

  private write(chunk: string | Uint8Array): void {
    if (this.closed) return;
    this.listeners.emit(typeof chunk === 'string' ? Uint8Array.from(Buffer.from(chunk, 'latin1')) : chunk);
  }

  /** After `ms` on the clock (timers are dropped at close and SKRESET). */
  private later(ms: number, step: () => void): void {
    const timer = this.options.clock.setTimer(ms, () => {
      this.timers.delete(timer);
      if (!this.closed) step();
    });
    this.timers.add(timer);
  }

  private event(num: number, sender: string, param?: number): void {
    this.write(eventLine(this.dialect, num, sender, param));
  }

  // --- commands ------------------------------------------------------------------------------------

  private execute(command: Command): void {
    if (command.kind === 'overlong') {
      this.write(`FAIL ${ER.UART}${CRLF}`);
      return;
    }
    const echoing = this.registers.get(S_ECHO) === 1 || this.faults.has('sk-echo-ignores-sfe');
    if (command.kind === 'send') {
      const data = this.options.echoSendToData ? Buffer.from(command.data).toString('latin1') : '';
      const reply = new Reply((chunk) => this.write(chunk), echoing ? `${command.head}${data}${CRLF}` : '');
      this.sendTo(command.head.trim().split(/ +/).slice(1), command.data, reply);
      reply.flush();
      return;
    }
    if (command.text === '') return; // an empty line (a CR LF after SKSENDTO data, say): nothing to do
    const [name = '', ...args] = command.text.split(/ +/).filter((t) => t !== '');
    const reply = new Reply((chunk) => this.write(chunk), echoing ? `${command.text}${CRLF}` : '');
    const handler = this.handlers[name];
    if (!handler)
      reply.fail(this.faults.has('sk-unknown-command-er05') ? ER.ARGUMENT_COUNT : ER.UNKNOWN_COMMAND);
    else handler(args, reply);
    reply.flush();
  }

  /** Each command: its arguments, and the reply its immediate lines go into. */
  private readonly handlers: Record<string, (args: string[], reply: Reply) => void> = {
    SKVER: (args, reply) => {
      if (!reply.count(args, 0)) return;
      reply.line(`EVER ${this.dialect.version}`).ok();
    },
    SKINFO: (args, reply) => {
      if (!reply.count(args, 0)) return;
      const channel = hex2(this.registers.get(S_CHANNEL) ?? 0);
      const panId = hex4(this.registers.get(S_PAN_ID) ?? 0);
      reply.line(`EINFO ${this.address} ${this.options.mac.toUpperCase()} ${channel} ${panId} FFFE`).ok();
    },
    SKRESET: (args, reply) => {
      if (!reply.count(args, 0)) return;
      this.powerUp();
      reply.ok();
    },
    SKSETPWD: (args, reply) => {
      if (!reply.count(args, 2)) return;
      const [lengthText, password] = args as [string, string];
      const length = /^[0-9A-Fa-f]{1,2}$/.test(lengthText) ? Number.parseInt(lengthText, 16) : -1;
      // §4.1: the length as hex, then the password of 1–32 characters
      if (length < 1 || length > 32 || password.length !== length) return reply.fail(ER.OUT_OF_RANGE);
      this.password = password;
      reply.ok();
    },
    SKSETRBID: (args, reply) => {
      if (!reply.count(args, 1)) return;
      const [id] = args as [string];
      // §4.1: exactly 32 characters (the fault also takes 31)
      const lengthOk = id.length === 32 || (id.length === 31 && this.faults.has('sk-rbid-31-accepted'));
      if (!lengthOk) return reply.fail(ER.OUT_OF_RANGE);
      this.routeBId = id;
      reply.ok();
    },
    SKSREG: (args, reply) => {
      if (args.length < 1 || args.length > 2) return reply.fail(ER.ARGUMENT_COUNT);
      const definition = registerNamed(args[0]!);
      if (!definition) return reply.fail(ER.OUT_OF_RANGE);
      if (args.length === 1) {
        reply.line(`ESREG ${registerText(definition, this.readRegister(definition.number))}`).ok();
        return;
      }
      const value = registerValue(definition, args[1]!);
      if (definition.readOnly || value === undefined) return reply.fail(ER.OUT_OF_RANGE);
      this.registers.set(definition.number, value);
      reply.ok();
    },
    SKLL64: (args, reply) => {
      if (!reply.count(args, 1)) return;
      const mac = parseMac(args[0]!);
      if (!mac) return reply.fail(ER.OUT_OF_RANGE);
      // §4.1: one line, no OK
      reply.line(skstackIpv6(linkLocalOf(mac, !this.faults.has('sk-ll64-ul-kept'))));
    },
    SKUDPPORT: (args, reply) => {
      if (!reply.count(args, 2)) return;
      const handle = handleOf(args[0]!);
      if (handle === undefined || !/^[0-9A-Fa-f]{4}$/.test(args[1]!)) return reply.fail(ER.OUT_OF_RANGE);
      this.ports[handle - 1] = Number.parseInt(args[1]!, 16);
      reply.ok();
    },
    SKTABLE: (args, reply) => {
      if (!reply.count(args, 1)) return;
      const tables: Record<string, string[]> = {
        '1': ['EADDR', this.address],
        '2': ['ENEIGHBOR', ...(this.session ? [`${this.meterAddress} ${this.options.meter.mac} FFFF`] : [])],
        E: ['EPORT', ...this.ports.map(String)],
      };
      const table = tables[args[0]!.toUpperCase()];
      if (!table) return reply.fail(ER.OUT_OF_RANGE);
      reply.block(table).ok();
    },
    WOPT: (args, reply) => {
      if (!this.dialect.hasWopt) return reply.fail(ER.UNKNOWN_COMMAND);
      if (!reply.count(args, 1)) return;
      if (args[0] !== '00' && args[0] !== '01') return reply.fail(ER.OUT_OF_RANGE);
      this.hexData = args[0] === '01';
      reply.ok();
    },
    ROPT: (args, reply) => {
      if (!this.dialect.hasWopt) return reply.fail(ER.UNKNOWN_COMMAND);
      if (!reply.count(args, 0)) return;
      reply.line(`OK ${this.hexData ? '01' : '00'}`);
    },
    SKSCAN: (args, reply) => this.scan(args, reply),
    SKJOIN: (args, reply) => this.join(args, reply),
    SKTERM: (args, reply) => this.terminate(args, reply),
    // SKSENDTO ending in CR LF before its data: fields missing (ER05) or a <len> that is not 4 hex digits
    SKSENDTO: (args, reply) => {
      const fields = this.dialect.sendToTakesSide ? 6 : 5;
      reply.fail(args.length === fields ? ER.OUT_OF_RANGE : ER.ARGUMENT_COUNT);
    },
  };

  private readRegister(number: number): number {
    const now = this.options.clock.now();
    if (number === S_SEND_TIME) return Math.min(0xffffffff, Math.round(this.budget.used(now)));
    if (number === S_RESTRICTED) return this.restricted ? 1 : 0;
    return this.registers.get(number) ?? 0;
  }

  // --- SKSCAN (§4.1) -------------------------------------------------------------------------------

  private scan(args: string[], reply: Reply) {
    if (!reply.count(args, this.dialect.scanTakesSide ? 4 : 3)) return;
    const [modeText, maskText, durationText, sideText = '0'] = args as [string, string, string, string?];
    const mode = ['0', '2', '3'].includes(modeText) ? Number(modeText) : undefined;
    const duration = /^[0-9A-Fa-f]$/.test(durationText) ? Number.parseInt(durationText, 16) : 99;
    if (mode === undefined || !/^[0-9A-Fa-f]{8}$/.test(maskText) || duration > 14 || !isSide(sideText))
      return reply.fail(ER.OUT_OF_RANGE);
    reply.ok();
    const mask = Number.parseInt(maskText, 16);
    const channels = BLOCK_CHANNELS.filter((_, bit) => (mask >>> bit) & 1);
    const perChannel = this.timing.scanChannelMs(duration);
    const meter = this.options.meter;
    const onBRoute = sideText === '0';
    if (mode === 0) {
      this.later(perChannel * channels.length, () => {
        this.event(EVENT.ED_SCAN_DONE, this.address);
        const levels = channels.map((channel) => ({
          channel,
          lqi: channel === meter.channel && onBRoute ? meter.lqi : 0x10,
        }));
        this.write(edScanLines(levels));
      });
      return;
    }
    const index = channels.indexOf(meter.channel);
    if (index >= 0 && onBRoute) {
      this.later(perChannel * (index + 1), () => {
        const { event, description } = beaconLines(this.dialect, {
          sender: this.meterAddress,
          channel: meter.channel,
          panId: meter.panId,
          mac: meter.mac.toUpperCase(),
          lqi: meter.lqi,
          ...(mode === 2 ? { pairId: meter.pairId ?? meter.routeB.id.slice(-8) } : {}),
        });
        // skstack-clients.md: EVENT 20 and its EPANDESC block in one write
        if (this.faults.has('sk-epandesc-split')) {
          this.write(event);
          this.write(description);
        } else this.write(event + description);
      });
    }
    this.later(perChannel * channels.length, () => this.event(EVENT.ACTIVE_SCAN_DONE, this.address));
  }

  // --- SKJOIN, PANA session, SKTERM (§4.1, §4.2, §4.4) -----------------------------------------------

  private join(args: string[], reply: Reply) {
    if (!reply.count(args, 1)) return;
    const paa = parseIpv6(args[0]!);
    if (!paa) return reply.fail(ER.OUT_OF_RANGE);
    if (this.joining) return reply.fail(ER.EXECUTION);
    reply.ok();
    this.endSession();
    this.joining = true;
    const target = skstackIpv6(paa);
    const meter = this.options.meter;
    const reachable =
      sameIpv6(target, this.meterAddress) &&
      this.registers.get(S_CHANNEL) === meter.channel &&
      this.registers.get(S_PAN_ID) === meter.panId;
    if (!reachable) {
      this.later(this.timing.joinTimeoutMs, () => {
        this.joining = false;
        this.event(EVENT.PANA_ERROR, target);
      });
      return;
    }
    const step = this.timing.panaStepMs;
    let at = 0;
    if (this.options.panaTrace ?? true) {
      const pana = panaHeader();
      const trace: (() => void)[] = [
        () => this.event(EVENT.UDP_SENT, target, 0x02), // neighbour solicitation sent
        () => this.event(EVENT.NA_RECEIVED, target),
        () => this.event(EVENT.UDP_SENT, target, 0x00), // PANA-Client-Initiation
        () => this.writeErxudp(target, this.address, PANA_PORT, PANA_PORT, pana, false),
        () => this.event(EVENT.UDP_SENT, target, 0x00), // PANA-Auth-Answer
      ];
      for (const show of trace) {
        at += step;
        this.later(at, show);
      }
    }
    this.later(at + step, () => {
      this.joining = false;
      this.authenticate(target, false);
    });
  }

  /** The end of a PANA exchange: EVENT 25 and the link up, or EVENT 24. */
  private authenticate(paa: string, reauth: boolean): void {
    const { routeB, alsoAccepts = [], pana } = this.options.meter;
    const wrongPasswordTaken = this.routeBId === routeB.id && this.faults.has('sk-wrong-password-accepted');
    const accepted =
      wrongPasswordTaken ||
      (pana
        ? pana.accepts(this.routeBId ?? '', this.password ?? '')
        : (this.routeBId === routeB.id && this.password === routeB.password) ||
          alsoAccepts.some((c) => c.id === this.routeBId && c.password === this.password));
    if (!this.panaAllows(accepted)) {
      this.endSession();
      this.event(EVENT.PANA_ERROR, paa);
      return;
    }
    const session: Session = this.session ?? { paa, reauthenticating: false };
    session.reauthenticating = false;
    this.session = session;
    this.radio.up = true;
    const lifetimeMs = (this.registers.get(S_LIFETIME) ?? 0x384) * 1000;
    session.lifetime = this.options.clock.setTimer(lifetimeMs, () => this.expire(session));
    this.timers.add(session.lifetime);
    if (!(reauth && this.faults.has('sk-no-event25-after-reauth'))) this.event(EVENT.PANA_ESTABLISHED, paa);
    this.sessionListeners.emit();
  }

  /**
   * The meter's PANA agent with a lock-out (MeterRadio.lockout): failures in a row counted, and while
   * locked out nothing is accepted (the fault sk-pana-no-lockout never locks). True: the join succeeds.
   */
  private panaAllows(accepted: boolean): boolean {
    const lockout = this.options.meter.lockout;
    if (!lockout || this.faults.has('sk-pana-no-lockout')) return accepted;
    const now = this.options.clock.now();
    if (now < this.lockedUntil) return false;
    if (accepted) {
      this.panaFailures = 0;
      return true;
    }
    if (++this.panaFailures >= lockout.afterFailures) this.lockedUntil = now + lockout.forMs;
    return false;
  }

  /** §4.2 EVENT 29: the lifetime ran out; with S17 the module re-authenticates (EVENT 25 again). */
  private expire(session: Session, reauthMs = this.timing.reauthMs): void {
    if (this.session !== session || this.closed) return;
    if (session.lifetime) this.timers.delete(session.lifetime);
    this.event(EVENT.LIFETIME_EXPIRED, session.paa);
    if (this.registers.get(S_REAUTH) !== 1) {
      this.endSession();
      return;
    }
    session.reauthenticating = true; // sends are held meanwhile (momonga documents the blocking)
    this.later(reauthMs, () => {
      if (this.session === session) this.authenticate(session.paa, true);
    });
  }

  private endSession(): void {
    this.session?.lifetime?.cancel();
    this.session = undefined;
    this.radio.up = false;
  }

  private terminate(args: string[], reply: Reply) {
    if (!reply.count(args, 0)) return;
    const session = this.session;
    if (!session) return reply.fail(ER.EXECUTION);
    reply.ok();
    this.endSession();
    if (this.options.meterAnswersTerm ?? true)
      this.later(this.timing.termMs, () => this.event(EVENT.TERM_DONE, session.paa));
    else this.later(this.timing.termTimeoutMs, () => this.event(EVENT.TERM_TIMED_OUT, session.paa));
  }

  // --- SKSENDTO, ERXUDP, ARIB limit (§4.1, §4.3, §4.2 EVENT 32/33) -------------------------------------

  private sendTo(fields: string[], data: Uint8Array, reply: Reply) {
    const [handleText, addressText, portText, secText, ...rest] = fields as [
      string,
      string,
      string,
      string,
      ...string[],
    ];
    const sideText = this.dialect.sendToTakesSide ? rest[0]! : '0';
    const handle = handleOf(handleText);
    const to = parseIpv6(addressText);
    const maxBytes = this.options.maxSendBytes ?? WISUN_MAX_FRAME_BYTES;
    const tooLong = data.length > maxBytes && !this.faults.has('sk-sendto-over-limit-accepted');
    if (
      handle === undefined ||
      !to ||
      !/^[0-9A-Fa-f]{4}$/.test(portText) ||
      !['0', '1', '2'].includes(secText) ||
      !isSide(sideText) ||
      data.length === 0 ||
      tooLong
    )
      return reply.fail(ER.OUT_OF_RANGE);
    const now = this.options.clock.now();
    const held =
      (this.restricted && !this.faults.has('sk-arib-limit-ignored')) || this.session?.reauthenticating;
    // sec 1 = encrypt or refuse: nothing to encrypt with before PANA
    if (held || this.ports[handle - 1] === 0 || (secText === '1' && !this.session))
      return reply.fail(ER.EXECUTION);
    const airtime = this.timing.airtimeMs(data.length);
    this.budget.record(now, airtime);
    const destination = skstackIpv6(to);
    const port = Number.parseInt(portText, 16);
    const fromPort = this.ports[handle - 1]!;
    this.later(airtime, () => {
      if (sideText === '0') this.radio.toMeter(data, fromPort, { address: compactIpv6(to), port });
      this.event(EVENT.UDP_SENT, destination, 0x00);
      this.write(`OK${CRLF}`);
      this.checkLimit();
    });
  }

  /** EVENT 32 when the send time in the window reaches the limit; EVENT 33 when it falls below. */
  private checkLimit(): void {
    const now = this.options.clock.now();
    if (!this.budget.reached(now) || this.restricted) return;
    this.restricted = true;
    this.event(EVENT.ARIB_LIMITED, this.address);
    this.scheduleRelease();
  }

  private scheduleRelease() {
    const now = this.options.clock.now();
    this.later(Math.max(0, this.budget.releaseAt(now) - now), () => {
      if (this.budget.reached(this.options.clock.now())) return this.scheduleRelease();
      this.restricted = false;
      this.event(EVENT.ARIB_RELEASED, this.address);
    });
  }

  private receiveFromRadio(datagram: MeterDatagram): void {
    if (this.closed || !this.ports.includes(datagram.to.port)) return;
    const dest = datagram.multicast ? skstackIpv6(ALL_NODES) : this.address;
    // The frame is on the air for its air time before the module has all of it (as SKSENDTO's EVENT 21
    // waits for its own), so the answer to a send never comes in the instant of that send's OK: clients
    // that take a chunk ending in CR LF as one message need ERXUDP apart from it (skstack-clients.md).
    this.later(this.timing.airtimeMs(datagram.bytes.length), () =>
      this.writeErxudp(this.meterAddress, dest, datagram.from.port, datagram.to.port, datagram.bytes, true),
    );
  }

  /** One ERXUDP, in one write of its own (skstack-clients.md), data as the mode says. */
  private writeErxudp(
    sender: string,
    dest: string,
    rport: number,
    lport: number,
    data: Uint8Array,
    secured: boolean,
  ): void {
    const hex = this.hexData || this.faults.has('sk-hex-in-binary-mode');
    // BP35C0/C2: SA2 = 0 leaves <LQI> out, the 10-token ERXUDP of node-echonet-lite's bp35c2 adapter
    const lqiOff = this.dialect.lqiRegister && this.registers.get(S_ERXUDP_LQI) === 0;
    const fields = lqiOff ? this.dialect.erxudpFields.filter((f) => f !== 'lqi') : this.dialect.erxudpFields;
    const line = erxudpLine(
      { ...this.dialect, erxudpFields: fields },
      {
        sender,
        dest,
        rport,
        lport,
        senderMac: this.options.meter.mac.toUpperCase(),
        lqi: this.options.meter.lqi,
        secured,
        data,
      },
      { hex, ...(this.faults.has('sk-datalen-hex-digits') ? { datalen: data.length * 2 } : {}) },
    );
    const crlf = hex ? -1 : crlfInData(line, data.length);
    if (this.faults.has('sk-erxudp-split-at-crlf') && crlf >= 0) {
      this.write(line.subarray(0, crlf + 2));
      this.write(line.subarray(crlf + 2));
    } else this.write(line);
  }
}

/**
 * The lines one command answers at once: the echo goes with the first of them (skstack-clients.md:
 * the echo of `SKSREG SFE 0` together with its OK), each further line is a write of its own.
 */
class Reply {
  private readonly chunks: string[] = [];

  constructor(
    private readonly write: (chunk: string) => void,
    private echo: string,
  ) {}

  line(text: string): this {
    return this.block([text]);
  }

  /** Lines written together (SKTABLE's table). */
  block(lines: readonly string[]): this {
    this.chunks.push(this.echo + lines.map((l) => l + CRLF).join(''));
    this.echo = '';
    return this;
  }

  ok(): void {
    this.line('OK');
  }

  fail(code: FailCode): void {
    this.line(`FAIL ${code}`);
  }

  /** True when `args` has `n` arguments; otherwise answers FAIL ER05. */
  count(args: readonly string[], n: number): boolean {
    if (args.length === n) return true;
    this.fail(ER.ARGUMENT_COUNT);
    return false;
  }

  flush(): void {
    if (this.echo !== '') this.chunks.push(this.echo); // nothing at once (SKSENDTO): the echo alone
    for (const chunk of this.chunks) this.write(chunk);
  }
}

/** Handles 1–6 (§4.1 SKSENDTO). */
function handleOf(text: string): number | undefined {
  return /^[1-6]$/.test(text) ? Number(text) : undefined;
}

/** SIDE 0 (B-route) or 1 (HAN). */
function isSide(text: string): boolean {
  return text === '0' || text === '1';
}

/** Offset in `line` of the first CR LF inside its trailing `length` data bytes, or -1. */
function crlfInData(line: Uint8Array, length: number): number {
  const start = line.length - 2 - length;
  for (let i = start; i < line.length - 3; i++) if (line[i] === 0x0d && line[i + 1] === 0x0a) return i;
  return -1;
}

/** A 16-byte PANA header (RFC 5191 §6.1) of a PANA-Auth-Request, for the trace SKJOIN shows. */
function panaHeader(): Uint8Array {
  return Uint8Array.from([0, 0, 0, 0x10, 0x80, 0, 0, 0x02, 0, 0, 0, 1, 0, 0, 0, 1]);
}
