// The interface SVI drives (one `update` per parameter per step) and the JSON form of an optimizer's state.
// adam.ts and sgd.ts implement it; infer/svi.ts calls it. Parameters are always Float64Arrays here (a scalar
// parameter is an array of length 1), updated in place, in the unconstrained space.

/** The per-parameter state of an optimizer, as plain JSON (numbers and arrays of numbers). */
export type OptimizerState = Record<string, Record<string, number | number[]>>;

/** A per-parameter first-order optimizer with serializable state (PyTorch/Pyro semantics). */
export interface Optimizer {
  /** Update x in place from its gradient g; `name` keys the parameter's state (moments, step count). */
  update(name: string, x: Float64Array, g: Float64Array): void;
  /** A JSON-serializable copy of every parameter's state. */
  getState(): OptimizerState;
  /** Replace the state with a copy of `state` (as produced by getState). */
  setState(state: OptimizerState): void;
}

/** Convert a Float64Array state entry to JSON and back, checking the shape. */
export function toArray(x: Float64Array): number[] {
  return Array.from(x);
}

/** Read a numeric array from a state record, throwing a TypeError naming the field when it is malformed. */
export function fromArray(v: number | number[] | undefined, field: string): Float64Array {
  if (!Array.isArray(v) || !v.every((e) => typeof e === "number")) throw new TypeError(`optimizer state: ${field} must be an array of numbers`);
  return Float64Array.from(v);
}

/** Read a number from a state record, throwing a TypeError naming the field when it is malformed. */
export function fromNumber(v: number | number[] | undefined, field: string): number {
  if (typeof v !== "number") throw new TypeError(`optimizer state: ${field} must be a number`);
  return v;
}
