// Fuzz: every distribution's constructor with each parameter an arbitrary value (a number, a Float64Array, a
// scalar or vector node, or anything else: test/helpers/fuzz.ts), the others valid; logProb, logProbSum, sample
// and rsample with arbitrary values and generators; kl with arbitrary pairs. The law: a TypeError or RangeError that
// starts with the distribution (or kl) and names the parameter or value; or an answer that is right: the mean in
// closed form from the plain parameters (elementwise for a batch), logProb elementwise and summed consistently, a
// draw in the support, KL(p ‖ q) >= 0 and KL(p ‖ p) = 0.
import { test } from "uvu";
import fc from "fast-check";
import { Tape, valueOf, type Value } from "../../src/autodiff/index.ts";
import {
  Bernoulli, Beta, Binomial, Categorical, Dirichlet, Exponential, Gamma, HalfNormal, LogNormal, Normal, Poisson, Uniform,
  kl, type Distribution,
} from "../../src/distributions/index.ts";
import { Rng, createRng } from "../../src/random/index.ts";
import { any, double, law, reportCounts } from "../helpers/fuzz.ts";

const tape = new Tape();
/** A node to be made at call time (see test/autodiff/fuzz.test.ts). */
class NodeSpec {
  constructor(readonly value: number | Float64Array) {}
}
const nodeSpec = fc.oneof(double.map((v) => new NodeSpec(v)), fc.float64Array({ minLength: 1, maxLength: 3 }).map((v) => new NodeSpec(v)));
const arg = fc.oneof(any, double, fc.float64Array({ minLength: 1, maxLength: 3 }), nodeSpec);
const make = (x: unknown): unknown => (x instanceof NodeSpec ? tape.variable(typeof x.value === "number" ? x.value : x.value.slice()) : x);
const plain = (x: unknown): number | Float64Array | undefined =>
  x instanceof NodeSpec ? x.value : typeof x === "number" || x instanceof Float64Array ? x : undefined;
const pos = (v: number): boolean => v > 0 && v < Infinity;
const fin = Number.isFinite;
const unit = (v: number): boolean => v >= 0 && v <= 1;
const near = (a: number, b: number): boolean => Object.is(a, b) || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(b), 1e-300);

interface Row {
  name: string;
  params: string[];
  valid: number[];
  ok: ((v: number) => boolean)[];
  make: (...p: unknown[]) => Distribution;
  mean: (...p: number[]) => number;
}
const rows: Row[] = [
  { name: "Beta", params: ["concentration1", "concentration0"], valid: [2, 3], ok: [pos, pos], make: (a, b) => new Beta(a as number, b as number), mean: (a, b) => a! / (a! + b!) },
  { name: "Gamma", params: ["concentration", "rate"], valid: [2, 3], ok: [pos, pos], make: (a, b) => new Gamma(a as number, b as number), mean: (a, r) => a! / r! },
  { name: "Normal", params: ["loc", "scale"], valid: [0.5, 2], ok: [fin, pos], make: (a, b) => new Normal(a as number, b as number), mean: (m) => m! },
  { name: "LogNormal", params: ["loc", "scale"], valid: [0.5, 2], ok: [fin, pos], make: (a, b) => new LogNormal(a as number, b as number), mean: (m, s) => Math.exp(m! + (s! * s!) / 2) },
  { name: "HalfNormal", params: ["scale"], valid: [2], ok: [pos], make: (s) => new HalfNormal(s as number), mean: (s) => s! * Math.sqrt(2 / Math.PI) },
  { name: "Exponential", params: ["rate"], valid: [2], ok: [pos], make: (r) => new Exponential(r as number), mean: (r) => 1 / r! },
  { name: "Uniform", params: ["low", "high"], valid: [-1, 2], ok: [fin, fin], make: (a, b) => new Uniform(a as number, b as number), mean: (a, b) => (a! + b!) / 2 },
  { name: "Poisson", params: ["rate"], valid: [3], ok: [(v) => v >= 0 && v < Infinity], make: (r) => new Poisson(r as number), mean: (r) => r! },
  { name: "Bernoulli", params: ["probs"], valid: [0.3], ok: [unit], make: (p) => new Bernoulli(p as number), mean: (p) => p! },
  { name: "Binomial", params: ["totalCount", "probs"], valid: [7, 0.3], ok: [(v) => Number.isInteger(v) && v >= 0 && v < 2 ** 53, unit],
    make: (n, p) => new Binomial(n as number, p as number), mean: (n, p) => n! * p! },
];

