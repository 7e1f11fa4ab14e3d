// The contract every distribution keeps (src/distributions/distribution.ts): parameters and values are validated
// with RangeErrors that name the parameter or the value's position; `support` and `hasRsample` say what sample and
// rsample give; detach() cuts the parameters off the tape; logProbSum is the sum of logProb.
// Per-distribution accuracy and gradients are in beta/gamma/bernoulli.test.ts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Tape, Var, sum, valueAndGrad, type Scalar, type Vec } from "../../src/autodiff/index.ts";
import { Bernoulli, Beta, Gamma, constraints, type Distribution } from "../../src/distributions/index.ts";
import { createRng } from "../../src/random/index.ts";

/** Assert that f throws a RangeError whose message matches `pattern`. */
function throwsRange(f: () => unknown, pattern: RegExp, what: string): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof RangeError, `${what}: expected a RangeError, got ${String(caught)}`);
  assert.match((caught as RangeError).message, pattern, what);
}

const NOT_POSITIVE = [0, -0, -1, -1e-300, -Infinity, Infinity, NaN];

test("concentrations and rates that are not positive and finite throw a RangeError naming the parameter", () => {
  const makers: [string, (v: number) => unknown][] = [
    ["concentration1", (v) => new Beta(v, 1)],
    ["concentration0", (v) => new Beta(1, v)],
    ["concentration", (v) => new Gamma(v, 1)],
    ["rate", (v) => new Gamma(1, v)],
  ];
  const tape = new Tape();
  for (const [name, make] of makers) {
    // \b: "concentration" must not match inside "concentration1", nor the other way round.
    const names = new RegExp(`\\b${name}\\b`);
    for (const bad of NOT_POSITIVE) {
      throwsRange(() => make(bad), names, `${name} = ${bad}`);
      tape.rewind();
      throwsRange(() => make(tape.variable(bad) as unknown as number), names, `${name} = node ${bad}`);
    }
    make(1e-300); // the smallest concentrations and rates are valid
  }
});

test("probabilities outside [0, 1] and NaN logits throw a RangeError naming the parameter (and the element)", () => {
  for (const bad of [-1e-300, -0.5, 1 + 2 ** -52, 2, Infinity, -Infinity, NaN]) {
    throwsRange(() => new Bernoulli(bad), /\bprobs\b/, `probs = ${bad}`);
    throwsRange(() => new Bernoulli({ probs: bad }), /\bprobs\b/, `{ probs: ${bad} }`);
    throwsRange(() => new Bernoulli(new Float64Array([0.5, 1, bad])), /\bprobs\[2\]/, `probs[2] = ${bad}`);
  }
  throwsRange(() => new Bernoulli({ logits: NaN }), /\blogits\b/, "logits = NaN");
  throwsRange(() => new Bernoulli({ logits: new Float64Array([0, -3, NaN]) }), /\blogits\[2\]/, "logits[2] = NaN");
  const tape = new Tape();
  throwsRange(() => new Bernoulli(tape.variable(1.5)), /\bprobs\b/, "probs = node 1.5");
  // The closed interval is valid, and so are large logits.
  new Bernoulli(0);
  new Bernoulli(1);
  new Bernoulli({ logits: -1e300 });
});

test("a Bernoulli observation of 0.5 at position 3 of a Float64Array throws a RangeError naming position 3", () => {
  const y = new Float64Array([0, 1, 1, 0.5, 0]);
  const ds: [string, Bernoulli][] = [
    ["probs", new Bernoulli(0.3)],
    ["vector probs", new Bernoulli(new Float64Array(5).fill(0.3))],
    ["logits", new Bernoulli({ logits: 0.3 })],
  ];
  for (const [what, d] of ds) {
    throwsRange(() => d.logProb(y), /position 3\b/, `${what}: logProb`);
    throwsRange(() => d.logProbSum(y), /position 3\b/, `${what}: logProbSum`);
  }
  for (const bad of [0.5, -1, 2, NaN]) throwsRange(() => new Bernoulli(0.3).logProb(bad), /outside the support/, `y = ${bad}`);
});

