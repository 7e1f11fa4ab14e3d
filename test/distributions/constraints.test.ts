// Constraints (src/distributions/constraints.ts): the laws of each bijection from ℝ onto its set, stated as
// fast-check properties (transform ∘ inverse = id, transform maps ℝ into the set monotonically), log |det J| against
// finite differences of the transform, membership tests, the JSON spec round trip, the rejection of bad bounds,
// and the simplex's stick-breaking map (round trip, gradient, log |det J| against a numerical Jacobian determinant).
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { Tape, dot, valueOf, type Var, type Vec } from "../../src/autodiff/index.ts";
import { constraints, type Constraint, type ConstraintSpec } from "../../src/distributions/index.ts";
import { checkGrad, numericDerivative } from "../helpers/check-grad.ts";
import { createRng } from "../../src/random/index.ts";

const { real, positive, nonnegative, boolean, unitInterval, interval, greaterThan, nonnegativeInteger, integerInterval, simplex, fromSpec } = constraints;
const EPS = 2 ** -53;

/** A constraint, the bounds that set the scale of its rounding, and values drawn from inside its set. */
interface Case {
  name: string;
  c: Constraint;
  bounds: number[];
  inside: fc.Arbitrary<number>;
}

const wide = { noNaN: true, noDefaultInfinity: true } as const;
/** lo + (hi - lo)·t, t ∈ [0, 1]: kept only where rounding leaves it strictly inside. */
const between = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.double({ min: 0, max: 1, ...wide }).map((t) => lo + (hi - lo) * t).filter((x) => x > lo && x < hi);
/** lo + d with d from 1e-300 to 1e300: kept only where it is above lo. */
const above = (lo: number): fc.Arbitrary<number> =>
  fc.double({ min: 1e-300, max: 1e300, ...wide }).map((d) => lo + d).filter((x) => x > lo && x < Infinity);

const cases: Case[] = [
  { name: "real", c: real, bounds: [], inside: fc.double({ min: -1e300, max: 1e300, ...wide }) },
  { name: "positive", c: positive, bounds: [], inside: fc.double({ min: 1e-300, max: 1e300, ...wide }) },
  // Below 1e-300 exp(u) heads into the subnormals, where it has no relative accuracy left to test.
  { name: "unitInterval", c: unitInterval, bounds: [], inside: fc.double({ min: 1e-300, max: 1, ...wide }) },
  { name: "interval(-2, 3)", c: interval(-2, 3), bounds: [-2, 3], inside: between(-2, 3) },
  { name: "interval(1e-3, 1.001e-3)", c: interval(1e-3, 1.001e-3), bounds: [1e-3, 1.001e-3], inside: between(1e-3, 1.001e-3) },
  { name: "interval(-1e6, 1e6)", c: interval(-1e6, 1e6), bounds: [-1e6, 1e6], inside: between(-1e6, 1e6) },
  { name: "greaterThan(5)", c: greaterThan(5), bounds: [5], inside: above(5) },
  { name: "greaterThan(-1e3)", c: greaterThan(-1e3), bounds: [-1e3], inside: above(-1e3) },
  { name: "greaterThan(0)", c: greaterThan(0), bounds: [0], inside: above(0) },
];

