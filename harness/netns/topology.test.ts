// The routing topology on real network namespaces (root, as in CI; skipped, with the reason, where the
// machine does not allow them): built, wired and removed; leftovers of killed runs removed at the next start.
import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { ECHONET_PORT } from '../transport/transport.ts';
import { IP, ip } from './ip-command.ts';
import { listNamespaces } from './leftovers.ts';
import { namespaceNames, ownerPid } from './netns-names.ts';
import { firstFree, parsePrefix } from './private-subnets.ts';
import { refusedBy, SYSCTL } from './refusal.ts';
import { createTopology } from './topology.ts';
import { UdpPeer } from './udp-peer.ts';

test.describe('network namespaces of the routing case', () => {
  // one after the other in one worker: a topology built elsewhere at the same time would take the
  // leftover the second test plants before its own start could
  test.describe.configure({ mode: 'default' });

  test('three namespaces joined through the meter, IPv6 off, private addresses; remove() leaves none', async () => {
    const built = await createTopology();
    test.skip('refused' in built, 'refused' in built ? built.refused : '');
    if ('refused' in built) return;
    const { namespaces: ns, interfaces: dev, addresses: at, remove } = built.topology;
    try {
      const present = await listNamespaces();
      for (const n of [ns.bRoute, ns.meter, ns.other])
        expect(present, `namespace ${n} exists while the topology stands`).toContain(n);
      for (const [n, name] of [
        [ns.bRoute, dev.bRoute],
        [ns.meter, dev.meterBRoute],
        [ns.meter, dev.meterOther],
        [ns.other, dev.other],
      ] as const) {
        const off = (
          await ip(['netns', 'exec', n, SYSCTL!, '-n', `net.ipv6.conf.${name}.disable_ipv6`])
        ).trim();
        expect(off, `IPv6 is off on ${name} (no autoconfiguration traffic)`).toBe('1');
      }
      for (const a of [at.bRoute.client, at.bRoute.meter, at.other.meter, at.other.host])
        expect(a, 'a private address (10.254/16 or 192.168/16)').toMatch(/^(10\.254|192\.168)\./);
      const route = await ip(['-n', ns.bRoute, 'route', 'show', at.other.subnet]);
      expect(route, 'the B-route reaches the other domain via the meter').toContain(`via ${at.bRoute.meter}`);
      // the B-route segment carries UDP: client → meter
      const meter = await UdpPeer.start(ns.meter, [{ address: at.bRoute.meter, port: ECHONET_PORT }]);
      const client = await UdpPeer.start(ns.bRoute, [{ address: at.bRoute.client, port: ECHONET_PORT }]);
      await client.send(
        { address: at.bRoute.client, port: ECHONET_PORT },
        { address: at.bRoute.meter, port: ECHONET_PORT },
        Uint8Array.of(0x10, 0x81),
      );
      const got = await meter.waitFor(() => true, 2000);
      await Promise.all([meter.stop(), client.stop()]);
      expect(got?.from.address, 'a datagram from the client reaches the meter on the B-route').toBe(
        at.bRoute.client,
      );
    } finally {
      await remove();
    }
    const after = await listNamespaces();
    for (const n of [ns.bRoute, ns.meter, ns.other]) expect(after, `${n} is removed`).not.toContain(n);
    await remove(); // a second time is harmless
  });

  test('a leftover of a killed run is removed at the next start, with what still ran in it', async () => {
    const gone = await deadPid();
    const leftover = namespaceNames(gone).meter;
    const made = await ip(['netns', 'add', leftover]).then(
      () => true,
      () => false,
    );
    test.skip(!made, 'network namespaces are not allowed here');
    const orphan = spawn(IP, ['netns', 'exec', leftover, 'sleep', '60'], { stdio: 'ignore' });
    const ended = new Promise<NodeJS.Signals | null>((resolve) =>
      orphan.once('exit', (_, signal) => resolve(signal)),
    );
    await new Promise((resolve) => orphan.once('spawn', resolve));
    const built = await createTopology();
    if ('refused' in built) throw new Error(built.refused);
    await built.topology.remove();
    expect(built.topology.leftoversRemoved, `the namespace of dead pid ${gone} was removed`).toContain(
      leftover,
    );
    expect(await listNamespaces(), `${leftover} is gone`).not.toContain(leftover);
    expect(await ended, 'the process left running in it was killed').toBe('SIGKILL');
  });

  test('names carry the pid of their maker; other namespaces are not ours', () => {
    const names = namespaceNames(4194303);
    expect(Object.values(names).map(ownerPid), 'each name gives back its pid').toEqual([
      4194303, 4194303, 4194303,
    ]);
    for (const other of ['smc12', 'smc12-x', 'docker-1', 'xsmc12-b'])
      expect(ownerPid(other), `'${other}' is not one of ours`).toBeUndefined();
  });

  test('"not allowed here" is a reason, other failures are not', () => {
    const eperm = refusedBy({
      ok: false,
      code: 1,
      stdout: '',
      stderr: 'mount --make-shared /run/netns failed: Operation not permitted',
    });
    expect(eperm, 'EPERM is a refusal, naming what the kernel said').toMatch(
      /not allowed here.*Operation not permitted/,
    );
    expect(
      refusedBy({ ok: false, stdout: '', stderr: 'spawn ip ENOENT', missing: true }),
      'ip missing',
    ).toMatch(/could not be started/);
    expect(
      refusedBy({ ok: false, code: 2, stdout: '', stderr: 'RTNETLINK answers: File exists' }),
      'another failure is no refusal',
    ).toBeUndefined();
  });

  test('the addresses overlap nothing the machine routes', () => {
    const taken = ['10.254.0.0/16', '192.168.7.0/24', 'default', 'fe80::/64'].flatMap(
      (t) => parsePrefix(t) ?? [],
    );
    const picked = firstFree(7, taken);
    expect(picked.bRoute.subnet, '10.254/16 is taken: 192.168, from the pid’s /24 on').toBe('192.168.8.0/30');
    expect(picked.other.subnet, 'the other domain is the next /30').toBe('192.168.8.4/30');
    expect(firstFree(7, []).bRoute.client, 'nothing taken: 10.254.<pid % 256>.1').toBe('10.254.7.1');
  });
});

/** A pid no process has: that of a child that has exited. */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('true');
    child.once('exit', () => resolve(child.pid!));
  });
}
