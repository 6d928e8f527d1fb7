import { expect, test } from '@playwright/test';
import type { Clock } from '../clock/clock.ts';
import { DEFAULT_LV_METER } from '../devices/lv-meter/lv-meter-config.ts';
import { LvMeterObject } from '../devices/lv-meter/lv-meter-object.ts';
import { EchonetNode } from '../devices/node/echonet-node.ts';
import { decodeOrThrow } from '../echonet/decode-strict.ts';
import type { Format1Frame } from '../echonet/frame.ts';
import { fromHex } from '../echonet/hex.ts';
import { createLoopbackNetwork } from '../transport/loopback.ts';
import { replyViolations } from './reply-rules.ts';

const NOW = Date.UTC(2026, 5, 1, 3, 17);
const clock: Clock = { now: () => NOW, sleep: async () => {}, setTimer: () => ({ cancel() {} }) };

/** The reply of an emulated LV meter with `faults` to `requestHex`, checked against the rules. */
function violations(requestHex: string, faults: string[] = []): string[] {
  const network = createLoopbackNetwork();
  const node = new EchonetNode({
    transport: network.attach({ address: '127.0.0.2', port: 3610 }),
    clock,
    objects: [new LvMeterObject({ ...DEFAULT_LV_METER, installedAt: NOW - 86_400_000 }, clock)],
    makerCode: 0xfffffe,
    uniqueId: new Uint8Array(13),
    opcLimit: 6,
    responseLatencyMs: 0,
    faults: new Set(faults),
  });
  const bytes = fromHex(requestHex);
  node.receive({ bytes, from: { address: '127.0.0.3', port: 3610 }, multicast: false });
  const [reply] = network.sent;
  if (!reply) throw new Error('no reply');
  return replyViolations(decodeOrThrow(bytes) as Format1Frame, reply.bytes);
}

const GET_E7_C9 = '1081 0102 05FF01 028801 62 02 E7 00 C9 00'; // C9 is not implemented → Get_SNA
const SETC_E5_100 = '1081 0103 05FF01 028801 61 02 E5 01 01 E5 01 64'; // second write refused → SetC_SNA
const GET_E7 = '1081 0104 05FF01 028801 62 01 E7 00';

test.describe('reply rules', () => {
  test('the clean meter breaks none', () => {
    for (const request of [GET_E7_C9, SETC_E5_100, GET_E7]) expect(violations(request), request).toEqual([]);
  });

  const FAULTY: Array<[string, string, RegExp]> = [
    ['tid-not-echoed', GET_E7, /TID echoed \(§3.2.2\): expected 0x0104, got 0x0105/],
    [
      'eoj-not-swapped',
      GET_E7,
      /reply SEOJ is the addressed object .* reply DEOJ is the request SEOJ|reply DEOJ is the request SEOJ \(§3.2.4\): expected 05FF01, got 028801/,
    ],
    [
      'get-res-as-inf',
      GET_E7,
      /reply ESV to Get \(0x62\) .* expected Get_Res \(0x72\) or Get_SNA \(0x52\), got INF \(0x73\)/,
    ],
    ['get-sna-pdc-nonzero', GET_E7_C9, /an SNA reply names at least one refused EPC/],
    ['setc-sna-no-echo', SETC_E5_100, /an SNA reply names at least one refused EPC/],
  ];
  for (const [fault, request, message] of FAULTY) {
    test(`fault ${fault} is caught`, () => {
      expect(violations(request, [fault]).join('\n')).toMatch(message);
    });
  }

  test('the recorded bridged-meter Get_SNA with no refused EPC is caught', () => {
    const request = decodeOrThrow(
      fromHex('1081 0023 05FF01 028801 62 06 80 00 E0 00 E3 00 E7 00 E8 00 D3 00'),
    ) as Format1Frame;
    const reply = fromHex(
      '1081 0023 028801 05FF01 52 06 80 01 30 E0 04 0000123C E3 04 000020DD E7 04 00000001 E8 04 000A FFEC D3 04 00000001',
    );
    expect(replyViolations(request, reply)).toEqual([
      expect.stringMatching(/an SNA reply names at least one refused EPC.*none refused/),
    ]);
  });

  test('EPCs out of order and a wrong echo are named with expected and actual', () => {
    const request = decodeOrThrow(fromHex(SETC_E5_100)) as Format1Frame;
    const swapped = fromHex('1081 0103 028801 05FF01 51 02 E5 01 64 E5 00');
    expect(replyViolations(request, swapped).join('\n')).toMatch(/expected PDC 0 or 01, got 64/);
    const reordered = fromHex('1081 0102 028801 05FF01 52 02 C9 00 E7 04 00000001');
    const get = decodeOrThrow(fromHex(GET_E7_C9)) as Format1Frame;
    expect(replyViolations(get, reordered)).toEqual([
      expect.stringMatching(/expected \[0xE7 0xC9\], got \[0xC9 0xE7\]/),
    ]);
  });
});
