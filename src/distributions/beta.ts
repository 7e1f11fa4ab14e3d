// The Beta distribution: the coin-flip prior and guide. Its rsample is the reason vitape exists: a draw z whose
// derivatives dz/da, dz/db are exact, by the implicit route dz/da = -(∂I_z(a,b)/∂a) / p(z; a, b).
// Called by infer/ through the Distribution interface. Uses random/beta.ts and special/beta-grad.ts.
import {
  Var, Vec, add, div, fromPartials, mul, neg, square, sub, valueOf, xlog1py, xlogy, type Scalar, type Value, type Vector,
} from "../autodiff/index.ts";
import { lbeta } from "../autodiff/special.ts";
import { betaInto, type Rng } from "../random/index.ts";
import * as sf from "../special/index.ts";
import { betaSampleGradDigammaInto } from "../special/beta-grad.ts";
import { unitInterval, type Constraint } from "./constraints.ts";
import {
  Base, SCALAR, batchShapeOf, checkPositiveParam, fromElementPartials, isScalar, tapeOfParams, xy,
  type Distribution, type Draw, type PlainValue, broadcastTo,
} from "./distribution.ts";


/**
 * Below this, z (or 1 - z) is so small that I_z(a, b) = z^a / (a B(a, b)) · (1 + O(b z)) holds to the last bit, and
 * d log z/dθ is taken from that closed form rather than as (dz/dθ) / z, whose numerator may underflow.
 */
const TINY = 1e-290;

/**
 * Beta(α, β) on [0, 1]: p(z) = z^(α-1) (1-z)^(β-1) / B(α, β). α = concentration1, β = concentration0 (PyTorch's
 * names). Each parameter is a number, a scalar node, a Float64Array or a vector node; vectors of one length n make a
 * batch of n independent Betas (scalars broadcast), whose draws are a vector.
 *
 * @throws TypeError naming the parameter unless it is a number, Var, Float64Array or Vec.
 * @throws RangeError naming the parameter (and element) unless it is positive and finite, or naming both
 *   parameters when two vectors differ in length.
 */
export class Beta<A extends Value = Scalar, B extends Value = A> extends Base<Draw<A | B>> {
  readonly hasRsample = true;
  readonly support: Constraint = unitInterval;
  declare readonly concentration1: A;
  declare readonly concentration0: B;
  /** The node the last scalar rsample returned, and its numbers (see {@link betaLogProbAtDraw} for the layout). */
  private declare drawn: Var | undefined;
  private declare draw: Float64Array | undefined;
  /**
   * The vector node the last batch rsample returned, and per element its dz/dα, dz/dβ, log z, log(1 - z) and the
   * two digamma differences (the layout of {@link betaLogProbAtDraw}, one array per slot).
   */
  private declare drawnBatch: Vec | undefined;
  private declare batchDraw: Float64Array[] | undefined;

  constructor(concentration1: A, concentration0: B) {
    super();
    this.concentration1 = checkPositiveParam(concentration1, "concentration1", "Beta");
    this.concentration0 = checkPositiveParam(concentration0, "concentration0", "Beta");
    this.drawn = undefined;
    this.draw = undefined;
    this.drawnBatch = undefined;
    this.batchDraw = undefined;
    if (!(isScalar(concentration1) && isScalar(concentration0))) {
      this.batchShape = batchShapeOf("Beta", { concentration1, concentration0 });
    }
  }

  /** E[z] = α / (α + β). */
  get mean(): Draw<A | B> {
    const { concentration1: a, concentration0: b } = this;
    return div(a, add(a, b)) as Draw<A | B>;
  }

  /** Var[z] = αβ / ((α + β)² (α + β + 1)). */
  get variance(): Draw<A | B> {
    const { concentration1: a, concentration0: b } = this, s = add(a, b);
    return div(mul(a, b), mul(square(s), add(s, 1))) as Draw<A | B>;
  }

