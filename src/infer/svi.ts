// SVI: stochastic variational inference. Each step rewinds one tape, runs the ELBO with the run's parameters as
// tape leaves, differentiates, and only then lets the optimizer move the parameters, all of them or none: a step
// that throws, or whose update would leave a parameter non-finite or outside its constraint, changes nothing.
// The coin flip's `svi.step(data)` starts here; read elbo.ts next (and checkpoint.ts for saving and resuming a run).
import { Tape, Var, type Value, type Vec } from "../autodiff/index.ts";
import { check, checkInteger, checkType, message } from "../check.ts";
import type { Optimizer } from "../optim/index.ts";
import { copyInto } from "../optim/optimizer.ts";
import { createRng, Rng } from "../random/index.ts";
import { TraceELBO, type ELBOLoss } from "./elbo.ts";
import { ParamStore, type ParamEntry } from "./param-store.ts";
import { claim, enterStep, handle, leaveStep, type Handler, type Message } from "./runtime.ts";

/**
 * A parameter's place on the current step's tape, kept by SVI across steps (one per name): the store's entry it
 * was made from, its leaf (a Var holding u[0] for a scalar, a Vec on u for a vector) and the constrained node
 * `param` returns. The leaf's epoch tells whether it belongs to the current step; the store's version whether the
 * entry is still the store's. `saved` holds u before the update, to put back if the step is rejected.
 */
interface Binding {
  entry: ParamEntry;
  version: number;
  leaf: Var | Vec | undefined;
  value: Value;
  saved: Float64Array;
}

/**
 * The Optimizer methods SVI calls, checked once in the constructor: update, and a way to undo a rejected step
 * (begin and rollback, or getState and setState).
 */
const isOptimizer = (x: unknown): x is Optimizer => {
  const has = (...keys: string[]): boolean => keys.every((k) => typeof (x as Record<string, unknown>)[k] === "function");
  return typeof x === "object" && x !== null && has("update") && (has("begin", "rollback") || has("getState", "setState"));
};

/**
 * SVI(model, guide, optim, loss, { seed }): `step(...args)` takes one gradient step on the guide's parameters
 * (and any in the model) to lower loss = -ELBO, and returns the loss estimate before the update.
 *
 * Each SVI owns its parameter store (`svi.params`) and its optimizer's state, where Pyro keeps one global param
 * store: two runs never share parameters, and one optimizer cannot serve two runs. Steps do not nest: a model or
 * guide that calls svi.step, or a step of another SVI, is an error raised before anything changes.
 */
export class SVI<A extends unknown[]> {
  /** This run's parameters (created by `param` at first use; readable and settable between steps). */
  readonly params: ParamStore = new ParamStore();
  /** Steps taken so far. */
  steps = 0;
  /** The model: its sample sites define p(x, z). */
  declare readonly model: (...args: A) => unknown;
  /** The guide: its sample sites define q(z; φ), φ its parameters. */
  declare readonly guide: (...args: A) => unknown;
  /** Moves each unconstrained parameter from its gradient. */
  declare readonly optim: Optimizer;
  /** The objective, -ELBO. */
  declare readonly loss: TraceELBO;
  /**
   * Every draw of every step comes from here; a failed step puts back the state it started from. Not part of the
   * API (use the seed or rng option): restore() (checkpoint.ts) replaces it.
   */
  declare rng: Rng;
  private readonly tape = new Tape();
  /** Where the generator stood when the current step began (copied in place each step). */
  declare private readonly saved: Rng;

  /**
   * @throws TypeError naming the argument unless model and guide are functions, optim an Optimizer, loss a
   * TraceELBO and options `{ seed?: safe integer, rng?: Rng }`; Error when optim already serves another SVI.
   */
  constructor(model: (...args: A) => unknown, guide: (...args: A) => unknown, optim: Optimizer, loss: TraceELBO, options: { seed?: number; rng?: Rng } = {}) {
    checkType(typeof model === "function", "model", "a function", model, "SVI");
    checkType(typeof guide === "function", "guide", "a function", guide, "SVI");
    checkType(isOptimizer(optim), "optim", "an Optimizer (Adam, ClippedAdam, SGD, or { update, getState, setState })", optim, "SVI");
    checkType(loss instanceof TraceELBO, "loss", "a TraceELBO", loss, "SVI");
    checkType(typeof options === "object" && options !== null && !Array.isArray(options), "options", "an object", options, "SVI");
    const { seed, rng } = options;
    if (seed !== undefined) checkInteger(seed, "seed", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "SVI");
    checkType(rng === undefined || rng instanceof Rng, "rng", "an Rng (from createRng)", rng, "SVI");
    claim(optim, this);
    this.model = model;
    this.guide = guide;
    this.optim = optim;
    this.loss = loss;
    this.rng = rng ?? createRng(seed ?? 0);
    this.saved = this.rng.clone();
  }

