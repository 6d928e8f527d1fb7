// TypeScript view of profiles/profile.schema.json (defaults applied by the loader).
import type { StrictOptions } from '../echonet/frame-rules.ts';

export type DeviceKind =
  | 'lv-meter'
  | 'hv-meter'
  | 'hv-bidirectional-meter'
  | 'comms-unit'
  | 'hems-controller';

export interface NextGenerationItem {
  readonly quantity: 'active-energy' | 'reactive-energy' | 'voltage';
  readonly intervalMinutes: 1 | 5 | 15 | 30;
  readonly retentionDays: number;
  readonly epc: string;
  readonly selectorEpc?: string;
  readonly historyEpc?: string;
  /** Seed: the 30-minute interval switchable to 15 minutes by software (a profile parameter: no public EPC). */
  readonly switchableTo?: 15;
  /** Set (and Get) of the interval: 1 byte, 30 or 15 minutes; 15 takes effect at the next boundary. */
  readonly switchEpc?: string;
}

/** profiles/profile.schema.json /bRoute: the next-generation B-route's clients (seed 論点④, figures declared). */
export interface BRouteSettings {
  readonly maxClients: number;
  readonly refusal: 'silent' | 'sna';
  readonly requestsPerMinute?: number;
  readonly overRate: 'sna' | 'drop' | 'delay';
  readonly selectors: 'per-client' | 'shared';
  /** A client silent this long is released (its place and budget freed); omitted: kept until revoked. */
  readonly idleReleaseMs?: number;
  readonly clientAddresses?: readonly string[];
  /** Over Wi-SUN: the other clients' own Route-B credentials (and, on a real meter, their dongles). */
  readonly routeB?: readonly { readonly id: string; readonly password: string; readonly path?: string }[];
}

/** One step of a scripted load: from `at` (an instant, or minutes since installation) until the next step. */
export interface LoadStepSetting {
  readonly at: string | number;
  readonly watts: number;
  readonly vars?: number;
}

export interface EmulatedMeterSettings {
  readonly seed?: number;
  readonly installedAt?: string;
  readonly counterOffsetKWh?: number;
  readonly unitCode?: string;
  readonly coefficient?: number;
  readonly digits?: number;
  readonly solarPeakW?: number;
  readonly wiring?: 'single-phase-2-wire' | 'single-phase-3-wire';
  /** A scripted net load instead of the seeded curve (LV meter). */
  readonly load?: { readonly steps: readonly LoadStepSetting[]; readonly repeatDaily?: boolean };
}

