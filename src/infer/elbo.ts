// Trace_ELBO: the evidence lower bound estimated from guide draws, as a node on the tape whose gradient is the
// ELBO's gradient. Called by svi.ts. Uses handlers.ts (trace the guide, replay its draws into the model) and the
// distributions' logProb and rsample. Read distributions/beta.ts next.
import { add, mul, sub, valueOf, type Scalar, type Value } from "../autodiff/index.ts";
import { replay, trace } from "./handlers.ts";

/** Options of {@link TraceELBO}. */
export interface TraceELBOOptions {
  /** Guide draws averaged per step, default 1. */
  numParticles?: number;
  /**
   * Drop the score term ∇φ log q(z; φ) of reparameterized guide sites (Roeder, Wu & Duvenaud 2017, "Sticking the
   * landing"): the estimator keeps the same mean, and its gradient is exactly zero when the guide equals the
   * posterior. Default false.
   */
  stickTheLanding?: boolean;
}

/** The loss of one evaluation: its value, and the node to differentiate (a number when nothing is learnable). */
export interface ELBOLoss {
  /** -ELBO estimate averaged over particles. */
  loss: number;
  /** A surrogate whose gradient is the gradient estimate of `loss` (they differ only by score-function terms). */
  surrogate: Scalar;
}

/**
 * Trace_ELBO: loss = -(1/P) Σ_particles [Σ_model sites log p - Σ_guide sites log q], each guide draw replayed into
 * the model. Gradients flow pathwise through rsample; a guide site without rsample (a discrete latent) adds the
 * score-function term log q(z)·stopgrad(ELBO) to the surrogate, as Pyro's Trace_ELBO does.
 */
export class TraceELBO {
  readonly numParticles: number;
  readonly stickTheLanding: boolean;

  constructor(options: TraceELBOOptions = {}) {
    this.numParticles = options.numParticles ?? 1;
    this.stickTheLanding = options.stickTheLanding ?? false;
    if (!(Number.isInteger(this.numParticles) && this.numParticles > 0)) {
      throw new RangeError(`TraceELBO: numParticles must be a positive integer, got ${this.numParticles}`);
    }
  }

  /**
   * Run guide and model numParticles times under the caller's handlers (SVI supplies parameters and the rng).
   * @throws Error naming a latent model site the guide does not draw, or a site whose log-probability is not finite.
   */
  loss<A extends unknown[]>(model: (...args: A) => unknown, guide: (...args: A) => unknown, args: A): ELBOLoss {
    let lossSum = 0;
    let surrogate: Scalar = 0;
    for (let p = 0; p < this.numParticles; p++) {
      const guideTrace = trace(guide)(...args);
      const modelTrace = trace(replay(model, guideTrace, true))(...args);
      // Σ log p over the model's sites and Σ log q over the guide's latent sites; `plus` skips the 0 + x node.
      let logP: Scalar = 0, logQ: Scalar = 0, scoreLogQ: Scalar = 0;
      for (const site of modelTrace.values()) {
        if (site.type === "sample") logP = plus(logP, siteLogProb(site.name, site.fn!.logProbSum(site.value as Value), site.scale));
      }
      for (const site of guideTrace.values()) {
        if (site.type !== "sample" || site.observed) continue;
        const fn = site.fn!;
        const q = this.stickTheLanding && fn.hasRsample ? fn.detach() : fn;
        const lq = siteLogProb(site.name, q.logProbSum(site.value as Value), site.scale);
        logQ = plus(logQ, lq);
        if (!fn.hasRsample) scoreLogQ = plus(scoreLogQ, lq);
      }
      // This particle's loss, log q - log p = -ELBO; the score-function term's surrogate is
      // -log q(z)·stopgrad(ELBO) = log q(z)·stopgrad(loss), whose gradient is the REINFORCE estimate.
      const particle = sub(logQ, logP);
      const value = valueOf(particle);
      lossSum += value;
      surrogate = plus(surrogate, scoreLogQ === 0 ? particle : add(particle, mul(scoreLogQ, value)));
    }
    const n = this.numParticles;
    return { loss: lossSum / n, surrogate: n === 1 ? surrogate : mul(surrogate, 1 / n) };
  }
}

/** x + y, but y itself when x is the number 0 (the start of a sum), so no node is made for it. */
function plus(x: Scalar, y: Scalar): Scalar {
  return x === 0 ? y : add(x, y);
}

/** scale · Σ log p at one site, which must be finite. */
function siteLogProb(name: string, logProb: Scalar, scale: number): Scalar {
  const v = valueOf(logProb);
  if (!Number.isFinite(v)) throw new RangeError(`site "${name}": log probability is ${v}`);
  return scale === 1 ? logProb : mul(logProb, scale);
}