  /**
   * log p(z) = (α-1) log z + (β-1) log(1-z) - log B(α, β), with 0·log 0 = 0 at the edges.
   * For a scalar z this is one fused node (the hot path of every SVI step), with
   * ∂/∂α = log z - ψ(α) + ψ(α+β),  ∂/∂β = log(1-z) - ψ(β) + ψ(α+β),  ∂/∂z = (α-1)/z - (β-1)/(1-z);
   * test/distributions/beta-fused.test.ts holds it to the composed form below, which vectors and batches use.
   * At the node its own rsample just returned, it works from the draw's exact logs instead (see
   * {@link Beta.logProbOfDraw}).
   */
  logProb(z: Value): Value {
    if (z === this.drawn) return this.logProbOfDraw(); // inside (0, 1) by construction
    if (z === this.drawnBatch) return this.logProbOfBatchDraw(); // so is each element of a batch's draw
    this.checkSupport(z);
    const a = this.concentration1 as Value, b = this.concentration0 as Value, zv = valueOf(z);
    if (typeof zv !== "number" || this.batchShape !== SCALAR) {
      return sub(add(xlogy(sub(a, 1), z), xlog1py(sub(b, 1), neg(z))), lbeta(a, b));
    }
    // From here z is a number or a scalar node, and so are α and β.
    const av = valueOf(a as Scalar), bv = valueOf(b as Scalar), logZ = Math.log(zv), log1mZ = Math.log1p(-zv);
    return fusedLogProb(a as Scalar, b as Scalar, 1, logZ, log1mZ, z as Scalar, xy(av - 1, 1 / zv) - xy(bv - 1, 1 / (1 - zv)));
  }

  /**
   * Σ_i log p(z_i). For scalar parameters and a Float64Array of n observations, one scalar node made in one pass
   * ({@link fusedLogProb}: the scalar partials above, summed). Otherwise the sum of logProb.
   */
  override logProbSum(z: Value): Scalar {
    if (z === this.drawn) return this.logProbOfDraw(); // the guide's own site, every SVI step
    if (!(z instanceof Float64Array) || this.batchShape !== SCALAR) return super.logProbSum(z);
    this.checkSupport(z);
    let sumLog = 0, sumLog1m = 0;
    for (let i = 0; i < z.length; i++) {
      sumLog += Math.log(z[i]!);
      sumLog1m += Math.log1p(-z[i]!);
    }
    return fusedLogProb(this.concentration1 as Scalar, this.concentration0 as Scalar, z.length, sumLog, sumLog1m);
  }

  /** log p at the node this distribution's rsample just returned: see {@link betaLogProbAtDraw}. */
  private logProbOfDraw(): Scalar {
    const a = this.concentration1 as Scalar, b = this.concentration0 as Scalar, d = this.draw!;
    betaLogProbAtDraw(d, valueOf(a), valueOf(b), d);
    return fromPartials(d[7]!, a, d[8]!, b, d[9]!);
  }

  /**
   * log p at the vector node this distribution's batch rsample just returned: {@link betaLogProbAtDraw} element by
   * element, so that the chain rule through each z_i is formed in log space as on the scalar path.
   */
  private logProbOfBatchDraw(): Vec {
    const a = this.concentration1 as Value, b = this.concentration0 as Value, av = valueOf(a), bv = valueOf(b);
    const [dA, dB, logZ, log1mZ, psiA, psiB] = this.batchDraw!, z = this.drawnBatch!.value, t = this.drawnBatch!.tape, n = z.length;
    const value = t.take(n), gA = t.take(n), gB = t.take(n), d = t.take(10);
    for (let i = 0; i < n; i++) {
      d[0] = dA![i]!; d[1] = dB![i]!; d[2] = psiA![i]!; d[3] = psiB![i]!; d[4] = z[i]!; d[5] = logZ![i]!; d[6] = log1mZ![i]!;
      betaLogProbAtDraw(d, typeof av === "number" ? av : av[i]!, typeof bv === "number" ? bv : bv[i]!, d);
      value[i] = d[7]!; gA[i] = d[8]!; gB[i] = d[9]!;
    }
    return fromElementPartials(t, value, a, gA, b, gB);
  }

