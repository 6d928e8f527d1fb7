// The lot report (smcert lot): lot-report.json (the record: lot, template, scheme, the draw and its seed, the
// plan of each class, every sampled unit's verdicts and run directory, the decision), lot-report.html (the
// same for a person, each unit's certificate and bundle linked), oc-curve.svg (the plans' OC curves), then
// the lot directory signed as one bundle (reports/bundle.ts) whose predicate is the lot's decision: the
// units' own bundles are inside it, so the signature covers every unit's evidence.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Severity } from '../harness/conformance/case-meta.ts';
import type { UnitReport } from '../harness/lot/lot-run.ts';
import { unitNotes, unitVerdict } from '../harness/lot/unit-verdict.ts';
import type { LotDecision } from '../harness/sampling/lot-decision.ts';
import type { SamplingPlan } from '../harness/sampling/sampling-plan.ts';
import { type SignedBundle, signDirectory } from './bundle.ts';
import { ocCurveSvg } from './oc-curve-svg.ts';
import { tally } from './run-record.ts';
import { esc } from './svg.ts';

export const LOT_REPORT = 'lot-report.json';
export const LOT_REPORT_FORMAT = 'smcert-lot-report/1';

export interface LotReport {
  readonly format: typeof LOT_REPORT_FORMAT;
  readonly lot: {
    readonly size: number;
    /** The CSV the lot came from and its SHA-256, or the emulated lot's recipe. */
    readonly source:
      | { readonly kind: 'csv'; readonly file: string; readonly sha256: string }
      | {
          readonly kind: 'emulated';
          readonly defectRate: number;
          readonly faults: readonly string[];
          /** Serials of the lot's defective units and their fault (the truth the decision is judged by). */
          readonly defective: Readonly<Record<string, string>>;
        };
    readonly supplier?: string;
    readonly product?: string;
  };
  readonly template: { readonly file: string; readonly sha256: string };
  readonly scheme: string;
  readonly level: string;
  readonly grep?: string;
  readonly draw: { readonly seed: number; readonly serials: readonly string[] };
  readonly plans: readonly (SamplingPlan & { readonly class: Severity })[];
  readonly shard?: { readonly index: number; readonly total: number };
  readonly workers: number;
  readonly curtailed: boolean;
  readonly status: 'finished' | 'interrupted';
  readonly units: readonly UnitReport[];
  /** Absent for a shard: its part of the sample decides nothing until the shards are merged. */
  readonly decision?: LotDecision;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly mergedFrom?: readonly { readonly dir: string; readonly shard: string; readonly units: number }[];
}

export interface WrittenLotReport {
  readonly json: string;
  readonly html: string;
  readonly svg: string;
  readonly bundle: SignedBundle;
}

export function writeLotReport(outDir: string, report: LotReport, keyFile?: string): WrittenLotReport {
  const json = join(outDir, LOT_REPORT);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const svg = join(outDir, 'oc-curve.svg');
  writeFileSync(
    svg,
    ocCurveSvg(
      `OC curves of the plans used (${report.scheme}, lot ${report.lot.size}, level ${report.level})`,
      report.plans.map((p) => ({
        label: `${p.class} AQL ${p.aql} ${p.severity}`,
        n: p.n,
        ac: p.ac,
        aql: Number(p.aql),
      })),
    ),
  );
  const html = join(outDir, 'lot-report.html');
  writeFileSync(html, lotReportHtml(report));
  const ids = (wanted: (u: UnitReport) => boolean) => report.units.filter(wanted).map((u) => u.serial);
  // a unit's word, as the console and live view give it: FAIL failed, PASS or NA passed, the rest warned
  const word = (u: UnitReport) => {
    const last = u.attempts.at(-1);
    return u.state === 'done' && last ? unitVerdict(last.result) : 'UNDET';
  };
  const bundle = signDirectory(
    outDir,
    {
      ...(report.shard
        ? { shard: `${report.shard.index}/${report.shard.total}` }
        : {
            result: report.decision?.decision === 'accept' ? 'PASSED' : 'FAILED',
            lot: report.decision?.decision,
          }),
      configuration: [{ name: report.template.file, digest: { sha256: report.template.sha256 } }],
      passedTests: ids((u) => word(u) === 'PASS' || word(u) === 'NA'),
      warnedTests: ids((u) => word(u) === 'UNDET'),
      failedTests: ids((u) => word(u) === 'FAIL'),
    },
    new Date(report.startedAt),
    keyFile ? { keyFile } : {},
  );
  return { json, html, svg, bundle };
}

