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

// The few pieces every constraint below is made of: the identity, logit = σ⁻¹, and membership of (lo, ∞).
const identity = <T>(x: T): T => x;
/** logit x = log(x / (1 - x)), as log x - log1p(-x): no cancellation in 1 - x for x near 0. */
const logit = (x: number): number => Math.log(x) - Math.log1p(-x);
/** Membership of (lo, ∞); `x < Infinity` also rejects NaN. */
const above = (lo: number) => (x: number): boolean => x > lo && x < Infinity;

/**
 * A constraint from its parts: the spec's type (and, for the families, their bounds), membership, and the
 * bijection; a set with no bijection to speak of (ℝ itself, {0, 1}) keeps the identity.
 */
const constraint = (
  type: ConstraintSpec["type"],
  check: (x: number) => boolean,
  transform: (u: Value) => Value = identity,
  inverse: (x: number) => number = identity,
  bounds?: { lo: number; hi?: number },
): Constraint => ({ spec: { type, ...bounds } as ConstraintSpec, check, transform, inverse });

// The named constraints. `@__PURE__` tells a bundler that each call only builds an object, so a program that
// never uses, say, `boolean` does not carry it.

/** ℝ: the identity transform. */
export const real: Constraint = /* @__PURE__ */ constraint("real", (x) => !Number.isNaN(x));

/** (0, ∞): x = exp(u), u = log x, as in PyTorch's `constraints.positive` (so Adam acts on log x). */
export const positive: Constraint = /* @__PURE__ */ constraint("positive", above(0), exp, Math.log);

/** [0, ∞): a support (Gamma's); as a parameter constraint it transforms like {@link positive}. */
export const nonnegative: Constraint = /* @__PURE__ */ constraint("nonnegative", (x) => x >= 0 && x < Infinity, exp, Math.log);

/** {0, 1}: the support of a Bernoulli observation (no bijection from ℝ: transform and inverse are identities). */
export const boolean: Constraint = /* @__PURE__ */ constraint("boolean", (x) => x === 0 || x === 1);

/** [0, 1] (the transform reaches the open interval): x = σ(u), u = logit x = log(x / (1 - x)). */
export const unitInterval: Constraint = /* @__PURE__ */ constraint("unitInterval", (x) => x >= 0 && x <= 1, sigmoid, logit);

/** (lo, hi): x = lo + (hi - lo)·σ(u), u = logit((x - lo) / (hi - lo)). */
export function interval(lo: number, hi: number): Constraint {
  const width = hi - lo;
  // A finite positive width needs finite bounds; it also rules out (-1e308, 1e308), whose width overflows.
  if (!(lo < hi && width < Infinity)) throw new RangeError(`interval(${lo}, ${hi}): need finite lo < hi`);
  return constraint(
    "interval", (x) => x > lo && x < hi, (u) => add(lo, mul(width, sigmoid(u))), (x) => logit((x - lo) / width), { lo, hi },
  );
}

/** (lo, ∞): x = lo + exp(u), u = log(x - lo), as PyTorch's `greater_than` transform. */
export function greaterThan(lo: number): Constraint {
  if (!Number.isFinite(lo)) throw new RangeError(`greaterThan(${lo}): need finite lo`);
  return constraint("greaterThan", above(lo), (u) => add(lo, exp(u)), (x) => Math.log(x - lo), { lo });
}

/** Rebuild a constraint from its JSON description: the bounded families by their bounds, the rest by name. */
export function fromSpec(spec: ConstraintSpec): Constraint {
  if (spec.type === "interval") return interval(spec.lo, spec.hi);
  if (spec.type === "greaterThan") return greaterThan(spec.lo);
  const found = [real, positive, nonnegative, boolean, unitInterval].find((c) => c.spec.type === spec.type);
  if (!found) throw new TypeError(`unknown constraint ${JSON.stringify(spec)}`);
  return found;
}
