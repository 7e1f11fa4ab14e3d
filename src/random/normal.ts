// Standard normal draws by the ziggurat method: the building block of the gamma sampler (gamma.ts) and of every
// reparameterized Normal in distributions/. Takes the Rng explicitly; reads rng.ts for the uniforms.
// Read gamma.ts next.
import { check, checkNumber } from "../check.ts";
import { checkRng, type Rng } from "./rng.ts";

/** Number of ziggurat layers (strips of equal area). With 256 the fast path takes 98.5% of draws. */
const LAYERS = 256;
/** Right edge of the base strip for 256 layers (the value in Marsaglia & Tsang 2000). */
const R = 3.6541528853610088;
/**
 * Area of every layer under the unnormalized density f(x) = exp(-x^2/2), x >= 0:
 * V = R f(R) + integral_R^inf f = R f(R) + sqrt(pi/2) erfc(R / sqrt 2) (the value in Marsaglia & Tsang 2000).
 */
const V = 4.92867323399e-3;

/** The unnormalized density f(x) = exp(-x^2/2), x >= 0, whose ziggurat this is. */
const f = (x: number): number => Math.exp(-0.5 * x * x);

/**
 * The ziggurat, for i = 1..LAYERS-1: layer i is the box [0, X[i]) x [F[i], F[i+1]) of area V, where
 * X[1] = R > X[2] > ... > X[LAYERS] = 0 with f(X[i+1]) = f(X[i]) + V / X[i], and F[i] = f(X[i]).
 * Layer 0 is the base: the box [0, R) x [0, f(R)) plus the tail beyond R, drawn as one box of width
 * X[0] = V / f(R) whose part beyond R stands for the tail. RATIO[i] = X[i+1] / X[i]: below it, a point of
 * layer i lies under the curve whatever its height. F[0] is never read (layer 0 has no wedge).
 */
const X = new Float64Array(LAYERS + 1);
const F = new Float64Array(LAYERS + 1);
const RATIO = new Float64Array(LAYERS);
X[0] = V / f(R);
X[1] = R;
F[LAYERS] = 1; // f(0)
for (let i = 0; i < LAYERS; i++) {
  F[i] = f(X[i]!);
  // X[LAYERS] stays 0, the top edge, as allocated: the recursion would take log(1 + 2e-11) there, the rounding
  // of the published V.
  if (i > 0 && i < LAYERS - 1) X[i + 1] = Math.sqrt(-2 * Math.log(F[i]! + V / X[i]!));
  RATIO[i] = X[i + 1]! / X[i]!;
}

/**
 * A draw from N(0, 1), density exp(-x^2/2) / sqrt(2 pi).
 *
 * Method: Marsaglia & Tsang's ziggurat with 256 layers, layer index and position taken from disjoint bits
 * (Doornik's fix for the correlation in the original). One uniform U supplies the layer i (its top 8 bits)
 * and a signed position p in (-1, 1) (the other 45 bits, on the grid of odd multiples of 2^-45, symmetric
 * about 0). x = p X[i] is returned at once when |p| < X[i+1] / X[i] (98.5% of draws). Otherwise, in
 * layer 0, |x| comes from the tail beyond R by Marsaglia's (1964) exact method: a = -log(U1) / R,
 * b = -log(U2) until 2b > a^2, |x| = R + a; in the other layers a uniform height y in [f(X[i]), f(X[i+1]))
 * is accepted when y < f(x), else the whole draw restarts.
 *
 * Accuracy: exact but for the 2^-44 resolution of the position within a layer and the rounding of the
 * published R and V: the top layer's area differs from V by 1e-9 relative, a 4e-12 error in its probability.
 * KS-tested against an exact Phi in test/random/normal.test.ts, tail frequencies included.
 *
 * Source: G. Marsaglia, W. W. Tsang, "The ziggurat method for generating random variables", J. Stat. Softw.
 * 5(8), 2000; J. A. Doornik, "An improved ziggurat method to generate normal random samples", 2005;
 * G. Marsaglia, "Generating a variable from the tail of the normal distribution", Technometrics 6, 1964.
 *
 * @throws TypeError unless rng is an Rng.
 */
export function standardNormal(rng: Rng): number {
  checkRng(rng, "standardNormal");
  return ziggurat(rng);
}

/** {@link standardNormal} without the argument check: the gamma sampler's inner loop (gamma.ts). */
export function ziggurat(rng: Rng): number {
  for (;;) {
    // Top 8 bits of U: the layer. The remaining 45 bits: a signed position p on the symmetric grid
    // {±(2k + 1) 2^-45} in (-1, 1), so the sign costs no branch (a random branch mispredicts half the time).
    // Every step is exact in binary64.
    const t = rng.uniform() * LAYERS;
    const i = t | 0;
    const p = (t - i) * 2 - 1 + 2 ** -45; // half a grid step
    const x = p * X[i]!;
    if (Math.abs(p) < RATIO[i]!) return x;
    if (i === 0) {
      // Layer 0 beyond R: the tail, on p's side (p is never 0, so its sign is +-1), by Marsaglia's 1964
      // exponential rejection.
      for (;;) {
        const a = -Math.log(rng.uniformOpen()) * (1 / R);
        const b = -Math.log(rng.uniformOpen());
        if (b + b > a * a) return Math.sign(p) * (R + a);
      }
    }
    const fLo = F[i]!;
    if (fLo + rng.uniform() * (F[i + 1]! - fLo) < f(x)) return x;
  }
}

/**
 * mean + sd * Z with Z = standardNormal(rng).
 * @throws TypeError unless rng is an Rng and mean, sd are numbers; RangeError unless sd is finite and >= 0.
 */
export function normal(rng: Rng, mean: number, sd: number): number {
  checkRng(rng, "normal");
  checkNumber(mean, "mean", "normal");
  checkNumber(sd, "sd", "normal");
  check(sd >= 0 && sd < Infinity, "sd", "finite and >= 0", sd, "normal");
  return mean + sd * ziggurat(rng);
}
