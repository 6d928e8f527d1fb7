// Allure results through allure-js-commons: a result per case with the case id as ALLURE_ID, the area as
// feature, the severity, the specRef as a link; INCONC is "broken" in its own category, NA "skipped"
// with the reason; the transcript is attached.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentType, LabelName, Stage, Status } from 'allure-js-commons';
import { FileSystemWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import type { Verdict } from '../harness/conformance/verdict.ts';
import type { RunRecord } from './run-record.ts';

const STATUS: Record<Verdict, Status> = {
  PASS: Status.PASSED,
  FAIL: Status.FAILED,
  INCONC: Status.BROKEN,
  ERROR: Status.BROKEN,
  NA: Status.SKIPPED,
};
const SEVERITY = { critical: 'critical', major: 'normal', minor: 'minor' } as const;

export function writeAllureResults(record: RunRecord, outDir: string, resultsDir: string): void {
  const runtime = new ReporterRuntime({
    writer: new FileSystemWriter({ resultsDir }),
    categories: [
      { name: 'Inconclusive (INCONC)', messageRegex: '^INCONC.*', matchedStatuses: [Status.BROKEN] },
      { name: 'Harness error (ERROR)', messageRegex: '^ERROR.*', matchedStatuses: [Status.BROKEN] },
      { name: 'Device fails a rule (FAIL)', matchedStatuses: [Status.FAILED] },
    ],
    environmentInfo: {
      suite: `${record.suite.name} ${record.suite.version}`,
      commit: record.suite.commit,
      device: `${record.profile.content.kind === 'head-end' ? record.profile.content.identity.name : record.profile.content.identity.model} (${record.profile.content.kind})`,
      node: record.environment.node,
    },
  });
  for (const c of record.cases) {
    const start = Date.parse(c.startedAt ?? record.startedAt);
    const uuid = runtime.startTest({
      name: `${c.id} ${c.title}`,
      fullName: `smcert:${c.id}`,
      historyId: c.id,
      testCaseId: c.id,
      start,
      labels: [
        { name: LabelName.ALLURE_ID, value: c.id },
        { name: LabelName.FEATURE, value: c.area },
        { name: LabelName.SEVERITY, value: SEVERITY[c.severity] },
        { name: LabelName.SUITE, value: c.area },
        ...(c.erratum ? [{ name: LabelName.TAG, value: 'erratum' }] : []),
      ],
      links: [{ name: c.reference ?? c.specRef, url: `suites/clauses.json#${c.specRef}`, type: 'spec' }],
    });
    runtime.updateTest(uuid, (result) => {
      result.status = STATUS[c.verdict];
      result.stage = Stage.FINISHED;
      if (c.verdict !== 'PASS') result.statusDetails = { message: `${c.verdict}: ${c.reason ?? ''}` };
    });
    if (c.transcript && existsSync(join(outDir, c.transcript))) {
      runtime.writeAttachment(uuid, null, 'transcript', readFileSync(join(outDir, c.transcript)), {
        contentType: ContentType.TEXT,
      });
    }
    runtime.stopTest(uuid, { stop: start + c.durationMs });
    runtime.writeTest(uuid);
  }
  runtime.writeEnvironmentInfo();
  runtime.writeCategoriesDefinitions();
}