  /**
   * A draw z, strictly inside (0, 1) (see random/beta.ts), as a node with dz/dα and dz/dβ from
   * `sf.betaSampleGradInto`: exact implicit gradients, computed from the draw's stable log z and log(1 - z).
   * A plain number when neither parameter is a node (so `sample`, which draws from `detach()`, does no gradient
   * work). A batch draws element by element into one vector node with the same per-element gradients.
   */
  rsample(rng: Rng): Draw<A | B> {
    if (this.batchShape !== SCALAR) return this.rsampleBatch(rng) as Draw<A | B>;
    const a = this.concentration1 as Scalar, b = this.concentration0 as Scalar, av = valueOf(a), bv = valueOf(b);
    // The draw [z, log z, log(1 - z)], then, once those are read, the layout of betaLogProbAtDraw: dz/dα, dz/dβ and
    // the two digamma differences from the gradient kernel, the draw, and three slots where logProb at this draw
    // writes its value and partials. A Float64Array, as every caller of these kernels passes (see Performance
    // notes). With a node parameter it is borrowed from the tape's pool until the next rewind; without one it is a
    // new array (a plain draw keeps no tape).
    const t = tapeOfParams(a, b);
    const draw = t ? t.take(10) : new Float64Array(3);
    betaInto(draw, rng, av, bv);
    const z = draw[0]!, logZ = draw[1]!, log1mZ = draw[2]!;
    if (!t) return z as Draw<A | B>;
    draw[4] = z;
    draw[5] = logZ;
    draw[6] = log1mZ;
    betaSampleGradDigammaInto(draw, z, av, bv, logZ, log1mZ);
    const node = fromPartials(z, a, draw[0]!, b, draw[1]!) as Var;
    this.drawn = node;
    this.draw = draw;
    return node as Draw<A | B>;
  }

  /** n draws into one vector (plain without node parameters), element i from (α_i, β_i), scalars broadcast. */
  private rsampleBatch(rng: Rng): Vector {
    const a = this.concentration1 as Value, b = this.concentration0 as Value, av = valueOf(a), bv = valueOf(b);
    const n = this.batchShape[0]!, t = tapeOfParams(a, b);
    const y = t ? t.take(n) : new Float64Array(n), draw = t ? t.take(4) : new Float64Array(3);
    const dA = t ? t.take(n) : undefined, dB = t ? t.take(n) : undefined;
    const logZ = t ? t.take(n) : undefined, log1mZ = t ? t.take(n) : undefined;
    // The digamma differences the gradient kernel computes on the way, kept for logProb at this draw (as the
    // scalar path keeps them).
    const psiA = t ? t.take(n) : undefined, psiB = t ? t.take(n) : undefined;
    for (let i = 0; i < n; i++) {
      const ai = typeof av === "number" ? av : av[i]!, bi = typeof bv === "number" ? bv : bv[i]!;
      betaInto(draw, rng, ai, bi);
      const z = draw[0]!;
      y[i] = z;
      if (!t) continue;
      logZ![i] = draw[1]!;
      log1mZ![i] = draw[2]!;
      betaSampleGradDigammaInto(draw, z, ai, bi, draw[1]!, draw[2]!);
      dA![i] = draw[0]!;
      dB![i] = draw[1]!;
      psiA![i] = draw[2]!;
      psiB![i] = draw[3]!;
    }
    if (!t) return y;
    const node = fromElementPartials(t, y, a, dA!, b, dB!);
    this.drawnBatch = node;
    this.batchDraw = [dA!, dB!, logZ!, log1mZ!, psiA!, psiB!];
    return node;
  }

