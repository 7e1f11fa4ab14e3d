// standardGammaGrad on both sides of every edge between its methods (Temme's expansion from alpha = 20 inside the
// band |x/alpha - 1| <= 0.4, its two unrolled degree sets at |eta| = 0.12 and at the ends of the t-interval that
// chooses between them, the series below x = alpha + 1 + sqrt(alpha) and the continued fraction above, the series'
// digamma recurrence and its log(x / z) at the normal range's end), against
// mpmath (test/fixtures/gamma-regions.json, scripts/fixtures_gamma_regions.py).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { standardGammaGrad } from "../../src/special/index.ts";
import { maxErr, readFixture } from "../helpers/accuracy.ts";

interface RegionsFixture {
  columns: string[];
  sets: Record<string, number[][]>;
}
const R = readFixture(new URL("../fixtures/gamma-regions.json", import.meta.url)) as RegionsFixture;

/** Measured maxima (relative error), per set; the bound asserted is 1e-13 for every set. */
const MEASURED: Record<string, string> = {
  temmeMinA: "2.8e-15",
  temmeBand: "4.9e-15",
  temmeCells: "2.5e-16",
  seriesFraction: "8.6e-15",
  seriesDigamma: "4.9e-14, at x = 1e-310 where the result is subnormal",
};

for (const [name, rows] of Object.entries(R.sets)) {
  test(`standardGammaGrad is within 1e-13 of mpmath on the ${name} edge points (measured ${MEASURED[name]})`, () => {
    assert.ok(rows.length >= 40, `${rows.length} rows`);
    const r = maxErr(rows.map(([a, x]) => standardGammaGrad(a!, x!)), rows.map((row) => row[2]!));
    const [a, x] = rows[r.index]!;
    assert.ok(r.max <= 1e-13, `max relative error ${r.max} at alpha = ${a}, x = ${x}: ${r.got} vs ${r.expected}`);
  });
}

test("the edge sets cover both sides of each edge", () => {
  const rows = R.sets["temmeMinA"]!.concat(R.sets["temmeBand"]!);
  const temme = rows.filter(([a, x]) => a! >= 20 && Math.abs(x! - a!) <= 0.4 * a!).length;
  assert.ok(temme >= 40 && rows.length - temme >= 40, `${temme} of ${rows.length} in Temme's region`);
  const split = R.sets["seriesFraction"]!;
  const below = split.filter(([a, x]) => x! < a! + 1 + Math.sqrt(a!)).length;
  assert.ok(below >= 20 && split.length - below >= 20, `${below} of ${split.length} below x = alpha + 1 + sqrt(alpha)`);
});

test.run();
