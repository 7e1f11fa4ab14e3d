// bernoulli: frequencies match p, the endpoints are exact, only 0 and 1 come out, p is validated.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { bernoulli, createRng } from "../../src/random/index.ts";

for (const [k, p] of [0.001, 0.1, 0.5, 0.9, 0.999].entries()) {
  test(`Bernoulli(${p}) gives 1 with frequency p within 4.5 standard errors (n = 1e5)`, () => {
    const n = 100_000;
    const rng = createRng(60 + k);
    let ones = 0;
    for (let i = 0; i < n; i++) ones += bernoulli(rng, p);
    assert.ok(Math.abs(ones / n - p) < 4.5 * Math.sqrt((p * (1 - p)) / n), `frequency ${ones / n}`);
  });
}

test("p = 0 never and p = 1 always gives 1; every draw is 0 or 1", () => {
  fc.assert(
    fc.property(fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (seed, p) => {
      const rng = createRng(seed);
      assert.is(bernoulli(rng, 0), 0);
      assert.is(bernoulli(rng, 1), 1);
      const x = bernoulli(rng, p);
      assert.ok(x === 0 || x === 1);
    }),
  );
});

test("p outside [0, 1] throws a RangeError naming p", () => {
  const rng = createRng(1);
  for (const p of [-0.1, 1.1, NaN, Infinity]) {
    assert.throws(() => bernoulli(rng, p), (e: unknown) => e instanceof RangeError && /\bp\b/.test(String(e)));
  }
});

test.run();
