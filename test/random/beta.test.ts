// beta / betaInto: PyTorch's underflow test at concentrations 1e-2 and 1e-3, the agreement of z with its
// logs, moments, validation. KS fits against betainc are in ks.test.ts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { beta, betaInto, createRng } from "../../src/random/index.ts";

for (const c of [1e-2, 1e-3]) {
  test(`Beta(${c}, ${c}): 5e4 draws, none exactly 0 or 1, finite logs, half below 0.1 and half above 0.9`, () => {
    // As concentrations go to 0 the law tends to a fair coin on {0, 1}: P(z < 0.1) ≈ 0.1^c / 2.
    const n = 50_000;
    const rng = createRng(17);
    const out = new Float64Array(3);
    let low = 0;
    let high = 0;
    for (let i = 0; i < n; i++) {
      betaInto(out, rng, c, c);
      const [z, logZ, log1mZ] = out as unknown as [number, number, number];
      assert.ok(z > 0 && z < 1, `z = ${z}`);
      assert.ok(Number.isFinite(logZ) && Number.isFinite(log1mZ), `logs ${logZ}, ${log1mZ}`);
      if (z < 0.1) low++;
      if (z > 0.9) high++;
    }
    assert.ok(Math.abs(low / n - 0.5) < 0.05, `fraction below 0.1: ${low / n}`);
    assert.ok(Math.abs(high / n - 0.5) < 0.05, `fraction above 0.9: ${high / n}`);
  });
}

test("z, log z and log(1 - z) agree: each log is accurate where z or 1 - z is representable", () => {
  fc.assert(
    fc.property(
      fc.integer(),
      fc.double({ min: -3, max: 3, noNaN: true }),
      fc.double({ min: -3, max: 3, noNaN: true }),
      (seed, ea, eb) => {
        const { z, logZ, log1mZ } = beta(createRng(seed), 10 ** ea, 10 ** eb);
        assert.ok(z > 0 && z < 1, `z = ${z}`);
        assert.ok(logZ <= 0 && log1mZ <= 0 && Number.isFinite(logZ) && Number.isFinite(log1mZ));
        // logaddexp(logZ, log1mZ) = log(z + (1 - z)) = 0.
        const m = Math.max(logZ, log1mZ);
        assert.ok(Math.abs(m + Math.log1p(Math.exp(Math.min(logZ, log1mZ) - m))) < 4e-16);
        // Unless clamped, z matches its logs to a few ulps: z via exp(logZ) below 1/2, 1 - z via log1mZ above.
        if (z > Number.MIN_VALUE && z < 1 - 2 ** -53) {
          if (z < 0.5) assert.ok(Math.abs(z / Math.exp(logZ) - 1) < 1e-15);
          else assert.ok(Math.abs(-Math.expm1(log1mZ) / z - 1) < 1e-15);
          assert.ok(Math.abs(Math.log(z) - logZ) <= 1e-15 * Math.max(1, Math.abs(logZ)) || logZ < -700);
        }
      },
    ),
  );
});

test("the clamp is the last resort: Beta(1e-3, 1e3) gives tiny z with exact logs", () => {
  const rng = createRng(2);
  const out = new Float64Array(3);
  let clamped = 0;
  for (let i = 0; i < 2000; i++) {
    betaInto(out, rng, 1e-3, 1e3);
    assert.ok(out[0]! > 0 && Number.isFinite(out[1]!) && out[2]! <= 0);
    if (out[0] === Number.MIN_VALUE && out[1]! < -745) clamped++;
  }
  // Here log z ≈ log Gamma(1e-3) - log 1e3 is below -745 on about half the draws: z clamps, logZ does not.
  assert.ok(clamped > 500, `clamped ${clamped}`);
});

for (const [k, [a, b]] of ([[0.5, 0.5], [2, 5], [10, 10], [0.1, 3], [300, 2]] as const).entries()) {
  test(`Beta(${a}, ${b}) draws have mean a/(a+b) and the Beta variance within 5 standard errors`, () => {
    const n = 40_000;
    const rng = createRng(500 + k);
    const mu = a / (a + b);
    const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const { z } = beta(rng, a, b);
      s += z;
      s2 += (z - mu) ** 2;
    }
    assert.ok(Math.abs(s / n - mu) < 5 * Math.sqrt(v / n), `mean ${s / n} vs ${mu}`);
    // (z - mu)^2 lies in [0, 1], so its variance is at most its mean v: a loose but honest bound.
    assert.ok(Math.abs(s2 / n - v) < 5 * Math.sqrt(v / n), `variance ${s2 / n} vs ${v}`);
  });
}

test("a, b >= 1 at extreme size or ratio (z below 2^-1000, x + y overflowing): finite, consistent logs", () => {
  // These leave the ratio route for a, b >= 1 (z = x/(x+y) would underflow or be 0/Inf) for the log-space one.
  const out = new Float64Array(3);
  const rng = createRng(9);
  for (const [a, b] of [[1, 1e305], [1e305, 1], [1e308, 1e308], [1e308, 1], [2, 1e300]] as const) {
    for (let i = 0; i < 50; i++) {
      betaInto(out, rng, a, b);
      const [z, logZ, log1mZ] = out as unknown as [number, number, number];
      assert.ok(z > 0 && z < 1 && Number.isFinite(logZ) && Number.isFinite(log1mZ), `Beta(${a}, ${b}): ${[...out]}`);
      const m = Math.max(logZ, log1mZ);
      assert.ok(Math.abs(m + Math.log1p(Math.exp(Math.min(logZ, log1mZ) - m))) < 4e-16, `Beta(${a}, ${b}): ${[...out]}`);
    }
  }
  // Beta(1e308, 1e308) is a point mass at 1/2 to within 1e-154.
  betaInto(out, rng, 1e308, 1e308);
  assert.ok(Math.abs(out[0]! - 0.5) < 1e-15, String(out[0]));
});

test("beta(rng, a, b) returns what betaInto writes for the same stream", () => {
  fc.assert(
    fc.property(fc.integer(), fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (seed, a, b) => {
      const out = new Float64Array(3);
      betaInto(out, createRng(seed), a, b);
      assert.equal(beta(createRng(seed), a, b), { z: out[0], logZ: out[1], log1mZ: out[2] });
    }),
  );
});

test("a and b must be finite and positive: RangeError naming the parameter", () => {
  const rng = createRng(1);
  for (const bad of [0, -1, NaN, Infinity]) {
    assert.throws(() => beta(rng, bad, 1), (e: unknown) => e instanceof RangeError && /\ba\b/.test(String(e)));
    assert.throws(() => beta(rng, 1, bad), (e: unknown) => e instanceof RangeError && /\bb\b/.test(String(e)));
  }
});

test.run();
