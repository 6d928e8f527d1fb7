// A short or long EDT is a FAIL naming the EPC and the sizes, whichever helper reads it: valueIn() is
// where every Get_Res value of a case is taken (getValue, getUnsigned, readDayHistory, nodeValue).
import { expect, test } from '@playwright/test';
import { eoj, HEMS_CONTROLLER } from '../echonet/eoj.ts';
import { ESV } from '../echonet/esv.ts';
import type { Format1Frame } from '../echonet/frame.ts';
import { valueIn } from './checks.ts';
import type { Exchange } from './dut-client.ts';
import { edtSizeProblem } from './edt-size.ts';
import { VerdictError } from './verdict.ts';

/** An exchange whose Get_Res from `seoj` carries `epc` = `edt`. */
function exchange(seoj: string, epc: number, edt: number[]): Exchange {
  const frame: Format1Frame = {
    format: 1,
    tid: 1,
    seoj: eoj(seoj),
    deoj: HEMS_CONTROLLER,
    esv: ESV.Get_Res,
    properties: [{ epc, edt: Uint8Array.from(edt) }],
  };
  const entry = {
    seq: 2,
    direction: 'received',
    at: 0,
    from: { address: '', port: 0 },
    to: { address: '', port: 0 },
    multicast: false,
    hex: '',
    summary: '',
  } as const;
  return {
    request: { ...frame, esv: ESV.Get, seoj: HEMS_CONTROLLER, deoj: eoj(seoj) },
    requestEntry: { ...entry, seq: 1 },
    reply: { entry, frame, from: entry.from, multicast: false, bytes: new Uint8Array(0) },
    frame,
    elapsedMs: 0,
  };
}

const reading = (seoj: string, epc: number, edt: number[]) => () =>
  valueIn(exchange(seoj, epc, edt), epc, 'served');

for (const [what, seoj, epc, good, bad] of [
  ['E7 instantaneous power (4 bytes)', '028801', 0xe7, [0, 0, 1, 0], [0, 1, 0]],
  ['E2 daily history (2 + 48 × 4 bytes)', '028801', 0xe2, Array(194).fill(0), Array(193).fill(0)],
  ['EA latest 30-minute value (11 bytes)', '028801', 0xea, Array(11).fill(0), Array(12).fill(0)],
  ['node profile D3 instance count (3 bytes)', '0EF001', 0xd3, [0, 0, 1], [0, 1]],
  ['node profile D4 class count (2 bytes)', '0EF001', 0xd4, [0, 2], [2]],
] as const) {
  test(`a planted ${bad.length}-byte ${what} is a FAIL naming the EPC and both sizes`, () => {
    expect(reading(seoj, epc, [...good]), 'the class size is read').not.toThrow();
    let error: unknown;
    try {
      reading(seoj, epc, [...bad])();
    } catch (e) {
      error = e;
    }
    expect(error, 'a wrong size is a verdict').toBeInstanceOf(VerdictError);
    expect(
      (error as VerdictError).reason,
      'the FAIL names the EPC, the class size and the actual PDC',
    ).toMatch(
      new RegExp(
        `0x${epc.toString(16).toUpperCase()} has the size its class defines .*expected PDC ${good.length}, got PDC ${bad.length}`,
      ),
    );
  });
}

test('a class without data (a vendor object) has no size to check', () => {
  expect(edtSizeProblem(0x05ff, 0xf0, 3)).toBeUndefined();
});
