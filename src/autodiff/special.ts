// The differentiable special functions: lgamma, digamma and lbeta as tape nodes, each value beside its derivative
// kernel (lgamma with digamma, digamma with trigamma). They sit apart from ops.ts so that a bundle using only the
// tape does not carry the special-function kernels (vitape/autodiff stays small); import them from vitape or
// vitape/autodiff/special. Number kernels come from special/ as `sf.*`, so a reader sees which calls are plain
// math and which record nodes.
import * as sf from "../special/index.ts";
import { type Value } from "./tape.ts";
import { apply1, apply2, type BinaryOp, type UnaryOp } from "./vector.ts";
import * as loops from "./loops.ts";

/** log Γ(x).  d/dx = ψ(x). */
export const lgamma = ((x: Value) => apply1(x, sf.lgamma, sf.digamma, loops.lgammaLoop, "lgamma")) as UnaryOp;

/** ψ(x) = d/dx log Γ(x).  d/dx = ψ'(x) (trigamma). */
export const digamma = ((x: Value) => apply1(x, sf.digamma, sf.trigamma, loops.digammaLoop, "digamma")) as UnaryOp;

/**
 * log B(a, b) = log Γ(a) + log Γ(b) - log Γ(a + b).  d/da = ψ(a) - ψ(a + b), d/db = ψ(b) - ψ(a + b).
 * A primitive rather than composed from lgamma: `sf.lbeta` keeps full precision when a or b is large, where the
 * three-lgamma sum cancels.
 */
export const lbeta = ((a: Value, b: Value) =>
  apply2(a, b, sf.lbeta, (x, y) => sf.digamma(x) - sf.digamma(x + y), (x, y) => sf.digamma(y) - sf.digamma(x + y), loops.lbetaLoop, "lbeta")) as BinaryOp;
