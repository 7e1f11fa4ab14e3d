// The interface SVI drives (one `update` per parameter per step), the JSON form of an optimizer's state, and the
// state machinery adam.ts and sgd.ts share. infer/svi.ts calls it. Parameters are always Float64Arrays here (a
// scalar parameter is an array of length 1), updated in place, in the unconstrained space.
import { check } from "../check.ts";

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

/** One parameter's state: numbers (a step count, a learning rate) and Float64Arrays (moments, a buffer). */
export type Slots = Record<string, number | Float64Array>;

/**
 * What Adam, ClippedAdam and SGD share: the options lr and weightDecay, and the state machinery. Each parameter
 * name has one record of {@link Slots}, made by `init` at the parameter's first update. getState writes every
 * record as JSON (Float64Arrays become arrays); setState reads them back, checks every field against the kind
 * it has in a fresh record (a number, or an array of numbers), and replaces the state only once all have passed.
 */
export abstract class PerParameterOptimizer<S extends Slots> implements Optimizer {
  // The option fields here and in the subclasses are `declare`d: each constructor creates them, and a class
  // field definition would only repeat their names in the bundle.
  /**
   * Learning rate, default 1e-3 (PyTorch's Adam default; its SGD has none). The Adams start each parameter's own
   * lr here, which their state keeps (and ClippedAdam decays).
   */
  declare readonly lr: number;
  /** L2 penalty: g ← g + weightDecay·x, default 0. */
  declare readonly weightDecay: number;
  /** Each parameter's state by name, in order of first update. */
  protected state: Map<string, S> = new Map();

  constructor(options: { lr?: number; weightDecay?: number }) {
    const lr = (this.lr = options.lr ?? 1e-3);
    this.weightDecay = options.weightDecay ?? 0;
    check(lr >= 0 && lr < Infinity, "lr", "finite and >= 0", lr);
  }

  /** The state of an n-element parameter before its first update. */
  protected abstract init(n: number): S;

  abstract update(name: string, x: Float64Array, g: Float64Array): void;

  getState(): OptimizerState {
    const out: OptimizerState = {};
    for (const [name, s] of this.state) {
      const json: Record<string, number | number[]> = (out[name] = {});
      for (const k in s) {
        const v = s[k]!;
        json[k] = typeof v === "number" ? v : Array.from(v);
      }
    }
    return out;
  }

  setState(state: OptimizerState): void {
    const next = new Map<string, S>();
    for (const name in state) {
      const json = state[name];
      const s: Slots = this.init(0);
      for (const k in s) {
        // Each field must be of the kind it has in a fresh record: a number, or an array of numbers.
        const v = json?.[k];
        const num = typeof s[k] === "number";
        if (num ? typeof v !== "number" : !(Array.isArray(v) && v.every((e) => typeof e === "number"))) {
          throw new TypeError(`state ${name}.${k} = ${JSON.stringify(v)} is not a number${num ? "" : " array"}`);
        }
        s[k] = num ? (v as number) : new Float64Array(v as number[]);
      }
      next.set(name, s as S);
    }
    this.state = next;
  }
}
