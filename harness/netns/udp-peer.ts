// A UDP peer process inside a namespace (udp-peer.mjs), driven over its stdio: it binds endpoints there,
// sends datagrams when asked and reports every datagram it receives, with the time it was read.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WallClock } from '../clock/wall-clock.ts';
import { fromHex, toHex } from '../echonet/hex.ts';
import type { Endpoint } from '../transport/transport.ts';
import { IP, inNamespace } from './ip-command.ts';

export interface PeerDatagram {
  /** The peer's endpoint it came in on. */
  readonly on: Endpoint;
  readonly from: Endpoint;
  readonly bytes: Uint8Array;
  /** Wall clock, epoch ms, when the harness read it. */
  readonly at: number;
}

/** The peer is a real process: its waits are on the wall clock, whatever the run's clock. */
const wall = new WallClock();

const SCRIPT = fileURLToPath(new URL('./udp-peer.mjs', import.meta.url));

/** How long a peer may take to bind, and to answer a send. */
const START_MS = 10_000;
const SEND_MS = 5_000;

export class UdpPeer {
  readonly received: PeerDatagram[] = [];
  private readonly pending = new Map<number, (error?: string) => void>();
  private readonly arrivals = new Set<() => void>();
  private nextId = 1;
  private readonly exited: Promise<void>;
  private stderr = '';

  private constructor(
    readonly namespace: string,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    this.exited = new Promise((resolve) => child.once('close', () => resolve()));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d;
    });
  }

  /** Starts a peer in `namespace` bound to `endpoints`; resolves once it listens. */
  static async start(namespace: string, endpoints: readonly Endpoint[]): Promise<UdpPeer> {
    const argv = [process.execPath, SCRIPT, ...endpoints.map(text)];
    const peer = new UdpPeer(namespace, spawn(IP, inNamespace(namespace, argv), { stdio: 'pipe' }));
    await peer.listening();
    return peer;
  }

  /** Sends `bytes` from one of the peer's endpoints; rejects with the socket's error (ENETUNREACH, …). */
  send(from: Endpoint, to: Endpoint, bytes: Uint8Array): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = wall.setTimer(SEND_MS, () => done('no answer from the peer process'));
      const done = (error?: string) => {
        timer.cancel();
        this.pending.delete(id);
        if (error) reject(new Error(`send ${text(from)} → ${text(to)} in ${this.namespace}: ${error}`));
        else resolve();
      };
      this.pending.set(id, done);
      this.child.stdin.write(
        `${JSON.stringify({ id, from: text(from), to: text(to), hex: toHex(bytes) })}\n`,
      );
    });
  }

  /** The first datagram received (already or within `ms`) that `match` accepts. */
  async waitFor(match: (d: PeerDatagram) => boolean, ms: number): Promise<PeerDatagram | undefined> {
    const found = () => this.received.find(match);
    if (found()) return found();
    return new Promise((resolve) => {
      const check = () => {
        const d = found();
        if (d) finish(d);
      };
      const finish = (d: PeerDatagram | undefined) => {
        timer.cancel();
        this.arrivals.delete(check);
        resolve(d);
      };
      const timer = wall.setTimer(ms, () => finish(undefined));
      this.arrivals.add(check);
    });
  }

  /** Closes its stdin (the peer ends itself), then kills it if it has not gone within a second. */
  async stop(): Promise<void> {
    this.child.stdin.end();
    const killer = wall.setTimer(1000, () => this.child.kill('SIGKILL'));
    await this.exited;
    killer.cancel();
  }

  private listening(): Promise<void> {
    return new Promise((resolve, reject) => {
      let listening = false;
      const timer = wall.setTimer(START_MS, () => fail(`did not listen within ${START_MS} ms`));
      const fail = (why: string) => {
        timer.cancel();
        this.child.kill('SIGKILL');
        reject(new Error(`UDP peer in ${this.namespace} ${why}: ${this.stderr.trim()}`));
      };
      this.child.once('close', (code) => {
        if (!listening) fail(`exited (${code})`);
      });
      createInterface({ input: this.child.stdout }).on('line', (line) => {
        const event = JSON.parse(line) as PeerEvent;
        if (event.event === 'listening') {
          listening = true;
          timer.cancel();
          resolve();
        } else if (event.event === 'received') {
          this.received.push({
            on: endpoint(event.on),
            from: endpoint(event.from),
            bytes: fromHex(event.hex),
            at: wall.now(),
          });
          for (const check of [...this.arrivals]) check();
        } else this.pending.get(event.id)?.(event.event === 'error' ? event.message : undefined);
      });
    });
  }
}

type PeerEvent =
  | { event: 'listening' }
  | { event: 'received'; on: string; from: string; hex: string }
  | { event: 'sent'; id: number }
  | { event: 'error'; id: number; message: string };

const text = (e: Endpoint) => `${e.address}:${e.port}`;

function endpoint(t: string): Endpoint {
  const at = t.lastIndexOf(':');
  return { address: t.slice(0, at), port: Number(t.slice(at + 1)) };
}
