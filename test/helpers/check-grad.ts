// The one finite-difference harness for every differentiable operation (autograd's check_grads, in spirit).
// The reference derivative is computed from values only: the same function applied to plain numbers, which
// takes the constant path of every operation and so never touches the derivative code under test.
import type { Scalar, Var, Vec } from "../../src/autodiff/index.ts";
import { valueAndGrad } from "../../src/autodiff/index.ts";

type Arg = number | Float64Array;

/** The default finite-difference step: relative to x, so tiny and huge arguments are probed on their own scale. */
export function defaultStep(x: number): number {
  return x === 0 ? 1e-3 : 1e-3 * Math.abs(x);
}

/**
 * d f/d x by central differences with one Richardson step: D = (4 D(h/2) - D(h)) / 3, error O(h⁴).
 * `h` defaults to 1e-3 · |x| (1e-3 at 0); pass a smaller one near a pole or a domain edge.
 */
export function numericDerivative(g: (x: number) => number, x: number, h: number = defaultStep(x)): number {
  const d = (s: number): number => (g(x + s) - g(x - s)) / (2 * s);
  return (4 * d(h / 2) - d(h)) / 3;
}

/**
 * Assert that the tape's gradient of f at args matches central differences to relative tolerance `rtol`
 * (relative to max(|fd|, atolScale)). Vector arguments are checked element by element.
 */
export function checkGrad(
  f: (...xs: (Var | Vec)[]) => Scalar,
  args: Arg[],
  opts: { rtol?: number; h?: number | ((x: number) => number); atolScale?: number } = {},
): void {
  const rtol = opts.rtol ?? 1e-6;
  const scale = opts.atolScale ?? 1e-8;
  const plain = f as unknown as (...xs: Arg[]) => number;
  const { value, grad } = valueAndGrad(f as (...xs: never[]) => Scalar)(...(args as never[]));
  const expectedValue = plain(...args);
  if (!(Math.abs(value - expectedValue) <= 1e-15 * Math.abs(expectedValue) || Object.is(value, expectedValue))) {
    throw new Error(`value on the tape ${value} differs from the plain value ${expectedValue}`);
  }
  args.forEach((arg, k) => {
    const gk = grad[k] as number | Float64Array;
    const m = typeof arg === "number" ? 1 : arg.length;
    for (let i = 0; i < m; i++) {
      const at = (x: number): number => {
        const moved = args.map((a, j) => {
          if (j !== k) return a;
          if (typeof a === "number") return x;
          const c = a.slice();
          c[i] = x;
          return c;
        });
        return plain(...moved);
      };
      const x0 = typeof arg === "number" ? arg : arg[i]!;
      const h = typeof opts.h === "function" ? opts.h(x0) : opts.h ?? defaultStep(x0);
      const fd = numericDerivative(at, x0, h);
      const ad = typeof gk === "number" ? gk : gk[i]!;
      const err = Math.abs(ad - fd) / Math.max(Math.abs(fd), scale);
      if (!(err <= rtol)) {
        throw new Error(`gradient wrt argument ${k}[${i}] at ${x0}: tape ${ad}, finite differences ${fd}, relative error ${err.toExponential(2)} > ${rtol}`);
      }
    }
  });
}
