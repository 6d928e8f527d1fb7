// ERXUDP integrity (echonet-smart-meter.md §4.3; skstack-clients.md): a reply whose frame holds 0D 0A (a
// Get with TID 0x0D0A, echoed in its Get_Res) arrives whole, its DATALEN the number of data bytes, its
// data in the form the module is set to (binary, or hex ASCII after WOPT 01 / the dialect's default),
// and, on an emulated target where the module's writes are seen, in one write of its own.
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { expectThat } from '../../harness/conformance/checks.ts';
import { conformance, observe } from '../../harness/conformance/conformance.ts';
import type { Exchange } from '../../harness/conformance/dut-client.ts';
import { type RawErxudp, rawErxudps } from '../../harness/conformance/erxudp-raw.ts';
import { inconclusive } from '../../harness/conformance/verdict.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { toHex } from '../../harness/echonet/hex.ts';
import { joinedModule, onWisun } from './cu-applies.ts';

const TID = 0x0d0a;
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
/** TID 0D 0A at bytes 2–3 of the frame (ECHONET Lite part 2 §3.2.2). */
const carriesTid = (e: RawErxudp) => e.frame !== undefined && e.frame[2] === 0x0d && e.frame[3] === 0x0a;

conformance(
  {
    id: 'CU-ERXUDP-001',
    title:
      'a reply holding 0D 0A (TID 0x0D0A) comes as one ERXUDP, DATALEN its byte count, data in the module’s mode',
    specRef: 'SK/ERXUDP-DATALEN',
    severity: 'critical',
    applies: onWisun,
    catches: ['sk-erxudp-split-at-crlf', 'sk-datalen-hex-digits', 'sk-hex-in-binary-mode'],
    realTimeMs: FEW_REQUESTS_MS,
  },
  async ({ wisun, dut }) => {
    const s = joinedModule(wisun);
    const fromByte = s.byteCount;
    const fromChunk = s.emulated?.chunks.length ?? 0;
    let exchange: Exchange | undefined;
    let failure: unknown;
    try {
      exchange = await dut.request(ESV.Get, [{ epc: 0xe7, edt: new Uint8Array(0) }], { tid: TID });
    } catch (error) {
      failure = error; // judged from the raw bytes first: the reader may not have made sense of them
    }
    const all = rawErxudps(s.bytes(fromByte), s.dialect);
    const erxudp = all.find(carriesTid) ?? all[0];
    if (!erxudp) {
      if (failure) throw failure;
      inconclusive('no ERXUDP to port 0E1A came after the Get with TID 0x0D0A');
    }
    const header = erxudp.tokens.join(' ');
    const expected = s.hexPayload ? 'hex' : 'binary';
    expectThat(
      erxudp.form === expected,
      `ERXUDP data comes ${expected === 'hex' ? 'as hex ASCII (WOPT 01 or the dialect’s default)' : 'binary (no WOPT 01)'}`,
      `${expected} data`,
      `${erxudp.form} data after '${header}': ${toHex(s.bytes(fromByte).subarray(erxudp.dataAt, erxudp.dataAt + 8), ' ')}…`,
      [],
      'SK/ERXUDP-DATA-FORM',
    );
    const frame = erxudp.frame;
    if (!frame) {
      if (failure) throw failure;
      inconclusive(`the ERXUDP data is not a whole ECHONET Lite frame: '${header}'`);
    }
    expectThat(
      erxudp.datalen === frame.length,
      'ERXUDP <DATALEN> is the number of data bytes (4 hex digits), even when the data holds 0D 0A',
      `${frame.length.toString(16).toUpperCase().padStart(4, '0')} (${frame.length} bytes)`,
      `${erxudp.tokens.at(-1)} (${erxudp.datalen}) for the frame ${toHex(frame, ' ')}`,
      [],
    );
    const width = expected === 'hex' ? 2 * frame.length : frame.length;
    const tail = latin1(s.bytes(fromByte).subarray(erxudp.dataAt + width, erxudp.dataAt + width + 2));
    expectThat(tail === '\r\n', 'the data of ERXUDP is followed by CR LF', 'CR LF', JSON.stringify(tail), []);
    const emulated = s.emulated;
    if (emulated) {
      // skstack-clients.md: ERXUDP always in one write of its own
      const whole = erxudp.dataAt - erxudp.at + width + 2;
      const chunks = emulated.chunks.slice(fromChunk);
      const first = chunks.findIndex((c) => latin1(c).startsWith(`${header} `));
      const lengths = first < 0 ? [] : chunks.slice(first, first + 3).map((c) => c.length);
      expectThat(
        first >= 0 && chunks[first]!.length === whole,
        'ERXUDP is written in one piece of its own, even when its binary data holds 0D 0A',
        `one write of ${whole} bytes`,
        first < 0 ? 'no write beginning with ERXUDP' : `writes of ${lengths.join(' + ')} bytes`,
        [],
        'SK/ERXUDP-WRITE',
      );
    } else observe('a real dongle: the module’s write boundaries are not seen through the serial port');
    if (failure) throw failure;
    expectThat(
      exchange?.frame.tid === TID,
      'the harness got the Get_Res with TID 0x0D0A through the module',
      '0D0A',
      String(exchange?.frame.tid),
      [],
    );
  },
);
