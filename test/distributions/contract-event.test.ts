// The contract of the distributions whose parameter is ONE vector of K numbers (Categorical's weights or logits,
// Dirichlet's concentration), as one table: contract.test.ts holds the distributions with scalar parameters, whose
// laws (batches of n, a RangeError naming a parameter) do not apply here. A row per distribution or
// parameterization; each law runs over every row. A new distribution with a vector parameter (a Multinomial, a
// multivariate Normal) gets the whole contract by adding its row. Distribution-specific tests (edges, Jacobians,
// KS tests of marginals) stay in categorical.test.ts and dirichlet.test.ts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Tape, Var, Vec, dot, sum, valueAndGrad, valueOf, type Scalar, type Value } from "../../src/autodiff/index.ts";
import { Categorical, Dirichlet, constraints, type Distribution } from "../../src/distributions/index.ts";
import { createRng } from "../../src/random/index.ts";
import { readFixture } from "../helpers/accuracy.ts";
import { throws } from "../helpers/throws.ts";

/** A reference log-density: the parameter vector, the value, and log p from mpmath (with Σ|terms| where they cancel). */
interface Reference { param: number[]; x: number | number[]; logProb: number; scale: number }

/** One row of the table. */
interface Row {
  name: string;
  /** The parameter's name as the constructor's messages give it. */
  param: string;
  make: (p: Float64Array | Vec) => Distribution;
  /** A few parameter vectors, extreme ones included. */
  sets: number[][];
  /** The fixture's reference log-densities. */
  references: () => Reference[];
  /** Numbers that are not a valid element of the parameter (a RangeError naming `param[1]`). */
  outside: number[];
  /** Values outside the support for a parameter of length 3 (a RangeError naming the value). */
  notInSupport: Value[];
  /** The event's length: 0 for a draw that is one number (Categorical), K for a point of the simplex (Dirichlet). */
  event: (K: number) => number;
}

const discrete = readFixture(new URL("../fixtures/discrete.json", import.meta.url)) as Record<string, { probs?: number[]; logits?: number[]; logProb: number[] }[]>;
const continuous = readFixture(new URL("../fixtures/continuous.json", import.meta.url)) as Record<string, { params: { concentration: number[][] }; x: number[][]; logProb: number[]; scale: number[] }>;

/** Categorical fixture rows give log P(k) for every k: one reference each (no cancellation: scale = |log P|). */
const categoricalRefs = (section: string, key: "probs" | "logits") => (): Reference[] =>
  discrete[section]!.flatMap((r) => r.logProb.map((lp, k) => ({ param: r[key]!, x: k, logProb: lp, scale: Math.abs(lp) })));

const TABLE: Row[] = [
  {
    name: "Categorical (probs)",
    param: "probs",
    make: (p) => new Categorical(p),
    sets: [[0.2, 0.5, 0.3], [1, 2, 3, 4], [1e-3, 1, 1e-3], [0, 5, 1]],
    references: categoricalRefs("categorical", "probs"),
    outside: [-1, -1e-300, Infinity, NaN],
    notInSupport: [-1, 3, 0.5, NaN, Infinity],
    event: () => 0,
  },
  {
    name: "Categorical (logits)",
    param: "logits",
    make: (p) => new Categorical({ logits: p }),
    sets: [[0, 0, 0], [-1, 2, 0.5], [10, -10, 0], [-3, -3.5, -4, 1]],
    references: categoricalRefs("categoricalLogits", "logits"),
    outside: [NaN, Infinity],
    notInSupport: [-1, 3, 0.5, NaN],
    event: () => 0,
  },
  {
    name: "Dirichlet",
    param: "concentration",
    make: (p) => new Dirichlet(p),
    sets: [[1, 1, 1], [0.5, 2, 7], [50, 20, 30], [0.1, 0.1, 0.1, 0.1]],
    references: () => {
      const f = continuous.dirichlet!;
      return f.x.map((x, i) => ({ param: f.params.concentration[i]!, x, logProb: f.logProb[i]!, scale: f.scale[i]! }));
    },
    outside: [0, -0, -1, Infinity, NaN],
    notInSupport: [0.5, Float64Array.of(0.5, 0.5), Float64Array.of(0.5, 0.6, -0.1), Float64Array.of(0.2, 0.2, 0.2)],
    event: (K) => K,
  },
];