  /**
   * One step: estimate the loss and its gradient, then update every parameter the step used.
   * @throws Error naming the site or parameter when a log-probability, the loss or a gradient is not finite, or
   * when the model has a latent site the guide does not draw; params, optimizer state and rng are then unchanged.
   */
  step(...args: A): number {
    return this.run(args, true);
  }

  /** The loss estimate alone: no update (the rng still advances, as in Pyro). */
  evaluateLoss(...args: A): number {
    return this.run(args, false);
  }

  /**
   * The loss estimate and the gradient estimate with respect to each unconstrained parameter the step would use,
   * without updating anything (the rng advances).
   */
  gradients(...args: A): { loss: number; grads: Map<string, Float64Array> } {
    const grads = new Map<string, Float64Array>();
    return { loss: this.run(args, false, grads), grads };
  }

  // One handler, made once, answers every message of every step: it gives each draw this run's rng and turns
  // each parameter into a tape leaf (one per name per step, shared by model and guide) plus its constrained node,
  // kept in the parameter's binding from step to step.
  private readonly handler: Handler = {
    process: (msg: Message): void => {
      msg.rng ??= this.rng;
      if (msg.type !== "param") return;
      const { tape, params } = this;
      let b = this.bindings.get(msg.name);
      if (b === undefined || b.version !== params.version) b = this.bind(msg);
      // A leaf from an earlier rewind() carries an older epoch: this is the parameter's first use in this step.
      if (b.leaf?.epoch !== tape.epoch) {
        const e = b.entry;
        b.value = e.constraint.transform((b.leaf = tape.variable(e.scalar ? e.u[0]! : e.u)));
        this.used[this.nUsed++] = b;
      }
      msg.value = b.value;
    },
  };
  /**
   * The bindings by parameter name (see {@link Binding}). Not part of the API: restore() (checkpoint.ts) clears
   * them, so that the restored parameters are bound afresh without resetting the restored optimizer state.
   */
  bindings: Map<string, Binding> = new Map();

  /**
   * The binding for msg's parameter, (re)made from the store's entry, which is created from the message's init at
   * first use. A parameter whose entry was replaced (svi.params.set) starts its optimizer state afresh.
   */
  private bind(msg: Message): Binding {
    const { params } = this;
    const entry = params.ensure(msg.name, msg.init!, msg.constraint!);
    let b = this.bindings.get(msg.name);
    if (b === undefined) this.bindings.set(msg.name, (b = { entry, version: params.version, leaf: undefined, value: 0, saved: new Float64Array(entry.u.length) }));
    else if (b.entry !== entry) {
      this.optim.reset?.(msg.name);
      b.entry = entry;
      b.leaf = undefined;
      if (b.saved.length !== entry.u.length) b.saved = new Float64Array(entry.u.length);
    }
    b.version = params.version;
    return b;
  }

  /** The ELBO at a step's arguments, as a function made once. */
  private readonly evaluate = (args: A): ELBOLoss => this.loss.loss(this.model, this.guide, args);
  /** The bindings the current step used, in order of first use: the first `nUsed` of `used` (kept at its longest
   * and overwritten); nUsed is -1 between steps (checkpoint.ts reads it to refuse a call from inside a step). */
  private readonly used: Binding[] = [];
  nUsed = -1;
  /** A length-1 array, reused to hand a scalar parameter's gradient to the optimizer (which keeps no reference). */
  private readonly scalarGrad = new Float64Array(1);

  /** d loss / d u for one parameter after the backward pass, as an array (for scalars, scalarGrad). */
  private gradOf(b: Binding): Float64Array {
    const { tape } = this, leaf = b.leaf!;
    // A scalar leaf's adjoint is read straight from the tape: SVI made the leaf in this recording and ran the
    // backward pass from a later node, the two facts Tape.gradOf checks for any caller (about 150 of a coin-flip
    // step's instructions, two parameters read twice each).
    if (leaf instanceof Var) {
      this.scalarGrad[0] = tape.adjoints[leaf.index]!;
      return this.scalarGrad;
    }
    return tape.gradOf(leaf);
  }

