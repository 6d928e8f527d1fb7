// One meter's radio with several clients' modules on it: the next-generation B-route's clients over
// Wi-SUN (seed 論点④), each a dongle with its own PANA session and its own Route-B credentials (the
// profile's routeB for the first, /bRoute/routeB for the others). Each module keeps its own radio link
// (radio-link.ts); the hub gives the meter one Transport on which every link's datagrams arrive, from that
// module's link-local address, and sends the meter's unicast down the link of its address, its multicast
// down every link. It is also the meter's PANA agent for every module: it takes each registered
// credential as a pair, never an ID with another client's password, and no longer one the utility revoked.
import { Listeners } from '../../transport/listeners.ts';
import type { Datagram, Endpoint, Transport } from '../../transport/transport.ts';
import { sameIpv6 } from './ipv6-text.ts';
import type { RadioLink } from './radio-link.ts';

export interface Credential {
  readonly id: string;
  readonly password: string;
}

export class MeterRadioHub {
  readonly meter: Transport;
  private readonly links: { readonly link: RadioLink; readonly module: string }[] = [];
  private readonly received = new Listeners<Datagram>();
  private readonly revoked = new Set<string>();

  constructor(
    local: Endpoint,
    private readonly credentials: readonly Credential[],
    /** The meter's fault switches (b-route-client-faults.ts: mc-credentials-crossed, mc-revoked-credential-accepted). */
    private readonly faults: ReadonlySet<string>,
  ) {
    this.meter = {
      local,
      send: async (bytes, to) => {
        // a unicast goes down the link of the module at that address; one to nobody's address is lost
        await this.links.find((l) => sameIpv6(l.module, to.address))?.link.meter.send(bytes, to);
      },
      sendMulticast: async (bytes) => {
        await Promise.all(this.links.map((l) => l.link.meter.sendMulticast(bytes)));
      },
      onReceive: (listener) => this.received.add(listener),
      close: async () => {
        this.received.clear();
        await Promise.all(this.links.map((l) => l.link.meter.close()));
      },
    };
  }

  /** A module's radio link, whose module is at link-local `moduleAddress`, joins the meter's radio. */
  attach(link: RadioLink, moduleAddress: string): void {
    this.links.push({ link, module: moduleAddress });
    link.meter.onReceive((datagram) => this.received.emit(datagram));
  }

  /** PANA: a registered ID with its own password, not revoked. */
  accepts(id: string, password: string): boolean {
    const registered = this.credentials.filter(
      (c) => !this.revoked.has(c.id) || this.faults.has('mc-revoked-credential-accepted'),
    );
    if (this.faults.has('mc-credentials-crossed'))
      return registered.some((c) => c.id === id) && registered.some((c) => c.password === password);
    return registered.some((c) => c.id === id && c.password === password);
  }

  /** The utility revokes a client's Route-B ID: refused from its next authentication on. */
  revoke(id: string): void {
    this.revoked.add(id);
  }
}
