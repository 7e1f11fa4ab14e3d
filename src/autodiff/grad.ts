// grad and valueAndGrad: run a function of plain numbers and Float64Arrays on a tape and return its gradient.
// Each returned function owns one Tape and rewinds it on every call, so repeated calls allocate no new nodes'
// storage. This is the autodiff layer's front door; infer/elbo.ts drives a Tape directly instead.
import { Tape, Var, Vec, type Scalar } from "./tape.ts";
import { checkType, message } from "../check.ts";

/**
 * The plain counterpart of each node parameter: a number for a Var, a Float64Array for a Vec. It is both what the
 * returned function takes and the shape of the gradient it returns.
 */
export type Plain<P> = { [K in keyof P]: P[K] extends Vec ? Float64Array : number };

/**
 * valueAndGrad(f)(...args) = { value: f(args), grad: [∂f/∂args[0], ∂f/∂args[1], ...] } for a scalar-valued f.
 * Gradients of Float64Array arguments are fresh arrays the caller owns. A wrong-typed argument, or an f that
 * returns anything but a number or Var (a vector, say: reduce it with sum, dot, mean or logSumExp), is a TypeError.
 *
 * @example
 * const { value, grad } = valueAndGrad((x: Var, y: Var) => add(mul(x, y), lgamma(x)))(2, 3);
 * // value = 6, grad = [3 + ψ(2), 2]
 */
export function valueAndGrad<P extends (Var | Vec)[]>(
  f: (...args: P) => Scalar,
): (...args: Plain<P>) => { value: number; grad: Plain<P> } {
  return differentiate(f, "valueAndGrad");
}

/** valueAndGrad, with `name` (valueAndGrad or grad) in its error messages. */
function differentiate<P extends (Var | Vec)[]>(
  f: (...args: P) => Scalar, name: string,
): (...args: Plain<P>) => { value: number; grad: Plain<P> } {
  checkType(typeof f === "function", "f", "a function", f, name);
  const where = `${name}(f)`;
  const tape = new Tape();
  return (...args: Plain<P>) => {
    tape.rewind();
    for (let i = 0; i < args.length; i++) {
      const x: unknown = args[i];
      if (typeof x !== "number" && !(x instanceof Float64Array)) {
        throw new TypeError(message(`args[${i}]`, "a number or Float64Array", x, where));
      }
    }
    const inputs = (args as (number | Float64Array)[]).map((x) => tape.variable(x)) as P;
    const y: unknown = f(...inputs);
    if (typeof y !== "number" && !(y instanceof Var)) {
      throw new TypeError(message("f's result", "a number or Var (a scalar: reduce a vector with sum, dot, mean or logSumExp)", y, where));
    }
    // An f that did not depend on its inputs returned a number: as a leaf of its own, every gradient is zero.
    const out = typeof y === "number" ? tape.variable(y) : y;
    tape.backward(out);
    const grad = new Array(args.length) as unknown[];
    for (let i = 0; i < args.length; i++) {
      const x = inputs[i]!;
      grad[i] = x instanceof Var ? tape.gradOf(x) : tape.gradOf(x).slice();
    }
    return { value: out.value, grad: grad as Plain<P> };
  };
}

/** grad(f)(...args) = [∂f/∂args[0], ...]: valueAndGrad without the value. */
export function grad<P extends (Var | Vec)[]>(f: (...args: P) => Scalar): (...args: Plain<P>) => Plain<P> {
  const vg = differentiate(f, "grad");
  return (...args: Plain<P>) => vg(...args).grad;
}
