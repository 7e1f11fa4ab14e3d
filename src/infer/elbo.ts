// Trace_ELBO: the evidence lower bound estimated from guide draws, as a node on the tape whose gradient is the
// ELBO's gradient. Called by svi.ts. Uses handlers.ts (trace the guide, replay its draws into the model) and the
// distributions' logProb and rsample. Read distributions/beta.ts next.
import { add, mul, sub, valueOf, type Scalar, type Value } from "../autodiff/index.ts";
import type { Distribution } from "../distributions/index.ts";
import { check, checkInteger, checkType } from "../check.ts";
import { recorder, replayer } from "./handlers.ts";
import { handle, type Message } from "./runtime.ts";

/** The host's console (every JavaScript runtime has one; the library compiles without DOM or Node types). */
declare const console: { warn(message: string): void };

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
  /**
   * What to do when the guide draws a latent site the model does not have (a misspelt name, say), which the ELBO
   * would otherwise score as log q alone: "error" (default) throws naming the site, "warn" reports it once per
   * site name through console.warn (as Pyro warns), "ignore" says nothing.
   */
  unmatchedGuideSites?: "error" | "warn" | "ignore";
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
  declare readonly numParticles: number;
  declare readonly stickTheLanding: boolean;
  declare readonly unmatchedGuideSites: "error" | "warn" | "ignore";
  /** Site names already warned about under "warn". */
  private warned: Set<string> | undefined = undefined;
  // trace's and replay's handlers, made once per TraceELBO with their site lists, which each particle clears.
  private readonly recordGuide = recorder();
  private readonly recordModel = recorder();
  private readonly replayGuide = replayer(true, this.recordGuide.sites);
  /**
   * A latent site's term scale·E_q[log p(z) - log q(z)] in closed form from its guide and model messages, or
   * undefined to estimate it from the draw as TraceELBO does for every site. Set by TraceMeanFieldELBO
   * (mean-field-elbo.ts) to -scale·KL(q ‖ p); `closedSites` holds the guide sites it answered in this particle.
   */
  protected closedForm: ((guideSite: Message, modelSite: Message) => Scalar | undefined) | undefined = undefined;
  private readonly closedSites = new Set<Message>();

  /**
   * @throws TypeError naming the option unless numParticles is a number, stickTheLanding a boolean and
   * unmatchedGuideSites one of its three strings; RangeError unless numParticles is an integer ≥ 1.
   */
  constructor(options: TraceELBOOptions = {}) {
    checkType(typeof options === "object" && options !== null && !Array.isArray(options), "options", "an object", options, "TraceELBO");
    const { numParticles = 1, stickTheLanding = false, unmatchedGuideSites = "error" } = options;
    checkInteger(numParticles, "numParticles", 1, Number.MAX_SAFE_INTEGER, "TraceELBO");
    checkType(typeof stickTheLanding === "boolean", "stickTheLanding", "a boolean", stickTheLanding, "TraceELBO");
    const modes = ["error", "warn", "ignore"];
    checkType(typeof unmatchedGuideSites === "string", "unmatchedGuideSites", '"error", "warn" or "ignore"', unmatchedGuideSites, "TraceELBO");
    check(modes.includes(unmatchedGuideSites), "unmatchedGuideSites", '"error", "warn" or "ignore"', unmatchedGuideSites, "TraceELBO");
    this.numParticles = numParticles;
    this.stickTheLanding = stickTheLanding;
    this.unmatchedGuideSites = unmatchedGuideSites;
  }

  /**
   * Run guide and model numParticles times under the caller's handlers (SVI supplies parameters and the rng).
   * A latent site inside a plate is a batch (a Vector draw): its term is the sum of its elements' log-densities,
   * times the plate's scale, and replay hands the guide's whole vector to the model.
   * @throws Error naming a latent model site the guide does not draw (and, by default, a guide site the model
   * lacks), or a site whose log-probability is not finite.
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
      handle(recordGuide, guide, args);
      // The model runs under the replay handler, inside the recording one: trace(replay(model)).
      replayGuide.matched = 0;
      handle(recordModel, model, args, replayGuide);
      // Σ log p over the model's sites and Σ log q over the guide's latent sites, with log q of the sites that
      // have no rsample (their score-function terms) apart.
      let logP: Scalar = 0, logQ: Scalar = 0, scoreLogQ: Scalar = 0, latents = 0;
      const { closedForm, closedSites } = this;
      for (let i = 0; i < modelTrace.n; i++) {
        const site = modelTrace.list[i]!;
        if (site.type !== "sample") continue;
        // A closed-form term stands for both log p(z) here and log q(z) below (replay made sure the guide has z).
        const guideSite = closedForm && !site.observed ? guideTrace.get(site.name)! : undefined;
        const closed = guideSite && closedForm!(guideSite, site);
        if (closed === undefined) logP = plus(logP, siteLogProb(site, site.fn!));
        else {
          logP = plus(logP, closed);
          closedSites.add(guideSite!);
        }
      }
      for (let i = 0; i < guideTrace.n; i++) {
        const site = guideTrace.list[i]!;
        if (site.type !== "sample" || site.observed) continue;
        latents++;
        const fn = site.fn!;
        if (closedForm && closedSites.has(site)) {
          // A discrete site keeps its score-function term: later sites' terms still depend on its draw.
          if (!fn.hasRsample) scoreLogQ = plus(scoreLogQ, siteLogProb(site, fn));
          continue;
        }
        if (fn.hasRsample) checkInterior(site, fn);
        const lq = siteLogProb(site, stickTheLanding && fn.hasRsample ? fn.detach() : fn);
        logQ = plus(logQ, lq);
        if (!fn.hasRsample) scoreLogQ = plus(scoreLogQ, lq);
      }
      // Every guide latent the model replayed was counted: any other is a site the model lacks.
      if (latents !== replayGuide.matched && this.unmatchedGuideSites !== "ignore") this.unmatched();
      // This particle's loss, log q - log p = -ELBO; the score-function term's surrogate is
      // -log q(z)·stopgrad(ELBO) = log q(z)·stopgrad(loss), whose gradient is the REINFORCE estimate (it is the
      // number 0, and adds nothing, when every guide site has rsample).
      if (closedForm) closedSites.clear();
      const particle = sub(logQ, logP);
      const value = valueOf(particle);
      lossSum += value;
      surrogate = plus(surrogate, plus(particle, scoreLogQ === 0 ? 0 : mul(scoreLogQ, value)));
    }
    return { loss: lossSum / n, surrogate: n === 1 ? surrogate : mul(surrogate, 1 / n) };
  }

  /** Report the guide's latent sites that the model of the particle just run lacks: throw, or warn once per name. */
  private unmatched(): void {
    const guideTrace = this.recordGuide.sites, modelTrace = this.recordModel.sites;
    for (let i = 0; i < guideTrace.n; i++) {
      const site = guideTrace.list[i]!;
      // A site the model observes (obs, or condition) is unmatched too: its guide draw is never used (Pyro warns).
      const m = modelTrace.get(site.name);
      if (site.type !== "sample" || site.observed || m?.observed === false) continue;
      const text = `sample "${site.name}": the guide draws this latent site but the model ${m ? "observes it" : "has no site of that name"}`;
      if (this.unmatchedGuideSites === "error") throw new Error(`${text} (TraceELBO's unmatchedGuideSites: "warn" or "ignore" allows it)`);
      if ((this.warned ??= new Set()).has(site.name)) continue;
      this.warned.add(site.name);
      console.warn(`vitape: ${text}; it adds only its log q to the loss`);
    }
  }
}