test("a Beta value of 1.2 or a Gamma value of -1 throws a RangeError naming the value, or its position in an array", () => {
  throwsRange(() => new Beta(2, 2).logProb(1.2), /\b1\.2\b/, "Beta at 1.2");
  throwsRange(() => new Beta(2, 2).logProb(new Float64Array([0.2, 0.5, 1.2])), /position 2\b/, "Beta at [.., 1.2]");
  throwsRange(() => new Gamma(2, 2).logProb(-1), /-1\b/, "Gamma at -1");
  throwsRange(() => new Gamma(2, 2).logProb(new Float64Array([1, -1])), /position 1\b/, "Gamma at [1, -1]");
  for (const bad of [-1e-300, 1 + 2 ** -52, NaN, Infinity]) throwsRange(() => new Beta(2, 2).logProb(bad), /support/, `Beta at ${bad}`);
  for (const bad of [-1e-300, NaN, Infinity]) throwsRange(() => new Gamma(2, 2).logProb(bad), /support/, `Gamma at ${bad}`);
  const tape = new Tape();
  throwsRange(() => new Beta(2, 2).logProb(tape.variable(1.2)), /\b1\.2\b/, "Beta at node 1.2");
  throwsRange(() => new Beta(2, 2).logProbSum(new Float64Array([0.5, 1.2])), /position 1\b/, "Beta.logProbSum");
  throwsRange(() => new Gamma(2, 2).logProbSum(new Float64Array([-1])), /position 0\b/, "Gamma.logProbSum");
});

test("support and hasRsample: Beta and Gamma reparameterize, Bernoulli does not and its rsample throws", () => {
  const rng = createRng(5);
  const continuous: [Distribution, number, number][] = [[new Beta(2, 5), 0.5, 1.5], [new Gamma(2.5, 3), 3, -0.5]];
  for (const [d, inside, outside] of continuous) {
    assert.is(d.hasRsample, true);
    assert.ok(d.support.check(inside) && !d.support.check(outside));
    for (let i = 0; i < 1000; i++) {
      const x = d.sample(rng) as number;
      assert.ok(d.support.check(x), `sample ${x}`);
      // With constant parameters rsample has nothing to differentiate: a plain number in the support.
      const r = d.rsample(rng);
      assert.ok(typeof r === "number" && d.support.check(r), `rsample ${r}`);
    }
  }
  assert.is(new Beta(2, 5).support.spec.type, "unitInterval");
  // [0, ∞), as PyTorch's Gamma.support (constraints.nonnegative): logProb is defined at 0 for α >= 1.
  assert.is(new Gamma(2, 5).support.spec.type, "nonnegative");
  assert.ok(new Gamma(2, 5).support.check(0) && !new Gamma(2, 5).support.check(-1e-300));

  const b = new Bernoulli(0.3);
  assert.is(b.hasRsample, false);
  assert.throws(() => b.rsample(), TypeError);
  assert.ok(b.support.check(0) && b.support.check(1) && !b.support.check(0.5) && !b.support.check(-1));
  for (let i = 0; i < 100; i++) assert.ok(b.support.check(b.sample(rng) as number));
});

test("rsample with node parameters is a node on their tape", () => {
  const tape = new Tape();
  const rng = createRng(6);
  const a = tape.variable(2), b = tape.variable(3);
  for (const z of [new Beta(a, b).rsample(rng), new Gamma(a, b).rsample(rng), new Beta(2, b).rsample(rng)]) {
    assert.ok(z instanceof Var && z.tape === tape);
  }
});

