// A client we did not write agrees with our device: `smcert emulate` runs the reference LV meter on
// real UDP, and the `echonet-lite` package, as a controller, discovers it by multicast (224.0.23.0) and
// reads E7 and E0. Both run in a private network namespace that has only `lo`, so no datagram — the
// package's multicast included — can leave the machine.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { fromHex } from '../../echonet/hex.ts';
import { readSigned, readUnsigned } from '../../echonet/values/integer.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = `
set -u
ip link set lo up && ip route add 224.0.0.0/4 dev lo || exit 90
log=$(mktemp)
node harness/cli/smcert.mjs emulate --profile profiles/reference-lv-meter.json --address 127.0.0.9 > "$log" &
emulator=$!
# the controller searches once the meter listens (a fixed pause was too short on a loaded machine)
for i in $(seq 600); do grep -q '^emulating' "$log" && break; sleep 0.1; done
head -n 1 "$log"
node --import tsx harness/devices/emulation/echonet-lite-controller.ts
status=$?
kill -INT $emulator
wait $emulator
tail -n +2 "$log"
rm -f "$log"
exit $status
`;

const canIsolate = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up']).status === 0;

test('echonet-lite discovers the emulated meter by multicast and reads E7 and E0', () => {
  test.skip(
    !canIsolate,
    'needs `unshare -n` (root) and `ip` (iproute2) to run the interop in a private network namespace',
  );
  const run = spawnSync('unshare', ['-n', 'bash', '-c', SCRIPT], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = run.stdout.trim().split('\n');
  expect(run.status, `exit ${run.status}\n${run.stdout}\n${run.stderr}`).toBe(0);
  expect(lines[0]).toMatch(/^emulating lv-meter 028801 .* on udp 127\.0\.0\.9:3610 \+ multicast/);
  const found = JSON.parse(lines.find((l) => l.startsWith('{')) ?? '{}') as {
    meter?: string;
    e7?: string;
    e0?: string;
  };
  expect(found.meter, 'discovered address').toBe('127.0.0.9');
  const e7 = readSigned(fromHex(found.e7 ?? ''), 0, 4);
  const e0 = readUnsigned(fromHex(found.e0 ?? ''), 0, 4);
  expect(Math.abs(e7), 'E7 in W is a household load').toBeLessThan(10_000);
  expect(e0, 'E0 is a reading, not the no-data sentinel').toBeLessThan(1_000_000);
  expect(lines.at(-1)).toMatch(/^stopped: \d+ frames received, [1-9]\d* replies/);
});