  /** Beta with the parameters' plain values (a draw of the same type D: the shapes are the same). */
  detach(): Distribution<Draw<A | B>> {
    const a = valueOf(this.concentration1 as Value) as PlainValue<A>, b = valueOf(this.concentration0 as Value) as PlainValue<B>;
    return new Beta(a, b) as unknown as Distribution<Draw<A | B>>;
  }

  /** Beta as a batch of n elements: each scalar parameter repeated n times ({@link broadcastTo}). */
  expand(n: number): Distribution<Vector> {
    const b = (x: Value, name: string): Vector => broadcastTo(x, n, name, "Beta.expand");
    return new Beta(b(this.concentration1, "concentration1"), b(this.concentration0, "concentration0"));
  }
}


// The last constant pair (α, β) given to constantLbeta and its log B(α, β): see there.
let lastA = NaN, lastB = NaN, lastLbeta = NaN;

/**
 * log B(α, β) for number parameters (a prior's), remembered for the last pair asked: a model builds its prior afresh
 * at every step (the coin flip's `new Beta(10, 10)`), and log B of the same two numbers would be recomputed each time
 * (about 420 of a coin-flip step's 23,000 instructions). One entry: two constant Betas in one model alternate, and
 * each recomputes, as it would without it. NaN never equals itself, so the first call always computes.
 */
function constantLbeta(a: number, b: number): number {
  if (a !== lastA || b !== lastB) {
    lastLbeta = sf.lbeta(a, b);
    lastA = a;
    lastB = b;
  }
  return lastLbeta;
}

/**
 * Σ_i log p(z_i; α, β) for scalar α, β as one node, from n and the sums of log z_i and log(1 - z_i):
 * (α-1) Σ log z_i + (β-1) Σ log(1-z_i) - n log B(α, β), with ∂/∂α = Σ log z_i - n(ψ(α) - ψ(α+β)) and
 * ∂/∂β = Σ log(1-z_i) - n(ψ(β) - ψ(α+β)); for one observation z (n = 1) that is a node, also its partial `dz`.
 * With constant α and β (a prior) only z can be a node: the three digammas are skipped.
 */
function fusedLogProb(a: Scalar, b: Scalar, n: number, sumLog: number, sumLog1m: number, z: Scalar = 0, dz = 0): Scalar {
  const av = valueOf(a), bv = valueOf(b);
  if (!(a instanceof Var || b instanceof Var)) {
    return fromPartials(xy(av - 1, sumLog) + xy(bv - 1, sumLog1m) - n * constantLbeta(av, bv), z, dz);
  }
  const value = xy(av - 1, sumLog) + xy(bv - 1, sumLog1m) - n * sf.lbeta(av, bv);
  const psiSum = sf.digamma(av + bv);
  return fromPartials(value, a, sumLog - n * (sf.digamma(av) - psiSum), b, sumLog1m - n * (sf.digamma(bv) - psiSum), z, dz);
}

/**
 * log p(z(θ); θ) at a Beta(α, β) draw z(θ) and its total derivatives: out[7..9] = [value, d/dα, d/dβ], where
 * d/dθ = ∂/∂θ + ∂/∂z · dz/dθ, from draw = [dz/dα, dz/dβ, ψ(α+β) - ψ(α), ψ(α+β) - ψ(β), z, log z, log(1 - z)] (as
 * rsample keeps it; the two differences NaN to have them computed here as ψ(α+β) - ψ(α) and ψ(α+β) - ψ(β)):
 * ∂/∂α = log z + ψ(α+β) - ψ(α), ∂/∂β = log(1-z) + ψ(α+β) - ψ(β). logProb uses this at the node its own rsample
 * just returned, so the chain rule through z is formed in log space:
 * ∂/∂z · dz/dθ = (α-1) d log z/dθ + (β-1) d log(1-z)/dθ. The logs come exact from the sampler, so a draw that
 * rounded to 5e-324 or 1 - 2^-53 keeps a finite gradient (the chain rule through z formed 0·∞ there). d log z/dθ
 * is (dz/dθ)/z on the smaller side of z and 1 - z, the other side's from d log(1-z) = -z/(1-z) d log z; below
 * {@link TINY} it is the closed form of the lower tail I_z = z^α / (α B(α, β)):
 * d log z/dα = (ψ(α+1) - ψ(α+β) - log z)/α,  d log z/dβ = (ψ(β) - ψ(α+β))/α (mirrored for 1 - z).
 * Tested against mpmath's total derivative at quantiles of Beta(α, β), α, β in [1e-6, 1e3] (beta.test.ts).
 */
