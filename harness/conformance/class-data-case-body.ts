// What a generated case (class-data-cases.ts) does on the wire, per rule, in a few requests. A case that
// writes reads the value first and sets it back after, whatever happened, so a real meter is left as
// it was found (ECHONET Lite 1.14 part 2 §3.2.5 for the services; the class data entry for the values).
import { describeSize, sizeAllows } from '../classes/class-definition.ts';
import { type Eoj, eoj, sameEoj } from '../echonet/eoj.ts';
import { ESV, esvName } from '../echonet/esv.ts';
import { byteHex, toHex } from '../echonet/hex.ts';
import type { Profile } from '../profile/profile.ts';
import { expectEsv, expectReplyRules, framesOf, precondition, propertiesOf } from './checks.ts';
import type { GeneratedCase } from './class-data-cases.ts';
import { SNA_CLAUSE } from './class-data-cases.ts';
import { otherValidValue, outOfRangeValues, valueProblem } from './class-data-values.ts';
import { type CaseBody, NotApplicable, observe } from './conformance.ts';
import type { DutClient, Exchange } from './dut-client.ts';
import { fail, inconclusive } from './verdict.ts';

const EMPTY = new Uint8Array(0);

export function generatedCaseBody(c: GeneratedCase): CaseBody {
  return async ({ dut, profile, clock }) => {
    const io = objectIo(dut, profile, c.classCode);
    if (c.rule === 'GET') return checkGet(c, await io.get(c.epc));
    if (c.rule === 'NOSET') return checkNoSet(c, io);
    if (c.rule === 'SET') return checkSet(c, io, clock.now());
    return checkAnnounced(c, io, dut, profile);
  };
}

interface ObjectIo {
  get(epc: number): Promise<Exchange>;
  setC(epc: number, edt: Uint8Array): Promise<Exchange>;
  readonly deoj: Eoj;
}

/** Requests to the profile's object of the case's class. */
function objectIo(dut: DutClient, profile: Profile, classCode: number): ObjectIo {
  const declared = profile.classes.find((o) => Number.parseInt(o.eoj.slice(0, 4), 16) === classCode)!;
  const deoj = eoj(declared.eoj);
  return {
    deoj,
    get: (epc) => dut.request(ESV.Get, [{ epc, edt: EMPTY }], { deoj }),
    setC: (epc, edt) => dut.request(ESV.SetC, [{ epc, edt }], { deoj }),
  };
}

/** The EDT of a Get_Res, or a FAIL: the EPC is in the Get map, so it is served (§3.2.5). */
function servedValue(c: GeneratedCase, x: Exchange): Uint8Array {
  expectReplyRules(x);
  const edt = propertiesOf(x.frame).find((p) => p.epc === c.epc)?.edt ?? EMPTY;
  if (x.frame.esv !== ESV.Get_Res || edt.length === 0)
    fail(
      `${byteHex(c.epc)} is in the Get map, so a Get of it is answered with Get_Res and its value`,
      `Get_Res with ${byteHex(c.epc)}`,
      `${esvName(x.frame.esv)} ${toHex(x.reply.bytes)}`,
      framesOf(x),
      SNA_CLAUSE,
    );
  return edt;
}

/** GET: Get_Res, the entry's size, a value inside its range, codes and fields, or a declared sentinel. */
function checkGet(c: GeneratedCase, x: Exchange): void {
  const edt = servedValue(c, x);
  if (!sizeAllows(c.definition.size, edt.length))
    fail(
      `${byteHex(c.epc)} has the size its class data gives`,
      describeSize(c.definition.size),
      `PDC ${edt.length} (${toHex(edt)})`,
      framesOf(x),
    );
  const problem = valueProblem(c.definition, edt);
  if (problem)
    fail(
      `${byteHex(c.epc)} is a value its class data allows`,
      'a value in range or a sentinel',
      `${toHex(edt)}: ${problem}`,
      framesOf(x),
    );
}

