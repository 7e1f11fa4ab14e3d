// betainc, betaincc and betaSampleGrad where one parameter dwarfs the other (the region of TOMS 708's bgrat, which
// vitape serves with its continued fraction written through λ = a - (a + b) x, its series and its quadrature):
// on both sides of each edge of that region and through its interior, against mpmath (test/fixtures/beta-asym.json,
// scripts/fixtures_beta_asym.py).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { betainc, betaincc, betaSampleGrad } from "../../src/special/index.ts";
import { readFixture, relErr, worstByRegion } from "../helpers/accuracy.ts";

type Row = [string, number, number, number, number, number, number, number];
const F = readFixture(new URL("../fixtures/beta-asym.json", import.meta.url)) as { rows: Row[]; skipped: unknown[][] };
const REGIONS = ["min", "ratio", "lambda", "quadrature", "median", "underflow", "sweep", "unsupported"];

/** The rows betainc documents as unsupported (NaN): z < 2^-53 past the mirroring point, so b > 2^53. */
const unsupported = ([, a, b, z]: Row): boolean => z < 2 ** -53 && z * (b + 1) >= a + 1;

/** Worst relative error of `errs(row)` per region over the supported rows. */
const worst = (errs: (row: Row) => number[]): Map<string, { max: number[]; at: string[] }> =>
  worstByRegion(F.rows.filter((row) => !unsupported(row)), errs);

test("the fixture covers every edge of the region from both sides, and its interior", () => {
  const seen = new Set(F.rows.map((r) => r[0]));
  for (const region of REGIONS) assert.ok(seen.has(region), region);
  assert.ok(F.rows.length >= 1000, `${F.rows.length} rows`);
  assert.ok(F.skipped.length <= 5, `${F.skipped.length} skipped`);
});

test("betaSampleGrad is within 1e-12 of mpmath where one parameter dwarfs the other", () => {
  // Measured 1.9e-13 (the quadrature at min(a, b) -> 2e3; 2.0e-14 on the "ratio" edge, 8.2e-16 on "lambda").
  for (const [region, r] of worst(([, a, b, z, , , dzda, dzdb]) => {
    const [ga, gb] = betaSampleGrad(z, a, b);
    return [relErr(ga, dzda), relErr(gb, dzdb)];
  })) {
    for (const k of [0, 1]) {
      assert.ok(r.max[k]! <= 1e-12, `${region}: ${k ? "dz/db" : "dz/da"} max relative error ${r.max[k]} at ${r.at[k]}`);
    }
  }
});

test("betainc and betaincc are within 1e-12 of mpmath where one parameter dwarfs the other", () => {
  // Measured 1.6e-13 (at the underflow edge), 2.6e-14 elsewhere.
  for (const [region, r] of worst(([, a, b, z, I, Ic]) => [I > 1e-300 ? relErr(betainc(a, b, z), I) : 0,
    Ic > 1e-300 ? relErr(betaincc(a, b, z), Ic) : 0])) {
    assert.ok(r.max[0]! <= 1e-12, `${region}: I max relative error ${r.max[0]} at ${r.at[0]}`);
    assert.ok(r.max[1]! <= 1e-12, `${region}: 1 - I max relative error ${r.max[1]} at ${r.at[1]}`);
  }
});

test("the unsupported rows (z < 2^-53 past the mirroring point) give NaN, as documented", () => {
  const rows = F.rows.filter(unsupported);
  assert.ok(rows.length >= 4, `${rows.length} rows`);
  for (const [, a, b, z] of rows) {
    assert.ok(Number.isNaN(betainc(a, b, z)) && Number.isNaN(betaincc(a, b, z)), `betainc(${a}, ${b}, ${z})`);
    assert.ok(betaSampleGrad(z, a, b).every(Number.isNaN), `betaSampleGrad(${z}, ${a}, ${b})`);
  }
});

test.run();