const meanOf = (d: Distribution): number | Float64Array => valueOf(d.mean as Value);

test("every constructor: each parameter as a number, Float64Array, scalar or vector node, or anything", () => {
  for (const row of rows) {
    row.params.forEach((name, k) => {
      law(row.name, new RegExp(`^${row.name}: `), name, (x) => {
        const args: unknown[] = row.valid.slice();
        args[k] = make(x);
        return row.make(...args);
      }, (x, r) => {
        const p = plain(x);
        if (p === undefined || !(r instanceof Object)) return false;
        const at = (i: number): number[] => row.valid.map((v, j) => (j === k ? (typeof p === "number" ? p : p[i]!) : v));
        // Uniform needs low < high, a rule across its parameters.
        const okAt = (i: number): boolean => at(i).every((v, j) => row.ok[j]!(v)) && (row.name !== "Uniform" || at(i)[0]! < at(i)[1]!);
        const m = meanOf(r as Distribution);
        if (typeof p === "number") return okAt(0) && typeof m === "number" && near(m, row.mean(...at(0)));
        return m instanceof Float64Array && m.length === p.length && Array.from(p, (_, i) => okAt(i) && near(m[i]!, row.mean(...at(i)))).every(Boolean);
      }, { arb: arg, seed: 3 + k });
    });
  }
  // The record forms of Bernoulli and Binomial: { probs } and { logits }.
  for (const [name, mk, ok] of [
    ["Bernoulli", (x: unknown) => new Bernoulli(x as never), (p: number) => p],
    ["Binomial", (x: unknown) => new Binomial(1, x as never), (p: number) => p],
  ] as const) {
    for (const key of ["probs", "logits"] as const) {
      law(name, new RegExp(`^${name}: `), key, (x) => mk({ [key]: make(x) }), (x, r) => {
        const p = plain(x), m = meanOf(r as Distribution);
        const want = (v: number): number => ok(key === "probs" ? v : 1 / (1 + Math.exp(-v)));
        const good = (v: number): boolean => (key === "probs" ? unit(v) : fin(v));
        if (typeof p === "number") return good(p) && typeof m === "number" && Math.abs(m - want(p)) <= 1e-15;
        return p instanceof Float64Array && m instanceof Float64Array && p.every(good) && p.every((v, i) => Math.abs(m[i]! - want(v)) <= 1e-15);
      }, { arb: arg });
    }
  }
  law("Dirichlet", /^Dirichlet: /, "concentration", (x) => new Dirichlet(make(x) as never), (x, r) => {
    const p = plain(x), m = meanOf(r as Distribution);
    if (!(p instanceof Float64Array) || !(m instanceof Float64Array) || !p.every(pos)) return false;
    const s = p.reduce((a, b) => a + b, 0);
    return p.length >= 1 && p.every((v, i) => near(m[i]!, v / s));
  }, { arb: arg });
  law("Categorical", /^Categorical: /, /probs|logits|weights|sum/, (x) => new Categorical(make(x) as never), (x, r) => {
    const p = plain(x);
    return p instanceof Float64Array && p.length >= 1 && p.every((v) => v >= 0 && v < Infinity) && p.some((v) => v > 0) && r instanceof Categorical;
  }, { arb: arg });
});

/** A valid scalar instance and a batch of 3 of each distribution, for the methods. */
const instances: [string, Distribution][] = [
  ...rows.map((r) => [r.name, r.make(...r.valid)] as [string, Distribution]),
  ["Beta", new Beta(Float64Array.of(0.5, 2, 7), 3)], ["Gamma", new Gamma(2, Float64Array.of(0.5, 2, 7))],
  ["Normal", new Normal(Float64Array.of(0, 1, -1), 2)], ["Dirichlet", new Dirichlet(Float64Array.of(0.5, 2, 7))],
  ["Categorical", new Categorical(Float64Array.of(1, 2, 3))], ["Bernoulli", new Bernoulli({ logits: Float64Array.of(0, 1, -1) })],
];

