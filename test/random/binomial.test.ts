// binomial: Pearson chi-square fits on fixed seeds against exact bin probabilities (scripts/fixtures_discrete.py,
// mpmath): inversion and BTRS on both sides of n·min(p, 1-p) = 10, p > 1/2 through the symmetry, n up to 1e9;
// the edges p = 0, p = 1, n = 0; the expected number of uniforms per draw; determinism; validation.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { binomial, createRng, type Rng } from "../../src/random/index.ts";
import { readFixture } from "../helpers/accuracy.ts";
import { binOf, chiSquare, type BinnedCase } from "../helpers/chi-square.ts";

const cases = (readFixture(new URL("../fixtures/discrete.json", import.meta.url)) as { samplers: BinnedCase[] }).samplers
  .filter((c) => c.kind === "binomial");

// Each fit fails for a correct sampler with probability 1e-3 (its p-value is uniform); the seeds are fixed, so the
// outcome is too. The cases: (20, 0.3), (1000, 0.005) and (200, 0.05) by inversion, (100, 0.9) by symmetry and
// inversion (n(1-p) just below 10), (100, 0.3), (37, 0.5), (1e9, 0.3) by BTRS, (1e9, 1e-9) by inversion,
// (1e9, 1 - 1e-8) and (1e6, 0.99999) by symmetry and BTRS at n(1-p) just above 10.
for (const c of cases) {
  const n = c.params.totalCount as number, p = c.params.probs as number;
  test(`Binomial(${n}, ${p}): ${c.draws} draws fit the exact pmf in ${c.mass.length} bins (chi-square p-value > 1e-3)`, () => {
    const rng = createRng(c.seed), counts = new Float64Array(c.mass.length);
    for (let i = 0; i < c.draws; i++) {
      const k = binomial(rng, n, p);
      assert.ok(Number.isInteger(k) && k >= 0 && k <= n, `draw ${k}`);
      counts[binOf(c.edges, k)]!++;
    }
    const { stat, df, pValue } = chiSquare(counts, c.mass);
    assert.ok(pValue > 1e-3, `X² = ${stat} on ${df} degrees of freedom, p-value ${pValue}`);
  });
}

test("p = 0 gives 0, p = 1 gives n, n = 0 gives 0, for n up to 2^53 - 1", () => {
  const rng = createRng(3);
  for (const n of [0, 1, 17, 1e9, Number.MAX_SAFE_INTEGER]) {
    for (let i = 0; i < 100; i++) {
      assert.is(binomial(rng, n, 0), 0);
      assert.is(binomial(rng, n, 1), n);
      assert.is(binomial(rng, 0, i / 100), 0);
    }
  }
});

test("p = 1e-300 with n = 1e9 gives 0 on all of 1e5 draws (P(any other) <= 1e-286)", () => {
  const rng = createRng(4);
  for (let i = 0; i < 100_000; i++) assert.is(binomial(rng, 1e9, 1e-300), 0);
});

/** The generator with a count of the uniforms drawn from it. */
function counting(seed: number): { rng: Rng; uniforms: () => number } {
  const rng = createRng(seed), draw = rng.uniform.bind(rng);
  let n = 0;
  rng.uniform = () => (n++, draw());
  return { rng, uniforms: () => n };
}

test("uniforms per draw stay bounded: 1 by inversion, < 2.85 by BTRS (2 per try), for n up to 1e15", () => {
  // BTRS takes 1.35 tries at n·p = 10, falling to 1.13 for large n·p (measured: 2.69 and 2.26 uniforms per draw).
  // Over 2e4 draws the mean count's standard error is below 0.01.
  const params: [number, number, boolean][] = [
    [20, 0.3, true], [1000, 0.0099, true], [1e9, 1e-9, true], [1000, 0.01, false], [100, 0.5, false],
    [1e9, 0.3, false], [1e9, 1 - 1e-8, false], [1e15, 0.5, false],
  ];
  for (const [n, p, inversion] of params) {
    const { rng, uniforms } = counting(12);
    const draws = 20_000;
    for (let i = 0; i < draws; i++) binomial(rng, n, p);
    const perDraw = uniforms() / draws;
    assert.ok(inversion ? perDraw === 1 : perDraw < 2.85, `(${n}, ${p}): ${perDraw} uniforms per draw`);
  }
});

test("draws are integers in [0, n], and the same seed gives the same draws, for n up to 1e12 and any p", () => {
  fc.assert(
    fc.property(fc.integer(), fc.integer({ min: 0, max: 1e12 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, n, p) => {
      const a = createRng(seed), b = createRng(seed);
      for (let i = 0; i < 5; i++) {
        const k = binomial(a, n, p);
        assert.ok(Number.isInteger(k) && k >= 0 && k <= n, `Binomial(${n}, ${p}) gave ${k}`);
        assert.is(binomial(b, n, p), k);
      }
    }),
    { seed: 8, numRuns: 200 },
  );
});

test("n not an integer >= 0 or p outside [0, 1] throws a RangeError naming it; a string, a TypeError", () => {
  const rng = createRng(1);
  const isRange = (name: string) => (e: unknown) => e instanceof RangeError && new RegExp(`\\b${name}\\b`).test(String(e));
  for (const bad of [-1, 2.5, NaN, Infinity, 2 ** 53]) assert.throws(() => binomial(rng, bad, 0.5), isRange("n"), `n = ${bad}`);
  for (const bad of [-1e-300, 1 + 2 ** -52, NaN, Infinity]) assert.throws(() => binomial(rng, 10, bad), isRange("p"), `p = ${bad}`);
  assert.throws(() => binomial(rng, "3" as unknown as number, 0.5), (e: unknown) => e instanceof TypeError && /\bn\b/.test(String(e)));
  assert.throws(() => binomial(rng, 3, "0.5" as unknown as number), (e: unknown) => e instanceof TypeError && /\bp\b/.test(String(e)));
});

test.run();