export function betaLogProbAtDraw(out: Float64Array, av: number, bv: number, draw: Float64Array): void {
  const z = draw[4]!, logZ = draw[5]!, log1mZ = draw[6]!;
  let dA = draw[2]!, dB = draw[3]!;
  if (dA !== dA || dB !== dB) {
    const psiSum = sf.digamma(av + bv);
    dA = psiSum - sf.digamma(av);
    dB = psiSum - sf.digamma(bv);
  }
  let zA: number, zB: number, wA: number, wB: number; // d log z/dθ, d log(1-z)/dθ
  if (logZ <= log1mZ) {
    const ratio = z / (1 - z); // z <= 1/2 here: 1 - z is exact to an ulp
    zA = z > TINY ? draw[0]! / z : (sf.digamma(av + 1) - sf.digamma(av + bv) - logZ) / av;
    zB = z > TINY ? draw[1]! / z : -dB / av;
    wA = -ratio * zA;
    wB = -ratio * zB;
  } else {
    const w = Math.exp(log1mZ), ratio = w / (1 - w); // (1-z)/z, with 1 - z from its log (z may have rounded to 1)
    wA = w > TINY ? -draw[0]! / w : -dA / bv;
    wB = w > TINY ? -draw[1]! / w : (sf.digamma(bv + 1) - sf.digamma(av + bv) - log1mZ) / bv;
    zA = -ratio * wA;
    zB = -ratio * wB;
  }
  out[7] = xy(av - 1, logZ) + xy(bv - 1, log1mZ) - sf.lbeta(av, bv);
  out[8] = logZ + dA + xy(av - 1, zA) + xy(bv - 1, wA);
  out[9] = log1mZ + dB + xy(av - 1, zB) + xy(bv - 1, wB);
}

// Performance notes. rsample's draw array is a Float64Array borrowed from the tape's pool, because the special
// kernels are called with Float64Arrays everywhere and V8 then keeps their element accesses monomorphic; its ten
// slots also hold logProb's output at the draw, so the SVI step borrows one array per guide site. logProb at the
// draw takes ψ(α+β) - ψ(α) and ψ(α+β) - ψ(β) from the gradient kernel (betaSampleGradDigammaInto) and z/(1 - z)
// from z rather than recomputing three digammas and two exps: with the Tape, Base and constructor changes of the
// same round, 27,300 -> 23,850 instructions per coin-flip step (callgrind, the steps between 10^4 and 4·10^4 of
// one run; 959ee89, before the hardening: 22,750). The constructor checks a scalar parameter with
// checkPositiveParam (two tests) so that a model inlines it; hasRsample and support stay class fields: as
// prototype getters, with tsx's keepNames, V8 aborted every optimization of the model and guide ("dependency
// change") and the step ran 3.5 times slower. logProbSum over a
// Float64Array of observations with scalar parameters is one node made in one pass: 29 against 90 ns/observation
// for sum(logProb(z)) at n = 1000, 26 against 99 at n = 1e5 (valueAndGrad, CPU time, min of 15; scratch script of
// the batching work). The coin-flip SVI step with these changes: best of 6-8 separate runs 2.37 against 2.28 µs
// before (CPU time on a loaded 2-core machine; the distribution calls of one step alone, 1.38-1.45 µs both).
