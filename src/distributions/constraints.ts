// Constraints: where a parameter or a value lives, and the bijection from the real line onto it that lets an
// optimizer work unconstrained. Called by the distributions (their `support`) and infer/param-store.ts.
// The transforms are built from autodiff ops, so their derivatives come from ops.ts, never written here.
import { add, exp, mul, sigmoid, type Value } from "../autodiff/index.ts";

/** A JSON description of a constraint, enough to rebuild it (checkpoints store this). */
export type ConstraintSpec =
  | { type: "real" }
  | { type: "positive" }
  | { type: "nonnegative" }
  | { type: "boolean" }
  | { type: "unitInterval" }
  | { type: "interval"; lo: number; hi: number }
  | { type: "greaterThan"; lo: number };

/**
 * A set of real numbers with a bijection from ℝ onto it: `transform` maps an unconstrained u to the set
 * (differentiably: u may be a tape node), `inverse` maps a value of the set back, `check` tests membership.
 */
export interface Constraint {
  readonly spec: ConstraintSpec;
  check(x: number): boolean;
  transform(u: Value): Value;
  inverse(x: number): number;
}

/** ℝ: the identity transform. */
export const real: Constraint = {
  spec: { type: "real" },
  check: (x) => !Number.isNaN(x),
  transform: (u) => u,
  inverse: (x) => x,
};

/** (0, ∞): x = exp(u), u = log x, as in PyTorch's `constraints.positive` (so Adam acts on log x). */
export const positive: Constraint = {
  spec: { type: "positive" },
  check: (x) => x > 0 && x < Infinity,
  transform: (u) => exp(u),
  inverse: (x) => Math.log(x),
};

/** [0, ∞): a support (Gamma's); as a parameter constraint it transforms like {@link positive}. */
export const nonnegative: Constraint = {
  spec: { type: "nonnegative" },
  check: (x) => x >= 0 && x < Infinity,
  transform: positive.transform,
  inverse: positive.inverse,
};

/** {0, 1}: the support of a Bernoulli observation (no bijection from ℝ: transform and inverse are identities). */
export const boolean: Constraint = {
  spec: { type: "boolean" },
  check: (x) => x === 0 || x === 1,
  transform: (u) => u,
  inverse: (x) => x,
};

/** [0, 1] (the transform reaches the open interval): x = σ(u), u = logit x = log(x / (1 - x)). */
export const unitInterval: Constraint = {
  spec: { type: "unitInterval" },
  check: (x) => x >= 0 && x <= 1,
  transform: (u) => sigmoid(u),
  inverse: (x) => Math.log(x) - Math.log1p(-x),
};

/** (lo, hi): x = lo + (hi - lo)·σ(u). */
export function interval(lo: number, hi: number): Constraint {
  if (!(lo < hi && Number.isFinite(lo) && Number.isFinite(hi))) throw new RangeError(`interval: need finite lo < hi, got (${lo}, ${hi})`);
  const width = hi - lo;
  return {
    spec: { type: "interval", lo, hi },
    check: (x) => x > lo && x < hi,
    transform: (u) => add(lo, mul(width, sigmoid(u))),
    inverse: (x) => {
      const t = (x - lo) / width;
      return Math.log(t) - Math.log1p(-t);
    },
  };
}

/** (lo, ∞): x = lo + exp(u), as PyTorch's `greater_than` transform. */
export function greaterThan(lo: number): Constraint {
  if (!Number.isFinite(lo)) throw new RangeError(`greaterThan: lo must be finite, got ${lo}`);
  return {
    spec: { type: "greaterThan", lo },
    check: (x) => x > lo && x < Infinity,
    transform: (u) => add(lo, exp(u)),
    inverse: (x) => Math.log(x - lo),
  };
}

/** Rebuild a constraint from its JSON description. */
export function fromSpec(spec: ConstraintSpec): Constraint {
  switch (spec.type) {
    case "real": return real;
    case "positive": return positive;
    case "nonnegative": return nonnegative;
    case "boolean": return boolean;
    case "unitInterval": return unitInterval;
    case "interval": return interval(spec.lo, spec.hi);
    case "greaterThan": return greaterThan(spec.lo);
    default: throw new TypeError(`unknown constraint ${JSON.stringify(spec)}`);
  }
}