export interface Profile {
  readonly kind: DeviceKind;
  readonly identity: {
    readonly makerCode: string;
    readonly model: string;
    readonly firmware: string;
    readonly serial: string;
  };
  readonly classes: readonly {
    readonly eoj: string;
    readonly release: string;
    readonly declared?: {
      readonly get?: readonly string[];
      readonly set?: readonly string[];
      readonly anno?: readonly string[];
    };
  }[];
  /** The coefficient (D3) and multiplier (D4) set at installation: known to the lab, not readable otherwise. */
  readonly scale?: { readonly coefficient?: number; readonly multiplierCode?: string };
  /** A meter's wiring (E8 has no T phase on single-phase two-wire). */
  readonly wiring?: 'single-phase-2-wire' | 'single-phase-3-wire' | 'three-phase-3-wire';
  readonly media?: readonly ('wi-sun' | 'wi-fi' | 'ethernet')[];
  /** The exchangeable communication unit (seed 論点①, ③): the units the meter takes, the first fitted. */
  readonly commsUnit?: {
    readonly units: readonly (readonly ('wi-sun' | 'wi-fi' | 'ethernet')[])[];
    /** After a swap: the former Route-B password refused (new credentials provisioned), or still taken. */
    readonly formerRouteB: 'refused' | 'accepted';
  };
  readonly nextGeneration?: readonly NextGenerationItem[];
  readonly transport: UdpTransportSettings | SkstackTransportSettings;
  readonly routeB?: { readonly id: string; readonly password: string };
  /** A meter with several B-route clients at once (next generation); absent: one client. */
  readonly bRoute?: BRouteSettings;
  /** What the security cases hold a meter to (utility-only EPCs, the request services it answers). */
  readonly security?: {
    readonly utilityOnly?: readonly string[];
    readonly commands?: readonly ('Get' | 'SetC' | 'SetI' | 'INF_REQ' | 'SetGet')[];
    /** Over Wi-SUN: PANA refused after this many failures in a row, for lockoutMs (SEC-BRUTE-001). */
    readonly bruteForce?: { readonly lockoutAfter: number; readonly lockoutMs: number };
  };
  readonly timers: {
    readonly timer1Ms: number;
    readonly timer2Ms: number;
    readonly opcLimit: number;
    readonly notification: 'INF' | 'INFC';
    readonly notificationDelayMs: number;
    readonly responseLatencyMs: number;
    /** Real targets: silence past this ends the remaining cases (default 3 × timer2Ms). */
    readonly silenceLimitMs?: number;
  };
  /** Test parameters of the cases (PIXIT). */
  readonly parameters: {
    /** LV-BR-INF-001: consecutive :00/:30 notifications observed (AIF: 48). */
    readonly notificationCycles: number;
    /** HC-PACE-001: the most requests a hems-controller sends in any minute after its start-up (default 3). */
    readonly requestsPerMinute: number;
  };
  /** Rules of the strict decoder switched off (only those marked verified: false in frame-rules.ts). */
  readonly decoder?: StrictOptions;
  readonly target:
    | {
        readonly type: 'emulated';
        readonly faults?: readonly string[];
        readonly meter?: EmulatedMeterSettings;
        /** ISO 8601 instant every case's virtual clock starts at (default applied by the loader). */
        readonly clockStart?: string;
      }
    | {
        readonly type: 'real';
        readonly localAddress?: string;
        /** NP-D5-001 on a real device: how long the harness waits for the operator to power it up. */
        readonly powerUpWaitMs?: number;
        /** RT-REBOOT-001 on a real device: the operator power-cycles it; the harness waits for its INF 0xD5. */
        readonly restart?: { readonly waitMs: number };
      };
}

/** Where a profile came from, for messages. */
export interface LoadedProfile {
  readonly file: string;
  readonly profile: Profile;
}

/** UDP over IP (Wi-Fi, Ethernet B-route; ECHONET Lite 1.14 part 2 §1.2). */
export interface UdpTransportSettings {
  readonly type: 'udp';
  readonly family: 4 | 6;
  readonly address: string;
  readonly port: number;
  readonly multicast: boolean;
}

/** A Wi-SUN module speaking SKSTACK IP on a serial line (echonet-smart-meter.md §4). */
export interface SkstackTransportSettings {
  readonly type: 'skstack';
  readonly dialect: 'bp35a1' | 'bp35c2' | 'rl7023';
  /** The meter's link-local IPv6 address when known; otherwise the one SKLL64 gives from its MAC. */
  readonly address?: string;
  /** The meter's ECHONET Lite UDP port (3610) on the 6LoWPAN side. */
  readonly port: number;
  /** A real target's serial device; an emulated target's module is started on a pseudo-terminal. */
  readonly path?: string;
  readonly baud: number;
  readonly channel?: number;
  readonly panId?: number;
  readonly mac?: string;
  readonly scanDuration?: number;
  readonly hexPayload?: boolean;
  readonly security: 0 | 1 | 2;
  /**
   * Largest SKSENDTO <DATALEN> the module takes, so the largest frame the link carries (default 0x04D0 =
   * 1232, harness/transport/skstack/frame-limit.ts); the emulated module refuses longer sends.
   */
  readonly maxFrameBytes?: number;
  /** The emulated module's fault switches (device comms-unit). */
  readonly faults?: readonly string[];
}
