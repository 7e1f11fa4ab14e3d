// The Gamma distribution, with exact implicit reparameterization gradients for its concentration.
// Called by infer/ through the Distribution interface. Uses random/gamma.ts and special/gamma-grad.ts.
import {
  Var, Vec, add, div, fromPartials, log, mul, sub, valueOf, xlogy, type Scalar, type Value, type Vector,
} from "../autodiff/index.ts";
import { lgamma } from "../autodiff/special.ts";
import { logStandardGamma, standardGamma, type Rng } from "../random/index.ts";
import * as sf from "../special/index.ts";
import { nonnegative, type Constraint } from "./constraints.ts";
import {
  Base, SCALAR, batchShapeOf, checkParam, fromElementPartials, isScalar, tapeOfParams, xy,
  type Distribution, type Draw, type PlainValue, broadcastTo,
} from "./distribution.ts";


/**
 * One draw x = G/λ, G ~ Gamma(α, 1), never 0: G in log space for α < 1 (where it underflows on many draws), and x
 * from log G - log λ when G/λ underflows, the smallest positive double as the last resort (as PyTorch clamps).
 * Writes [x, G, log G] into out.
 */
function drawInto(out: Float64Array, rng: Rng, a: number, rate: number): void {
  let g: number, logG: number;
  if (a >= 1) {
    g = standardGamma(rng, a);
    logG = Math.log(g);
  } else {
    logG = logStandardGamma(rng, a);
    g = Math.exp(logG);
  }
  const x = g / rate;
  out[0] = x > 0 ? x : Math.max(Math.exp(logG - Math.log(rate)), Number.MIN_VALUE);
  out[1] = g;
  out[2] = logG;
}

/**
 * Gamma(α, λ) on (0, ∞): p(x) = λ^α x^(α-1) e^(-λx) / Γ(α). α = concentration, λ = rate. Each parameter is a number,
 * a scalar node, a Float64Array or a vector node; vectors of one length n make a batch of n (scalars broadcast).
 *
 * @throws TypeError naming the parameter unless it is a number, Var, Float64Array or Vec.
 * @throws RangeError naming the parameter (and element) unless it is positive and finite, or naming both
 *   parameters when two vectors differ in length.
 */
export class Gamma<A extends Value = Scalar, R extends Value = number> extends Base<Draw<A | R>> {
  readonly hasRsample = true;
  readonly support: Constraint = nonnegative;
  declare readonly concentration: A;
  declare readonly rate: R;
  /** The node the last scalar rsample returned, and its [x, G, log G, dG/dα] (see logProb). */
  private declare drawn: Var | undefined;
  private declare draw: Float64Array | undefined;
  /** The vector node the last batch rsample returned, and its [G, log G, dG/dα] per element. */
  private declare drawnBatch: Vec | undefined;
  private declare batchDraw: Float64Array[] | undefined;

  constructor(concentration: A, rate: R = 1 as R) {
    super();
    this.concentration = checkParam(concentration, "concentration", "Gamma");
    this.rate = checkParam(rate, "rate", "Gamma");
    this.drawn = undefined;
    this.draw = undefined;
    this.drawnBatch = undefined;
    this.batchDraw = undefined;
    if (!(isScalar(concentration) && isScalar(rate))) this.batchShape = batchShapeOf("Gamma", { concentration, rate });
  }

  /** E[x] = α / λ. */
  get mean(): Draw<A | R> {
    return div(this.concentration as Value, this.rate as Value) as Draw<A | R>;
  }

  /** Var[x] = α / λ² = E[x] / λ. */
  get variance(): Draw<A | R> {
    return div(this.mean as Value, this.rate as Value) as Draw<A | R>;
  }

