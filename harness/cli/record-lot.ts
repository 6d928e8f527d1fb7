// The lot history options smcert lot and smcert merge (of a lot's shards) share, and the adding of a
// decided lot to the history (harness/lot/lot-history.ts). A lot left undetermined or interrupted is not
// added: the switching rules count decided lots only.
import { basename, relative, resolve } from 'node:path';
import { historyEntry } from '../lot/history-entry.ts';
import { appendLot, readLotHistory } from '../lot/lot-history.ts';
import type { LotDecision } from '../sampling/lot-decision.ts';

export const HISTORY_OPTIONS = {
  history: { type: 'string' },
  supplier: { type: 'string' },
  product: { type: 'string' },
  'reduced-allowed': { type: 'boolean' },
  'lot-id': { type: 'string' },
} as const;

export interface HistoryValues {
  readonly history?: string;
  readonly supplier?: string;
  readonly product?: string;
  readonly 'reduced-allowed'?: boolean;
  readonly 'lot-id'?: string;
}

export function historyProblem(values: HistoryValues): string | undefined {
  if (values.history && (!values.supplier || !values.product))
    return '--history needs --supplier and --product';
  if (!values.history && (values.supplier || values.product || values['lot-id'] || values['reduced-allowed']))
    return '--supplier, --product, --lot-id and --reduced-allowed go with --history <file>';
  return undefined;
}

/** Adds the lot to the history when one is given and the lot was decided; says so. */
export function recordLot(
  values: HistoryValues,
  decision: LotDecision,
  outDir: string,
  reportFile: string,
  decidedAt: string,
): void {
  if (!values.history || decision.decision === 'undetermined') return;
  const file = resolve(values.history);
  appendLot(
    file,
    readLotHistory(file),
    historyEntry(
      decision,
      {
        supplier: values.supplier!,
        product: values.product!,
        lot: values['lot-id'] ?? basename(outDir),
        report: relative(process.cwd(), reportFile),
        reducedAllowed: values['reduced-allowed'] === true,
      },
      decidedAt,
    ),
  );
  console.log(`history:     ${values.history}: lot added for ${values.supplier} / ${values.product}`);
}