for (const { name, c, bounds, inside } of cases) {
  test(`${name}: transform(inverse(x)) = x for random x in the set, to a few ulps of (1 + |u|)·max(|x|, |bounds|)`, () => {
    // u = inverse(x) carries a relative rounding of eps, i.e. eps·|u| absolutely, and exp/σ turn that into a
    // relative error of eps·|u| in the result: for x = 1e-300, u = -690 and ~1e-13 is the best there is.
    fc.assert(
      fc.property(inside, (x) => {
        assert.ok(c.check(x), `${x} drawn outside`);
        const u = c.inverse(x);
        const back = c.transform(u) as number;
        const tol = 4 * EPS * (1 + Math.abs(u)) * Math.max(Math.abs(x), ...bounds.map(Math.abs));
        assert.ok(Math.abs(back - x) <= tol, `x = ${x}, u = ${u}, transform(u) = ${back}`);
      }),
      { numRuns: 2000 },
    );
  });

  test(`${name}: transform maps every real u with |u| <= 20 into the set, monotonically`, () => {
    // Beyond that, exp and σ saturate in double precision: 5 + e^-40 is 5, which an open set excludes.
    fc.assert(
      fc.property(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), (u, v) => {
        const x = c.transform(u) as number, y = c.transform(v) as number;
        assert.ok(c.check(x), `transform(${u}) = ${x}`);
        if (u < v) assert.ok(x <= y, `transform(${u}) = ${x} > transform(${v}) = ${y}`);
      }),
      { numRuns: 1000 },
    );
  });

  test(`${name}: transform is differentiable on nodes (central differences)`, () => {
    for (const u of [-4, -0.3, 0, 1.5, 6]) checkGrad((v) => c.transform(v as Var) as Var, [u], { h: 1e-3 });
  });

  test(`${name}: logAbsDetJacobian(u) = log |d transform/du| (central differences of the transform, 1e-9 relative above the rounding floor)`, () => {
    // |u| <= 8: further out lo + e^u rounds to lo and the differences see a flat function.
    for (const u of [-8, -4, -0.3, 0, 1.5, 6, 8]) {
      const h = 1e-3, slope = numericDerivative((v) => c.transform(v) as number, u, h);
      const got = c.logAbsDetJacobian(u) as number;
      // The differences divide a rounding of eps·max(|x|, |bounds|) by 2h: relative to the slope, that is the
      // error floor in log units (3e-7 for greaterThan(-1e3) at u = -8, where x - lo = e^-8 sits on -1000).
      const x = c.transform(u) as number, floor = 8 * EPS * Math.max(Math.abs(x), ...bounds.map(Math.abs)) / (h * Math.abs(slope));
      assert.ok(Math.abs(got - Math.log(Math.abs(slope))) <= 1e-9 * Math.max(1, Math.abs(got)) + floor, `u = ${u}: ${got} vs log ${slope}`);
    }
  });

  test(`${name}: logAbsDetJacobian is differentiable on nodes, and elementwise on vectors`, () => {
    for (const u of [-4, -0.3, 0, 1.5, 6]) checkGrad((v) => c.logAbsDetJacobian(v as Var) as Var, [u], { h: 1e-3 });
    const us = Float64Array.of(-4, 0, 6), lv = c.logAbsDetJacobian(us) as Float64Array;
    us.forEach((u, i) => assert.is(lv[i], c.logAbsDetJacobian(u)));
  });

  test(`${name}: fromSpec rebuilds it from its JSON spec`, () => {
    const again = fromSpec(JSON.parse(JSON.stringify(c.spec)));
    assert.equal(again.spec, c.spec);
    for (const x of [-1e300, -5, -2, -1e-3, 0, 5e-324, 1e-3, 0.5, 1, 1.0005e-3, 3, 5, 5.5, 1e6, 1e300, Infinity, NaN]) {
      assert.is(again.check(x), c.check(x), `check(${x})`);
    }
    for (const u of [-30, -1, 0, 2.5, 30]) {
      assert.is(valueOf(again.transform(u)), valueOf(c.transform(u)), `transform(${u})`);
      assert.is(again.inverse(c.transform(u) as number), c.inverse(c.transform(u) as number), `inverse at ${u}`);
    }
  });
}

test("check() accepts exactly the members of each set", () => {
  const table: [string, Constraint, number[], number[]][] = [
    ["real", real, [-1e300, -0, 0, 5, 1e300], [NaN]],
    ["positive", positive, [5e-324, 1, 1e308], [0, -0, -1, Infinity, NaN]],
    ["unitInterval", unitInterval, [0, 5e-324, 0.5, 1 - 2 ** -53, 1], [-5e-324, 1 + 2 ** -52, -Infinity, Infinity, NaN]],
    ["interval(-2, 3)", interval(-2, 3), [-2 + 2 ** -51, 0, 3 - 2 ** -51], [-2, 3, -2.5, 4, -Infinity, Infinity, NaN]],
    ["greaterThan(5)", greaterThan(5), [5 + 2 ** -50, 6, 1e300], [5, 4, -Infinity, Infinity, NaN]],
    ["nonnegative", nonnegative, [0, -0, 5e-324, 1e308], [-5e-324, Infinity, NaN]],
    ["boolean", boolean, [0, 1], [0.5, 2, -1, NaN]],
    ["nonnegativeInteger", nonnegativeInteger, [0, 1, 2, 17, 2 ** 53, 1e300], [-1, 0.5, 1 + 2 ** -52, Infinity, NaN]],
    ["integerInterval(-2, 3)", integerInterval(-2, 3), [-2, -1, 0, 3], [-3, 4, 0.5, 2.9999, Infinity, NaN]],
    ["integerInterval(0, 0)", integerInterval(0, 0), [0], [1, -1, 0.5]],
  ];
  for (const [name, c, accepted, rejected] of table) {
    for (const x of accepted) assert.ok(c.check(x), `${name} should accept ${x}`);
    for (const x of rejected) assert.not.ok(c.check(x), `${name} should reject ${x}`);
  }
});

