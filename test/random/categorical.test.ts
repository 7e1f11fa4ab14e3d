// categorical: Pearson chi-square fits on fixed seeds against exact probabilities w_i / Σ w (mpmath, from
// scripts/fixtures_discrete.py), zero weights never drawn, unnormalised weights, determinism, validation.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { categorical, createRng } from "../../src/random/index.ts";
import { readFixture } from "../helpers/accuracy.ts";
import { chiSquare, type BinnedCase } from "../helpers/chi-square.ts";

const cases = (readFixture(new URL("../fixtures/discrete.json", import.meta.url)) as { samplers: BinnedCase[] }).samplers
  .filter((c) => c.kind === "categorical");

// Each fit fails for a correct sampler with probability 1e-3; the seeds are fixed, so the outcome is too. A draw
// of a zero-weight index makes X² infinite, so these fits also show that zero weights are never chosen.
for (const c of cases) {
  const w = Float64Array.from(c.params.probs as number[]);
  test(`Categorical over ${w.length} weights (${w.filter((x) => x === 0).length} of them 0): ${c.draws} draws fit w / Σw (p-value > 1e-3)`, () => {
    const rng = createRng(c.seed), counts = new Float64Array(w.length);
    for (let i = 0; i < c.draws; i++) counts[categorical(rng, w)]!++;
    const { stat, df, pValue } = chiSquare(counts, c.mass);
    assert.ok(pValue > 1e-3, `X² = ${stat} on ${df} degrees of freedom, p-value ${pValue}`);
  });
}

test("one positive weight among zeros is drawn every time, at either end or in the middle", () => {
  const rng = createRng(2);
  for (const w of [[3, 0, 0], [0, 0, 1e-300], [0, 5e-324, 0], [7]]) {
    const only = w.findIndex((x) => x > 0);
    for (let i = 0; i < 1000; i++) assert.is(categorical(rng, Float64Array.from(w)), only, `weights ${w}`);
  }
});

test("draws are indices of positive weights, and the same seed gives the same draws", () => {
  const weight = fc.oneof(fc.constant(0), fc.double({ min: 1e-300, max: 1e300, noNaN: true }));
  fc.assert(
    fc.property(fc.integer(), fc.array(weight, { minLength: 1, maxLength: 12 }), (seed, ws) => {
      fc.pre(ws.some((x) => x > 0) && ws.reduce((s, x) => s + x, 0) < Infinity);
      const w = Float64Array.from(ws), a = createRng(seed), b = createRng(seed);
      for (let i = 0; i < 5; i++) {
        const k = categorical(a, w);
        assert.ok(Number.isInteger(k) && w[k]! > 0, `drew ${k} from ${ws}`);
        assert.is(categorical(b, w), k);
      }
    }),
    { seed: 9, numRuns: 300 },
  );
});

test("a negative, NaN or infinite weight, no weights, or a zero or infinite sum throw a RangeError; a number[] a TypeError", () => {
  const rng = createRng(1);
  const isRange = (re: RegExp) => (e: unknown) => e instanceof RangeError && re.test(String(e));
  for (const bad of [-1, NaN, Infinity]) {
    assert.throws(() => categorical(rng, Float64Array.of(1, bad)), isRange(/weights\[1\]/), `weight ${bad}`);
  }
  for (const w of [[], [0, 0], [1e308, 1e308]]) assert.throws(() => categorical(rng, Float64Array.from(w)), isRange(/sum of weights/), `${w}`);
  assert.throws(() => categorical(rng, [1, 2] as unknown as Float64Array), (e: unknown) => e instanceof TypeError && /weights/.test(String(e)));
});

test.run();
