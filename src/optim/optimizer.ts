// The interface SVI drives (one `update` per parameter per step), the JSON form of an optimizer's state, and the
// machinery adam.ts and sgd.ts share: option checks, per-parameter state, its validation on restore, and undo of
// a step's updates. infer/svi.ts calls it; state.ts writes and reads the state as JSON. Parameters are always
// Float64Arrays here (a scalar parameter is an array of length 1), updated in place, in the unconstrained space.
// Read adam.ts next.
import { check, checkType } from "../check.ts";

/** One parameter's optimizer state as JSON: numbers (a step count, a learning rate) and arrays of numbers. */
export type SlotsJSON = Record<string, number | number[]>;

/**
 * An optimizer's state as plain JSON: which optimizer (`kind`, `options`) and each parameter's record by name
 * (built with own properties, so any string is a name, "__proto__" included).
 */
export interface OptimizerState {
  kind: string;
  options: Record<string, number | boolean | number[]>;
  params: Record<string, SlotsJSON>;
}

/**
 * A per-parameter first-order optimizer with serializable state (PyTorch/Pyro semantics). The built-in ones
 * (Adam, ClippedAdam, SGD) keep their state's JSON form out of the class, in getOptimizerState and
 * setOptimizerState (state.ts), so that a program that never saves it does not carry it; an optimizer of your own
 * implements getState and setState, which those two functions call, or begin and rollback.
 */
export interface Optimizer {
  /** Update x in place from its gradient g; `name` keys the parameter's state (moments, step count). */
  update(name: string, x: Float64Array, g: Float64Array): void;
  /**
   * A JSON-serializable copy of the state. Given the run's parameter lengths, a record for each of them (a fresh
   * one for a parameter not yet updated), so that a restore can tell a missing record from an unused parameter.
   * Optional: needed by a checkpoint, and by SVI's undo of a rejected step when begin/rollback are absent.
   */
  getState?(lengths?: ReadonlyMap<string, number>): OptimizerState;
  /**
   * Replace the state with a copy of `state` (as produced by getState), validated first: against this optimizer's
   * kind and options and, when given, the parameter lengths of the run it is restored into and its step count
   * (no parameter has taken more steps). Throws naming the field, with the state unchanged. Optional, as getState.
   */
  setState?(state: OptimizerState, lengths?: ReadonlyMap<string, number>, steps?: number): void;
  /** Optional: start remembering the records the next updates change, so that {@link Optimizer.rollback} can undo them. */
  begin?(): void;
  /** Optional: undo every update since {@link Optimizer.begin}. */
  rollback?(): void;
  /** Optional: forget one parameter's state (SVI calls it when the parameter's value was replaced). */
  reset?(name: string): void;
}

/** One parameter's state: numbers (a step count, a learning rate) and Float64Arrays (moments, a buffer). */
export type Slots = Record<string, number | Float64Array>;

/**
 * A parameter's record `s` and what undo needs: a spare copy `saved` of s as it was when this step first changed
 * it (`at` is the begin() count then), or `fresh` when this step created it.
 */
interface Held<S> {
  readonly name: string;
  s: S;
  saved: S | undefined;
  at: number;
  fresh: boolean;
}

/** "<where>: <name> must be a number, got <x>", then finite and ≥ lo (and ≤ hi): an option's check. */
export function checkOption(x: unknown, name: string, where: string, lo: number, hi: number = Infinity, open: boolean = false): number {
  checkType(typeof x === "number", name, "a number", x, where);
  const v = x as number;
  const ok = Number.isFinite(v) && (open ? v > lo : v >= lo) && v <= hi;
  check(ok, name, `finite and ${open ? ">" : ">="} ${lo}${hi < Infinity ? ` and <= ${hi}` : ""}`, v, where);
  return v;
}

/**
 * The checks of an update's arguments: name a string, x and g Float64Arrays of one length. Constant strings, so a
 * passing call builds none.
 */
export function checkUpdate(name: unknown, x: unknown, g: unknown, where: string): void {
  checkType(typeof name === "string", "name", "a string", name, where);
  checkType(x instanceof Float64Array, "x", "a Float64Array", x, where);
  checkType(g instanceof Float64Array, "g", "a Float64Array", g, where);
  if ((g as Float64Array).length !== (x as Float64Array).length) check(false, "g.length", "x.length", (g as Float64Array).length, where);
}

/** dst ← src elementwise (same length): a loop, which for the short arrays of a step beats TypedArray.set's call. */
export function copyInto(src: Float64Array, dst: Float64Array): void {
  for (let i = 0; i < src.length; i++) dst[i] = src[i]!;
}

/** An option's value, or its default when absent (undefined only: null is a value of the wrong type). */
export const given = <T>(x: T | undefined, fallback: T): T => (x === undefined ? fallback : x);

