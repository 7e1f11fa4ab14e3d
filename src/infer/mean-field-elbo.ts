// TraceMeanField_ELBO: Trace_ELBO with the closed-form KL(q ‖ p) in place of the sampled log p(z) - log q(z) at
// each latent site whose guide and model distributions have one (distributions/kl.ts), Monte Carlo elsewhere.
// Called by svi.ts like TraceELBO (it is one). Read elbo.ts first; docs/06-analytic-kl.md measures what it buys.
import { mul, valueOf, type Scalar } from "../autodiff/index.ts";
import { check } from "../check.ts";
import { klOrUndefined } from "../distributions/kl.ts";
import { TraceELBO, type TraceELBOOptions } from "./elbo.ts";
import { maskedSum, sharedFlags, unmasked } from "./mask.ts";
import type { Message } from "./runtime.ts";

/**
 * TraceMeanField_ELBO (Pyro's name): loss = -(1/P) Σ_particles [Σ_closed sites -scale·KL(q(z) ‖ p(z | ·)) +
 * Σ_other sites (log p - log q)], where a "closed" site is a latent whose guide distribution q and model
 * distribution p form a pair that `kl` knows (Beta-Beta, Normal-Normal, Gamma-Gamma, ...); the model's p is taken
 * as the replayed model built it, so its parameters may be other latents' guide draws. Everything else (observed
 * sites, pairs without a closed form, discrete sites' score terms, particles, options) is TraceELBO's.
 *
 * Valid when E_q[log p(z | pa) - log q(z)] = -E_q[KL(q(z) ‖ p(z | pa))], that is when, given the guide's draws of
 * z's model parents pa, the guide draws z from the q it reports, independently of anything drawn after it. A
 * mean-field guide (every site's q depends on parameters only) always satisfies this; so does a guide that draws
 * pa before z and may let q(z) depend on pa. It fails when the guide draws a parent of z *after* z and from z (the
 * guide's dependence runs against the model's): Pyro's condition that the guide be mean-field "with respect to"
 * the model's dependencies. The estimate's mean is then the same ELBO as TraceELBO's, with the KL part exact, so
 * its variance is lower away from the optimum; at the exact posterior, TraceELBO's loss is the constant -log p(x)
 * and this one's is not (docs/06-analytic-kl.md measures both).
 *
 * Source: Pyro's pyro/infer/trace_mean_field_elbo.py (TraceMeanField_ELBO), and Kingma & Welling (2014), "Auto-
 * Encoding Variational Bayes", eq. 10 (the KL term in closed form).
 */
export class TraceMeanFieldELBO extends TraceELBO {
  /**
   * @throws TypeError or RangeError naming the option, as {@link TraceELBO}'s constructor (numParticles an
   * integer ≥ 1; stickTheLanding applies to the Monte Carlo sites only).
   */
  constructor(options: TraceELBOOptions = {}) {
    super(options);
    this.closedForm = closedKL;
  }
}

/** -scale·Σ KL(q ‖ p) over the site's batch, or undefined when the pair has no closed form. @throws when not finite. */
function closedKL(guideSite: Message, modelSite: Message): Scalar | undefined {
  // Masked sites (mask.ts) take the closed form only when guide and model share one mask; else Monte Carlo.
  const q = guideSite.fn!, p = modelSite.fn!, flags = sharedFlags(q, p);
  if (flags === undefined) return undefined;
  let value, total: Scalar;
  try {
    value = klOrUndefined(unmasked(q), unmasked(p));
    if (value === undefined) return undefined;
    total = maskedSum(value, flags);
  } catch (e) {
    throw new RangeError(`sample "${guideSite.name}": ${(e as Error).message}`);
  }
  const v = valueOf(total);
  if (!Number.isFinite(v)) check(false, "KL(guide ‖ model)", "finite", v, `sample "${guideSite.name}"`);
  return mul(total, -guideSite.scale);
}
