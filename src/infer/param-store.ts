// The parameter store of one SVI run: each parameter's unconstrained value (a Float64Array the optimizer updates
// in place) and its constraint. Called by svi.ts (which makes each entry a tape leaf per step, and keeps that
// binding itself) and by users through `svi.params`; loadParams and checkpoint.ts read its JSON form back. Read
// svi.ts next.
import { check, checkType, message } from "../check.ts";
import { fromSpec, real, type Constraint, type ConstraintSpec } from "../distributions/constraints.ts";
import { checkInit, isConstraint } from "./runtime.ts";

/**
 * One stored parameter: u lives in ℝⁿ, the constrained value is constraint.transform(u). Plain data: the tape
 * leaf SVI makes from u each step is SVI's own (svi.ts), so a store may be read, copied or serialized at any time.
 */
export interface ParamEntry {
  readonly name: string;
  readonly u: Float64Array;
  /** Whether the parameter is a number (u has length 1) rather than a Float64Array. */
  readonly scalar: boolean;
  readonly constraint: Constraint;
}

/**
 * The JSON form of a store: unconstrained values and constraint descriptions by name. Any string is a name,
 * "__proto__" included: the object is built with own properties (Object.fromEntries), never by assignment.
 */
export type ParamStoreJSON = Record<string, { u: number[]; scalar: boolean; constraint: ConstraintSpec }>;

/** A TypeError naming the method's argument unless name is a string. */
const checkName = (name: unknown, method: string): void => checkType(typeof name === "string", "name", "a string", name, `ParamStore.${method}`);

/**
 * Named parameters with constraints, stored unconstrained (PyTorch's `constraints.positive` → log space).
 *
 * Each SVI run owns its store (`svi.params`), where Pyro has one global store that every run shares: two SVI runs
 * in one program never see each other's parameters, and a checkpoint holds exactly one run's.
 */
export class ParamStore {
  private entries = new Map<string, ParamEntry>();
  /**
   * Bumped whenever an entry is replaced or removed (set, delete, replace): SVI rebinds its tape leaves when it
   * changes, so a parameter set between steps is read afresh.
   */
  version = 0;

  /** The number of parameters. */
  get size(): number {
    return this.entries.size;
  }

  /** The names of all parameters, in creation order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Whether a parameter of this name exists. @throws TypeError unless name is a string. */
  has(name: string): boolean {
    checkName(name, "has");
    return this.entries.has(name);
  }

  /**
   * The constrained value: a number for a scalar parameter, a fresh Float64Array for a vector one. The type
   * parameter says which you expect (number by default): `get("alpha_q")`, `get<Float64Array>("weights")`.
   * @throws TypeError unless name is a string; RangeError naming it when there is no such parameter.
   */
  get<T extends number | Float64Array = number>(name: string): T {
    const { u, scalar, constraint } = this.find(name, "get");
    // Plain numbers in, plain numbers out; ℝ's identity transform would return u itself, hence the copy.
    const x = constraint.transform(scalar ? u[0]! : u) as number | Float64Array;
    return (scalar ? x : (x as Float64Array).slice()) as T;
  }

  /**
   * Set (or create) a parameter from a constrained value; the constraint defaults to the existing one, else ℝ.
   * A new value replaces the entry (and its length may change): an SVI run's optimizer then starts this
   * parameter's state afresh.
   * @throws TypeError naming the argument unless name is a string, value a number or non-empty Float64Array and
   * constraint a Constraint; RangeError naming the parameter when the value is outside the constraint.
   */
  set(name: string, value: number | Float64Array, options: { constraint?: Constraint } = {}): void {
    checkName(name, "set");
    const where = `ParamStore.set "${name}"`;
    checkType(typeof value === "number" || value instanceof Float64Array, "value", "a number or Float64Array", value, where);
    checkType(typeof options === "object" && options !== null, "options", "an object", options, where);
    const constraint = options.constraint === undefined ? this.entries.get(name)?.constraint ?? real : options.constraint;
    checkType(isConstraint(constraint), "constraint", "a Constraint (from constraints)", constraint, where);
    checkInit(name, value, constraint, where, "value");
    const scalar = typeof value === "number";
    const u = Float64Array.from(scalar ? [value] : value, (x) => constraint.inverse(x));
    this.entries.set(name, { name, u, scalar, constraint });
    this.version++;
  }

  /** Remove a parameter (nothing happens when there is none). @throws TypeError unless name is a string. */
  delete(name: string): void {
    checkName(name, "delete");
    if (this.entries.delete(name)) this.version++;
  }