const EPS = 2 ** -53;
const f64 = (a: number[]): Float64Array => Float64Array.from(a);
/** A plain draw as an array of numbers (one number for a scalar event). */
const flat = (x: unknown): number[] => (typeof x === "number" ? [x] : Array.from(valueOf(x as Value) as Float64Array));


for (const row of TABLE) {
  test(`${row.name}: draws lie in the support, with the event shape; rsample (where present) is a node on the parameter's tape`, () => {
    for (const [k, set] of row.sets.entries()) {
      const d = row.make(f64(set)), rng = createRng(10 + k), K = set.length;
      assert.equal(d.batchShape, []);
      assert.equal(d.eventShape, row.event(K) === 0 ? [] : [K]);
      for (let i = 0; i < 500; i++) {
        const x = d.sample(rng);
        assert.ok(d.support.check(x as never), `${row.name}(${set}).sample = ${x}`);
        assert.is(flat(x).length, Math.max(1, row.event(K)));
      }
      if (!d.hasRsample) {
        assert.throws(() => d.rsample(rng), TypeError);
        continue;
      }
      const tape = new Tape(), node = tape.variable(f64(set)), z = row.make(node).rsample(rng);
      assert.ok(z instanceof Vec && z.tape === tape && d.support.check(z.value as never), `${row.name}(${set}): node draw`);
    }
  });

  test(`${row.name}: the support rebuilds from its JSON spec into the same set`, () => {
    const d = row.make(f64(row.sets[0]!));
    const again = constraints.fromSpec(JSON.parse(JSON.stringify(d.support.spec)));
    const probes: Value[] = [0, 1, 2, -1, 0.5, NaN, Float64Array.of(0.2, 0.3, 0.5), Float64Array.of(1, 0, 0), ...row.notInSupport];
    for (const x of probes) assert.is(again.check(x as never), d.support.check(x as never), `check(${x})`);
  });

  test(`${row.name}: logProb matches the 40-digit fixture to 1e-13 relative, or 8 ulps of its terms' scale under cancellation`, () => {
    const refs = row.references();
    assert.ok(refs.length > 10, `${row.name}: ${refs.length} references`);
    for (const r of refs) {
      const x = typeof r.x === "number" ? r.x : f64(r.x);
      const got = row.make(f64(r.param)).logProb(x) as number, what = `${row.name}(${r.param}).logProb(${r.x}) = ${got}, fixture ${r.logProb}`;
      if (!Number.isFinite(r.logProb)) {
        assert.is(got, r.logProb, what);
        continue;
      }
      const err = Math.abs(got - r.logProb);
      assert.ok(err <= 1e-13 * Math.abs(r.logProb) || err <= 8 * EPS * r.scale, `${what}: error ${err}`);
    }
  });

  test(`${row.name}: the sample mean and variance of every coordinate match the getters within 5 standard errors`, () => {
    const n = 20_000;
    for (const [k, set] of row.sets.entries()) {
      const d = row.make(f64(set)), rng = createRng(200 + k);
      const mean = flat(d.mean), variance = flat(d.variance), m = mean.length;
      const s1 = new Float64Array(m), s2 = new Float64Array(m), s4 = new Float64Array(m);
      for (let i = 0; i < n; i++) {
        flat(d.sample(rng)).forEach((x, j) => {
          const c = (x - mean[j]!) ** 2;
          s1[j] += x;
          s2[j] += c;
          s4[j] += c * c;
        });
      }
      for (let j = 0; j < m; j++) {
        const mu = s1[j]! / n, v = s2[j]! / n;
        // The mean's standard error is sqrt(Var/n); the variance's, that of the sample mean of (x - μ)².
        const seMean = Math.sqrt(variance[j]! / n), seVar = Math.sqrt(Math.max(s4[j]! / n - v * v, 0) / n);
        assert.ok(Math.abs(mu - mean[j]!) <= 5 * seMean + 1e-15, `${row.name}(${set}) mean[${j}]: ${mu} vs ${mean[j]}`);
        assert.ok(Math.abs(v - variance[j]!) <= 5 * seVar + 1e-15, `${row.name}(${set}) variance[${j}]: ${v} vs ${variance[j]}`);
      }
    }
  });

  test(`${row.name}: mean and variance are differentiable in the parameter: their gradient matches central differences`, () => {
    const set = row.sets[1]!, h = 1e-6;
    // A weighted sum of the coordinates: Dirichlet's mean sums to 1 for every α, so its plain sum has no gradient.
    const weigh = (v: Value): number | Scalar => (typeof v === "number" || v instanceof Var ? v : dot(f64(set.map((_, j) => j + 1)), v as Vec));
    for (const get of [(d: Distribution) => d.mean, (d: Distribution) => d.variance]) {
      const plain = (p: number[]): number => valueOf(weigh(get(row.make(f64(p))) as Value) as Value) as number;
      const { grad } = valueAndGrad((p: Vec) => weigh(get(row.make(p)) as Value) as Scalar)(f64(set));
      set.forEach((_, j) => {
        const up = set.slice(), down = set.slice();
        up[j]! += h * Math.max(1, Math.abs(set[j]!));
        down[j]! -= h * Math.max(1, Math.abs(set[j]!));
        const numeric = (plain(up) - plain(down)) / (up[j]! - down[j]!), g = (grad[0] as Float64Array)[j]!;
        assert.ok(Math.abs(g - numeric) <= 1e-6 * Math.max(1, Math.abs(numeric)), `${row.name}(${set}) d/d${row.param}[${j}]: ${g} vs ${numeric}`);
      });
    }
  });

  test(`${row.name}: detach() keeps the parameter's value but not its node`, () => {
    for (const set of row.sets) {
      const d0 = row.make(f64(set)), x = d0.sample(createRng(300));
      const run = (cut: boolean) => valueAndGrad((p: Vec) => {
        const d = row.make(p);
        return (cut ? d.detach() : d).logProb(x as Value) as Scalar;
      })(f64(set));
      const full = run(false), cut = run(true);
      assert.is(cut.value, full.value, `${row.name}(${set}): value`);
      assert.ok((cut.grad[0] as Float64Array).every((g) => g === 0), `${row.name}(${set}): gradient after detach`);
      if (Number.isFinite(full.value)) assert.ok((full.grad[0] as Float64Array).some((g) => g !== 0), `${row.name}(${set}): no gradient without detach`);
      assert.is(row.make(new Tape().variable(f64(set))).detach().logProb(x as Value), d0.logProb(x as Value));
    }
  });

  test(`${row.name}: logProbSum of one value is its logProb; of several draws (a scalar event) their sum, in value and gradient`, () => {
    for (const [k, set] of row.sets.entries()) {
      const d = row.make(f64(set)), rng = createRng(400 + k), x = d.sample(rng) as Value;
      assert.is(d.logProbSum(x), d.logProb(x), `${row.name}(${set})`);
      if (row.event(set.length) > 0) continue;
      const xs = Float64Array.from({ length: 9 }, () => d.sample(rng) as number);
      const s = valueAndGrad((p: Vec) => row.make(p).logProbSum(xs))(f64(set));
      const t = valueAndGrad((p: Vec) => sum(row.make(p).logProb(xs) as Vec))(f64(set));
      const close = (a: number, b: number): boolean => a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
      assert.ok(close(s.value, t.value), `${row.name}(${set}): ${s.value} vs ${t.value}`);
      (s.grad[0] as Float64Array).forEach((g, j) => assert.ok(close(g, (t.grad[0] as Float64Array)[j]!), `${row.name}(${set}) d/d${row.param}[${j}]`));
    }
  });

  test(`${row.name}: an element outside the parameter's domain is a RangeError naming ${row.param}[1], plain or as a node`, () => {
    for (const bad of row.outside) {
      const v = f64([1, bad, 2]);
      throws(() => row.make(v), RangeError, new RegExp(`\\b${row.param}\\[1\\]`), `${row.name}: ${row.param}[1] = ${bad}`);
      throws(() => row.make(new Tape().variable(v)), RangeError, new RegExp(`\\b${row.param}\\[1\\]`), `${row.name}: node ${row.param}[1] = ${bad}`);
    }
    throws(() => row.make(new Float64Array(0)), RangeError, new RegExp(`\\b${row.param}\\b`), `${row.name}: empty`);
  });

  test(`${row.name}: a parameter that is not a vector is a TypeError naming it`, () => {
    for (const bad of [1, [1, 2], "1", true, null, undefined, {}, 1n, new Int32Array(2)]) {
      throws(() => row.make(bad as never), TypeError, new RegExp(`\\b${row.param}\\b`), `${row.name}: ${String(bad)}`);
    }
  });

  test(`${row.name}: a value outside the support is a RangeError naming the value`, () => {
    const d = row.make(f64(row.sets[0]!.slice(0, 3)));
    for (const x of row.notInSupport) throws(() => d.logProb(x), RangeError, /value|support/, `${row.name}.logProb(${x})`);
  });
}

test.run();
