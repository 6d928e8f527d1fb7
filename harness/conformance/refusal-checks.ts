// How a meter refuses a B-route client (profile /bRoute/refusal, /bRoute/overRate): no answer within the
// timer, or the SNA of the request's service. A case states which one it expects, from the profile, and
// gets FAIL naming its rule when the meter serves the request instead (or refuses one it must serve).
import { ESV, esvName } from '../echonet/esv.ts';
import { toHex } from '../echonet/hex.ts';
import { DeviceSilent, type DutClient } from './dut-client.ts';
import { fail } from './verdict.ts';

/** Get of `epc` by `client`, which the meter must refuse `as` declared. Returns what came (for the record). */
export async function expectRefused(
  client: DutClient,
  epc: number,
  as: 'silent' | 'sna' | 'drop',
  rule: string,
  clause: string,
): Promise<string> {
  try {
    const x = await client.get(epc);
    if (as === 'sna' && x.frame.esv === ESV.Get_SNA) return `Get_SNA #${x.reply.entry.seq}`;
    fail(
      rule,
      as === 'sna' ? 'Get_SNA' : 'no answer within the timer',
      `${esvName(x.frame.esv)} (${toHex(x.reply.bytes)})`,
      [x.requestEntry.seq, x.reply.entry.seq],
      clause,
    );
  } catch (error) {
    if (!(error instanceof DeviceSilent)) throw error;
    if (as !== 'sna') return `no answer (#${error.requestSeq})`;
    fail(rule, 'Get_SNA', `no answer within ${error.timerMs / 1000} s`, [error.requestSeq], clause);
  }
}

/** Get of `epc` by `client`, which the meter must serve: a refusal of either kind is a FAIL of `rule`. */
export async function expectServed(
  client: DutClient,
  epc: number,
  rule: string,
  clause: string,
): Promise<string> {
  try {
    const x = await client.get(epc);
    if (x.frame.esv !== ESV.Get_Res)
      fail(
        rule,
        'Get_Res',
        `${esvName(x.frame.esv)} (${toHex(x.reply.bytes)})`,
        [x.requestEntry.seq, x.reply.entry.seq],
        clause,
      );
    return `Get_Res #${x.reply.entry.seq}`;
  } catch (error) {
    if (!(error instanceof DeviceSilent)) throw error;
    fail(rule, 'Get_Res', `no answer within ${error.timerMs / 1000} s`, [error.requestSeq], clause);
  }
}