test("unitInterval's closed ends survive the round trip: inverse(0) = -∞, inverse(1) = +∞, and back", () => {
  assert.is(unitInterval.inverse(0), -Infinity);
  assert.is(unitInterval.inverse(1), Infinity);
  assert.is(unitInterval.transform(-Infinity), 0);
  assert.is(unitInterval.transform(Infinity), 1);
});

test("interval and greaterThan reject bounds that are not finite and ordered; fromSpec rejects unknown types", () => {
  for (const [lo, hi] of [[1, 1], [2, 1], [NaN, 1], [0, NaN], [-Infinity, 0], [0, Infinity]] as const) {
    assert.throws(() => interval(lo, hi), RangeError, `interval(${lo}, ${hi})`);
    assert.throws(() => fromSpec({ type: "interval", lo, hi }), RangeError, `fromSpec interval(${lo}, ${hi})`);
  }
  // Finite bounds whose width overflows: hi - lo = ∞ would make the transform ∞·σ(u).
  assert.throws(() => interval(-1e308, 1e308), RangeError, "interval(-1e308, 1e308)");
  for (const lo of [NaN, Infinity, -Infinity]) {
    assert.throws(() => greaterThan(lo), RangeError, `greaterThan(${lo})`);
    assert.throws(() => fromSpec({ type: "greaterThan", lo }), RangeError, `fromSpec greaterThan(${lo})`);
  }
  for (const [lo, hi] of [[1, 0], [0.5, 3], [0, 2.5], [NaN, 1], [0, Infinity], [-Infinity, 0]] as const) {
    assert.throws(() => integerInterval(lo, hi), RangeError, `integerInterval(${lo}, ${hi})`);
    assert.throws(() => fromSpec({ type: "integerInterval", lo, hi }), RangeError, `fromSpec integerInterval(${lo}, ${hi})`);
  }
  assert.throws(() => fromSpec({ type: "nope" } as unknown as ConstraintSpec), TypeError);
});

test("the discrete supports have the identity transform with log |det J| = 0, and fromSpec rebuilds them", () => {
  for (const c of [boolean, nonnegativeInteger, integerInterval(-2, 3)]) {
    assert.is(c.eventDim, 0);
    assert.is(c.transform(3), 3);
    assert.is(c.inverse(3), 3);
    assert.is(c.logAbsDetJacobian(3), 0);
    assert.equal(c.logAbsDetJacobian(Float64Array.of(1, 2)), new Float64Array(2));
    const again = fromSpec(JSON.parse(JSON.stringify(c.spec)));
    assert.equal(again.spec, c.spec);
    for (const x of [-3, -2, 0, 1, 2.5, 3, 4, NaN]) assert.is(again.check(x), c.check(x), `${JSON.stringify(c.spec)} check(${x})`);
  }
  assert.equal(integerInterval(-2, 3).spec, { type: "integerInterval", lo: -2, hi: 3 });
  assert.equal(nonnegativeInteger.spec, { type: "nonnegativeInteger" });
});

test("check of a Float64Array tests every element of an elementwise set", () => {
  assert.ok(positive.check(Float64Array.of(1, 2, 3)));
  assert.not.ok(positive.check(Float64Array.of(1, 0, 3)));
  assert.ok(nonnegativeInteger.check(Float64Array.of(0, 4, 7)));
  assert.not.ok(nonnegativeInteger.check(Float64Array.of(0, 4.5)));
  assert.equal(positive.inverse(Float64Array.of(1, Math.E)), Float64Array.of(0, 1));
});

