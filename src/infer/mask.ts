// Masking (Pyro's poutine.mask): mask(fn, m) runs fn with every sample site's log-density restricted to the
// elements where m is 1. The handler wraps each site's distribution in a Masked one (Pyro's MaskedDistribution), so
// the ELBO honours a mask through the distribution it already scores, with no masking code of its own.
// Called by models and guides; read scale.ts and condition.ts for the other site-level handlers.
import { Vec, sum, valueOf, vecNode, type Scalar, type Value, type Vector } from "../autodiff/index.ts";
import type { Constraint, Distribution, PlainDraw } from "../distributions/index.ts";
import { check, checkType } from "../check.ts";
import type { Rng } from "../random/index.ts";
import { handle } from "./runtime.ts";

/** A mask: true keeps every element, false none, an array of 0/1 (or booleans) one flag per element of a site. */
export type MaskValue = boolean | Float64Array | Uint8Array | readonly boolean[];

/** A checked mask: a boolean, or a Uint8Array of 0/1 flags. */
type Flags = boolean | Uint8Array;

/**
 * mask(fn, m) returns a function that runs fn with the same arguments, and each sample site inside (observed or
 * latent, in a model or a guide) scored as
 *
 *     log p_masked(x) = Σ_{i : m_i = 1} log p(x_i)
 *
 * so that an element with m_i = 0 adds exactly 0, even where log p(x_i) is -∞, and gets no gradient (Pyro's
 * torch.where, not a product with m, which would give 0 · (-∞) = NaN). As Pyro's MaskMessenger: `m` true changes
 * nothing, false removes the site's log-density, and an array has one flag per element of the site's log-density
 * (per observation, or per batch element inside a plate: gather it with the plate's indices under subsampling).
 * Nested masks combine by AND. Draws are unchanged, and values are still checked against the support, masked or
 * not (as Pyro's validation does). A length that differs from the site's element count is a RangeError naming the
 * site when the site is scored.
 *
 * Source: Pyro 1.8's pyro/poutine/mask_messenger.py and pyro/distributions/torch_distribution.py
 * (MaskedDistribution); the semantics were checked by running Pyro 1.8.4 (docs/07-predictive-and-handlers.md).
 * @throws TypeError unless fn is a function and m a boolean, Float64Array, Uint8Array or boolean array;
 * RangeError naming the element unless every flag is 0 or 1.
 */
export function mask<A extends unknown[], R>(fn: (...args: A) => R, m: MaskValue): (...args: A) => R {
  checkType(typeof fn === "function", "fn", "a function", fn, "mask");
  const flags = toFlags(m);
  return (...args: A) => handle({
    process(msg) {
      if (msg.type !== "sample" || flags === true) return;
      const base = msg.fn!;
      msg.fn = base instanceof Masked ? new Masked(base.base, and(base.flags, flags, msg.name)) : new Masked(base, flags);
    },
  }, fn, args);
}

/** m as checked flags: a boolean, or a new Uint8Array of its 0/1 elements. */
function toFlags(m: unknown): Flags {
  if (typeof m === "boolean") return m;
  const ok = m instanceof Float64Array || m instanceof Uint8Array || (Array.isArray(m) && m.every((b) => typeof b === "boolean"));
  checkType(ok, "mask", "a boolean, Float64Array, Uint8Array or boolean[]", m, "mask");
  const xs = m as ArrayLike<number | boolean>, flags = new Uint8Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = +xs[i]!;
    check(x === 0 || x === 1, `mask[${i}]`, "0 or 1", xs[i], "mask");
    flags[i] = x;
  }
  return flags;
}

/** a AND b, elementwise. @throws RangeError naming the site when the two arrays differ in length. */
function and(a: Uint8Array | false, b: Uint8Array | false, name: string): Uint8Array | false {
  if (a === false || b === false) return false;
  check(a.length === b.length, "mask length", `${a.length} (as the inner mask's)`, b.length, `mask of sample "${name}"`);
  return a.map((x, i) => x & b[i]!);
}

/**
 * A distribution whose log-density keeps only the flagged elements: logProb(x)_i = flags_i ? log p(x_i) : 0, and
 * logProbSum their sum (the general path: a masked site never takes a distribution's fused one-pass sum).
 * Everything else (draws, support, shapes, moments) is the base distribution's.
 */
export class Masked<D extends Value = Value> implements Distribution<D> {
  /** The distribution masked. */
  declare readonly base: Distribution<D>;
  /** Which elements count: 1 keeps an element; false keeps none. */
  declare readonly flags: Uint8Array | false;

