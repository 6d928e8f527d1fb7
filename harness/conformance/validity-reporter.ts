// Reporter of the suite validity run (harness/conformance/suite-validity.test.ts): one JSON line per case
// and variant with what the validity checks read (verdict, rules, declared faults, first error line), so
// that thousands of cases under every fault stay a small file. The JSON reporter would carry every
// transcript attachment.
import { appendFileSync, writeFileSync } from 'node:fs';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export interface ValidityLine {
  readonly project: string;
  readonly id: string;
  readonly verdict: string;
  readonly rules: readonly string[];
  readonly catches: readonly string[];
  readonly message: string;
  readonly noFault: string;
}

export default class ValidityReporter implements Reporter {
  private readonly file: string;

  constructor(options: { outFile?: string } = {}) {
    const file = options.outFile ?? process.env.SMCERT_VALIDITY_OUT;
    if (!file) throw new Error('validity reporter: no outFile option and no SMCERT_VALIDITY_OUT');
    this.file = file;
    writeFileSync(file, '');
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const annotations = [...test.annotations, ...result.annotations];
    const note = (type: string) => annotations.filter((a) => a.type === type).at(-1)?.description;
    const line: ValidityLine = {
      project: test.parent.project()?.name ?? '',
      id: test.title.split(' ')[0] ?? test.title,
      verdict: note('verdict') ?? result.status,
      rules: (note('rule') ?? '').split(' ').filter(Boolean),
      catches: test.tags
        .map((g) => g.replace(/^@/, ''))
        .filter((g) => g.startsWith('catches-'))
        .map((g) => g.slice('catches-'.length)),
      // the reason annotation when verdicts are annotations (conformance.ts), else the error's first line
      message: (note('reason') ?? result.error?.message ?? '').split('\n')[0] ?? '',
      noFault: note('noFaultBecause') ?? '(no reason given)',
    };
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
