// JUnit XML in the Jenkins flavour: one <testsuite> per area, one <testcase> per case; FAIL and INCONC
// are <failure> (type = the verdict), ERROR is <error>, NA is <skipped> with its reason.
import type { RunRecord } from './run-record.ts';

/** XML 1.0 allows no control characters but tab, LF and CR. */
const allowed = (ch: string) => ch.charCodeAt(0) >= 0x20 || ch === '\t' || ch === '\n' || ch === '\r';
const xml = (text: string) =>
  [...text]
    .filter(allowed)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export function junitXml(record: RunRecord): string {
  const areas = [...new Set(record.cases.map((c) => c.area))].sort();
  const suites = areas.map((area) => {
    const cases = record.cases.filter((c) => c.area === area);
    const count = (v: string) => cases.filter((c) => c.verdict === v).length;
    const seconds = cases.reduce((s, c) => s + c.durationMs, 0) / 1000;
    const body = cases
      .map((c) => {
        const name = `${c.id} ${c.title}`;
        const reason = xml(c.reason ?? '');
        const outcome =
          c.verdict === 'FAIL' || c.verdict === 'INCONC'
            ? `<failure type="${c.verdict}" message="${reason.split('\n')[0]}">${reason}</failure>`
            : c.verdict === 'ERROR'
              ? `<error type="ERROR" message="${reason.split('\n')[0]}">${reason}</error>`
              : c.verdict === 'NA'
                ? `<skipped message="${reason}"/>`
                : '';
        const properties = `<properties><property name="specRef" value="${xml(c.specRef)}"/><property name="severity" value="${c.severity}"/>${c.erratum ? `<property name="erratum" value="${xml(c.erratum)}"/>` : ''}</properties>`;
        return `    <testcase classname="smcert.${xml(area)}" name="${xml(name)}" time="${(c.durationMs / 1000).toFixed(3)}">${properties}${outcome}</testcase>`;
      })
      .join('\n');
    return `  <testsuite name="${xml(area)}" tests="${cases.length}" failures="${count('FAIL') + count('INCONC')}" errors="${count('ERROR')}" skipped="${count('NA')}" time="${seconds.toFixed(3)}" timestamp="${xml(record.startedAt)}">\n${body}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="smcert ${xml(record.suite.version)}" tests="${record.cases.length}">\n${suites.join('\n')}\n</testsuites>\n`;
}
