// The parameter store's JSON form: store.toJSON() and loadParams(store, json) round-trip every parameter bit for
// bit, and a malformed form names its field and leaves the store as it was.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Adam, Beta, Bernoulli, ParamStore, SVI, TraceELBO, constraints, loadParams, param, sample } from "../../src/index.ts";

test("loadParams(store, JSON of toJSON()) gives back every u bit for bit, its constraint and its form", () => {
  const store = new ParamStore();
  store.set("a", 0.1 + 0.2, { constraint: constraints.positive }); // u = log(0.30000000000000004)
  store.set("__proto__", Float64Array.of(-1e-300, 5e-324, 1e300));
  store.set("w", Float64Array.of(3.5, 2 + 1e-12), { constraint: constraints.greaterThan(2) });
  store.set("p", 0.75, { constraint: constraints.interval(0, 2) });
  const copy = new ParamStore();
  loadParams(copy, JSON.parse(JSON.stringify(store)));
  assert.equal(copy.names(), ["a", "__proto__", "w", "p"]);
  for (const name of store.names()) {
    const mine = store.entry(name), theirs = copy.entry(name);
    assert.equal([...theirs.u], [...mine.u], name);
    assert.is(theirs.scalar, mine.scalar, name);
    assert.equal(theirs.constraint.spec, mine.constraint.spec, name);
  }
  // The named constraints come back as themselves, the bounded families rebuilt from their bounds.
  assert.is(copy.entry("a").constraint, constraints.positive);
  assert.is(copy.get("p"), store.get("p"));
});

test("a malformed JSON form throws naming the field, and the store keeps its parameters", () => {
  const store = new ParamStore();
  store.set("a", 2, { constraint: constraints.positive });
  const before = JSON.stringify(store);
  const cases: [unknown, RegExp][] = [
    [{ b: { u: [1, 2], scalar: true, constraint: { type: "real" } } }, /^loadParams: json\["b"\]\.scalar must be false for a u of length 2/],
    [{ b: { u: [], scalar: false, constraint: { type: "real" } } }, /^loadParams: json\["b"\]\.u must be non-empty and finite/],
    [{ b: { u: [800], scalar: true, constraint: { type: "positive" } } }, /^loadParams: json\["b"\]\.u\[0\] must be mapped inside positive/],
    [{ b: { u: [0], scalar: true, constraint: { type: "nope" } } }, /^loadParams: json\["b"\]\.constraint must be a constraint description/],
    [[1, 2], /^loadParams: json must be an object of parameters by name/],
  ];
  for (const [json, message] of cases) {
    assert.throws(() => loadParams(store, json as never), (e: unknown) => (e instanceof TypeError || e instanceof RangeError) && message.test((e as Error).message), String(message));
    assert.is(JSON.stringify(store), before);
  }
  assert.throws(() => loadParams({} as ParamStore, {}), (e: unknown) => e instanceof TypeError && /^loadParams: store must be a ParamStore/.test((e as Error).message));
});

test("parameters loaded between steps are the ones the next step uses", () => {
  const data = new Float64Array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
  const model = (d: Float64Array): void => {
    sample("obs", new Bernoulli(sample("latent_fairness", new Beta(10, 10))), { obs: d });
  };
  const guide = (_d: Float64Array): void => {
    const a = param("alpha_q", 15, { constraint: constraints.positive });
    const b = param("beta_q", 15, { constraint: constraints.positive });
    sample("latent_fairness", new Beta(a, b));
  };
  // Guide at the exact posterior Beta(16, 14): every draw's loss is -log p(data) = -log(B(16, 14) / B(10, 10)).
  const svi = new SVI(model, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 5 });
  svi.step(data);
  const exact = new ParamStore();
  exact.set("alpha_q", 16, { constraint: constraints.positive });
  exact.set("beta_q", 14, { constraint: constraints.positive });
  loadParams(svi.params, exact.toJSON());
  // log B(a, b) from log-factorials (integer arguments), independent of the library's lgamma.
  const logB = (a: number, b: number): number => lgammaInt(a) + lgammaInt(b) - lgammaInt(a + b);
  const expected = -(logB(16, 14) - logB(10, 10));
  assert.ok(Math.abs(svi.evaluateLoss(data) - expected) < 1e-9, `${svi.evaluateLoss(data)} vs ${expected}`);
});

/** log Γ(n) = log (n - 1)! for an integer n ≥ 1, summed exactly in the order written. */
function lgammaInt(n: number): number {
  let s = 0;
  for (let k = 2; k < n; k++) s += Math.log(k);
  return s;
}

test.run();
