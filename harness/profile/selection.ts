// Which cases a run runs, and why the others are left out: the suite's cases (as listed once, with the
// gate of the run's profile applied), the user's --grep and, for a resumed run, the cases that already have
// a verdict. The Playwright run is then given exactly the selected ids, so the listing, the wall-time
// estimate, the run and the record's notSelected/notReached all speak of the same cases.

export interface ListedCase {
  readonly id: string;
  readonly title: string;
  /** The case's tags: @<id>, @area-<area>, @catches-<fault> … */
  readonly tags: readonly string[];
  /** Wall time against a real device, from the case's realTimeMs annotation (0 when NA). */
  readonly realTimeMs: number;
  /** Why the case does not apply to the run's profile (it will be recorded NA with this reason). */
  readonly na?: string;
  /** Its spec file, relative to the repository (suites/…). */
  readonly file?: string;
}

export interface Selection {
  readonly selected: readonly ListedCase[];
  readonly notSelected: readonly { readonly id: string; readonly reason: string }[];
}

export interface SelectionOptions {
  /** A regular expression (case-insensitive) over a case's id, title and tags. */
  readonly grep?: string;
  /** Ids with a verdict already (a resumed run): not run again. */
  readonly done?: readonly string[];
  /** Only the cases of these areas (tag @area-<area>): a run against a head-end runs the A-route's. */
  readonly areas?: readonly string[];
}

/** `--grep` is not a regular expression: the message names the option and the fix. */
export class SelectionError extends Error {
  override readonly name = 'SelectionError';
}

export function selectCases(all: readonly ListedCase[], options: SelectionOptions = {}): Selection {
  const pattern = grepPattern(options.grep);
  const done = new Set(options.done ?? []);
  const selected: ListedCase[] = [];
  const notSelected: { id: string; reason: string }[] = [];
  for (const c of all) {
    if (done.has(c.id)) continue; // kept in the record with its verdict
    if (options.areas && !options.areas.some((a) => c.tags.includes(`@area-${a}`))) {
      notSelected.push({
        id: c.id,
        reason: `the run is against a head-end: only the ${options.areas.join(', ')} cases apply`,
      });
      continue;
    }
    if (pattern && !pattern.test([c.id, c.title, ...c.tags].join(' ')))
      notSelected.push({ id: c.id, reason: `not selected by --grep ${options.grep}` });
    else selected.push(c);
  }
  return { selected, notSelected };
}

/** A Playwright --grep that keeps exactly these case ids (each case is tagged @<id>). */
export function idsGrep(ids: readonly string[]): string {
  // no id: a pattern no title can match (Playwright then runs nothing, with --pass-with-no-tests)
  if (ids.length === 0) return '(?!)';
  return `@(${ids.map(escapeRegExp).join('|')})(?=\\s|$)`;
}

function grepPattern(grep: string | undefined): RegExp | undefined {
  if (grep === undefined) return undefined;
  try {
    return new RegExp(grep, 'i');
  } catch (error) {
    throw new SelectionError(
      `--grep ${grep} is not a regular expression (${(error as Error).message}); e.g. --grep 'LV-BR-(INF|E7)'`,
    );
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
