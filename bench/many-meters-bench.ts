// Many emulated LV meters in one process over real UDP on loopback: each meter is a full EchonetNode with
// its LvMeterObject on its own socket (127.1.y.z:3610); a worker thread keeps Get E7 requests in flight to
// random meters. The baseline, run beside it, is a bare UDP echo on the same number of sockets: the ceiling
// of node:dgram on this machine, so the ratio says how much of it the meters keep.
import { createSocket, type Socket } from 'node:dgram';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { WallClock } from '../harness/clock/wall-clock.ts';
import { DEFAULT_LV_METER } from '../harness/devices/lv-meter/lv-meter-config.ts';
import { LvMeterObject } from '../harness/devices/lv-meter/lv-meter-object.ts';
import { EchonetNode } from '../harness/devices/node/echonet-node.ts';
import { encodeFrame } from '../harness/echonet/encode.ts';
import { ESV } from '../harness/echonet/esv.ts';
import { openUdpTransport, type UdpTransport } from '../harness/transport/udp.ts';

export interface ManyMetersOptions {
  readonly meters: number;
  readonly durationMs: number;
  readonly rounds: number;
}

interface LoadResult {
  readonly sent: number;
  readonly answered: number;
  readonly wrong: number;
  readonly seconds: number;
}

const PORT = 3610;
const WINDOW = 2000;
const CLIENT_SOCKETS = 4;

/** 127.1.0.1, …, 127.1.0.250, 127.1.1.1, …: distinct loopback addresses, no .0 or .255. */
export function meterAddress(i: number): string {
  return `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

const GET_E7 = encodeFrame({
  format: 1,
  tid: 0,
  seoj: { classGroup: 0x05, classCode: 0xff, instance: 0x01 },
  deoj: { classGroup: 0x02, classCode: 0x88, instance: 0x01 },
  esv: ESV.Get,
  properties: [{ epc: 0xe7, edt: new Uint8Array(0) }],
});

export async function benchManyMeters(options: ManyMetersOptions): Promise<string[]> {
  const { meters, durationMs, rounds } = options;
  const targets = Array.from({ length: meters }, (_, i) => meterAddress(i));
  const gc = exposeGc();
  const ours: number[] = [];
  const baseline: number[] = [];
  let wrong = 0;
  // memory first, before any other sockets or the load worker have come and gone
  gc();
  const before = process.memoryUsage();
  const measured = await startMeters(targets);
  gc();
  const after = process.memoryUsage();
  const memory = {
    heap: after.heapUsed + after.external - before.heapUsed - before.external,
    rss: after.rss - before.rss,
  };
  await measured.stop();
  // the two fleets cannot both be open (twice the sockets), so the rounds alternate: echo, meters, echo, …
  for (let round = 0; round < rounds; round++) {
    const echo = await openEchoSockets(targets);
    baseline.push(rate(await runLoad(targets, durationMs)));
    await Promise.all(echo.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));

    const fleet = await startMeters(targets);
    const load = await runLoad(targets, durationMs);
    ours.push(rate(load));
    wrong += load.wrong;
    await fleet.stop();
  }

  const perMeter = (bytes: number) => `${(bytes / meters / 1024).toFixed(1)} KiB`;
  const ourRate = median(ours);
  const baseRate = median(baseline);
  const verdict = ourRate >= 50_000 ? 'target ≥ 50,000 Get/s met' : 'below the target of 50,000 Get/s';
  return [
    `many meters: ${meters.toLocaleString('en')} emulated LV meters on loopback UDP in one process, Get E7 from a worker thread (${WINDOW} in flight), median of ${rounds} alternating rounds of ${durationMs / 1000} s`,
    `  smcert EchonetNode + LvMeterObject ${ourRate.toLocaleString('en')} Get/s answered (${verdict}; ${wrong} wrong replies)`,
    `  bare node:dgram echo               ${baseRate.toLocaleString('en')} Get/s (baseline)`,
    `  ratio: ${(ourRate / baseRate).toFixed(2)} of the bare-socket ceiling (rounds: ours ${ours.join(', ')}; echo ${baseline.join(', ')})`,
    `  memory per meter: ${perMeter(memory.heap)} heap + external, ${perMeter(memory.rss)} RSS (socket included)`,
  ];
}

const rate = (r: LoadResult) => Math.round(r.answered / r.seconds);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Fleet {
  readonly nodes: EchonetNode[];
  stop(): Promise<void>;
}

async function startMeters(targets: string[]): Promise<Fleet> {
  const clock = new WallClock();
  const transports: UdpTransport[] = [];
  const nodes: EchonetNode[] = [];
  const installedAt = clock.now() - 3_600_000;
  for (const [i, address] of targets.entries()) {
    const transport = await openUdpTransport({ family: 4, address, port: PORT });
    const config = { ...DEFAULT_LV_METER, seed: i + 1, installedAt };
    const node = new EchonetNode({
      transport,
      clock,
      objects: [new LvMeterObject(config, clock)],
      makerCode: config.makerCode,
      uniqueId: new Uint8Array(13),
      opcLimit: config.opcLimit,
      responseLatencyMs: 0,
      faults: config.faults,
    });
    await node.start();
    transports.push(transport);
    nodes.push(node);
  }
  return {
    nodes,
    async stop() {
      for (const node of nodes) node.stop();
      await Promise.all(transports.map((t) => t.close()));
    },
  };
}

async function openEchoSockets(targets: string[]): Promise<Socket[]> {
  return Promise.all(
    targets.map(
      (address) =>
        new Promise<Socket>((resolve, reject) => {
          const socket = createSocket('udp4');
          socket.on('message', (bytes, from) => {
            bytes[10] = ESV.Get_Res;
            socket.send(bytes, from.port, from.address);
          });
          socket.once('error', reject);
          socket.bind(PORT, address, () => resolve(socket));
        }),
    ),
  );
}

function runLoad(targets: string[], durationMs: number): Promise<LoadResult> {
  const worker = new Worker(new URL('./get-load-worker.mjs', import.meta.url), {
    workerData: { targets, port: PORT, request: GET_E7, window: WINDOW, durationMs, sockets: CLIENT_SOCKETS },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** global.gc, enabled at run time so that `npm run bench` needs no node flag. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