/** NOSET: a SetC of the value read (nothing would change if it were taken) is refused, the EDT echoed. */
async function checkNoSet(c: GeneratedCase, io: ObjectIo): Promise<void> {
  const read = await precondition(`Get ${byteHex(c.epc)}`, io.get(c.epc));
  const value = propertiesOf(read.frame).find((p) => p.epc === c.epc)?.edt;
  const edt = read.frame.esv === ESV.Get_Res && value?.length ? value : new Uint8Array(sizeOf(c));
  const x = await io.setC(c.epc, edt);
  expectReplyRules(x);
  expectEsv(
    x,
    ESV.SetC_SNA,
    `${byteHex(c.epc)} is not in the Set map, so a SetC of it is refused with SetC_SNA`,
    SNA_CLAUSE,
  );
}

/** SET: read, a valid value accepted, each out-of-range one refused; the value read set back. */
async function checkSet(c: GeneratedCase, io: ObjectIo, now: number): Promise<void> {
  const before = await precondition(`Get ${byteHex(c.epc)} to set it back after`, io.get(c.epc));
  const original = servedValue(c, before);
  const valid = otherValidValue(c.definition, original, now) ?? original;
  try {
    const accepted = await io.setC(c.epc, valid);
    expectReplyRules(accepted);
    expectEsv(
      accepted,
      ESV.Set_Res,
      `${byteHex(c.epc)} = 0x${toHex(valid)} is inside the class data's values and accepted`,
      c.specRef,
    );
    const invalid = outOfRangeValues(c.definition, valid);
    if (invalid.length === 0)
      return observe(`the class data leaves no value of ${byteHex(c.epc)} outside its range`);
    for (const value of invalid) {
      const refused = await io.setC(c.epc, value);
      expectReplyRules(refused);
      expectEsv(
        refused,
        ESV.SetC_SNA,
        `${byteHex(c.epc)} = 0x${toHex(value)} is outside the class data's values and refused`,
        c.specRef,
      );
    }
  } finally {
    await restore(c, io, original);
  }
}

/** ANNO: a change made by SetC comes back as an INF of the new value; the value read set back. */
async function checkAnnounced(
  c: GeneratedCase,
  io: ObjectIo,
  dut: DutClient,
  profile: Profile,
): Promise<void> {
  const before = await precondition(`Get ${byteHex(c.epc)} to set it back after`, io.get(c.epc));
  const original = servedValue(c, before);
  const next = otherValidValue(c.definition, original);
  if (!next)
    throw new NotApplicable(
      `the class data gives no other value of ${byteHex(c.epc)} than ${toHex(original)} to change it to`,
    );
  const since = dut.arrivals.length;
  try {
    const x = await io.setC(c.epc, next);
    if (x.frame.esv !== ESV.Set_Res)
      inconclusive(
        `the device refused ${byteHex(c.epc)} = ${toHex(next)} (${esvName(x.frame.esv)}): no change, so no announcement is due`,
        framesOf(x),
      );
    const inf = await dut.waitFor(
      (a) =>
        a.frame?.format === 1 &&
        a.frame.esv === ESV.INF &&
        sameEoj(a.frame.seoj, io.deoj) &&
        propertiesOf(a.frame).some((p) => p.epc === c.epc && toHex(p.edt) === toHex(next)),
      profile.timers.timer1Ms,
      since,
    );
    if (!inf)
      fail(
        `${byteHex(c.epc)} is in the announcement map, so its change is announced by INF`,
        `INF ${byteHex(c.epc)} = ${toHex(next)}`,
        `none within ${profile.timers.timer1Ms / 1000} s`,
        framesOf(x),
      );
  } finally {
    await restore(c, io, original);
  }
}

/** Sets the value read back; one the device does not take back (a sentinel such as E5's unset 0xFF) is noted. */
async function restore(c: GeneratedCase, io: ObjectIo, original: Uint8Array): Promise<void> {
  try {
    const x = await io.setC(c.epc, original);
    if (x.frame.esv !== ESV.Set_Res)
      observe(
        `${byteHex(c.epc)} was ${toHex(original)} before the case and the device did not take it back (${esvName(x.frame.esv)})`,
      );
  } catch (error) {
    observe(`${byteHex(c.epc)} could not be set back to ${toHex(original)}: ${(error as Error).message}`);
  }
}

function sizeOf(c: GeneratedCase): number {
  const size = c.definition.size;
  return 'fixed' in size ? size.fixed : Math.max(1, size.min);
}