  /**
   * log p(x) = α log λ + (α - 1) log x - λx - log Γ(α), composed from ops (its derivatives come from ops.ts). At the
   * node its own rsample just returned, one node from the draw's exact log (see {@link Gamma.logProbOfDraw}).
   */
  logProb(x: Value): Value {
    this.checkSupport(x);
    if (x === this.drawn) return this.logProbOfDraw();
    if (x === this.drawnBatch) return this.logProbOfBatchDraw();
    const a = this.concentration as Value, rate = this.rate as Value;
    return sub(sub(add(mul(a, log(rate)), xlogy(sub(a, 1), x)), mul(rate, x)), lgamma(a));
  }

  /**
   * Σ_i log p(x_i). For scalar parameters and a Float64Array of n observations, one scalar node made in one pass:
   * nα log λ + (α-1) Σ log x_i - λ Σ x_i - n log Γ(α), with ∂/∂α = n log λ + Σ log x_i - n ψ(α) and
   * ∂/∂λ = nα/λ - Σ x_i. Otherwise the sum of logProb.
   */
  override logProbSum(x: Value): Scalar {
    if (!(x instanceof Float64Array) || this.batchShape !== SCALAR) return super.logProbSum(x);
    this.checkSupport(x);
    const a = this.concentration as Scalar, rate = this.rate as Scalar, av = valueOf(a), rv = valueOf(rate), n = x.length;
    let sumLog = 0, sum = 0;
    for (let i = 0; i < n; i++) {
      sumLog += Math.log(x[i]!);
      sum += x[i]!;
    }
    const logRate = Math.log(rv);
    const value = n * av * logRate + xy(av - 1, sumLog) - rv * sum - n * sf.lgamma(av);
    if (!(a instanceof Var || rate instanceof Var)) return value;
    return fromPartials(value, a, n * logRate + sumLog - n * sf.digamma(av), rate, (n * av) / rv - sum);
  }

  /** log p at the node this distribution's rsample just returned: see {@link gammaLogProbAtDraw}. */
  private logProbOfDraw(): Scalar {
    const a = this.concentration as Scalar, rate = this.rate as Scalar, out = this.drawn!.tape.take(3);
    gammaLogProbAtDraw(out, valueOf(a), valueOf(rate), this.draw!);
    return fromPartials(out[0]!, a, out[1]!, rate, out[2]!);
  }

  /** log p at the vector node this distribution's batch rsample just returned: {@link gammaLogProbAtDraw} per element. */
  private logProbOfBatchDraw(): Vec {
    const a = this.concentration as Value, rate = this.rate as Value, av = valueOf(a), rv = valueOf(rate);
    const [g, logG, dG] = this.batchDraw!, x = this.drawnBatch!.value, t = this.drawnBatch!.tape, n = x.length;
    const value = t.take(n), gA = t.take(n), gR = t.take(n), d = t.take(4), out = t.take(3);
    for (let i = 0; i < n; i++) {
      d[0] = x[i]!; d[1] = g![i]!; d[2] = logG![i]!; d[3] = dG![i]!;
      gammaLogProbAtDraw(out, typeof av === "number" ? av : av[i]!, typeof rv === "number" ? rv : rv[i]!, d);
      value[i] = out[0]!; gA[i] = out[1]!; gR[i] = out[2]!;
    }
    return fromElementPartials(t, value, a, gA, rate, gR);
  }

  /**
   * A draw x = G / λ with G ~ Gamma(α, 1) (Marsaglia-Tsang; in log space for α < 1), never exactly 0, as a node:
   * dx/dα = (dG/dα) / λ with dG/dα from {@link sf.standardGammaGrad} (exact implicit gradient), and
   * dx/dλ = -G / λ² = -x / λ. A plain number when no parameter is a node. A batch draws element by element into
   * one vector node with the same per-element gradients.
   */
  rsample(rng: Rng): Draw<A | R> {
    if (this.batchShape !== SCALAR) return this.rsampleBatch(rng) as Draw<A | R>;
    const a = this.concentration as Scalar, rate = this.rate as Scalar, av = valueOf(a), rv = valueOf(rate);
    const t = a instanceof Var ? a.tape : rate instanceof Var ? rate.tape : undefined;
    const draw = t ? t.take(4) : new Float64Array(3);
    drawInto(draw, rng, av, rv);
    const x = draw[0]!;
    if (!t) return x as Draw<A | R>;
    const dG = (draw[3] = sf.standardGammaGrad(av, draw[1]!));
    const node = fromPartials(x, a, dG / rv, rate, -x / rv) as Var;
    this.drawn = node;
    this.draw = draw;
    return node as Draw<A | R>;
  }

