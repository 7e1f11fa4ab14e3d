// sin(πx) and cot(πx) with exact argument reduction, for the reflection formulas of lgamma, digamma and
// trigamma (x < 0). Math.sin(Math.PI * x) is wrong near the zeros x = n ≠ 0, exactly where the reflection
// formulas need a small sine to full relative precision. Read lgamma.ts for the first caller.

/**
 * sin(πx), with relative error of a few ulp for every finite x (0 at the integers, NaN for ±∞ and NaN).
 *
 * **Method**: t = |x| mod 2 is exact in binary64 (the remainder of a floating-point division is always
 * representable, and JavaScript's % computes it exactly), and so is r = t - n with n = round(t) ∈ {0, 1, 2}
 * (Sterbenz's lemma), |r| <= 1/2. Then sin(πx) = ±sin(πr), negative when exactly one of "n is odd" and
 * "x < 0" holds; the only roundings left are those of π·r and of the sine. Every |x| >= 2^53 is an even
 * integer and lands on r = 0.
 * **Source**: the exact reduction of FDLIBM `sin_pi` (e_lgamma_r.c), written with % and round() instead of bit
 * tests.
 */
export function sinPi(x: number): number {
  const t = Math.abs(x) % 2;
  const n = Math.round(t);
  const s = Math.sin(Math.PI * (t - n));
  return (n === 1) === (x < 0) ? s : -s;
}

/**
 * cot(πx) = cos(πx) / sin(πx) = sin(π(x + 1/2)) / sin(πx), from two exactly reduced sines: a few ulp wherever
 * x + 1/2 is exact, which holds for every |x| >= 1/2 (digamma's reflection calls it for x <= -1); ±∞ at the
 * integers (the sign of 1/±0), NaN for ±∞ and NaN.
 */
export function cotPi(x: number): number {
  return sinPi(x + 0.5) / sinPi(x);
}
