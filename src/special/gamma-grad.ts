// The implicit reparameterization gradient of a Gamma(alpha, 1) sample: dx/dalpha = -(dP(alpha, x)/dalpha) / pdf.
// Called by distributions/gamma.ts (Gamma.rsample, which records it on the tape through fromPartials).
// It uses gammainc.ts's series and continued fraction, which carry d/dalpha through every step: read that first.
import { checkNumber } from "../check.ts";
import { digamma } from "./digamma.ts";
import { gammaincDomain, lowerGammaSeries, upperGammaFraction } from "./gammainc.ts";
import { gammaGradTemme, useTemme } from "./gamma-temme.ts";

/**
 * dx/dalpha for a sample x ~ Gamma(alpha, 1) held at its quantile: -(∂P(alpha, x)/∂alpha) / p(x; alpha), with
 * p(x; alpha) = x^(alpha-1) e^-x / Γ(alpha). Multiply by the scale for Gamma(alpha, scale) samples.
 *
 * **Method** (implicit reparameterization, Figurnov, Mohamed & Mnih 2018): ∂P/∂alpha by forward-mode
 * differentiation of the same expansions as `gammainc`, value and d/dalpha carried through every recurrence, and
 * the division by the density folded in algebraically so that no x^alpha e^-x / Γ(alpha) is ever formed:
 * - x < alpha + 1: P = x^alpha e^-x / Γ(alpha+1) · S with the series S (`lowerGammaSeries`), so
 *   dx/dalpha = -(x/alpha) (S (log x - ψ(alpha+1)) + dS/dalpha);
 * - otherwise: Q = x^alpha e^-x / Γ(alpha) · F with Legendre's fraction F (`upperGammaFraction`, Wallis form), so
 *   dx/dalpha = x (F (log x - ψ(alpha)) + dF/dalpha).
 * Both loops stop when value and derivative have both stopped moving. For alpha >= 20 and |x/alpha - 1| <= 0.4,
 * where those loops would need ~8 sqrt(alpha) steps, Temme's expansion differentiated in alpha
 * (`gammaGradTemme`, gamma-temme.ts) instead, at bounded cost.
 * **Domain and cost**: every double pair; at most GAMMA_MAX_ITER = 2000 steps (measured need <= ~300) or one
 * Temme evaluation (at most 12 x 20 Horner steps). By region, on Gamma draws with alpha log-uniform in [0.1, 1000]
 * (bench/implicit-vs-torch.ts's points; share of points, then median / max steps): series, alpha < 1 (23%) 10 / 22,
 * 1 <= alpha < 5 (14%) 20 / 31, 5 <= alpha < 20 (10%) 33 / 49; fraction, alpha < 1 (2%) 48 / 87, 1 <= alpha < 20
 * (9%) 16-23 / 68; each plus one ψ (up to 9 recurrence steps below 10) and one log. Temme (42%): ~120 Horner
 * terms at alpha = 20 down to ~35 at 1000, plus log1pmx, three logs, a sqrt and an exp, no ψ.
 * Edge cases: x = 0 -> 0 (the limit: dx/dalpha ~ x (ψ(alpha+1) - log x) / alpha -> 0 as x -> 0, which also covers
 * samples that underflowed to 0), x = +Inf -> +Inf, alpha <= 0, x < 0 or NaN -> NaN.
 * **Accuracy**: max relative error (|expected| denominator) against mpmath at 40 digits: 9.8e-15 at the quantiles
 * 1e-6 ... 1-1e-6 of alpha = 10^(k/3) in [1e-6, 1e8] (test/fixtures/incomplete-wide.json, 316 points; references
 * by quadrature above 1e3), 4.4e-16 for alpha >= 1e4; 6.0e-14 on the older grid (incomplete-gamma.json, 211
 * points). Before the Temme branch: 3.6e-11 at alpha = 1e8, error growing like sqrt(alpha).
 * **Source**: Figurnov, Mohamed & Mnih, "Implicit Reparameterization Gradients", NeurIPS 2018; XLA
 * `xla/client/lib/math.cc` (IgammaSeries / IgammacContinuedFraction, mode SAMPLE_DERIVATIVE), as used by
 * TensorFlow and JAX; DLMF 8.7.1, 8.9.2; Temme (1979), DLMF 8.12 (gamma-temme.ts).
 */
export function standardGammaGrad(alpha: number, x: number): number {
  checkNumber(alpha, "alpha", "standardGammaGrad");
  checkNumber(x, "x", "standardGammaGrad");
  if (!gammaincDomain(alpha, x)) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return Infinity;
  if (useTemme(alpha, x)) return gammaGradTemme(alpha, x);
  const d = [0]; // receives dS/dalpha or dF/dalpha
  const logX = Math.log(x);
  if (x < alpha + 1) {
    const s = lowerGammaSeries(alpha, x, d);
    return -(x / alpha) * (s * (logX - digamma(alpha + 1)) + d[0]!);
  }
  const f = upperGammaFraction(alpha, x, d);
  return x * (f * (logX - digamma(alpha)) + d[0]!);
}
/** Below this x, d log x / dα is taken from the lower tail's closed form (see {@link standardGammaLogGrad}). */
const SMALL_X = 1e-290;

/**
 * d log x / dα = (dx/dα) / x for a sample x ~ Gamma(α, 1) held at its quantile, given x and log x (log x stays
 * finite where x underflows to 0). Below x = 1e-290, where P(α, x) = x^α / Γ(α + 1)·(1 + O(x)) holds to the last bit
 * and dx/dα may underflow, it is that closed form's (ψ(α + 1) - log x) / α. `dxdAlpha`, when the caller has
 * standardGammaGrad(α, x) already, saves its evaluation. The Gamma and Dirichlet distributions' gradients at their
 * own draws use it (distributions/gamma.ts, dirichlet.ts).
 */
export function standardGammaLogGrad(alpha: number, x: number, logX: number, dxdAlpha?: number): number {
  checkNumber(alpha, "alpha", "standardGammaLogGrad");
  checkNumber(x, "x", "standardGammaLogGrad");
  checkNumber(logX, "logX", "standardGammaLogGrad");
  if (dxdAlpha !== undefined) checkNumber(dxdAlpha, "dxdAlpha", "standardGammaLogGrad");
  return x > SMALL_X ? (dxdAlpha ?? standardGammaGrad(alpha, x)) / x : (digamma(alpha + 1) - logX) / alpha;
}

