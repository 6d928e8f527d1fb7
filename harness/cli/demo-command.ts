// `smcert demo` (what `npm start` runs until the certification run exists): decodes the recorded
// real-meter frames of fixtures/real-meter/frames.json with the strict decoder and prints them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeProperty } from '../classes/describe-property.ts';
import { loadClassRegistry } from '../classes/load-classes.ts';
import { decodeStrict } from '../echonet/decode-strict.ts';
import { describeFrame } from '../echonet/describe-frame.ts';
import { classOf } from '../echonet/eoj.ts';
import type { Property } from '../echonet/frame.ts';
import { fromHex } from '../echonet/hex.ts';

const FRAMES = fileURLToPath(new URL('../../fixtures/real-meter/frames.json', import.meta.url));

interface RecordedFrame {
  id: string;
  hex: string;
  source: string;
  notes?: string;
}

export async function runDemo(): Promise<number> {
  const registry = loadClassRegistry();
  const { frames } = JSON.parse(readFileSync(FRAMES, 'utf8')) as { frames: RecordedFrame[] };
  console.log(`Decoding ${frames.length} recorded real-meter frames from fixtures/real-meter/frames.json\n`);
  let failures = 0;
  for (const recorded of frames) {
    const result = decodeStrict(fromHex(recorded.hex));
    console.log(`${recorded.id}\n  ${recorded.hex}`);
    if (result.ok) {
      const frame = result.frame;
      const classCode = frame.format === 1 ? classOf(frame.seoj) : undefined;
      const named = (p: Property) =>
        describeProperty(
          classCode === undefined ? undefined : registry.propertiesOf(classCode).get(p.epc),
          p,
        );
      console.log(`  ${describeFrame(frame, named)}`);
    } else {
      failures++;
      console.log(`  FAIL ${result.error.message}`);
    }
    if (recorded.notes) console.log(`  note: ${recorded.notes}`);
    console.log('');
  }
  console.log(failures === 0 ? 'All frames decoded.' : `${failures} frame(s) failed to decode.`);
  return failures === 0 ? 0 : 1;
}
