// `smcert decode <hex> …`: strict decode of each frame; on a violation, the rule and then what a lenient
// read makes of the bytes.
import { decodeLenient } from '../echonet/decode-lenient.ts';
import { decodeStrict } from '../echonet/decode-strict.ts';
import { describeFrame } from '../echonet/describe-frame.ts';
import { eojHex } from '../echonet/eoj.ts';
import { esvName } from '../echonet/esv.ts';
import { byteHex, fromHex, toHex } from '../echonet/hex.ts';

export async function runDecode(args: string[]): Promise<number> {
  if (args.length === 0) {
    console.error(
      'smcert decode: give at least one frame as hex, e.g. smcert decode "1081 0001 05FF01 028801 62 01 E7 00"',
    );
    return 2;
  }
  let failures = 0;
  for (const text of args) {
    let bytes: Uint8Array;
    try {
      bytes = fromHex(text);
    } catch (error) {
      console.error(
        `smcert decode: ${(error as Error).message}; write the frame as hex digits, spaces allowed`,
      );
      return 2;
    }
    const result = decodeStrict(bytes);
    if (result.ok) {
      console.log(`OK    ${describeFrame(result.frame)}`);
      continue;
    }
    failures++;
    console.log(`FAIL  ${toHex(bytes, ' ')}\n      ${result.error.message}`);
    const lenient = decodeLenient(bytes);
    const head = [
      lenient.tid === undefined
        ? undefined
        : `TID=${lenient.tid.toString(16).padStart(4, '0').toUpperCase()}`,
      lenient.seoj && lenient.deoj ? `${eojHex(lenient.seoj)}→${eojHex(lenient.deoj)}` : undefined,
      lenient.esv === undefined ? undefined : esvName(lenient.esv),
    ].filter(Boolean);
    const props = lenient.properties.map((p) => `${byteHex(p.epc)}=${toHex(p.edt)}`).join(', ');
    console.log(`      lenient read: ${head.join(' ')} [${props}]`);
    for (const issue of lenient.issues.slice(1)) console.log(`      also: ${issue.message}`);
  }
  return failures === 0 ? 0 : 1;
}
