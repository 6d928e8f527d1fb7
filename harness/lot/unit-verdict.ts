// One word for a tested unit, as the console and the live view show it: FAIL (a case failed: nonconforming
// in that case's class), UNDET (no FAIL, but an INCONC, an ERROR or no finished run), PASS, or NA (no case
// applied).
import type { UnitResult } from '../sampling/lot-decision.ts';

export type UnitWord = 'PASS' | 'FAIL' | 'UNDET' | 'NA';

export function unitVerdict(result: UnitResult): UnitWord {
  const verdicts = result.cases.map((c) => c.verdict);
  if (verdicts.includes('FAIL')) return 'FAIL';
  if (result.error !== undefined || verdicts.includes('INCONC') || verdicts.includes('ERROR')) return 'UNDET';
  return verdicts.includes('PASS') ? 'PASS' : 'NA';
}

/** The cases that did not pass, as "FR-TID-001 (critical)" or "INCONC LV-BR-E7-001", and the run's error. */
export function unitNotes(result: UnitResult): string[] {
  return [
    ...result.cases.filter((c) => c.verdict === 'FAIL').map((c) => `${c.id} (${c.severity})`),
    ...result.cases
      .filter((c) => c.verdict === 'INCONC' || c.verdict === 'ERROR')
      .map((c) => `${c.verdict} ${c.id}`),
    ...(result.error !== undefined ? [result.error] : []),
  ];
}
