import { test } from "uvu";
import * as assert from "uvu/assert";
import { Adam, ClippedAdam, SGD, getOptimizerState, setOptimizerState, type Optimizer } from "../../src/optim/index.ts";

test("one Adam step equals the update computed by hand from PyTorch's formula, bit for bit", () => {
  const lr = 0.0005, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const x = Float64Array.of(Math.log(15), -2.5), g = Float64Array.of(0.731, -1e-3);
  const expected = Array.from(x, (xi, i) => {
    // t = 1: m = (1 - β₁) g, v = (1 - β₂) g², x - lr / (1 - β₁) · m / (√v / √(1 - β₂) + ε)
    const m = (1 - b1) * g[i]!, v = (1 - b2) * g[i]! * g[i]!;
    return xi - (lr / (1 - b1)) * (m / (Math.sqrt(v) / Math.sqrt(1 - b2) + eps));
  });
  new Adam({ lr, betas: [b1, b2], eps }).update("p", x, g);
  assert.equal(Array.from(x), expected);
});

test("Adam's second step uses the bias corrections of step 2", () => {
  const x = Float64Array.of(1), opt = new Adam({ lr: 0.1 });
  opt.update("p", x, Float64Array.of(2));
  const x1 = x[0]!;
  opt.update("p", x, Float64Array.of(-1));
  const m = 0.9 * ((1 - 0.9) * 2) + (1 - 0.9) * -1, v = 0.999 * ((1 - 0.999) * 4) + (1 - 0.999) * 1;
  assert.is(x[0], x1 - (0.1 / (1 - 0.9 ** 2)) * (m / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** 2) + 1e-8)));
});

test("Adam's defaults are PyTorch's", () => {
  const a = new Adam();
  assert.equal([a.lr, a.beta1, a.beta2, a.eps, a.weightDecay], [1e-3, 0.9, 0.999, 1e-8, 0]);
});

test("ClippedAdam clamps each gradient element, decays lr before each step and adds eps before the bias correction", () => {
  const opt = new ClippedAdam({ lr: 0.1, clipNorm: 1, lrd: 0.5 });
  const x = Float64Array.of(0, 0);
  opt.update("p", x, Float64Array.of(100, -0.5));
  const lr = 0.1 * 0.5;
  const step = (g: number): number => {
    const m = (1 - 0.9) * g, v = (1 - 0.999) * g * g;
    return -(lr * Math.sqrt(1 - 0.999) / (1 - 0.9)) * (m / (Math.sqrt(v) + 1e-8));
  };
  assert.equal(Array.from(x), [step(1), step(-0.5)]);
});

test("SGD with momentum follows PyTorch: the buffer starts at the first gradient", () => {
  const opt = new SGD({ lr: 0.1, momentum: 0.9, dampening: 0.2 });
  const x = Float64Array.of(1);
  opt.update("p", x, Float64Array.of(2)); // b = 2
  assert.is(x[0], 1 - 0.1 * 2);
  opt.update("p", x, Float64Array.of(1)); // b = 0.9·2 + 0.8·1
  assert.is(x[0], 1 - 0.1 * 2 - 0.1 * (0.9 * 2 + 0.8 * 1));
  const nest = new SGD({ lr: 0.1, momentum: 0.5, nesterov: true });
  const y = Float64Array.of(0);
  nest.update("q", y, Float64Array.of(1)); // b = 1, d = 1 + 0.5·1
  assert.is(y[0], -0.1 * 1.5);
});

test("every optimizer's state survives JSON and continues identically", () => {
  const make: (() => Optimizer)[] = [() => new Adam({ lr: 0.01 }), () => new ClippedAdam({ lr: 0.01, lrd: 0.99 }), () => new SGD({ lr: 0.01, momentum: 0.9 })];
  for (const mk of make) {
    const a = mk(), x = Float64Array.of(0.3, -0.2);
    for (let i = 0; i < 5; i++) a.update("w", x, Float64Array.of(Math.sin(i), Math.cos(i)));
    const b = mk(), y = x.slice();
    setOptimizerState(b, JSON.parse(JSON.stringify(getOptimizerState(a))));
    for (let i = 5; i < 10; i++) {
      const g = Float64Array.of(Math.sin(i), Math.cos(i));
      a.update("w", x, g);
      b.update("w", y, g);
    }
    assert.equal(Array.from(y), Array.from(x));
  }
});