/** x + y, but the other one when x or y is the number 0 (the start of a sum, an absent term): no node for it. */
function plus(x: Scalar, y: Scalar): Scalar {
  return x === 0 ? y : y === 0 ? x : add(x, y);
}

/**
 * Throw unless a reparameterized guide draw lies inside its support by more than its last representable step: a
 * draw rounded or clamped to the edge (z = 5e-324 or 1 - 2^-53 for a Beta, x = 5e-324 for a Gamma, a Dirichlet
 * component held at 2^-1022) leaves every other density evaluated at it (the model's prior, the likelihood) without
 * its digits, so the loss cannot be trusted, even where it is finite (before this check, a Beta(1e3, 1e-3) guide under a
 * Beta(10, 10) prior returned losses of ~700 for ~9000). The guide's own log q is exact there; the model's is not.
 */
function checkInterior(site: Message, fn: Distribution): void {
  const v = valueOf(site.value as Value), n = typeof v === "number" ? 1 : v.length;
  for (let i = 0; i < n; i++) {
    const x = typeof v === "number" ? v : v[i]!;
    // Cheap first: only a value near 0 or 1 asks for the support (Uniform's is built when read).
    if (!((x >= 0 && x <= 2 ** -1022) || (x >= 1 - 2 ** -53 && x <= 1))) continue;
    const type = fn.support.spec.type, unit = type === "unitInterval";
    if (!(unit || type === "positive" || type === "nonnegative" || type === "simplex")) return;
    const lo = type === "simplex" ? 2 ** -1022 : Number.MIN_VALUE, hi = unit ? 1 - 2 ** -53 : Infinity;
    if (x <= lo || x >= hi) {
      throw new RangeError(`sample "${site.name}": the draw is ${x}${n > 1 ? ` at position ${i}` : ""}, at the edge of its support ` +
        `(${type}): the loss cannot be trusted`);
    }
  }
}

/** scale · Σ log p(value) at one site under the distribution fn: it must be finite. */
function siteLogProb(site: Message, fn: Distribution): Scalar {
  let logProb: Scalar;
  try {
    logProb = fn.logProbSum(site.value as Value); // checks the value against the support
  } catch (e) {
    throw new RangeError(`sample "${site.name}": ${(e as Error).message}`);
  }
  const v = valueOf(logProb);
  if (!Number.isFinite(v)) check(false, "log probability", "finite", v, `sample "${site.name}"`);
  return site.scale === 1 ? logProb : mul(logProb, site.scale);
}

// Performance notes. The option fields are `declare`d: the constructor sets them, and a class field definition would
// only repeat their names in the bundle. The recorders and the replayer are made once per TraceELBO, so a particle
// makes no closures, handler objects or site lists of its own; `plus` makes no node for a sum's first term or an
// absent score term. The unmatched-site check costs one counter per replayed site and a compare per particle; the
// guide's sites are searched by name only when the counts differ. The closedForm hook (TraceMeanFieldELBO's) is one
// undefined test per site for TraceELBO: coin-flip step, bench/svi.bench.ts, four alternating rounds with and without
// it on the loaded machine, 2.6-3.6 against 2.7-4.5 µs (no difference beyond the noise).
