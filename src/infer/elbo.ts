// Trace_ELBO: the evidence lower bound estimated from guide draws, as a node on the tape whose gradient is the
// ELBO's gradient. Called by svi.ts. Uses handlers.ts (trace the guide, replay its draws into the model) and the
// distributions' logProb and rsample. Read distributions/beta.ts next.
import { add, mul, sub, valueOf, type Scalar, type Value } from "../autodiff/index.ts";
import type { Distribution } from "../distributions/index.ts";
import { check } from "../check.ts";
import { recorder, replayer } from "./handlers.ts";
import { withHandler, type Message } from "./runtime.ts";

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
  // `declare`d: the constructor sets them (a class field definition would only repeat the names in the bundle).
  declare readonly numParticles: number;
  declare readonly stickTheLanding: boolean;
  // trace's and replay's handlers, made once per TraceELBO with their site lists, which each particle clears: a
  // particle makes no closures, handler objects or site lists of its own.
  private readonly recordGuide = recorder();
  private readonly recordModel = recorder();
  private readonly replayGuide = replayer(true, this.recordGuide.sites);

  constructor({ numParticles = 1, stickTheLanding = false }: TraceELBOOptions = {}) {
    check(Number.isInteger(numParticles) && numParticles > 0, "numParticles", "a positive integer", numParticles);
    this.numParticles = numParticles;
    this.stickTheLanding = stickTheLanding;
  }

  /**
   * Run guide and model numParticles times under the caller's handlers (SVI supplies parameters and the rng).
   * @throws Error naming a latent model site the guide does not draw, or a site whose log-probability is not finite.
   */
  loss<A extends unknown[]>(model: (...args: A) => unknown, guide: (...args: A) => unknown, args: A): ELBOLoss {
    const { numParticles: n, stickTheLanding } = this;
    let lossSum = 0;
    let surrogate: Scalar = 0;
    for (let p = 0; p < n; p++) {
      // trace(guide)(...args), then trace(replay(model, guideTrace, true))(...args), into the two site lists.
      const { recordGuide, recordModel, replayGuide } = this;
      const guideTrace = recordGuide.sites, modelTrace = recordModel.sites;
      guideTrace.clear();
      modelTrace.clear();
      withHandler(recordGuide, guide, ...args);
      // The model runs under the replay handler, inside the recording one: trace(replay(model)).
      withHandler(recordModel, withHandler<A, unknown>, replayGuide, model, ...args);
      // Σ log p over the model's sites and Σ log q over the guide's latent sites, with log q of the sites that
      // have no rsample (their score-function terms) apart.
      let logP: Scalar = 0, logQ: Scalar = 0, scoreLogQ: Scalar = 0;
      for (let i = 0; i < modelTrace.n; i++) {
        const site = modelTrace.list[i]!;
        if (site.type === "sample") logP = plus(logP, siteLogProb(site, site.fn!));
      }
      for (let i = 0; i < guideTrace.n; i++) {
        const site = guideTrace.list[i]!;
        if (site.type !== "sample" || site.observed) continue;
        const fn = site.fn!;
        const lq = siteLogProb(site, stickTheLanding && fn.hasRsample ? fn.detach() : fn);
        logQ = plus(logQ, lq);
        if (!fn.hasRsample) scoreLogQ = plus(scoreLogQ, lq);
      }
      // This particle's loss, log q - log p = -ELBO; the score-function term's surrogate is
      // -log q(z)·stopgrad(ELBO) = log q(z)·stopgrad(loss), whose gradient is the REINFORCE estimate (it is the
      // number 0, and adds nothing, when every guide site has rsample).
      const particle = sub(logQ, logP);
      const value = valueOf(particle);
      lossSum += value;
      surrogate = plus(surrogate, plus(particle, scoreLogQ === 0 ? 0 : mul(scoreLogQ, value)));
    }
    return { loss: lossSum / n, surrogate: n === 1 ? surrogate : mul(surrogate, 1 / n) };
  }
}

/** x + y, but the other one when x or y is the number 0 (the start of a sum, an absent term): no node for it. */
function plus(x: Scalar, y: Scalar): Scalar {
  return x === 0 ? y : y === 0 ? x : add(x, y);
}

/** scale · Σ log p(value) at one site under the distribution fn: it must be finite. */
function siteLogProb(site: Message, fn: Distribution): Scalar {
  let logProb: Scalar;
  try {
    logProb = fn.logProbSum(site.value as Value); // checks the value against the support
  } catch (e) {
    throw new RangeError(`site "${site.name}": ${(e as Error).message}`);
  }
  const v = valueOf(logProb);
  if (!Number.isFinite(v)) throw new RangeError(`site "${site.name}": log probability is ${v}`);
  return site.scale === 1 ? logProb : mul(logProb, site.scale);
}
