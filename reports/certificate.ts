// The HTML certificate: one self-contained file a person reads — who the device is, the overall result,
// the verdicts by area and clause, every non-PASS with its reason and the frames that show it, the
// errata apart, and the plots a reviewer wants (response times, notification latency, the run's timeline).

import type { HeadEndProfile } from '../harness/a-route/head-end-profile.ts';
import { type Clause, clauses } from '../harness/conformance/clauses.ts';
import { MEASURED } from '../harness/conformance/measure.ts';
import type { TranscriptEntry } from '../harness/conformance/transcript.ts';
import type { Verdict } from '../harness/conformance/verdict.ts';
import { FRAME_RULES } from '../harness/echonet/frame-rules.ts';
import type { Profile } from '../harness/profile/profile.ts';
import type { RunProfile } from '../harness/profile/run-profile.ts';
import { WISUN_MAX_FRAME_BYTES } from '../harness/transport/skstack/frame-limit.ts';
import {
  citedFrames,
  infcResTimes,
  measured,
  requestGaps,
  responseTimes,
  transcriptOf,
} from './run-evidence.ts';
import { type CaseRecord, type RunRecord, runPassed, tally } from './run-record.ts';
import { esc, histogramSvg, timelineSvg } from './svg.ts';

const COLOUR: Record<Verdict, string> = {
  PASS: '#2e7d32',
  FAIL: '#c62828',
  INCONC: '#ef6c00',
  ERROR: '#6a1b9a',
  NA: '#757575',
};

