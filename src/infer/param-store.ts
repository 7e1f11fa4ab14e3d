// The parameter store of one SVI run: each parameter's unconstrained value (a Float64Array the optimizer updates
// in place) and its constraint. Called by svi.ts (which turns entries into tape leaves each step) and by users
// through `svi.params`. Read svi.ts next.
import { valueOf } from "../autodiff/index.ts";
import { fromSpec, real, type Constraint, type ConstraintSpec } from "../distributions/constraints.ts";
import { checkInit } from "./runtime.ts";

/** One stored parameter: u lives in ℝⁿ, the constrained value is constraint.transform(u). */
export interface ParamEntry {
  readonly u: Float64Array;
  /** Whether the parameter is a number (u has length 1) rather than a Float64Array. */
  readonly scalar: boolean;
  readonly constraint: Constraint;
}

/** The JSON form of a store: unconstrained values and constraint descriptions. */
export type ParamStoreJSON = Record<string, { u: number[]; scalar: boolean; constraint: ConstraintSpec }>;

/** Named parameters with constraints, stored unconstrained (PyTorch's `constraints.positive` → log space). */
export class ParamStore {
  private entries = new Map<string, ParamEntry>();

  /** The names of all parameters, in creation order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * The constrained value: a number for a scalar parameter, a fresh Float64Array for a vector one. The type
   * parameter says which you expect (number by default): `get("alpha_q")`, `get<Float64Array>("weights")`.
   */
  get<T extends number | Float64Array = number>(name: string): T {
    const e = this.entry(name);
    const x = valueOf(e.constraint.transform(e.scalar ? e.u[0]! : e.u) as number | Float64Array);
    return (typeof x === "number" ? x : Float64Array.from(x)) as T;
  }

  /**
   * Set (or create) a parameter from a constrained value; the constraint defaults to the existing one, else ℝ.
   * @throws RangeError naming the parameter when the value is outside the constraint.
   */
  set(name: string, value: number | Float64Array, options: { constraint?: Constraint } = {}): void {
    const constraint = options.constraint ?? this.entries.get(name)?.constraint ?? real;
    checkInit(name, value, constraint);
    const u = typeof value === "number" ? Float64Array.of(constraint.inverse(value)) : value.map((x) => constraint.inverse(x));
    this.entries.set(name, { u, scalar: typeof value === "number", constraint });
  }

  delete(name: string): void {
    this.entries.delete(name);
  }

  /** The stored entry (its `u` is live: the optimizer updates it in place). */
  entry(name: string): ParamEntry {
    const e = this.entries.get(name);
    if (!e) throw new Error(`no parameter named "${name}"`);
    return e;
  }

  /** The entry for `name`, created from a constrained init value on first use; `created` is told when it is. */
  ensure(name: string, init: number | Float64Array, constraint: Constraint, created?: (name: string) => void): ParamEntry {
    const e = this.entries.get(name);
    if (e) return e;
    this.set(name, init, { constraint });
    created?.(name);
    return this.entries.get(name)!;
  }

  toJSON(): ParamStoreJSON {
    const out: ParamStoreJSON = {};
    for (const [name, e] of this.entries) out[name] = { u: Array.from(e.u), scalar: e.scalar, constraint: e.constraint.spec };
    return out;
  }

  /** Replace every entry by those of a JSON form (as from toJSON). */
  loadJSON(json: ParamStoreJSON): void {
    const next = new Map<string, ParamEntry>();
    for (const [name, e] of Object.entries(json)) {
      if (!Array.isArray(e.u) || !e.u.every((x) => typeof x === "number")) throw new TypeError(`param "${name}": u must be an array of numbers`);
      next.set(name, { u: Float64Array.from(e.u), scalar: e.scalar === true, constraint: fromSpec(e.constraint) });
    }
    this.entries = next;
  }
}