test("interval with vector bounds acts elementwise (Uniform's support), names the bad element, and rebuilds from JSON", () => {
  const c = interval(Float64Array.of(0, -5), Float64Array.of(1, 5));
  assert.ok(c.check(Float64Array.of(0.5, 4)) && !c.check(Float64Array.of(4, 0.5)) && !c.check(Float64Array.of(0.5)));
  assert.ok(c.check(0.5) && !c.check(3), "a number must lie in every element's interval");
  const u = Float64Array.of(-0.7, 2.2), x = c.transform(u) as Float64Array, l = c.logAbsDetJacobian(u) as Float64Array;
  [[0, 1], [-5, 5]].forEach(([lo, hi], i) => {
    const one = interval(lo!, hi!);
    assert.is(x[i], one.transform(u[i]!));
    assert.is(l[i], one.logAbsDetJacobian(u[i]!));
    assert.ok(Math.abs(c.inverse(x)[i]! - u[i]!) <= 1e-15 * 4);
  });
  assert.throws(() => c.inverse(0.5), TypeError);
  assert.throws(() => interval(Float64Array.of(0, 1), Float64Array.of(1, 2, 3)), RangeError);
  assert.throws(() => interval(Float64Array.of(0, 3), 2), (e: Error) => e instanceof RangeError && /\[1\]/.test(e.message));
  const again = fromSpec(JSON.parse(JSON.stringify(c.spec)));
  assert.equal(again.spec, { type: "interval", lo: [0, -5], hi: [1, 5] });
  assert.ok(again.check(Float64Array.of(0.5, 4)) && !again.check(Float64Array.of(4, 0.5)));
});

// The simplex.

/** A random u ∈ ℝ^n with entries in [-s, s], from a seeded stream. */
const randomU = (seed: number, n: number, s: number): Float64Array => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => s * (2 * rng.uniform() - 1));
};

test("simplex: transform(0) is the uniform vector (1/K, ..., 1/K), as PyTorch's offsets log(K - k) intend", () => {
  for (const K of [2, 3, 7]) {
    const y = simplex.transform(new Float64Array(K - 1)) as Float64Array;
    assert.is(y.length, K);
    for (const v of y) assert.ok(Math.abs(v - 1 / K) <= 4 * EPS / K, `K = ${K}: ${v}`);
  }
  assert.equal(simplex.transform(new Float64Array(0)), Float64Array.of(1));
});

test("simplex: transform maps random u (|u_k| <= 30) into the simplex, and inverse(transform(u)) = u within 1e-12·(1 + |u|)", () => {
  for (let seed = 1; seed <= 200; seed++) {
    const K = 2 + (seed % 9), u = randomU(seed, K - 1, 30);
    const y = simplex.transform(u) as Float64Array;
    assert.ok(simplex.check(y), `seed ${seed}: ${y}`);
    const back = simplex.inverse(y);
    u.forEach((v, k) => assert.ok(Math.abs(back[k]! - v) <= 1e-12 * (1 + Math.abs(v)), `seed ${seed}, u[${k}] = ${v}, back ${back[k]}`));
  }
});

test("simplex: check accepts nonnegative vectors summing to 1 within K·2⁻⁵², and nothing else", () => {
  assert.ok(simplex.check(Float64Array.of(0.1, 0.2, 0.7)));
  assert.ok(simplex.check(Float64Array.of(1, 0)));
  assert.ok(simplex.check(Float64Array.of(1)));
  assert.ok(simplex.check(Float64Array.from({ length: 10 }, () => 0.1)));
  for (const bad of [[0.5, 0.6], [-1e-300, 1], [0.5, 0.4], [NaN, 1], [Infinity, -Infinity], []]) {
    assert.not.ok(simplex.check(Float64Array.from(bad)), `${bad}`);
  }
  assert.ok(simplex.check(0.3) && !simplex.check(1.5), "a number is checked as one coordinate");
  assert.is(simplex.eventDim, 1);
});

