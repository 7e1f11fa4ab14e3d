// The parameter store of one SVI run: each parameter's unconstrained value (a Float64Array the optimizer updates
// in place) and its constraint. Called by svi.ts (which turns entries into tape leaves each step) and by users
// through `svi.params`. Read svi.ts next.
import type { Value, Var, Vec } from "../autodiff/index.ts";
import { fromSpec, real, type Constraint, type ConstraintSpec } from "../distributions/constraints.ts";
import { checkInit } from "./runtime.ts";

/**
 * One stored parameter: u lives in ℝⁿ, the constrained value is constraint.transform(u). As in Pyro, where the
 * store's unconstrained tensors are themselves the autograd leaves, an entry also holds SVI's tape leaf for u and
 * the constrained node made from it; they belong to the step whose tape epoch the leaf carries.
 */
export interface ParamEntry {
  readonly name: string;
  readonly u: Float64Array;
  /** Whether the parameter is a number (u has length 1) rather than a Float64Array. */
  readonly scalar: boolean;
  readonly constraint: Constraint;
  /** SVI's tape leaf for u (a Var holding u[0] for a scalar), made at the parameter's first use in a step. */
  leaf: Var | Vec | undefined;
  /** constraint.transform(leaf): what `param` returns during that step. */
  value: Value;
}

/** The JSON form of a store: unconstrained values and constraint descriptions. */
export type ParamStoreJSON = Record<string, { u: number[]; scalar: boolean; constraint: ConstraintSpec }>;

/** A new entry, every field present in one order (one hidden class for all, as for messages). */
const entry = (name: string, u: Float64Array, scalar: boolean, constraint: Constraint): ParamEntry =>
  ({ name, u, scalar, constraint, leaf: undefined, value: 0 });

/** Named parameters with constraints, stored unconstrained (PyTorch's `constraints.positive` → log space). */
export class ParamStore {
  private entries = new Map<string, ParamEntry>();

  /** The number of parameters. */
  get size(): number {
    return this.entries.size;
  }

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
    const { u, scalar, constraint } = this.entry(name);
    // Plain numbers in, plain numbers out; ℝ's identity transform would return u itself, hence the copy.
    const x = constraint.transform(scalar ? u[0]! : u) as number | Float64Array;
    return (scalar ? x : (x as Float64Array).slice()) as T;
  }

  /**
   * Set (or create) a parameter from a constrained value; the constraint defaults to the existing one, else ℝ.
   * @throws RangeError naming the parameter when the value is outside the constraint.
   */
  set(name: string, value: number | Float64Array, { constraint = this.entries.get(name)?.constraint ?? real }: { constraint?: Constraint } = {}): void {
    checkInit(name, value, constraint);
    const scalar = typeof value === "number";
    this.entries.set(name, entry(name, Float64Array.from(scalar ? [value] : value, (x) => constraint.inverse(x)), scalar, constraint));
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

  /** The entry for `name`, created from a constrained init value on first use. */
  ensure(name: string, init: number | Float64Array, constraint: Constraint): ParamEntry {
    const e = this.entries.get(name);
    if (e) return e;
    this.set(name, init, { constraint });
    return this.entries.get(name)!;
  }

  toJSON(): ParamStoreJSON {
    const out: ParamStoreJSON = {};
    for (const { name, u, scalar, constraint } of this.entries.values()) out[name] = { u: [...u], scalar, constraint: constraint.spec };
    return out;
  }

  /**
   * Replace every entry by those of a JSON form (as from toJSON).
   * @throws TypeError naming the parameter when its u is not an array of numbers; the store is then unchanged.
   */
  loadJSON(json: ParamStoreJSON): void {
    const next = new Map<string, ParamEntry>();
    for (const [name, { u, scalar, constraint }] of Object.entries(json)) {
      if (!(Array.isArray(u) && u.every((x) => typeof x === "number"))) throw new TypeError(`param "${name}": u must be an array of numbers`);
      next.set(name, entry(name, Float64Array.from(u), scalar === true, fromSpec(constraint)));
    }
    this.entries = next;
  }
}