test("logProb and logProbSum of arbitrary values; sample and rsample with arbitrary generators", () => {
  for (const [name, d] of instances) {
    const where = new RegExp(`^${name}: `), batch = d.batchShape.length > 0, event = d.eventShape.length > 0;
    // Uniform's density is taken on the closed [low, high] (its support constraint is the open interval).
    const one = (v: number): boolean => (d instanceof Uniform ? v >= -1 && v <= 2 : d.support.check(v as never));
    const inSupport = (p: number | Float64Array): boolean => {
      if (event) return p instanceof Float64Array && p.length === d.eventShape[0] && d.support.check(p as never);
      return typeof p === "number" ? one(p) : p.every(one);
    };
    law(`${name}.logProb`, where, /\bvalue\b|must be of length/, (x) => d.logProb(make(x) as never), (x, r) => {
      const p = plain(x);
      if (p === undefined || !inSupport(p)) return false;
      const v = valueOf(r as Value);
      if (event) return typeof v === "number" && !Number.isNaN(v);
      const n = batch ? d.batchShape[0]! : typeof p === "number" ? -1 : p.length;
      if (n < 0) return typeof v === "number" && !Number.isNaN(v) && v < Infinity;
      if (!(v instanceof Float64Array) || v.length !== n || v.some((e) => Number.isNaN(e))) return false;
      // Elementwise: element i of a batch (or of n observations) is the scalar logProb of its own element.
      const s = valueOf(d.logProbSum(make(x) as never) as Value) as number, total = v.reduce((a, b) => a + b, 0);
      return Object.is(s, total) || Math.abs(s - total) <= 1e-12 * Math.max(Math.abs(total), 1);
    }, { arb: fc.oneof(arg, fc.float64Array({ min: 0, max: 1, minLength: 3, maxLength: 3 }), fc.constantFrom(0, 1, 2, 0.5)) });
    // Σ log p: the sum of logProb's elements (NaN only where that sum is: +∞ and -∞ at an edge of the support).
    law(`${name}.logProbSum`, where, /\bvalue\b|must be of length/, (x) => d.logProbSum(make(x) as never), (x, r) => {
      const p = plain(x), v = valueOf(r as Value);
      if (p === undefined || !inSupport(p) || typeof v !== "number") return false;
      const each = valueOf(d.logProb(p) as Value), total = typeof each === "number" ? each : each.reduce((a, b) => a + b, 0);
      return Object.is(v, total) || Math.abs(v - total) <= 1e-12 * Math.max(Math.abs(total), 1);
    }, { arb: fc.oneof(arg, fc.constantFrom(0, 1, 2, 0.5)) });
    const rng = createRng(5), state = (): string => JSON.stringify(rng.getState());
    for (const method of ["sample", "rsample"] as const) {
      if (method === "rsample" && !d.hasRsample) continue;
      law(`${name}.${method}`, /^\w+: /, "rng", (x) => d[method](x as Rng), (x, r) => x instanceof Rng && inSupport(valueOf(r as Value)),
        { arb: fc.oneof(any, fc.constant(rng)), state });
    }
    const v = valueOf(d.variance as Value);
    if (!(typeof v === "number" ? v >= 0 : v.every((e) => e >= 0))) throw new Error(`${name}: variance ${v}`);
  }
});

test("kl with arbitrary pairs", () => {
  const dists = instances.map(([, d]) => d);
  const pick = fc.oneof(any, fc.constantFrom(...dists));
  const okKl = (p: unknown, q: unknown, r: unknown): boolean => {
    const v = valueOf(r as Value), sp = p === q;
    const good = (e: number): boolean => e >= -1e-12 && e <= Infinity && (!sp || Math.abs(e) <= 1e-12);
    return typeof v === "number" ? good(v) : v.every(good);
  };
  for (const d of dists) {
    law("kl", /^kl(\(\w+, \w+\))?: /, /\(p, q\)|totalCount|length/, (x) => kl(x as Distribution, d), (x, r) => okKl(x, d, r), { arb: pick });
    law("kl", /^kl(\(\w+, \w+\))?: /, /\(p, q\)|totalCount|length/, (x) => kl(d, x as Distribution), (x, r) => okKl(d, x, r), { arb: pick, seed: 2 });
  }
});

test("case counts per entry (printed for the report)", () => reportCounts("distributions"));

test.run();