test("detach() keeps the parameter values but not their nodes: logProb's gradient flows through x alone", () => {
  const cases: [string, (p: Scalar, q: Scalar) => Distribution, [number, number], number][] = [
    ["Beta", (p, q) => new Beta(p, q), [2.5, 0.7], 0.3],
    ["Gamma", (p, q) => new Gamma(p, q), [0.6, 3], 1.7],
  ];
  for (const [name, make, [p, q], x] of cases) {
    const full = valueAndGrad((u: Var, v: Var, z: Var) => make(u, v).logProb(z) as Var)(p, q, x);
    const cut = valueAndGrad((u: Var, v: Var, z: Var) => make(u, v).detach().logProb(z) as Var)(p, q, x);
    assert.is(cut.value, full.value, name);
    assert.equal(cut.grad, [0, 0, full.grad[2]], name);
    // Without detach the parameters do get a gradient: the comparison above is not vacuous.
    assert.ok(full.grad[0] !== 0 && full.grad[1] !== 0, name);
  }
  const y = new Float64Array([1, 0, 0, 1, 1]);
  const forms: [string, (u: Var | Vec) => Bernoulli][] = [
    ["probs", (u) => new Bernoulli(u)],
    ["logits", (u) => new Bernoulli({ logits: u })],
  ];
  for (const [name, make] of forms) {
    const full = valueAndGrad((u: Var) => sum(make(u).logProb(y) as Vec))(0.3);
    const cut = valueAndGrad((u: Var) => sum(make(u).detach().logProb(y) as Float64Array))(0.3);
    assert.is(cut.value, full.value, name);
    assert.is(cut.grad[0], 0, name);
    assert.ok(full.grad[0] !== 0, name);
    const pv = new Float64Array([0.1, 0.2, 0.3, 0.4, 0.5]);
    const cutVec = valueAndGrad((u: Vec) => sum(make(u).detach().logProb(y) as Float64Array))(pv);
    assert.equal(Array.from(cutVec.grad[0]), [0, 0, 0, 0, 0], `${name}, vector`);
  }
  const detached = new Beta(new Tape().variable(2), 3).detach();
  assert.ok(detached instanceof Beta && detached.concentration1 === 2 && detached.concentration0 === 3);
});

test("Beta and Gamma logProbSum is the sum of logProb over a Float64Array, in value and gradient", () => {
  const cases: [string, (p: Scalar, q: Scalar) => Distribution, [number, number], Float64Array][] = [
    ["Beta", (p, q) => new Beta(p, q), [2.5, 0.7], new Float64Array([0.1, 0.5, 0.99])],
    ["Gamma", (p, q) => new Gamma(p, q), [0.6, 3], new Float64Array([1e-3, 0.5, 7])],
  ];
  for (const [name, make, [p, q], xs] of cases) {
    const s = valueAndGrad((u: Var, v: Var) => make(u, v).logProbSum(xs))(p, q);
    const t = valueAndGrad((u: Var, v: Var) => sum(make(u, v).logProb(xs) as Vec))(p, q);
    assert.is(s.value, t.value, name);
    assert.equal(s.grad, t.grad, name);
    assert.is(make(p, q).logProbSum(0.5), make(p, q).logProb(0.5), `${name}: a single value is its own sum`);
  }
});

// --- Failing until src/distributions is fixed (see the report that came with these tests) ---

test("infinite logits throw a RangeError naming logits (Bernoulli({ logits: ±∞ }).logProb is NaN otherwise)", () => {
  for (const bad of [Infinity, -Infinity]) {
    throwsRange(() => new Bernoulli({ logits: bad }), /\blogits\b/, `logits = ${bad}`);
    throwsRange(() => new Bernoulli({ logits: new Float64Array([0, bad]) }), /\blogits\[1\]/, `logits[1] = ${bad}`);
  }
});

test("every distribution's support rebuilds from its JSON spec into the same set", () => {
  const ds: [string, Distribution][] = [["Beta", new Beta(2, 2)], ["Gamma", new Gamma(2, 2)], ["Bernoulli", new Bernoulli(0.3)]];
  for (const [name, d] of ds) {
    const again = constraints.fromSpec(JSON.parse(JSON.stringify(d.support.spec)));
    for (const x of [-1, 0, 0.5, 1, 2, NaN]) assert.is(again.check(x), d.support.check(x), `${name}: check(${x})`);
  }
});

test("Gamma(1e-3).sample and rsample stay inside the support (0, ∞): never exactly 0", () => {
  // standardGamma(1e-3) underflows to 0 on about half the draws (random/gamma.ts); PyTorch's Gamma clamps its
  // samples to the smallest positive float for the same reason.
  const d = new Gamma(1e-3, 1);
  const rng = createRng(8);
  let zeros = 0;
  for (let i = 0; i < 1000; i++) {
    if (!d.support.check(d.sample(rng) as number)) zeros++;
    if (!d.support.check(d.rsample(rng) as number)) zeros++;
  }
  assert.is(zeros, 0, `${zeros} of 2000 draws outside the support`);
});

test.run();
