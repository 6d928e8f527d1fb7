// Strict decode + validate of the same 100 000 mixed B-route frames: harness/echonet/decode-strict.ts
// against the `echonet-lite` package's parseBytes (the baseline), in one process.
import { createRequire } from 'node:module';
import { decodeStrict } from '../harness/echonet/decode-strict.ts';
import { encodeFrame } from '../harness/echonet/encode.ts';
import { sampleTraffic } from './b-route-traffic.ts';
import { measureSideBySide } from './measure.ts';

interface EchonetLite {
  parseBytes(bytes: ArrayLike<number>): { ESV: string } | null;
}

export function benchDecoder(frameCount = 100_000): string[] {
  const el = createRequire(import.meta.url)('echonet-lite') as EchonetLite;
  const frames = sampleTraffic(frameCount).map((frame) => encodeFrame(frame));
  // parseBytes takes an array of numbers (it is written for Buffers and arrays); give it Buffers, as a socket would.
  const buffers = frames.map((bytes) => Buffer.from(bytes));
  const totalBytes = frames.reduce((sum, f) => sum + f.length, 0);

  const [ours, baseline] = measureSideBySide([
    {
      name: 'smcert decodeStrict',
      run: () => {
        let ok = 0;
        for (const bytes of buffers) if (decodeStrict(bytes).ok) ok++;
        if (ok !== buffers.length)
          throw new Error(`strict decoder rejected ${buffers.length - ok} valid frames`);
        return ok;
      },
    },
    {
      name: 'echonet-lite parseBytes',
      run: () => {
        let ok = 0;
        for (const bytes of buffers) if (el.parseBytes(bytes)?.ESV) ok++;
        return ok;
      },
    },
  ]);
  const rate = (ms: number) => Math.round((frameCount / ms) * 1000);
  return [
    `decoder: ${frameCount} mixed B-route frames (${(totalBytes / frameCount).toFixed(1)} bytes on average), median of 5 rounds`,
    `  ${ours!.name.padEnd(26)} ${rate(ours!.medianMs).toLocaleString('en')} frames/s`,
    `  ${baseline!.name.padEnd(26)} ${rate(baseline!.medianMs).toLocaleString('en')} frames/s (baseline)`,
    `  ratio: ${(baseline!.medianMs / ours!.medianMs).toFixed(1)}× (target ≥ 5×)`,
  ];
}
