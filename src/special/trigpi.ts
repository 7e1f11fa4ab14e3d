// sin(πx) and cot(πx) with exact argument reduction, for the reflection formulas of lgamma, digamma and
// trigamma (x < 0). Math.sin(Math.PI * x) is wrong near the zeros x = n ≠ 0, exactly where the reflection
// formulas need a small sine to full relative precision. Read lgamma.ts for the first caller.

/** Largest double with a fractional part: every |x| >= 2^52 is an integer. */
const TWO_52 = 2 ** 52;

/**
 * sin(πx), with relative error of a few ulp for every finite x (0 at the integers, NaN for ±∞ and NaN).
 *
 * **Method**: x = n/2 + t with n = round(2x) and |t| <= 1/4. Both steps are exact in binary64 (x is a multiple
 * of its ulp <= 1/2, so x - n/2 lands on the same grid), so the only rounding left is that of π·t and of the
 * sine or cosine of it. Then sin(πx) = sin(πt), cos(πt), -sin(πt), -cos(πt) for n ≡ 0, 1, 2, 3 (mod 4).
 * **Source**: the reduction of FDLIBM `sin_pi` (e_lgamma_r.c), written with round() instead of bit tests.
 */
export function sinPi(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < TWO_52)) return ax === Infinity || ax !== ax ? NaN : 0 * x; // integers: ±0 with x's sign
  if (ax < 0.25) return Math.sin(Math.PI * x); // no reduction: keeps tiny x exact to the last bit
  const n = Math.round(2 * ax);
  const t = ax - 0.5 * n;
  const q = n % 4;
  const s = q === 0 ? Math.sin(Math.PI * t) : q === 1 ? Math.cos(Math.PI * t) : q === 2 ? -Math.sin(Math.PI * t) : -Math.cos(Math.PI * t);
  return x < 0 ? -s : s;
}

/**
 * cot(πx) = cos(πx) / sin(πx), with relative error of a few ulp for every finite non-integer x; ±∞ at the
 * integers (the sign of 1/±0), NaN for ±∞ and NaN.
 *
 * **Method**: the exact reduction of {@link sinPi}, x = n/2 + t with |t| <= 1/4; then cot(πx) = cot(πt) for
 * even n and -tan(πt) for odd n (period 1, and cot(u + π/2) = -tan u).
 */
export function cotPi(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < TWO_52)) return ax === Infinity || ax !== ax ? NaN : x < 0 ? -Infinity : Infinity;
  const n = Math.round(2 * ax);
  const t = ax - 0.5 * n;
  const c = n % 2 === 0 ? 1 / Math.tan(Math.PI * t) : -Math.tan(Math.PI * t);
  return x < 0 ? -c : c;
}