const DECISION_TEXT: Record<string, string> = {
  accept: 'ACCEPTED',
  'accept-reinstate-normal': 'ACCEPTED (reinstate normal inspection)',
  reject: 'REJECTED',
  undetermined: 'UNDETERMINED (re-test the units named)',
};

function lotReportHtml(report: LotReport): string {
  const decision = report.decision;
  const planRows = report.plans
    .map((p) => {
      const c = decision?.classes.find((k) => k.severity === p.class);
      return `<tr><td>${p.class}</td><td>${esc(p.aql)}</td><td>${p.severity}</td><td>${p.codeLetter}${p.planLetter !== p.codeLetter ? ` → ${p.planLetter}` : ''}</td><td>${p.n}${p.fullInspection ? ' (100 %)' : ''}</td><td>${p.ac}</td><td>${p.re}</td><td>${c ? c.nonconforming.length : '—'}</td><td>${c ? c.undetermined.length : '—'}</td><td>${c ? DECISION_TEXT[c.decision] : 'shard'}</td></tr>`;
    })
    .join('\n');
  const unitRows = report.units
    .map((u) => {
      const last = u.attempts.at(-1);
      const t = last ? tally(last.result.cases) : undefined;
      const links = last
        ? `<a href="${esc(last.dir)}/certificate.html">certificate</a> · <a href="${esc(last.dir)}.zip">bundle</a> · <a href="${esc(last.dir)}.log">log</a>`
        : '';
      const summary = t
        ? `${t.PASS} PASS, ${t.FAIL} FAIL, ${t.INCONC} INCONC, ${t.ERROR} ERROR, ${t.NA} NA`
        : esc(u.notTested ?? u.state);
      const notes = [
        ...(last ? unitNotes(last.result) : []),
        ...(u.attempts.length > 1 ? [`${u.attempts.length} attempts`] : []),
      ];
      return `<tr><td>${u.index + 1}</td><td>${esc(u.serial)}</td><td>${summary}</td><td>${esc(notes.join('; '))}</td><td>${last ? (last.durationMs / 1000).toFixed(1) : ''}</td><td>${links}</td></tr>`;
    })
    .join('\n');
  const source =
    report.lot.source.kind === 'csv'
      ? `${esc(report.lot.source.file)} (sha256 ${report.lot.source.sha256.slice(0, 16)}…)`
      : `emulated: defect rate ${report.lot.source.defectRate}, faults ${esc(report.lot.source.faults.join(', '))}, ${Object.keys(report.lot.source.defective).length} defective units`;
  const verdict = report.shard
    ? `shard ${report.shard.index}/${report.shard.total}: no decision until the shards are merged (smcert merge)`
    : DECISION_TEXT[decision?.decision ?? 'undetermined'];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lot report — ${esc(verdict ?? '')}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left}h1 span{padding:.1em .4em;border-radius:.2em;color:#fff;background:${decision?.decision === 'accept' ? '#27ae60' : decision?.decision === 'reject' ? '#c0392b' : '#7f8c8d'}}</style></head>
<body>
<h1>Lot <span id="decision">${esc(verdict ?? '')}</span></h1>
<p>Lot of ${report.lot.size} units from ${source}${report.lot.supplier ? `; supplier ${esc(report.lot.supplier)}, product ${esc(report.lot.product ?? '')}` : ''}.<br>
Template profile ${esc(report.template.file)}; scheme ${esc(report.scheme)}, inspection level ${esc(report.level)}${report.grep ? `; cases matching ${esc(report.grep)}` : ''}.<br>
Sample of ${report.draw.serials.length} drawn with seed ${report.draw.seed}; ${report.units.length} units here, ${report.workers} at a time${report.curtailed ? '; inspection curtailed once the lot was rejected' : ''}${report.status === 'interrupted' ? '; <strong>interrupted</strong>' : ''}.<br>
${esc(report.startedAt)} – ${esc(report.finishedAt)}</p>
<h2>Plans</h2>
<table id="plans"><tr><th>class</th><th>AQL</th><th>inspection</th><th>code letter</th><th>n</th><th>Ac</th><th>Re</th><th>nonconforming</th><th>undetermined</th><th>decision</th></tr>
${planRows}
</table>
<p><img src="oc-curve.svg" alt="OC curves of the plans"></p>
<h2>Units</h2>
<table id="units"><tr><th>#</th><th>serial</th><th>verdicts</th><th>not passed</th><th>s</th><th>evidence</th></tr>
${unitRows}
</table>
</body></html>
`;
}