  /**
   * @throws TypeError unless base is a distribution (an object with logProb) and flags false or a Uint8Array;
   * RangeError naming the element unless every flag is 0 or 1.
   */
  constructor(base: Distribution<D>, flags: Uint8Array | false) {
    checkType(typeof (base as Partial<Distribution> | null)?.logProb === "function", "base", "a distribution", base, "Masked");
    checkType(flags === false || flags instanceof Uint8Array, "flags", "false or a Uint8Array of 0/1 flags", flags, "Masked");
    if (flags) for (let i = 0; i < flags.length; i++) check(flags[i]! <= 1, `flags[${i}]`, "0 or 1", flags[i], "Masked");
    this.base = base;
    this.flags = flags;
  }

  get hasRsample(): boolean { return this.base.hasRsample; }
  get support(): Constraint { return this.base.support; }
  get batchShape(): readonly number[] { return this.base.batchShape; }
  get eventShape(): readonly number[] { return this.base.eventShape; }
  get mean(): Value { return this.base.mean; }
  get variance(): Value { return this.base.variance; }
  sample(rng: Rng): PlainDraw<D> { return this.base.sample(rng); }
  rsample(rng: Rng): D { return this.base.rsample(rng); }
  checkSupport(x: Value): void { this.base.checkSupport(x); }
  detach(): Distribution<D> { return new Masked(this.base.detach(), this.flags); }
  /** The base expanded to n elements, with the same flags (a masked latent drawn inside a plate). */
  expand(n: number): Distribution<Vector> {
    checkType(typeof this.base.expand === "function", "base", "a distribution with expand", this.base, "Masked.expand");
    return new Masked(this.base.expand!(n), this.flags);
  }

  /** log p(x_i) where flagged, 0 elsewhere. @throws RangeError when the flags do not match the elements. */
  logProb(x: Value): Value {
    return masked(this.base.logProb(x), this.flags);
  }

  /** Σ over flagged elements of log p(x_i); with no element flagged, 0 after the support check. */
  logProbSum(x: Value): Scalar {
    if (this.flags !== false) return maskedSum(this.base.logProb(x), this.flags);
    this.base.checkSupport(x);
    return 0;
  }
}

/**
 * The flags q and p share (true: neither is masked), or undefined when their masks differ. TraceMeanFieldELBO takes
 * a closed-form KL only for a pair with one shared mask (Σ_i m_i KL_i is then the masked E_q[log q - log p]); Pyro
 * applies the guide's mask alone.
 */
export function sharedFlags(q: Distribution, p: Distribution): Uint8Array | boolean | undefined {
  const fq = q instanceof Masked ? q.flags : true, fp = p instanceof Masked ? p.flags : true;
  const same = fq === fp || (fq instanceof Uint8Array && fp instanceof Uint8Array && fq.length === fp.length && fq.every((x, i) => x === fp[i]));
  return same ? fq : undefined;
}

/** d without its mask. */
export const unmasked = (d: Distribution): Distribution => (d instanceof Masked ? d.base : d);

/** Σ_i flags_i · x_i with flagged-out elements exactly 0 (see {@link select}); true: Σ x_i; false: 0. */
export function maskedSum(x: Value, flags: Uint8Array | boolean): Scalar {
  const m = flags === true ? x : masked(x, flags);
  return typeof valueOf(m) === "number" ? (m as Scalar) : sum(m as Vec | Float64Array);
}

/** x with its flagged-out elements 0. @throws RangeError unless there is one flag per element of x. */
function masked(x: Value, flags: Uint8Array | false): Value {
  const v = valueOf(x), n = typeof v === "number" ? 1 : v.length;
  if (flags !== false) check(flags.length === n, "mask length", `${n} (one flag per element of the site)`, flags.length, "mask");
  if (typeof v === "number") return flags !== false && flags[0] ? x : 0;
  return select(x as Vec | Float64Array, flags);
}

/**
 * out_i = flags_i ? x_i : 0 (torch.where(mask, x, 0)): a flagged-out element is 0 whatever x_i is (-∞ included),
 * and d out_i / d x_i = flags_i, so no gradient reaches it. A plain array gives a plain array.
 */
function select(x: Vec | Float64Array, flags: Uint8Array | false): Vec | Float64Array {
  const xv = valueOf(x), n = xv.length, out = new Float64Array(n);
  if (flags !== false) for (let i = 0; i < n; i++) if (flags[i]) out[i] = xv[i]!;
  if (!(x instanceof Vec)) return out;
  const t = x.tape;
  const node = vecNode(t, out);
  t.pushBackward(node.index, () => {
    const g = node.adjoint;
    if (!g || flags === false) return;
    const adj = x.adjointOrZeros;
    for (let i = 0; i < n; i++) if (flags[i]) adj[i]! += g[i]!;
  });
  return node;
}

// Performance notes. Masking lives in the distribution a masked site carries, not in the ELBO: an app that never
// masks bundles none of this file, and the ELBO's per-site scoring (the hot path of every step) gains no test.