test("a parameter that starts later gets the bias corrections of its own step count", () => {
  // One optimizer caches the bias corrections per step count; a second parameter at another count must not reuse
  // the first one's. Oracle: a fresh optimizer per parameter, which never shares anything.
  for (const mk of [() => new Adam({ lr: 0.05 }), () => new ClippedAdam({ lr: 0.05, lrd: 0.9 })]) {
    const both = mk(), onlyP = mk(), onlyQ = mk();
    const p = Float64Array.of(1, -1), q = Float64Array.of(0.5), p1 = p.slice(), q1 = q.slice();
    for (let i = 0; i < 6; i++) {
      const gp = Float64Array.of(Math.sin(i), Math.cos(i)), gq = Float64Array.of(Math.cos(3 * i));
      both.update("p", p, gp);
      onlyP.update("p", p1, gp);
      if (i >= 2) {
        both.update("q", q, gq);
        onlyQ.update("q", q1, gq);
      }
    }
    assert.equal(Array.from(p), Array.from(p1));
    assert.equal(Array.from(q), Array.from(q1));
  }
});

test("SGD without momentum keeps no state", () => {
  const opt = new SGD({ lr: 0.1 });
  opt.update("p", Float64Array.of(1), Float64Array.of(1));
  assert.equal(getOptimizerState(opt).params, {});
});

test("a malformed state is rejected with a TypeError naming the field, and the old state stays", () => {
  const opt = new Adam({ lr: 0.01 }), twin = new Adam({ lr: 0.01 });
  const x = Float64Array.of(0.3), y = x.slice();
  opt.update("p", x, Float64Array.of(1));
  twin.update("p", y, Float64Array.of(1));
  const p = getOptimizerState(opt).params["p"]!;
  // q is malformed; p comes first and is well formed but different, so a partial restore would show below.
  const bad = [
    { ...p, m: undefined as unknown as number[] },
    { ...p, step: "1" as unknown as number },
    { ...p, v: [0, "x" as unknown as number] },
    { ...p, lr: [0.01] },
  ];
  const fields = ['params["q"].m', 'params["q"].step', 'params["q"].v', 'params["q"].lr'];
  bad.forEach((q, i) => {
    const state = { kind: "Adam", options: getOptimizerState(opt).options, params: { p: { ...p, m: [0.5] }, q } };
    assert.throws(() => setOptimizerState(opt, state as never), (e: unknown) => e instanceof TypeError && String(e).includes(fields[i]!));
  });
  const sgd = new SGD({ momentum: 0.9 });
  assert.throws(() => setOptimizerState(sgd, { ...getOptimizerState(sgd), params: { w: { step: 1, momentum: 3 as unknown as number[] } } }), TypeError);
  opt.update("p", x, Float64Array.of(-2));
  twin.update("p", y, Float64Array.of(-2));
  assert.equal(Array.from(x), Array.from(y));
});

test("malformed optimizer options and state are rejected", () => {
  assert.throws(() => new Adam({ lr: -1 }), RangeError);
  assert.throws(() => new Adam({ betas: [1, 0.999] }), RangeError);
  assert.throws(() => new Adam({ betas: [0.9, -0.1] }), RangeError);
  assert.throws(() => new Adam({ eps: -1 }), RangeError);
  assert.throws(() => new ClippedAdam({ clipNorm: 0 }), RangeError);
  assert.throws(() => new ClippedAdam({ lrd: 1.5 }), RangeError);
  assert.throws(() => new SGD({ lr: Infinity }), RangeError);
  assert.throws(() => new SGD({ momentum: -1 }), RangeError);
  assert.throws(() => new SGD({ momentum: 0.9, dampening: 0.1, nesterov: true }), RangeError);
  assert.throws(() => new SGD({ nesterov: true }), RangeError);
  const adam = new Adam();
  assert.throws(() => setOptimizerState(adam, { ...getOptimizerState(adam), params: { p: { step: 1, m: [0], v: "x" as unknown as number[], lr: 1e-3 } } }), TypeError);
});