export function certificateHtml(record: RunRecord, outDir: string): string {
  const profile = record.profile.content;
  const counted = record.cases.filter((c) => !c.erratum);
  const errata = record.cases.filter((c) => c.erratum);
  const passed = runPassed(counted);
  const t = tally(counted);
  const title = record.mode === 'certify' ? 'Certification report' : 'Conformance test report';
  const transcripts = record.cases.map((c) => transcriptOf(outDir, c));
  const times = transcripts.flatMap(responseTimes);
  const latencies = measured(record, MEASURED.notificationLatency).map((ms) => ms / 60_000);
  const started = (c: CaseRecord) => Date.parse(c.startedAt ?? record.startedAt);
  const notPassed = counted.filter(
    (c) => c.verdict === 'FAIL' || c.verdict === 'INCONC' || c.verdict === 'ERROR',
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} — ${esc(modelOf(profile))}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222;padding:0 1em}
h1{margin-bottom:.2em}table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f3f3f3}
.verdict{font-weight:bold;color:#fff;padding:.1em .5em;border-radius:3px}
${Object.entries(COLOUR)
  .map(([v, c]) => `.v-${v}{background:${c}}`)
  .join('')}
#overall{font-size:1.4em;padding:.4em .8em;display:inline-block;border-radius:4px;color:#fff}
p.reason{white-space:pre-line}pre{background:#f7f7f7;padding:.5em;overflow-x:auto;font-size:12px}
.plots{display:flex;flex-wrap:wrap;gap:1.5em}.meta{color:#555;font-size:12px}
@media print{body{margin:0}.plots{break-inside:avoid}}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="meta">smcert ${esc(record.suite.version)} (commit ${esc(record.suite.commit.slice(0, 12))}), mode ${record.mode}, ${esc(record.startedAt)} – ${esc(record.finishedAt ?? 'unfinished')}, status ${record.status === 'running' ? 'interrupted (the runner was stopped before it could close the record)' : record.status}</p>
${shardMeta(record)}<div id="overall" style="background:${passed ? COLOUR.PASS : COLOUR.FAIL}">${record.shard ? `SHARD ${record.shard.index} OF ${record.shard.total} ${passed ? 'PASSED' : 'NOT PASSED'}: its own cases only, no verdict on the device` : passed ? 'PASSED: every applicable case passed' : 'NOT PASSED'}</div>
<h2>Device</h2>
<table id="identity"><tbody>
${profile.kind === 'head-end' ? headEndRows(profile) : deviceRows(profile)}
<tr><th>Target</th><td>${esc(profile.target.type)}</td><th>Profile</th><td>${esc(record.profile.file)}</td></tr>
</tbody></table>
${profile.kind === 'head-end' ? '' : decoderRules(profile)}
<h2>Summary</h2>
<table id="summary"><thead><tr>${(['PASS', 'FAIL', 'INCONC', 'ERROR', 'NA'] as const).map((v) => `<th>${v}</th>`).join('')}<th>errata</th><th>not selected</th></tr></thead>
<tbody><tr>${(['PASS', 'FAIL', 'INCONC', 'ERROR', 'NA'] as const).map((v) => `<td>${t[v]}</td>`).join('')}<td>${errata.length}</td><td>${record.notSelected.length}</td></tr></tbody></table>
<h2>By area and clause (applicable cases)</h2>
${byClause(counted)}
${notPassed.length ? `<h2>Not passed</h2>${notPassed.map((c) => detail(c, outDir)).join('')}` : ''}
${errata.length ? `<h2>Known-wrong cases (suites/errata.json)</h2><p>These cases ran but do not count towards the result.</p>${errata.map((c) => detail(c, outDir, c.verdict === 'PASS' ? 'unexpected PASS: the erratum may be fixed' : undefined)).join('')}` : ''}
<h2>Plots</h2>
<div class="plots">
${profile.kind === 'hems-controller' ? controllerPlots(record, profile, transcripts) : profile.kind === 'head-end' ? '' : meterPlots(times, latencies)}
${profile.kind === 'head-end' ? '' : clientPlots(record, profile)}
${timelineSvg(
  'Timeline of the run (wall clock; the NA cases left out)',
  record.cases
    .filter((c) => c.verdict !== 'NA')
    .map((c) => ({
      label: `${c.id} ${c.verdict}`,
      start: started(c),
      durationMs: c.durationMs,
      colour: COLOUR[c.verdict],
    })),
)}
</div>
<h2>All cases</h2>
<table id="cases"><thead><tr><th>Case</th><th>Title</th><th>Clause</th><th>Severity</th><th>Verdict</th></tr></thead><tbody>
${record.cases.map((c) => `<tr id="case-${esc(c.id)}"><td>${esc(c.id)}</td><td>${esc(c.title)}</td><td title="${esc(c.reference ?? '')}">${esc(c.specRef)}</td><td>${c.severity}</td><td>${badge(c.verdict)}${c.erratum ? ' (erratum)' : ''}${c.verdict === 'NA' && c.reason ? ` <span class="meta">${esc(c.reason)}</span>` : ''}${(c.observed ?? []).map((o) => `<br><span class="meta observed">${esc(o)}</span>`).join('')}</td></tr>`).join('\n')}
</tbody></table>
${record.notReached?.length ? `<h2 id="not-reached">Not reached (run interrupted)</h2><ul>${record.notReached.map((n) => `<li>${esc(n.id)}: ${esc(n.reason)}</li>`).join('')}</ul>` : ''}
${record.notSelected.length ? `<h2>Not selected</h2><ul>${record.notSelected.map((n) => `<li>${esc(n.id)}: ${esc(n.reason)}</li>`).join('')}</ul>` : ''}
<h2>Data and environment</h2>
<pre>${esc(
    Object.entries(record.data)
      .map(([f, d]) => `${d}  ${f}`)
      .join('\n'),
  )}</pre>
<p class="meta">Node ${esc(record.environment.node)}, ${esc(record.environment.platform)}/${esc(record.environment.arch)}, ${record.environment.cpus} CPUs${record.environment.playwright ? `, Playwright ${esc(record.environment.playwright)}` : ''}</p>
</body></html>
`;
}

/** The model a report's title names: a device's model, a head-end's product name. */
function modelOf(profile: RunProfile): string {
  return profile.kind === 'head-end' ? profile.identity.name : profile.identity.model;
}

/** A device's identity rows: kind, maker, model, firmware, serial, objects (and its module or role). */
function deviceRows(profile: Profile): string {
  return `<tr><th>Kind</th><td>${esc(profile.kind)}</td><th>Maker code</th><td>${esc(profile.identity.makerCode)}</td></tr>
<tr><th>Model</th><td>${esc(profile.identity.model)}</td><th>Firmware</th><td>${esc(profile.identity.firmware)}</td></tr>
<tr><th>Serial</th><td>${esc(profile.identity.serial)}</td><th>${profile.kind === 'comms-unit' ? 'Meter behind it' : 'Objects'}</th><td>${profile.classes.map((c) => `${esc(c.eoj)} (Release ${esc(c.release)})`).join(', ')}</td></tr>
${moduleRow(profile)}
${controllerRows(profile)}`;
}

/** A head-end's rows: its product, the binding it was reached at and what the A-route cases held it to. */
function headEndRows(profile: HeadEndProfile): string {
  const { address, port } = profile.binding;
  const p = profile.parameters;
  return `<tr><th>Kind</th><td>head-end (HES/MDMS, the A-route)</td><th>Product</th><td>${esc(profile.identity.name)} ${esc(profile.identity.version)}</td></tr>
<tr><th>Binding</th><td>HTTP/JSON, harness/a-route/openapi.json${profile.target.type === 'real' ? ` at ${esc(address)}:${port}` : ' (the reference head-end in a process of each case’s own)'}</td><th>Declared</th><td>delivery within ${p.deliveryMinutes} min, HV ${p.hvDeliveryMinutes} min (network ${p.networkLatencyMinutes} min of it), retention ${p.retentionYears} years; a fleet of ${p.fleetMeters} meters over ${p.observeHours} h</td></tr>`;
}

/** The rules of the strict decoder the profile switched off (profile.decoder.rules), or nothing. */
function decoderRules(profile: Profile): string {
  const rules: Record<string, { text: string; clause: string }> = FRAME_RULES;
  const off = Object.entries(profile.decoder?.rules ?? {})
    .filter(([, on]) => on === false)
    .map(([id]) => `${id} (${rules[id]?.text ?? 'unknown rule'}; ${rules[id]?.clause ?? ''})`);
  if (off.length === 0) return '';
  return `<p id="decoder-rules"><b>decoder rules switched off: ${esc(off.join('; '))}</b> — frames breaking only these were accepted; the transcripts note each.</p>`;
}

function badge(verdict: Verdict): string {
  return `<span class="verdict v-${verdict}">${verdict}</span>`;
}

function byClause(cases: readonly CaseRecord[]): string {
  const rows = new Map<string, CaseRecord[]>();
  for (const c of cases.filter((k) => k.verdict !== 'NA')) {
    const key = `${c.area}\u0000${c.specRef}`;
    rows.set(key, [...(rows.get(key) ?? []), c]);
  }
  const body = [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, list]) => {
      const [area, specRef] = key.split('\u0000');
      const t = tally(list);
      const clause = clauses().get(specRef!);
      return `<tr><td>${esc(area!)}</td><td${clause ? ` title="${esc(quoteLine(clause))}"` : ''}>${esc(list[0]!.reference ?? specRef!)}${clause ? `<br><span class="meta quote">${esc(quoteLine(clause))}</span>` : ''}</td><td>${list.length}</td><td>${t.PASS}</td><td>${t.FAIL}</td><td>${t.INCONC}</td><td>${t.ERROR}</td><td>${t.NA}</td></tr>`;
    })
    .join('\n');
  return `<table id="by-clause"><thead><tr><th>Area</th><th>Clause</th><th>Cases</th><th>PASS</th><th>FAIL</th><th>INCONC</th><th>ERROR</th><th>NA</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** The rule a clause stands for, as the registry quotes it; a paraphrase says so. */
function quoteLine(clause: Clause): string {
  if (clause.quoteIs === 'verbatim') return `“${clause.quote}”`;
  return `${clause.quote} (${clause.quoteIs === 'paraphrase' ? 'paraphrase' : 'paraphrase from what the cases check'})`;
}

function detail(c: CaseRecord, outDir: string, flag?: string): string {
  const frames = citedFrames(outDir, c);
  return `<section class="non-pass" id="detail-${esc(c.id)}"><h3>${badge(c.verdict)} ${esc(c.id)} ${esc(c.title)}</h3>
<p><b>${esc(c.reference ?? c.specRef)}</b> (${c.severity})${flag ? ` — <b>${esc(flag)}</b>` : ''}${c.erratum ? `<br>Erratum: ${esc(c.erratum)}` : ''}</p>
<p class="reason">${esc(c.reason ?? '')}</p>${frames.length ? `<pre>${esc(frames.join('\n'))}</pre>` : ''}</section>`;
}

/**
 * A HEMS controller's certificate (kind hems-controller): the roles turned around, the harness played the
 * meter on the link named here; the controller's declared timers, OPC limit and request rate.
 */
/** What a meter's reviewer looks at: how fast it answered, how late its EA notifications came. */
function meterPlots(times: readonly number[], latencies: readonly number[]): string {
  return `${histogramSvg({ title: 'Response time (request → reply)', unit: 'ms', values: times })}
${histogramSvg({ title: 'EA notification after :00 / :30', unit: 'min', values: latencies, limit: { value: 5, label: '5 min (AIF §3.2.1)' } })}`;
}

/** A multi-client meter (profile bRoute): each client's response times while one of them is greedy. */
function clientPlots(record: RunRecord, profile: Profile): string {
  const greedy = measured(record, MEASURED.greedyClientResponse);
  const quiet = measured(record, MEASURED.quietClientResponse);
  if (greedy.length === 0 && quiet.length === 0) return '';
  const timer1 = profile.timers.timer1Ms;
  const limit = { value: timer1, label: `Timer 1 ${timer1 / 1000} s` };
  return `${histogramSvg({ title: 'Greedy client: response time at twice its rate (MC-FAIR-001)', unit: 'ms', values: greedy })}
${histogramSvg({ title: 'The other client meanwhile (MC-FAIR-001)', unit: 'ms', values: quiet, limit })}`;
}

/**
 * What a controller's reviewer looks at (the harness played the meter): its pace — requests in each
 * minute after its start-up against the rate it declares, and the time between its requests — and how
 * fast it answered the meter's INFC.
 */
function controllerPlots(
  record: RunRecord,
  profile: Profile,
  transcripts: readonly TranscriptEntry[][],
): string {
  const declared = profile.parameters?.requestsPerMinute;
  return `${histogramSvg({
    title: 'Requests in each minute after the start-up (HC-PACE-001)',
    unit: 'requests',
    values: measured(record, MEASURED.requestsPerMinute),
    ...(declared === undefined ? {} : { limit: { value: declared, label: `${declared} declared` } }),
  })}
${histogramSvg({ title: 'Time between two requests of the controller', unit: 's', values: transcripts.flatMap(requestGaps).map((ms) => ms / 1000) })}
${histogramSvg({ title: 'INFC → INFC_Res (the controller answering)', unit: 'ms', values: transcripts.flatMap(infcResTimes) })}`;
}

function controllerRows(profile: Profile): string {
  if (profile.kind !== 'hems-controller') return '';
  const t = profile.transport;
  const link =
    t.type === 'udp'
      ? `UDP, the meter at ${t.family === 6 ? `[${t.address}]` : t.address}:${t.port}${profile.target.type === 'emulated' ? ' (an emulated target: a loopback pair of its own)' : ''}`
      : `Wi-SUN, the emulated SKSTACK IP module (${t.dialect}) on a pseudo-terminal${t.path ? ` at ${t.path}` : ''}`;
  const { timer1Ms, timer2Ms, opcLimit } = profile.timers;
  return `<tr><th>Role</th><td>B-route client under test; the harness played the low-voltage meter 028801</td><th>Link</th><td>${esc(link)}</td></tr>
<tr><th>Declared</th><td colspan="3">Timer 1 ${timer1Ms / 1000} s, Timer 2 ${timer2Ms / 1000} s, at most ${opcLimit} properties a request, at most ${profile.parameters?.requestsPerMinute ?? '(undeclared)'} requests a minute</td></tr>`;
}

/**
 * A comms unit's certificate is the module's (kind comms-unit): its SKSTACK IP dialect, the frame limit it
 * was held to and, for a real one, its serial device; the identity rows above are the module's own.
 */
function moduleRow(profile: Profile): string {
  const t = profile.transport;
  if (profile.kind !== 'comms-unit' || t.type !== 'skstack') return '';
  const limit = t.maxFrameBytes ?? WISUN_MAX_FRAME_BYTES;
  return `<tr><th>Module</th><td>SKSTACK IP, dialect ${esc(t.dialect)}, frames up to ${limit} bytes</td><th>Serial device</th><td>${esc(t.path ?? '(emulated)')}</td></tr>`;
}

/** A shard's report says it is one; a merged one, where and when each shard ran. */
function shardMeta(record: RunRecord): string {
  if (record.shard)
    return `<p class="meta" id="shard">shard ${record.shard.index} of ${record.shard.total} (smcert run --shard): the cases Playwright's sharding gave it; smcert merge makes the run's report of all the shards</p>\n`;
  if (!record.mergedFrom) return '';
  const shards = record.mergedFrom.map(
    (m) =>
      `${esc(m.shard)}: ${m.cases} cases, ${esc(m.startedAt)} – ${esc(m.finishedAt)} on ${esc(m.environment.platform)}/${esc(m.environment.arch)}, ${m.environment.cpus} CPUs`,
  );
  return `<p class="meta" id="shards">merged from ${shards.length} shards (smcert merge): ${shards.join('; ')}</p>\n`;
}
