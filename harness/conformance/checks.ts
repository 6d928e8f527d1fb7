// Checks the suites make on exchanges with the device under test. Each failure is a FAIL that names the
// rule, expected vs actual, and the transcript frames that show it.
import { classOf } from '../echonet/eoj.ts';
import { ESV, esvName } from '../echonet/esv.ts';
import type { Format1Frame, Property } from '../echonet/frame.ts';
import { byteHex, toHex } from '../echonet/hex.ts';
import { DeviceSilent, type Exchange } from './dut-client.ts';
import { edtSizeProblem } from './edt-size.ts';
import { replyViolations, violationClause } from './reply-rules.ts';
import { fail, inconclusive, VerdictError } from './verdict.ts';

/** Frames of an exchange, for verdicts: [request, reply]. */
export const framesOf = (x: Exchange): number[] => [x.requestEntry.seq, x.reply.entry.seq];

/** Every rule a reply must follow given its request (TID, EOJs, ESV, SNA bodies). */
export function expectReplyRules(x: Exchange): void {
  const violations = replyViolations(x.request, x.reply.bytes);
  if (violations.length > 0)
    throw new VerdictError('FAIL', violations.join('; '), framesOf(x), violationClause(violations[0]!));
}

export function expectEsv(x: Exchange, esv: number, rule: string, clause?: string): void {
  if (x.frame.esv !== esv)
    fail(rule, esvName(esv), `${esvName(x.frame.esv)} (${toHex(x.reply.bytes)})`, framesOf(x), clause);
}

export function propertiesOf(frame: Format1Frame): readonly Property[] {
  return 'properties' in frame ? frame.properties : [...frame.setProperties, ...frame.getProperties];
}

/**
 * The EDT of `epc` in a Get_Res; a refusal of an EPC the device must serve is a FAIL of `rule`, and an EDT
 * of another size than its class data defines is a FAIL naming the EPC and both sizes.
 */
export function valueIn(x: Exchange, epc: number, rule: string): Uint8Array {
  const property = propertiesOf(x.frame).find((p) => p.epc === epc);
  if (x.frame.esv !== ESV.Get_Res || !property || property.edt.length === 0) {
    fail(
      rule,
      `Get_Res with ${byteHex(epc)} and its value`,
      `${esvName(x.frame.esv)} ${toHex(x.reply.bytes)}`,
      framesOf(x),
    );
  }
  const size = edtSizeProblem(classOf(x.frame.seoj), epc, property.edt.length);
  if (size)
    fail(
      `${byteHex(epc)} has the size its class defines (APPENDIX)`,
      size,
      `PDC ${property.edt.length} (${toHex(property.edt)})`,
      framesOf(x),
    );
  return property.edt;
}

/** Equality of bytes, with both sides in hex (a FAIL of `clause`, when it is not the case's specRef). */
export function expectBytes(
  rule: string,
  expected: Uint8Array,
  actual: Uint8Array,
  frames: readonly number[],
  clause?: string,
): void {
  if (toHex(expected) !== toHex(actual))
    fail(rule, toHex(expected, ' ') || '(empty)', toHex(actual, ' ') || '(empty)', frames, clause);
}

/** A condition that must hold; expected/actual as text. */
export function expectThat(
  ok: boolean,
  rule: string,
  expected: string,
  actual: string,
  frames: readonly number[],
  clause?: string,
): void {
  if (!ok) fail(rule, expected, actual, frames, clause);
}

/**
 * A step the rule under test does not judge (setting a selector before a timed read, …): a device silent
 * here makes the case INCONC, even in a case whose silence verdict is FAIL.
 */
export async function precondition<T>(what: string, step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    if (error instanceof DeviceSilent) inconclusive(`precondition (${what}) not met: ${error.message}`);
    throw error;
  }
}