test("every option is checked: a wrong type is a TypeError naming it, a value outside its range a RangeError", () => {
  const cases: [() => unknown, ErrorConstructor, RegExp][] = [
    [() => new Adam({ betas: [0.9] as never }), TypeError, /^TypeError: Adam: betas must be an array of two numbers/],
    [() => new Adam({ betas: [] as never }), TypeError, /Adam: betas must be an array of two numbers/],
    [() => new Adam({ betas: "0.9" as never }), TypeError, /Adam: betas must be/],
    [() => new Adam({ betas: [0.9, NaN] }), RangeError, /Adam: betas\[1\] must be in \[0, 1\), got NaN/],
    [() => new Adam({ weightDecay: NaN }), RangeError, /Adam: weightDecay must be finite and >= 0, got NaN/],
    [() => new Adam({ weightDecay: Infinity }), RangeError, /Adam: weightDecay must be finite/],
    [() => new Adam({ weightDecay: -1 }), RangeError, /Adam: weightDecay must be finite and >= 0, got -1/],
    [() => new Adam({ lr: "0.1" as never }), TypeError, /Adam: lr must be a number, got "0.1"/],
    [() => new Adam({ eps: NaN }), RangeError, /Adam: eps/],
    [() => new Adam(null as never), TypeError, /Adam: options must be an object, got null/],
    [() => new ClippedAdam({ betas: [0.9] as never }), TypeError, /ClippedAdam: betas/],
    [() => new ClippedAdam({ clipNorm: NaN }), RangeError, /ClippedAdam: clipNorm must be > 0, got NaN/],
    [() => new ClippedAdam({ lrd: 0 }), RangeError, /ClippedAdam: lrd/],
    [() => new SGD({ momentum: Infinity }), RangeError, /SGD: momentum must be finite and >= 0, got Infinity/],
    [() => new SGD({ dampening: NaN }), RangeError, /SGD: dampening must be finite and >= 0 and <= 1, got NaN/],
    [() => new SGD({ dampening: 2 }), RangeError, /SGD: dampening/],
    [() => new SGD({ nesterov: 1 as never }), TypeError, /SGD: nesterov must be a boolean, got 1/],
    [() => new SGD({ weightDecay: -1 }), RangeError, /SGD: weightDecay/],
  ];
  for (const [make, kind, re] of cases) {
    assert.throws(make, (e: unknown) => e instanceof kind && re.test(String(e)), String(re));
  }
  // Infinity is a valid clipNorm (no clamp); it round-trips through JSON as null.
  const c = new ClippedAdam({ clipNorm: Infinity });
  const x = Float64Array.of(0);
  c.update("p", x, Float64Array.of(1e6));
  const d = new ClippedAdam({ clipNorm: Infinity });
  setOptimizerState(d, JSON.parse(JSON.stringify(getOptimizerState(c))));
  assert.equal(getOptimizerState(d), getOptimizerState(c));
});

test("begin/rollback undoes every update since begin, bit for bit, including records it created", () => {
  for (const mk of [() => new Adam({ lr: 0.1 }), () => new ClippedAdam({ lr: 0.1, lrd: 0.9 }), () => new SGD({ lr: 0.1, momentum: 0.9 })]) {
    const opt = mk();
    const x = Float64Array.of(1, 2);
    for (let i = 0; i < 3; i++) opt.update("p", x, Float64Array.of(Math.sin(i), Math.cos(i)));
    const before = JSON.stringify(getOptimizerState(opt));
    opt.begin();
    opt.update("p", x, Float64Array.of(5, -5));
    opt.update("q", Float64Array.of(0), Float64Array.of(1));
    assert.not.equal(JSON.stringify(getOptimizerState(opt)), before);
    opt.rollback();
    assert.is(JSON.stringify(getOptimizerState(opt)), before);
    // And again, on the spare copies the first rollback left behind.
    opt.begin();
    opt.update("p", x, Float64Array.of(1, 1));
    opt.rollback();
    assert.is(JSON.stringify(getOptimizerState(opt)), before);
  }
});

test("a parameter whose length changes starts a fresh record", () => {
  const opt = new Adam({ lr: 0.1 });
  opt.update("p", Float64Array.of(1), Float64Array.of(1));
  const x = Float64Array.of(1, 1);
  opt.update("p", x, Float64Array.of(1, 1));
  assert.ok(x.every(Number.isFinite));
  assert.is(getOptimizerState(opt).params["p"]!["step"], 1);
});

test.run();