  /**
   * Evaluate the loss at args; then, if `update`, move the parameters, or, given `grads`, fill it with each
   * parameter's gradient. Whatever throws restores the rng and removes the parameters this call created.
   */
  private run(args: A, update: boolean, grads?: Map<string, Float64Array>): number {
    enterStep(this, update ? "SVI.step" : grads ? "SVI.gradients" : "SVI.evaluateLoss");
    const { saved } = this;
    saved.copyFrom(this.rng);
    const { tape, used, params } = this;
    // A step only adds parameters, and a Map keeps insertion order: those it created are the ones past `known`.
    const known = params.size;
    this.nUsed = 0;
    try {
      tape.rewind();
      const { loss, surrogate } = handle(this.handler, this.evaluate, [args]);
      check(Number.isFinite(loss), "loss", "finite", loss, "SVI");
      if (!(update || grads)) return loss;
      // A loss that no parameter reached has no gradient: nothing to check, nothing to move (as PyTorch's
      // optimizers skip a parameter whose grad is None).
      const reached = surrogate instanceof Var;
      if (reached) tape.backward(surrogate);
      // First check every gradient, then (and only then) move any parameter.
      const n = this.nUsed;
      for (let k = 0; k < n; k++) {
        const b = used[k]!;
        const g = reached ? this.gradOf(b) : new Float64Array(b.entry.u.length);
        for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i])) check(false, `gradient[${i}]`, "finite", g[i], `param "${b.entry.name}"`);
        grads?.set(b.entry.name, g.slice());
      }
      if (!(update && reached)) return loss;
      this.move(n);
      this.steps++;
      return loss;
    } catch (e) {
      this.rng.copyFrom(saved);
      for (const name of params.names().slice(known)) params.delete(name);
      throw e;
    } finally {
      this.nUsed = -1;
      leaveStep();
    }
  }

  /**
   * The update of the first n used parameters, all or nothing: when the optimizer throws, or a parameter would
   * leave its constraint or become non-finite, every parameter and the optimizer's state are put back.
   */
  private move(n: number): void {
    const { used, optim } = this;
    for (let k = 0; k < n; k++) copyInto(used[k]!.entry.u, used[k]!.saved);
    // The built-in optimizers keep an undo log; for any other, a copy of its state.
    const undo = typeof optim.begin === "function" && typeof optim.rollback === "function";
    const before = undo ? undefined : optim.getState!();
    if (undo) optim.begin!();
    try {
      for (let k = 0; k < n; k++) {
        const b = used[k]!;
        optim.update(b.entry.name, b.entry.u, this.gradOf(b));
      }
      for (let k = 0; k < n; k++) checkMoved(used[k]!.entry);
    } catch (e) {
      for (let k = 0; k < n; k++) copyInto(used[k]!.saved, used[k]!.entry.u);
      if (undo) optim.rollback!();
      else optim.setState!(before!);
      throw e;
    }
  }
}

/** @throws RangeError naming the parameter unless each element of u is finite and maps inside the constraint. */
function checkMoved({ name, u, constraint }: ParamEntry): void {
  // Inside the constraint's interior (positive's is (-745, 709)), the usual case, there is nothing to compute (see
  // Performance notes); anywhere else the transform decides.
  const inner = constraint.interior;
  for (let i = 0; i < u.length; i++) {
    if (inner !== undefined && u[i]! > inner[0] && u[i]! < inner[1]) continue;
    const x = constraint.transform(u[i]!) as number;
    if (!(Number.isFinite(u[i]) && Number.isFinite(x) && constraint.check(x))) {
      const at = u.length === 1 ? "value after the update" : `value[${i}] after the update`;
      throw new RangeError(`${message(at, `finite and inside ${constraint.spec.type}`, x, `SVI.step: param "${name}"`)} (unconstrained ${u[i]}); the step was not taken`);
    }
  }
}

// Performance notes. checkMoved skips exp(u) for a positive parameter well inside its range: two exps per coin-flip
// step were about 360 of its 24,700 instructions (callgrind, bundled, node --single-threaded). A step allocates no bookkeeping: the handler, the ELBO closure, the bindings (one per parameter,
// reused across steps: a Map of the step's parameters, cleared and refilled every step, measurably slowed the coin
// flip), the `used` list (kept at its longest, since truncating an array every step is a measurable cost), the
// rng's saved state (copied in place; a clone per step was garbage) and the undo copies of u and of the optimizer's
// records are all made once. The model, guide and options fields are `declare`d: a class field definition would
// only repeat their names in the bundle. The tape leaves live in SVI's bindings rather than on the store's entries
// at no measured cost: one Map lookup per param message, as the store's was (coin-flip step, CPU time in one process
// alternating with the code that kept them on the entries, 61 rounds each way: ratios 1.001 and 0.992). The guards
// of a step (argument checks, re-entry, the undo copies and the check after the update) cost about 3% of a coin-flip
// step in the same A/B against main before them (four runs, ratios 0.99-1.05, mean 1.03); they cost 12% until
// handle() stopped truncating the stack and the copies stopped calling TypedArray.set.