test("simplex: the stick-breaking node's gradient matches central differences (u ↦ w·transform(u), random w)", () => {
  for (let seed = 1; seed <= 20; seed++) {
    const K = 2 + (seed % 6), u = randomU(seed, K - 1, 4), w = randomU(seed + 1000, K, 1);
    checkGrad((v) => dot(w, simplex.transform(v as Vec) as Vec), [u], { h: 1e-4, rtol: 1e-7, atolScale: 1e-6 });
  }
});

/** det of a square matrix (rows as arrays) by Gaussian elimination with partial pivoting. */
function det(a: number[][]): number {
  const m = a.map((r) => r.slice()), n = m.length;
  let d = 1;
  for (let j = 0; j < n; j++) {
    let p = j;
    for (let i = j + 1; i < n; i++) if (Math.abs(m[i]![j]!) > Math.abs(m[p]![j]!)) p = i;
    if (p !== j) [m[p], m[j], d] = [m[j]!, m[p]!, -d];
    d *= m[j]![j]!;
    for (let i = j + 1; i < n; i++) {
      const f = m[i]![j]! / m[j]![j]!;
      for (let k = j; k < n; k++) m[i]![k]! -= f * m[j]![k]!;
    }
  }
  return d;
}

test("simplex: logAbsDetJacobian(u) = log |det ∂(y_1..y_{K-1})/∂u| (numerical Jacobian, 1e-8 absolute)", () => {
  for (let seed = 1; seed <= 30; seed++) {
    const K = 2 + (seed % 7), u = randomU(seed, K - 1, 5);
    // Column k: central differences of the first K - 1 coordinates in u_k.
    const jac = Array.from({ length: K - 1 }, () => new Array<number>(K - 1).fill(0));
    for (let k = 0; k < K - 1; k++) {
      for (let j = 0; j < K - 1; j++) {
        jac[j]![k] = numericDerivative((x) => {
          const v = u.slice();
          v[k] = x;
          return (simplex.transform(v) as Float64Array)[j]!;
        }, u[k]!, 1e-3);
      }
    }
    const got = simplex.logAbsDetJacobian(u) as number, want = Math.log(Math.abs(det(jac)));
    assert.ok(Math.abs(got - want) <= 1e-8 * Math.max(1, Math.abs(want)), `seed ${seed}, K = ${K}: ${got} vs ${want}`);
  }
});

test("simplex: logAbsDetJacobian is differentiable on vector nodes (central differences)", () => {
  for (let seed = 1; seed <= 10; seed++) {
    const u = randomU(seed, 1 + (seed % 5), 4);
    checkGrad((v) => simplex.logAbsDetJacobian(v as Vec) as Var, [u], { h: 1e-3 });
  }
});

test("simplex: a vector node's transform is one node of K values carrying the plain transform's values", () => {
  const t = new Tape(), u = Float64Array.of(0.3, -1, 2);
  const y = simplex.transform(t.variable(u)) as Vec;
  assert.equal(y.value, simplex.transform(u));
});

test("simplex: transform, inverse and logAbsDetJacobian reject a number with a TypeError; fromSpec rebuilds it", () => {
  assert.throws(() => simplex.transform(0.5), TypeError);
  assert.throws(() => simplex.logAbsDetJacobian(0.5), TypeError);
  assert.throws(() => simplex.inverse(0.5), TypeError);
  assert.is(fromSpec({ type: "simplex" }), simplex);
});

test("a constraint's interior holds what it promises: every u inside it transforms to a finite member", () => {
  for (const c of [constraints.real, constraints.positive, constraints.nonnegative]) {
    const [lo, hi] = c.interior!;
    const edge = (x: number, toward: number) => (Number.isFinite(x) ? x + Math.sign(toward - x) * 1e-9 * Math.max(1, Math.abs(x)) : -Math.sign(x) * 1.7e308);
    for (const u of [edge(lo, hi), edge(hi, lo), -700, -1, 0, 1, 700]) {
      const x = c.transform(u) as number;
      assert.ok(Number.isFinite(x) && c.check(x), `${c.spec.type}: u = ${u} -> ${x}`);
    }
  }
  // Just past positive's interior the transform still decides (exp(-745.1) is the smallest subnormal).
  assert.ok(constraints.positive.check(constraints.positive.transform(-745.1) as number));
  assert.is(constraints.unitInterval.interior, undefined);
});

test.run();
