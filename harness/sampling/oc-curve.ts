// The operating characteristic of a single sampling plan: the probability Pa that a lot of process
// quality p (fraction nonconforming) is accepted, binomial (the model of the OC curves ISO 2859-1:1999
// prints for its plans): Pa = Σ_{d=0}^{Ac} C(n, d) p^d (1 − p)^(n − d). Summed in logs, so n = 2 000 is fine.

export function acceptanceProbability(plan: { readonly n: number; readonly ac: number }, p: number): number {
  if (p <= 0) return 1;
  if (p >= 1) return plan.ac >= plan.n ? 1 : 0;
  let logTerm = plan.n * Math.log1p(-p); // d = 0
  let sum = Math.exp(logTerm);
  for (let d = 1; d <= Math.min(plan.ac, plan.n); d++) {
    logTerm += Math.log((plan.n - d + 1) / d) + Math.log(p) - Math.log1p(-p);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

/** The p where every plan's Pa has fallen below 1 %: the end of a plot of their curves. */
export function ocRange(plans: readonly { readonly n: number; readonly ac: number }[]): number {
  let pMax = 0.001;
  while (pMax < 1 && plans.some((plan) => acceptanceProbability(plan, pMax) > 0.01))
    pMax = Math.min(1, pMax * 1.25);
  return pMax;
}

/** Points of the curve from p = 0 to `pMax` (default: where its Pa falls below 1 %), for plotting. */
export function ocCurve(
  plan: { readonly n: number; readonly ac: number },
  points = 50,
  pMax = ocRange([plan]),
): { p: number; pa: number }[] {
  return Array.from({ length: points + 1 }, (_, i) => {
    const p = (pMax * i) / points;
    return { p, pa: acceptanceProbability(plan, p) };
  });
}
