// Horner evaluation of a coefficient table, for kernels whose polynomial is long or chosen at run time.
// The hot kernels (lgamma.ts, digamma.ts, trigamma.ts) write their Horner forms inline instead: with the
// coefficients as constants V8 evaluates a degree-5 polynomial in ~1.5 ns, against ~6 ns for this loop.

/**
 * c[0] + c[1]·x + … + c[n-1]·x^(n-1), by Horner's rule (ascending coefficients, as Boost's
 * `evaluate_polynomial` takes them; Cephes `polevl` takes them descending). Returns 0 for an empty table.
 */
export function polevl(x: number, c: ArrayLike<number>): number {
  let i = c.length - 1;
  if (i < 0) return 0;
  let r = c[i]!;
  while (--i >= 0) r = r * x + c[i]!;
  return r;
}
