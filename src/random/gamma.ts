// Gamma(alpha, 1) draws by Marsaglia & Tsang, with a log-space variant that stays finite for tiny alpha.
// Called by beta.ts and distributions/gamma.ts (whose implicit reparameterization gradient differentiates the
// gamma CDF, not this sampler). Uses normal.ts; read beta.ts next.
import { checkPositive } from "../check.ts";
import { checkRng, type Rng } from "./rng.ts";
import { ziggurat } from "./normal.ts";

/**
 * A draw X ~ Gamma(alpha, 1), density x^(alpha-1) e^(-x) / Gamma(alpha), x > 0.
 *
 * Method: for alpha >= 1, Marsaglia & Tsang: d = alpha - 1/3, c = 1 / sqrt(9d); draw Z ~ N(0, 1) until
 * v = (1 + cZ)^3 > 0, U ~ U[0, 1); accept d v if U < 1 - 0.0331 Z^4 (squeeze) or
 * log U < Z^2 / 2 + d (1 - v + log v), else retry. For alpha < 1, X = exp(logStandardGamma(rng, alpha)),
 * which underflows to exactly 0 when log X < -745 (for alpha = 0.01 that happens with probability ~5e-4,
 * for alpha = 1e-3 on about half of the draws); use {@link logStandardGamma} when that matters.
 *
 * Source: G. Marsaglia, W. W. Tsang, "A simple method for generating gamma variables", ACM TOMS 26(3),
 * 363-372, 2000.
 *
 * @throws TypeError unless rng is an Rng and alpha a number; RangeError unless alpha is finite and > 0.
 */
export function standardGamma(rng: Rng, alpha: number): number {
  checkRng(rng, "standardGamma");
  checkPositive(alpha, "alpha", "standardGamma");
  return alpha >= 1 ? marsagliaTsang(rng, alpha) : Math.exp(logGammaDraw(rng, alpha));
}

/**
 * log X for X ~ Gamma(alpha, 1), finite even where X itself underflows to 0.
 *
 * Method: for alpha >= 1, log of {@link standardGamma}'s Marsaglia-Tsang draw. For alpha < 1, the boost
 * Gamma(alpha) = Gamma(alpha + 1) U^(1/alpha) (U ~ U(0, 1) independent; noted by Marsaglia & Tsang 2000)
 * taken in log space: log X = log G + log(U) / alpha with G ~ Gamma(alpha + 1) drawn first, then U from
 * rng.uniformOpen() (so log U >= -53 ln 2). The result is finite for alpha >= ~1e-306 (below that
 * log(U) / alpha can overflow to -Infinity).
 *
 * Source: as {@link standardGamma}.
 *
 * @throws TypeError unless rng is an Rng and alpha a number; RangeError unless alpha is finite and > 0.
 */
export function logStandardGamma(rng: Rng, alpha: number): number {
  checkRng(rng, "logStandardGamma");
  checkPositive(alpha, "alpha", "logStandardGamma");
  return logGammaDraw(rng, alpha);
}

/** {@link logStandardGamma} without the argument checks (alpha finite and > 0): for beta.ts and standardGamma. */
export function logGammaDraw(rng: Rng, alpha: number): number {
  return alpha >= 1
    ? Math.log(marsagliaTsang(rng, alpha))
    : Math.log(marsagliaTsang(rng, alpha + 1)) + Math.log(rng.uniformOpen()) / alpha; // G first, then U
}

/** Marsaglia & Tsang's rejection sampler for alpha >= 1 (validated by the caller): for beta.ts too. */
export function marsagliaTsang(rng: Rng, alpha: number): number {
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = ziggurat(rng);
    let v = 1 + c * z;
    if (v <= 0) continue;
    v = v * v * v;
    const u = rng.uniform();
    const z2 = z * z;
    // Marsaglia & Tsang's squeeze: 1 - 0.0331 x^4 <= the acceptance ratio for all x.
    if (u < 1 - 0.0331 * z2 * z2) return d * v;
    // u = 0 gives log u = -Infinity: accepted, as it must be for any positive acceptance ratio.
    if (Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) return d * v;
  }
}