  /** n draws into one vector (plain without node parameters), element i from (α_i, λ_i), scalars broadcast. */
  private rsampleBatch(rng: Rng): Vector {
    const a = this.concentration as Value, rate = this.rate as Value, av = valueOf(a), rv = valueOf(rate);
    const n = this.batchShape[0]!, t = tapeOfParams(a, rate);
    const y = t ? t.take(n) : new Float64Array(n), draw = t ? t.take(3) : new Float64Array(3);
    const dA = t ? t.take(n) : undefined, dR = t ? t.take(n) : undefined;
    const g = t ? t.take(n) : undefined, logG = t ? t.take(n) : undefined, dG = t ? t.take(n) : undefined;
    for (let i = 0; i < n; i++) {
      const ai = typeof av === "number" ? av : av[i]!, ri = typeof rv === "number" ? rv : rv[i]!;
      drawInto(draw, rng, ai, ri);
      const x = (y[i] = draw[0]!);
      if (dA) {
        g![i] = draw[1]!;
        logG![i] = draw[2]!;
        dG![i] = sf.standardGammaGrad(ai, draw[1]!);
        dA[i] = dG![i]! / ri;
        dR![i] = -x / ri;
      }
    }
    if (!t) return y;
    const node = fromElementPartials(t, y, a, dA!, rate, dR!);
    this.drawnBatch = node;
    this.batchDraw = [g!, logG!, dG!];
    return node;
  }

  /** Gamma with the parameters' plain values. */
  detach(): Distribution<Draw<A | R>> {
    const a = valueOf(this.concentration as Value) as PlainValue<A>, rate = valueOf(this.rate as Value) as PlainValue<R>;
    return new Gamma(a, rate) as unknown as Distribution<Draw<A | R>>;
  }

  /** Gamma as a batch of n elements: each scalar parameter repeated n times ({@link broadcastTo}). */
  expand(n: number): Distribution<Vector> {
    const b = (x: Value, name: string): Vector => broadcastTo(x, n, name, "Gamma.expand");
    return new Gamma(b(this.concentration, "concentration"), b(this.rate, "rate"));
  }
}


/**
 * log p(x(θ); θ) at a Gamma(α, λ) draw x = G/λ and its total derivatives: out = [value, d/dα, d/dλ], with
 * draw = [x, G, log G, dG/dα] (as rsample keeps it). From log G, exact even where G underflowed: with
 * g = d log G/dα, d/dα = log λ + log x - ψ(α) + (α - 1) g - dG/dα and d/dλ = α/λ - (α-1)/λ - x + x = 1/λ.
 * g = d log G/dα is special's standardGammaLogGrad: (dG/dα)/G, or for a tiny G the lower tail's closed form.
 * Tested against mpmath's total derivative at quantiles of Gamma(α, 1), α in [1e-6, 1e4] (gamma.test.ts).
 */
export function gammaLogProbAtDraw(out: Float64Array, av: number, rv: number, draw: Float64Array): void {
  const x = draw[0]!, g = draw[1]!, logG = draw[2]!, dG = draw[3]!;
  const logRate = Math.log(rv), logX = logG - logRate;
  const slope = sf.standardGammaLogGrad(av, g, logG, dG);
  out[0] = av * logRate + xy(av - 1, logX) - rv * x - sf.lgamma(av);
  out[1] = logRate + logX - sf.digamma(av) + xy(av - 1, slope) - dG;
  out[2] = 1 / rv;
}
