// Checkpoints: an SVI run as JSON (`checkpoint(svi)`) and back (`restore(svi, cp)`), bit for bit, every field of
// a checkpoint validated against the run before anything changes. Called by users between steps; svi.ts runs the
// steps, param-store.ts (parseParams) and optim/state.ts write and check the JSON of the store and of the
// optimizer's state.
import { check, checkInteger, checkType, message } from "../check.ts";
import { getOptimizerState, setOptimizerState, type OptimizerState } from "../optim/index.ts";
import { restoreRng, type Rng, type RngState } from "../random/index.ts";
import { parseParams, type ParamStore, type ParamStoreJSON } from "./param-store.ts";
import { SVI } from "./svi.ts";

/**
 * Everything needed to continue an SVI run bit for bit: JSON-serializable. Version 2 records the optimizer's kind
 * and options and a record for every parameter, so that restore() can check a checkpoint against its run.
 */
export interface SVICheckpoint {
  version: 2;
  steps: number;
  params: ParamStoreJSON;
  optim: OptimizerState;
  rng: RngState;
}

/**
 * A JSON-serializable snapshot of an SVI run: its parameters, its optimizer's state (a record per parameter), its
 * rng and its step count. `JSON.stringify(checkpoint(svi))` is the form to store.
 * @throws Error when called from inside the run's step (from its model or guide).
 */
export function checkpoint<A extends unknown[]>(svi: SVI<A>): SVICheckpoint {
  idle(svi, "SVI.checkpoint");
  return { version: 2, steps: svi.steps, params: svi.params.toJSON(), optim: getOptimizerState(svi.optim, lengths(svi.params)), rng: svi.rng.getState() };
}

/**
 * Continue a run from a checkpoint: `svi` (this run, or a fresh SVI with the same model, guide, optimizer kind
 * and options) takes the checkpoint's parameters, optimizer state, rng and step count, and its next step is the
 * step the checkpointed run would have taken. The whole checkpoint is validated against `svi` first: its version,
 * steps (an integer ≥ 0), every parameter (u non-empty and finite, mapping inside its constraint; scalar only
 * with length 1; scalar flag, length and constraint as the run's for a parameter it has already), the optimizer's
 * kind and options, a record for every parameter of matching length with fields in range, and the rng state.
 * @throws TypeError or RangeError naming the field ("checkpoint.optim.params["alpha_q"].v[0]"), Error when
 * called from inside the run's step; the run is then unchanged.
 */
export function restore<A extends unknown[]>(svi: SVI<A>, cp: SVICheckpoint): void {
  const where = "SVI.restore";
  idle(svi, where);
  checkType(typeof cp === "object" && cp !== null && !Array.isArray(cp), "checkpoint", "an object from checkpoint(svi)", cp, where);
  const { version, steps, params, optim, rng: rngState } = cp as unknown as Record<string, unknown>;
  check(version === 2, "checkpoint.version", "2", version, where);
  checkInteger(steps, "checkpoint.steps", 0, Number.MAX_SAFE_INTEGER, where);
  // Validate everything before changing anything: a malformed checkpoint leaves the run as it was.
  const entries = parseParams(params, where, "checkpoint.params");
  // A parameter the run already has must come back in the same form: what its model and guide were written for.
  for (const [name, e] of entries) {
    if (!svi.params.has(name)) continue;
    const mine = svi.params.entry(name), at = `checkpoint.params[${JSON.stringify(name)}]`;
    check(e.scalar === mine.scalar, `${at}.scalar`, `${mine.scalar} (as this run's)`, e.scalar, where);
    check(e.u.length === mine.u.length, `${at}.u.length`, `${mine.u.length} (as this run's)`, e.u.length, where);
    const spec = JSON.stringify(e.constraint.spec), mySpec = JSON.stringify(mine.constraint.spec);
    check(spec === mySpec, `${at}.constraint`, `${mySpec} (as this run's)`, spec, where);
  }
  let rng: Rng;
  try {
    rng = restoreRng(rngState as RngState);
  } catch (e) {
    throw new TypeError(message("checkpoint.rng", "an rng state from rng.getState()", rngState, where) + ` (${(e as Error).message})`);
  }
  const lengths = new Map([...entries].map(([name, e]) => [name, e.u.length]));
  checkType(typeof optim === "object" && optim !== null, "checkpoint.optim", "an optimizer state from getOptimizerState(optim)", optim, where);
  try {
    setOptimizerState(svi.optim, optim as OptimizerState, lengths, steps);
  } catch (e) {
    // The optimizer names the field from its state; the checkpoint's path says where that state sits.
    const err = e as Error;
    err.message = `${where}: checkpoint.optim: ${err.message}`;
    throw err;
  }
  svi.params.replace(entries);
  // Bound afresh from the restored entries: a rebinding would otherwise take them for replaced parameters and
  // reset their restored optimizer state.
  svi.bindings = new Map();
  svi.rng = rng;
  svi.steps = steps;
}

/** Every parameter's length, by name. */
function lengths(params: ParamStore): Map<string, number> {
  return new Map(params.names().map((name) => [name, params.entry(name).u.length]));
}

/** @throws Error naming the function when called during the run's step (from its model or guide). */
function idle<A extends unknown[]>(svi: SVI<A>, where: string): void {
  checkType(svi instanceof SVI, "svi", "an SVI", svi, where);
  if (svi.nUsed >= 0) throw new Error(`${where}: called from inside this run's step (from its model or guide)`);
}

// Performance notes (bundle size, `npm run size`). checkpoint and restore were SVI methods; a bundler keeps every
// method of a class it keeps, so every program carried the checkpoint validation, and through it fromSpec, which
// names every constraint. As functions here they tree-shake away: with loadParams, the normal-normal program went
// from 14,055 to 11,928 gzip bytes. SVI's rng, bindings and nUsed are plain fields for the same reason: restore
// and idle read or replace them from outside the class.
