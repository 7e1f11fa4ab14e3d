// The reference table for the gamma-family kernels, loaded once: test/fixtures/special.json, written by
// scripts/fixtures_special.py (mpmath, 40 digits). Shared by the test/special/*.test.ts files.
import { readFixture } from "../helpers/accuracy.ts";

/** One region of x values with the reference value of each function at each x. */
export interface Region {
  x: number[];
  lgamma: number[];
  digamma: number[];
  trigamma: number[];
}

/** Pairs (a[i], b[i]) with the reference lbeta(a[i], b[i]). */
export interface PairTable {
  a: number[];
  b: number[];
  lbeta: number[];
}

/** The whole table; see the script for how each region is drawn. */
export interface SpecialFixture {
  /** x in [1e-300, 1e300]: log-spaced, random in [1e-3, 1e3], uniform in (0, 12), interval edges. */
  positive: Region;
  /** Within 1e-9..1e-3 of 1, of 2, and of digamma's root (plus the three doubles nearest the root). */
  near1: Region;
  near2: Region;
  nearRoot: Region;
  /** x in [-200, 0): next to poles, half-integers, random, tiny. */
  negative: Region;
  /** digamma's positive root rounded to double. */
  digammaRoot: number;
  /** a, b in [1e-3, 1e6]. */
  lbeta: PairTable;
  /** Within a relative 1e-6 of the curve B(a, b) = 1, where lbeta = 0. */
  lbetaNearZero: PairTable;
}

export const fixture: SpecialFixture = readFixture(new URL("../fixtures/special.json", import.meta.url)) as SpecialFixture;

/** 2^-52, the spacing of doubles in [1, 2). */
export const EPS: number = 2 ** -52;
