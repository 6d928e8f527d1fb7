// The OC curves of a lot's plans as one SVG plot (the lot report's oc-curve.svg): Pa against the lot's
// percent nonconforming, one curve per class, the class's AQL marked on its curve.
import { acceptanceProbability, ocCurve, ocRange } from '../harness/sampling/oc-curve.ts';
import { esc } from './svg.ts';

export interface OcPlot {
  readonly label: string;
  readonly n: number;
  readonly ac: number;
  /** Percent nonconforming the plan's AQL stands for. */
  readonly aql: number;
}

const COLOURS = ['#c0392b', '#3b6ea5', '#27ae60', '#8e44ad'];

export function ocCurveSvg(title: string, plots: readonly OcPlot[]): string {
  const width = 560;
  const height = 320;
  const pad = { left: 48, right: 16, top: 28, bottom: 44 };
  const pMax = ocRange(plots); // the x axis reaches where the loosest plan's Pa falls below 1 %
  const x = (p: number) => pad.left + (p / pMax) * (width - pad.left - pad.right);
  const y = (pa: number) => pad.top + (1 - pa) * (height - pad.top - pad.bottom);
  const curves = plots
    .map((plan, k) => {
      const colour = COLOURS[k % COLOURS.length]!;
      const points = ocCurve(plan, 100, pMax).map(({ p, pa }) => `${x(p).toFixed(1)},${y(pa).toFixed(1)}`);
      const aql = plan.aql / 100;
      const mark =
        aql <= pMax
          ? `<circle cx="${x(aql).toFixed(1)}" cy="${y(acceptanceProbability(plan, aql)).toFixed(1)}" r="3" fill="${colour}"><title>AQL ${plan.aql} %: Pa ${acceptanceProbability(plan, aql).toFixed(3)}</title></circle>`
          : '';
      const legend = `<text x="${width - pad.right}" y="${pad.top + 14 + k * 14}" font-size="11" text-anchor="end" fill="${colour}">${esc(`${plan.label}: n ${plan.n}, Ac ${plan.ac}`)}</text>`;
      return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(' ')}"/>${mark}${legend}`;
    })
    .join('\n');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (f) =>
        `<text x="${x(pMax * f).toFixed(1)}" y="${height - pad.bottom + 16}" font-size="11" text-anchor="middle">${(pMax * f * 100).toPrecision(2)}</text><text x="${pad.left - 6}" y="${(y(f) + 4).toFixed(1)}" font-size="11" text-anchor="end">${f}</text>`,
    )
    .join('');
  return `<svg role="img" aria-label="${esc(title)}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<text x="0" y="16" font-size="13" font-weight="bold">${esc(title)}</text>
<rect x="${pad.left}" y="${pad.top}" width="${width - pad.left - pad.right}" height="${height - pad.top - pad.bottom}" fill="none" stroke="#999"/>
${curves}
${ticks}
<text x="${(width + pad.left) / 2}" y="${height - 8}" font-size="11" text-anchor="middle">lot quality (percent nonconforming)</text>
<text x="12" y="${(height - pad.bottom + pad.top) / 2}" font-size="11" transform="rotate(-90 12 ${(height - pad.bottom + pad.top) / 2})" text-anchor="middle">Pa (probability of acceptance)</text>
</svg>
`;
}
