// Model-based commands for the LV meter selectors E5, ED and EF (fast-check fc.commands): each command
// prints like `SetC(E5=0x01)`, runs against the device and checks the reply against a model of the
// selectors; the model is not the meter's code, only what the APPENDIX says each write must do.

import type fc from 'fast-check';
import { fieldRangeOf, minuteStepOf, rangeOf } from '../../harness/classes/class-facts.ts';
import { expectBytes, expectEsv, framesOf, valueIn } from '../../harness/conformance/checks.ts';
import type { DutClient } from '../../harness/conformance/dut-client.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { byteHex, toHex } from '../../harness/echonet/hex.ts';
import { decodeDateTime6 } from '../../harness/echonet/values/date-time.ts';

export interface SelectorModel {
  /** Last accepted value of each selector, as bytes. */
  readonly values: Map<number, Uint8Array>;
}

/** Whether the APPENDIX lets the meter accept `edt` for selector `epc`. */
export function acceptable(epc: number, edt: Uint8Array): boolean {
  if (epc === 0xe5) return edt.length === 1 && edt[0]! <= rangeOf(0x0288, 0xe5).max;
  if (edt.length !== 7) return false;
  const at = decodeDateTime6(edt);
  if (!at.ok || at.value === 'unset') return false;
  // the selector's count and minute as the class data gives them (ED: 1–12 at :00/:30; EF: 1–10)
  const n = fieldRangeOf(0x0288, epc, 'n');
  const count = edt[6]!;
  return count >= n.min && count <= n.max && at.value.minute % minuteStepOf(0x0288, epc, 'start') === 0;
}

/** The clause-registry id of each selector's rule: E5 with E2, ED with EC, EF with EE (APPENDIX 0x0288). */
export function selectorClause(epc: number): string {
  if (epc === 0xe5) return 'APPX-R/0288/E2';
  return epc === 0xed ? 'APPX-R/0288/EC' : 'APPX-R/0288/EE';
}

export class SetSelector implements fc.AsyncCommand<SelectorModel, DutClient> {
  constructor(
    readonly epc: number,
    readonly edt: Uint8Array,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: SelectorModel, dut: DutClient): Promise<void> {
    const x = await dut.setC(this.epc, this.edt);
    const ok = acceptable(this.epc, this.edt);
    expectEsv(
      x,
      ok ? ESV.Set_Res : ESV.SetC_SNA,
      `${this.toString()} is ${ok ? 'accepted' : 'refused'} (APPENDIX 0x0288 ${byteHex(this.epc)})`,
      selectorClause(this.epc),
    );
    if (ok) model.values.set(this.epc, this.edt);
  }
  toString(): string {
    return `SetC(${byteHex(this.epc).slice(2)}=0x${toHex(this.edt)})`;
  }
}

export class GetSelector implements fc.AsyncCommand<SelectorModel, DutClient> {
  constructor(readonly epc: number) {}
  check(model: SelectorModel): boolean {
    return model.values.has(this.epc);
  }
  async run(model: SelectorModel, dut: DutClient): Promise<void> {
    const x = await dut.get(this.epc);
    const value = valueIn(x, this.epc, `${byteHex(this.epc)} is served`);
    expectBytes(
      `${this.toString()} returns the last accepted selection`,
      model.values.get(this.epc)!,
      value,
      framesOf(x),
      selectorClause(this.epc),
    );
  }
  toString(): string {
    return `Get(${byteHex(this.epc).slice(2)})`;
  }
}
