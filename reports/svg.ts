// Small inline SVG charts for the certificate: a histogram and a timeline. Plain strings, no library, so
// the certificate stays one self-contained file.

const esc = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface Histogram {
  readonly title: string;
  readonly unit: string;
  readonly values: readonly number[];
  readonly bins?: number;
  /** A limit drawn as a red line (e.g. 5 min for the notification window). */
  readonly limit?: { readonly value: number; readonly label: string };
}

export function histogramSvg({ title, unit, values, bins = 20, limit }: Histogram): string {
  const width = 520;
  const height = 180;
  const pad = { left: 40, right: 10, top: 24, bottom: 34 };
  if (values.length === 0) {
    return `<svg role="img" aria-label="${esc(title)}" width="${width}" height="60" xmlns="http://www.w3.org/2000/svg"><text x="0" y="20" font-size="13" font-weight="bold">${esc(title)}</text><text x="0" y="44" font-size="12">no data in this run</text></svg>`;
  }
  const max = Math.max(...values, limit?.value ?? 0) || 1; // all zero (a virtual clock's instant replies): 0–1
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v / max) * bins))]!++;
  const top = Math.max(...counts);
  const w = (width - pad.left - pad.right) / bins;
  const h = height - pad.top - pad.bottom;
  const bars = counts
    .map((c, i) => {
      const bh = (c / top) * h;
      return `<rect x="${(pad.left + i * w).toFixed(1)}" y="${(pad.top + h - bh).toFixed(1)}" width="${(w - 1).toFixed(1)}" height="${bh.toFixed(1)}" fill="#3b6ea5"><title>${c}</title></rect>`;
    })
    .join('');
  const x = (v: number) => pad.left + (v / max) * (width - pad.left - pad.right);
  const limitLine = limit
    ? `<line x1="${x(limit.value)}" x2="${x(limit.value)}" y1="${pad.top}" y2="${pad.top + h}" stroke="#c0392b" stroke-width="2"/><text x="${x(limit.value) - 4}" y="${pad.top + 10}" font-size="11" text-anchor="end" fill="#c0392b">${esc(limit.label)}</text>`
    : '';
  return `<svg role="img" aria-label="${esc(title)}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<text x="0" y="14" font-size="13" font-weight="bold">${esc(title)} (n = ${values.length})</text>${bars}${limitLine}
<line x1="${pad.left}" x2="${width - pad.right}" y1="${pad.top + h}" y2="${pad.top + h}" stroke="#333"/>
<text x="${pad.left}" y="${height - 12}" font-size="11">0</text><text x="${width - pad.right}" y="${height - 12}" font-size="11" text-anchor="end">${esc(format(max))} ${esc(unit)}</text>
<text x="4" y="${pad.top + 8}" font-size="11">${top}</text></svg>`;
}

export interface TimelineItem {
  readonly label: string;
  readonly start: number;
  readonly durationMs: number;
  readonly colour: string;
}

export function timelineSvg(title: string, items: readonly TimelineItem[]): string {
  const width = 520;
  const row = 7;
  const height = 30 + items.length * row + 20;
  if (items.length === 0) return '';
  const t0 = Math.min(...items.map((i) => i.start));
  const t1 = Math.max(...items.map((i) => i.start + i.durationMs), t0 + 1);
  const x = (t: number) => 10 + ((t - t0) / (t1 - t0)) * (width - 20);
  const bars = items
    .map(
      (item, k) =>
        `<rect x="${x(item.start).toFixed(1)}" y="${26 + k * row}" width="${Math.max(1, x(item.start + item.durationMs) - x(item.start)).toFixed(1)}" height="${row - 1}" fill="${item.colour}"><title>${esc(item.label)}</title></rect>`,
    )
    .join('');
  return `<svg role="img" aria-label="${esc(title)}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<text x="0" y="14" font-size="13" font-weight="bold">${esc(title)}</text>${bars}
<text x="10" y="${height - 4}" font-size="11">0 s</text><text x="${width - 10}" y="${height - 4}" font-size="11" text-anchor="end">${((t1 - t0) / 1000).toFixed(1)} s</text></svg>`;
}

function format(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toPrecision(2);
}

export { esc };