/** A TypeError unless options is an options object (or absent). */
export function checkOptions(options: unknown, where: string): void {
  checkType(typeof options === "object" && options !== null && !Array.isArray(options), "options", "an object", options, where);
}

/**
 * What Adam, ClippedAdam and SGD share: the options lr and weightDecay, and the state machinery. Each parameter
 * name has one record of {@link Slots}, made by `init` at the parameter's first update (or when its length
 * changed). getOptimizerState (state.ts) writes every record as JSON (Float64Arrays become arrays);
 * setOptimizerState checks each against the optimizer's rules and replaces the state once all have passed.
 */
export abstract class PerParameterOptimizer<S extends Slots> implements Optimizer {
  /** The optimizer's name in a checkpoint: a state is restored only into an optimizer of the same kind. */
  declare readonly kind: string;
  /**
   * Learning rate, default 1e-3 (PyTorch's Adam default; its SGD has none). The Adams start each parameter's own
   * lr here, which their state keeps (and ClippedAdam decays).
   */
  declare readonly lr: number;
  /** L2 penalty: g ← g + weightDecay·x, default 0. */
  declare readonly weightDecay: number;
  /**
   * Each parameter's record by name, in order of first update, with its undo copy (see {@link Held}). Read by
   * getOptimizerState (state.ts); not for other use.
   */
  state: Map<string, Held<S>> = new Map();
  /** The records changed since begin(), and begin()'s count: a record's `at` tells whether it was saved since. */
  private touched: Held<S>[] = [];
  private nTouched = 0;
  private era = 0;

  constructor(kind: string, options: { lr?: number; weightDecay?: number }) {
    checkOptions(options, kind);
    this.kind = kind;
    this.lr = checkOption(given(options.lr, 1e-3), "lr", kind, 0);
    this.weightDecay = checkOption(given(options.weightDecay, 0), "weightDecay", kind, 0);
  }

  /** The state of an n-element parameter before its first update. */
  protected abstract init(n: number): S;

  /** The record getOptimizerState writes for an n-element parameter not yet updated. */
  fresh(n: number): Slots {
    return this.init(n);
  }

  abstract update(name: string, x: Float64Array, g: Float64Array): void;

  /**
   * The record an update reads: the one {@link PerParameterOptimizer.record} just returned, as it was before this
   * update. Set by every call of record.
   */
  protected prev!: S;

  /**
   * The record for `name` that this update writes, made fresh when missing or of another length (`length` reads a
   * record's); {@link PerParameterOptimizer.prev} is the record it reads. Its first call per parameter since begin()
   * double-buffers: the spare record becomes the live one and the live one the saved copy, so the update writes
   * every field of the new record from the old (nothing is copied), and rollback swaps them back. Later calls, and
   * a fresh record, update in place (prev is the record itself).
   */
  protected record(name: string, n: number, length: (s: S) => number): S {
    let h = this.state.get(name);
    if (h === undefined) {
      this.state.set(name, (h = { name, s: this.init(n), saved: undefined, at: this.era, fresh: true }));
      this.touched[this.nTouched++] = h;
      return (this.prev = h.s);
    }
    if (h.at !== this.era) {
      h.at = this.era;
      h.fresh = false;
      const live = h.s, spare = h.saved;
      h.s = spare !== undefined && length(spare) === length(live) ? spare : this.init(length(live));
      h.saved = live;
      this.touched[this.nTouched++] = h;
      this.prev = live;
    } else this.prev = h.s;
    if (length(h.s) !== n) this.prev = h.s = this.init(n);
    return h.s;
  }

  /** Start a new undo log: rollback() will undo the updates made from now on. */
  begin(): void {
    this.era++;
    this.nTouched = 0;
  }

  /** Put back every record the updates since begin() changed; records they created are removed. */
  rollback(): void {
    for (let k = 0; k < this.nTouched; k++) {
      const h = this.touched[k]!;
      if (h.fresh) {
        if (this.state.get(h.name) === h) this.state.delete(h.name);
        continue;
      }
      // Swap: the saved copy becomes the live record, the changed one the spare.
      const saved = h.saved!;
      h.saved = h.s;
      h.s = saved;
    }
    this.nTouched = 0;
    this.era++;
  }

  reset(name: string): void {
    this.state.delete(name);
  }
}

// Performance notes. The option fields here and in the subclasses are `declare`d: each constructor creates them, and
// a class field definition would only repeat their names in the bundle. The undo log is a double buffer: a step's
// first update of a parameter makes the spare record live and writes it from the old one, which becomes the saved
// copy, so nothing is copied, and rollback swaps them back; a step's records are found through `at`, a field of the
// record, not a second Map. Copying each record into its spare instead cost about 400 of a coin-flip step's 23,700
// instructions (callgrind, bundled, node --single-threaded).