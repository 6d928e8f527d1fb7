// The next-generation B-route's clients of one meter (seed 論点④: several HEMS, aggregation controllers,
// phones at once; how many, at what rate and with which credentials is not public, so the profile
// declares it: profiles/profile.schema.json /bRoute). A client is known by its IP address, as a meter on
// a Wi-Fi or Ethernet B-route sees it; the first maxClients addresses are admitted, the next refused as
// declared; a revoked client is refused from then on; a client silent for idleReleaseMs, when declared,
// is released (its place, its budget and its selectors freed, as a session times out); each client has
// its own request budget in any 60 s and, when declared, its own history selectors (E5, ED, EF).
import type { BRouteSettings } from '../../profile/profile.ts';
import type { Endpoint } from '../../transport/transport.ts';

/** What the meter does with one request of a client. */
export type Admission =
  | { readonly kind: 'serve'; readonly client: BRouteClient; readonly delayMs: number }
  | { readonly kind: 'refuse'; readonly as: 'silent' | 'sna'; readonly why: 'full' | 'revoked' }
  | { readonly kind: 'over-rate'; readonly as: 'sna' | 'drop' };

export interface BRouteClient {
  readonly address: string;
  /** Where its notifications go: the endpoint it last asked from. */
  endpoint: Endpoint;
  /** Clock times of its requests served in the last minute (delayed ones at the time they are served). */
  readonly served: number[];
  /** Clock time of its last request. */
  lastAt: number;
  /** Its own history selectors (an object's saved state), when they are per client. */
  selectors?: unknown;
}

const MINUTE = 60_000;

export class BRouteClients {
  private readonly clients = new Map<string, BRouteClient>();
  private readonly revoked = new Set<string>();

  constructor(
    private readonly settings: BRouteSettings,
    private readonly faults: ReadonlySet<string>,
  ) {}

  get perClientSelectors(): boolean {
    return this.settings.selectors === 'per-client' && !this.faults.has('mc-selectors-shared');
  }

  /** The admitted clients, in the order they came. */
  get admitted(): readonly BRouteClient[] {
    return [...this.clients.values()];
  }

  /** One request of `from` at clock time `now`: served (maybe later), refused, or over its rate. */
  admit(from: Endpoint, now: number): Admission {
    const as = this.settings.refusal;
    if (this.revoked.has(from.address) && !this.faults.has('mc-revoked-still-served'))
      return { kind: 'refuse', as, why: 'revoked' };
    this.releaseIdle(now);
    let client = this.clients.get(from.address);
    if (!client) {
      if (this.clients.size >= this.settings.maxClients && !this.faults.has('mc-n-plus-one-accepted'))
        return { kind: 'refuse', as, why: 'full' };
      client = { address: from.address, endpoint: from, served: [], lastAt: now };
      this.clients.set(from.address, client);
    }
    client.endpoint = from;
    client.lastAt = now;
    return this.withinRate(client, now);
  }

  /** Revokes the client at `address` (the utility's act, over the A-route): refused from now on. */
  revoke(address: string): void {
    this.revoked.add(address);
    this.clients.delete(address);
  }

  /** Releases the clients that have not asked for /bRoute/idleReleaseMs. */
  private releaseIdle(now: number): void {
    const idleMs = this.settings.idleReleaseMs;
    if (idleMs === undefined || this.faults.has('mc-idle-client-kept')) return;
    for (const [address, c] of this.clients) if (now - c.lastAt >= idleMs) this.clients.delete(address);
  }

  private withinRate(client: BRouteClient, now: number): Admission {
    const limit = this.settings.requestsPerMinute;
    if (limit === undefined || this.faults.has('mc-rate-limit-ignored'))
      return { kind: 'serve', client, delayMs: 0 };
    for (const c of this.admitted) prune(c.served, now);
    // the fault counts every client's requests against one budget: a greedy client starves the others
    const inWindow = this.faults.has('mc-client-starved')
      ? this.admitted.flatMap((c) => c.served).sort((a, b) => a - b)
      : client.served;
    if (inWindow.length < limit) {
      client.served.push(now);
      return { kind: 'serve', client, delayMs: 0 };
    }
    if (this.settings.overRate !== 'delay') return { kind: 'over-rate', as: this.settings.overRate };
    // late: when the oldest request of the window leaves it, keeping the client within its rate
    const at = (inWindow[inWindow.length - limit] as number) + MINUTE;
    client.served.push(at);
    client.served.sort((a, b) => a - b);
    return { kind: 'serve', client, delayMs: at - now };
  }
}

/** Drops the times more than a minute before `now`. */
function prune(times: number[], now: number): void {
  while (times.length > 0 && (times[0] as number) <= now - MINUTE) times.shift();
}
