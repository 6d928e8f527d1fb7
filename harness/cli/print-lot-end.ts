// What smcert lot and smcert merge (of a lot's shards) print at the end: each class's count against its
// plan and decision, the lot decision, and where the signed lot report is.
import { relative } from 'node:path';
import type { LotReport, WrittenLotReport } from '../../reports/lot-report.ts';

const rel = (p: string) => relative(process.cwd(), p) || '.';

export function printLotEnd(report: LotReport, written: WrittenLotReport): void {
  for (const c of report.decision?.classes ?? []) {
    const open = c.undetermined.length
      ? `, ${c.undetermined.length} undetermined (${c.undetermined.slice(0, 5).join(', ')}${c.undetermined.length > 5 ? ', …' : ''})`
      : '';
    console.log(
      `  ${c.severity.padEnd(8)} n ${c.plan.n} Ac ${c.plan.ac} Re ${c.plan.re}: ${c.nonconforming.length} nonconforming${open} → ${c.decision}`,
    );
  }
  console.log(
    report.decision
      ? `lot decision: ${report.decision.decision.toUpperCase()}`
      : `shard ${report.shard!.index}/${report.shard!.total}: no decision; make one of all the shards with: npx smcert merge --out <dir> <the shards' lot directories>`,
  );
  console.log(
    `lot report:  ${rel(written.html)} (JSON: ${rel(written.json)}, OC curves: ${rel(written.svg)})`,
  );
  console.log(
    `bundle:      ${rel(written.json.replace(/\/lot-report\.json$/, ''))}/ and ${rel(written.bundle.zip)} (${written.bundle.files} artefacts, Ed25519 key ${written.bundle.keyId})`,
  );
  if (!written.bundle.attributable)
    console.log(
      'WARNING: signed with an ephemeral key: the bundle proves it is intact, not who made it; give --key lab.pem',
    );
}