  /**
   * The stored entry (its `u` is live: the optimizer updates it in place).
   * @throws TypeError unless name is a string; RangeError naming it when there is no such parameter.
   */
  entry(name: string): ParamEntry {
    return this.find(name, "entry");
  }

  /** The entry named `name`, or the TypeError / RangeError of `method`. */
  private find(name: string, method: string): ParamEntry {
    const e = this.entries.get(name);
    if (e) return e;
    checkName(name, method);
    return check(false, "name", `the name of a parameter (${this.names().map((n) => JSON.stringify(n)).join(", ") || "there are none"})`, name, `ParamStore.${method}`) as never;
  }

  /** The entry for `name`, created from a constrained init value on first use (a creation leaves version as is). */
  ensure(name: string, init: number | Float64Array, constraint: Constraint): ParamEntry {
    const e = this.entries.get(name);
    if (e) return e;
    checkInit(name, init, constraint);
    this.set(name, init, { constraint });
    this.version--;
    return this.entries.get(name)!;
  }

  /** The JSON form: every parameter by name, in creation order. */
  toJSON(): ParamStoreJSON {
    return Object.fromEntries([...this.entries.values()].map(({ name, u, scalar, constraint }) => [name, { u: [...u], scalar, constraint: constraint.spec }]));
  }

  /**
   * Replace every entry by `entries` (made by {@link parseParams}, which validates them): how loadParams and
   * restore() (checkpoint.ts) load a JSON form once all of it has passed.
   */
  replace(entries: Map<string, ParamEntry>): void {
    this.entries = entries;
    this.version++;
  }
}

/**
 * Replace every entry of `store` by those of a JSON form (as from `store.toJSON()`).
 * @throws TypeError or RangeError naming the parameter and field when an entry is malformed: u not a non-empty
 * array of finite numbers, scalar not a boolean or true with u of length ≠ 1, an unknown constraint, or a
 * value outside it. The store is then unchanged.
 */
export function loadParams(store: ParamStore, json: ParamStoreJSON): void {
  checkType(store instanceof ParamStore, "store", "a ParamStore", store, "loadParams");
  store.replace(parseParams(json, "loadParams", "json"));
}

/**
 * The entries of a store's JSON form, validated (see {@link loadParams}). Messages name the field by its
 * path from `path` (`checkpoint.params["alpha_q"].u`) and start with `where`.
 */
export function parseParams(json: unknown, where: string, path: string): Map<string, ParamEntry> {
  checkType(typeof json === "object" && json !== null && !Array.isArray(json), path, "an object of parameters by name", json, where);
  const next = new Map<string, ParamEntry>();
  for (const [name, e] of Object.entries(json as object)) {
    const at = `${path}[${JSON.stringify(name)}]`;
    checkType(typeof e === "object" && e !== null && !Array.isArray(e), at, "an object { u, scalar, constraint }", e, where);
    const { u, scalar, constraint: spec } = e as Record<string, unknown>;
    checkType(Array.isArray(u) && u.every((x) => typeof x === "number"), `${at}.u`, "an array of numbers", u, where);
    const xs = u as number[];
    check(xs.length > 0 && xs.every(Number.isFinite), `${at}.u`, "non-empty and finite", xs, where);
    checkType(typeof scalar === "boolean", `${at}.scalar`, "a boolean", scalar, where);
    check(!scalar || xs.length === 1, `${at}.scalar`, `false for a u of length ${xs.length}`, scalar, where);
    let constraint: Constraint;
    try {
      constraint = fromSpec(spec as ConstraintSpec);
    } catch {
      throw new TypeError(message(`${at}.constraint`, "a constraint description such as { type: \"positive\" }", spec, where));
    }
    // The constrained value must lie in the constraint (exp(800) = ∞ is outside positive, say).
    for (let i = 0; i < xs.length; i++) {
      const x = constraint.transform(xs[i]!) as number;
      check(Number.isFinite(x) && constraint.check(x), `${at}.u[${i}]`, `mapped inside ${constraint.spec.type} (it maps to ${x})`, xs[i], where);
    }
    next.set(name, { name, u: Float64Array.from(xs), scalar: scalar as boolean, constraint });
  }
  return next;
}

// Performance notes (bundle size, `npm run size`). loadParams and parseParams are functions, not ParamStore
// methods: a bundler keeps every method of a class it keeps, and parseParams calls fromSpec, which names every
// constraint; as functions they reach only the programs that load parameters (see checkpoint.ts for the figure).
