// The emulated meter of a profile on real UDP with its wire recorded, and a controller under test run
// beside it: for judging a controller that is a separate program (independent-controller.test.ts runs
// it inside a private network namespace, `unshare -n`, so multicast stays on its lo).
//
//   node --import tsx harness/devices/hems-controller/wire-tap-meter.ts --profile <lv-meter profile>
//        --address <meter IPv4> [--infc-after-ea-ms <n>] [--malformed-get-res <EPC hex>=no-property|edt-short] -- <controller command...>
//
// stdout, one JSON line each: {"side":"meter", ...WireRecord} for every datagram the meter received
// ('in') or sent ('out'); {"side":"controller","line":...} for every line the controller printed;
// {"side":"tap","exit":<code>,"signal":...} last. The controller's stderr goes to stderr. The meter
// starts first (its start-up INF 0xD5 goes out before the controller runs) and stops when the
// controller has exited. --infc-after-ea-ms: once the meter answered a Get of EA, it sends its
// controller one INFC of EA after that delay (controller-wire.ts infcAfterEa). --malformed-get-res 82=no-property:
// every Get_Res carrying that EPC goes out cut after its OPC (12 bytes: OPC 1, no property); D7=edt-short:
// its last byte cut (the last PDC claims a byte that does not follow, as hems-bench.ts malformedReplyTo
// cuts it): malformed replies for the controller to survive.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { WallClock } from '../../clock/wall-clock.ts';
import { decodeStrict } from '../../echonet/decode-strict.ts';
import { ESV } from '../../echonet/esv.ts';
import { loadProfile } from '../../profile/load-profile.ts';
import type { Transport } from '../../transport/transport.ts';
import { openUdpTransport } from '../../transport/udp.ts';
import { startEmulatedDevice } from '../emulation/start-emulated-device.ts';
import { infcAfterEa, tapTransport, type WireRecord } from './controller-wire.ts';

const { values, positionals } = parseArgs({
  options: {
    profile: { type: 'string' },
    address: { type: 'string' },
    'infc-after-ea-ms': { type: 'string' },
    'malformed-get-res': { type: 'string' },
  },
  allowPositionals: true,
});
if (!values.profile || !values.address || positionals.length === 0) {
  console.error(
    'usage: wire-tap-meter.ts --profile <file> --address <IPv4> [--infc-after-ea-ms n] [--malformed-get-res EPC=no-property|edt-short] -- <command...>',
  );
  process.exit(2);
}
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const loaded = loadProfile(values.profile).profile;
const profile = {
  ...loaded,
  transport: {
    type: 'udp' as const,
    family: 4 as const,
    address: values.address,
    port: 3610,
    multicast: true,
  },
};
const udp = await openUdpTransport({
  family: 4,
  address: values.address,
  port: 3610,
  shareAddress: true,
  multicast: { receive: true },
});
const listeners: ((r: WireRecord) => void)[] = [(r) => print({ side: 'meter', ...r })];
const [malformedEpc, form] = values['malformed-get-res']?.split('=') ?? [];
if (form !== undefined && form !== 'no-property' && form !== 'edt-short') {
  console.error(`--malformed-get-res: the form is no-property or edt-short, got '${form}'`);
  process.exit(2);
}
const tapped = tapTransport(udp, (r) => {
  for (const l of listeners) l(r);
});
const transport =
  malformedEpc === undefined || form === undefined
    ? tapped
    : malformed(tapped, Number.parseInt(malformedEpc, 16), form);
const device = await startEmulatedDevice(profile, new WallClock(), { transport });
if (values['infc-after-ea-ms'] !== undefined)
  listeners.push(infcAfterEa(device.node, Number(values['infc-after-ea-ms'])));

const [command, ...args] = positionals as [string, ...string[]];
const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
createInterface({ input: child.stdout }).on('line', (line) => print({ side: 'controller', line }));
const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
  child.on('close', (c, s) => resolve({ code: c, signal: s })),
);
await device.stop();
print({ side: 'tap', exit: code, signal });

/** The transport, each Get_Res of `epc` malformed on the way out (to the tap: it records the malformed frame). */
function malformed(transport: Transport, epc: number, form: 'no-property' | 'edt-short'): Transport {
  return {
    local: transport.local,
    send(bytes, to) {
      const decoded = decodeStrict(bytes);
      const hit =
        decoded.ok &&
        decoded.frame.format === 1 &&
        decoded.frame.esv === ESV.Get_Res &&
        'properties' in decoded.frame &&
        decoded.frame.properties.some((p) => p.epc === epc);
      if (!hit) return transport.send(bytes, to);
      return transport.send(form === 'no-property' ? bytes.subarray(0, 12) : bytes.subarray(0, -1), to);
    },
    sendMulticast: (bytes) => transport.sendMulticast(bytes),
    onReceive: (listener) => transport.onReceive(listener),
    close: () => transport.close(),
  };
}
