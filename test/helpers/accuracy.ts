// Error measures for testing numeric kernels against reference tables: relErr, mixedErr, maxErr over a table,
// and readFixture, which decodes the "inf"/"-inf"/"nan" strings the fixture scripts write for values JSON cannot
// hold. Used by test/special/*.test.ts; the tables come from scripts/fixtures_*.py.
import { readFileSync } from "node:fs";

/**
 * |got - expected| / |expected|. Equal values (including equal infinities and 0 = 0) give 0; NaN matches only
 * NaN; any other mismatch against an infinity, a NaN or an expected 0 gives +∞.
 */
export function relErr(got: number, expected: number): number {
  return err(got, expected, Math.abs(expected));
}

/** |got - expected| / max(1, |expected|): absolute error for small values, relative for large ones. */
export function mixedErr(got: number, expected: number): number {
  return err(got, expected, Math.max(1, Math.abs(expected)));
}

function err(got: number, expected: number, scale: number): number {
  if (got === expected) return 0;
  if (expected !== expected) return got !== got ? 0 : Infinity;
  if (!Number.isFinite(expected) || scale === 0) return Infinity;
  const e = Math.abs(got - expected) / scale;
  return e === e ? e : Infinity; // got NaN
}

/** The worst error over a table: its value, where (index), and the two numbers compared there. */
export interface ErrReport {
  max: number;
  index: number;
  got: number;
  expected: number;
}

/** The largest `measure(got[i], expected[i])` over a table (relErr by default). */
export function maxErr(
  got: ArrayLike<number>,
  expected: ArrayLike<number>,
  measure: (got: number, expected: number) => number = relErr,
): ErrReport {
  if (got.length !== expected.length) throw new Error(`maxErr: ${got.length} results for ${expected.length} references`);
  const r: ErrReport = { max: 0, index: -1, got: NaN, expected: NaN };
  for (let i = 0; i < got.length; i++) {
    const e = measure(got[i]!, expected[i]!);
    if (e > r.max || r.index < 0) Object.assign(r, { max: e, index: i, got: got[i]!, expected: expected[i]! });
  }
  return r;
}

/**
 * For fixture rows [region, a, b, z, ...]: the worst of each error that `errs(row)` lists, per region, and the
 * (a, b, z) where each was met. A NaN error counts as the worst.
 */
export function worstByRegion<Row extends readonly [string, number, number, number, ...number[]]>(
  rows: readonly Row[],
  errs: (row: Row) => number[],
): Map<string, { max: number[]; at: string[] }> {
  const w = new Map<string, { max: number[]; at: string[] }>();
  for (const row of rows) {
    const e = errs(row);
    const r = w.get(row[0]) ?? { max: e.map(() => 0), at: e.map(() => "") };
    e.forEach((v, k) => {
      if (!(v <= r.max[k]!)) { r.max[k] = v; r.at[k] = `a = ${row[1]}, b = ${row[2]}, z = ${row[3]}`; }
    });
    w.set(row[0], r);
  }
  return w;
}

/** Parse a fixture JSON file, turning "inf", "-inf" and "nan" back into numbers. */
export function readFixture(url: URL): unknown {
  return JSON.parse(readFileSync(url, "utf8"), (_key, v: unknown) =>
    v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "nan" ? NaN : v,
  );
}
