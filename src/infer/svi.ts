// SVI: stochastic variational inference. Each step rewinds one tape, runs the ELBO with the parameter store's
// entries as tape leaves, differentiates, and only then lets the optimizer move the parameters, so a step that
// throws changes nothing. The coin flip's `svi.step(data)` starts here; read elbo.ts next.
import { Tape, Var } from "../autodiff/index.ts";
import type { Optimizer, OptimizerState } from "../optim/index.ts";
import { createRng, Rng, type RngState } from "../random/index.ts";
import type { ELBOLoss, TraceELBO } from "./elbo.ts";
import { ParamStore, type ParamEntry, type ParamStoreJSON } from "./param-store.ts";
import { withHandler, type Handler, type Message } from "./runtime.ts";

/** Everything needed to continue an SVI run bit for bit: JSON-serializable. */
export interface SVICheckpoint {
  version: 1;
  steps: number;
  params: ParamStoreJSON;
  optim: OptimizerState;
  rng: RngState;
}

/**
 * SVI(model, guide, optim, loss, { seed }): `step(...args)` takes one gradient step on the guide's parameters
 * (and any in the model) to lower loss = -ELBO, and returns the loss estimate before the update.
 */
export class SVI<A extends unknown[]> {
  readonly params: ParamStore = new ParamStore();
  /** Steps taken so far. */
  steps = 0;
  // `declare`d: the constructor sets them (a class field definition would only repeat the names in the bundle).
  /** The model: its sample sites define p(x, z). */
  declare readonly model: (...args: A) => unknown;
  /** The guide: its sample sites define q(z; φ), φ its parameters. */
  declare readonly guide: (...args: A) => unknown;
  /** Moves each unconstrained parameter from its gradient. */
  declare readonly optim: Optimizer;
  /** The objective, -ELBO. */
  declare readonly loss: TraceELBO;
  /** Every draw of every step comes from here; a failed step puts back the state it started from. */
  declare private rng: Rng;
  private readonly tape = new Tape();
  /** Where the generator stood when the current step began (copied in place: a clone per step was garbage). */
  declare private readonly saved: Rng;

  constructor(model: (...args: A) => unknown, guide: (...args: A) => unknown, optim: Optimizer, loss: TraceELBO, options: { seed?: number; rng?: Rng } = {}) {
    this.model = model;
    this.guide = guide;
    this.optim = optim;
    this.loss = loss;
    this.rng = options.rng ?? createRng(options.seed ?? 0);
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

  /** A JSON-serializable snapshot of the run. */
  checkpoint(): SVICheckpoint {
    return { version: 1, steps: this.steps, params: this.params.toJSON(), optim: this.optim.getState(), rng: this.rng.getState() };
  }

  /** Continue from a checkpoint (on this or a fresh SVI with the same model, guide, optimizer kind and loss). */
  restore(cp: SVICheckpoint): void {
    if (cp.version !== 1) throw new TypeError(`unknown checkpoint version ${cp.version}`);
    // Validate everything before changing anything: a malformed checkpoint leaves this run as it was.
    const rng = Rng.fromState(cp.rng);
    new ParamStore().loadJSON(cp.params);
    this.optim.setState(cp.optim);
    this.params.loadJSON(cp.params);
    this.rng = rng;
    this.steps = cp.steps;
  }

  // One handler, made once, answers every message of every step: it gives each draw this run's rng and turns
  // each parameter into a tape leaf (one per name per step, shared by model and guide) plus its constrained node.
  // Leaf and node live on the store's entry, reused from step to step, so a step allocates no bookkeeping (a Map
  // of this step's parameters, cleared and refilled every step, measurably slowed the coin flip).
  private readonly handler: Handler = {
    process: (msg: Message): void => {
      msg.rng ??= this.rng;
      if (msg.type !== "param") return;
      const { tape } = this;
      const e = this.params.ensure(msg.name, msg.init!, msg.constraint!);
      // A leaf from an earlier rewind() carries an older epoch: this is the parameter's first use in this step.
      if (e.leaf?.epoch !== tape.epoch) {
        e.value = e.constraint.transform((e.leaf = tape.variable(e.scalar ? e.u[0]! : e.u)));
        this.used[this.nUsed++] = e;
      }
      msg.value = e.value;
    },
  };
  /** The ELBO at a step's arguments, as a function made once (a closure per step would be garbage). */
  private readonly evaluate = (args: A): ELBOLoss => this.loss.loss(this.model, this.guide, args);
  /** The entries the current step used, in order of first use: the first `nUsed` of `used` (an array kept at its
   * longest and overwritten, since truncating an array every step is a measurable cost). */
  private readonly used: ParamEntry[] = [];
  private nUsed = 0;
  /** A length-1 array, reused to hand a scalar parameter's gradient to the optimizer (which keeps no reference). */
  private readonly scalarGrad = new Float64Array(1);

  /** d loss / d u for one parameter after the backward pass, as an array (for scalars, scalarGrad). */
  private gradOf(e: ParamEntry): Float64Array {
    const g = this.tape.gradOf(e.leaf!);
    if (typeof g !== "number") return g;
    this.scalarGrad[0] = g;
    return this.scalarGrad;
  }

  /**
   * Evaluate the loss at args; then, if `update`, move the parameters, or, given `grads`, fill it with each
   * parameter's gradient. Whatever throws restores the rng and removes the parameters this call created.
   */
  private run(args: A, update: boolean, grads?: Map<string, Float64Array>): number {
    const { saved } = this;
    saved.copyFrom(this.rng);
    const { tape, used, params } = this;
    // A step only adds parameters, and a Map keeps insertion order: those it created are the ones past `known`.
    const known = params.size;
    this.nUsed = 0;
    try {
      tape.rewind();
      const { loss, surrogate } = withHandler(this.handler, this.evaluate, args);
      if (!Number.isFinite(loss)) throw new RangeError(`loss is ${loss}`);
      if (!(update || grads)) return loss;
      // A loss that no parameter reached has no gradient: nothing to check, nothing to move (as PyTorch's
      // optimizers skip a parameter whose grad is None).
      const reached = surrogate instanceof Var;
      if (reached) tape.backward(surrogate);
      // First check every gradient, then (and only then) move any parameter.
      const n = this.nUsed;
      for (let k = 0; k < n; k++) {
        const e = used[k]!;
        const g = reached ? this.gradOf(e) : new Float64Array(e.u.length);
        for (const x of g) if (!Number.isFinite(x)) throw new RangeError(`param "${e.name}": gradient is ${x}`);
        grads?.set(e.name, g.slice());
      }
      if (!(update && reached)) return loss;
      for (let k = 0; k < n; k++) this.optim.update(used[k]!.name, used[k]!.u, this.gradOf(used[k]!));
      this.steps++;
      return loss;
    } catch (e) {
      this.rng.copyFrom(saved);
      for (const name of params.names().slice(known)) params.delete(name);
      throw e;
    }
  }
}
