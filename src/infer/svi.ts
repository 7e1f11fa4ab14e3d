// SVI: stochastic variational inference. Each step rewinds one tape, runs the ELBO with the parameter store's
// entries as tape leaves, differentiates, and only then lets the optimizer move the parameters, so a step that
// throws changes nothing. The coin flip's `svi.step(data)` starts here; read elbo.ts next.
import { Tape, Var, Vec } from "../autodiff/index.ts";
import type { Optimizer, OptimizerState } from "../optim/index.ts";
import { createRng, Rng, type RngState } from "../random/index.ts";
import type { TraceELBO } from "./elbo.ts";
import { ParamStore, type ParamStoreJSON } from "./param-store.ts";
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
  private rng: Rng;
  private readonly tape = new Tape();

  constructor(
    readonly model: (...args: A) => unknown,
    readonly guide: (...args: A) => unknown,
    readonly optim: Optimizer,
    readonly loss: TraceELBO,
    options: { seed?: number; rng?: Rng } = {},
  ) {
    this.rng = options.rng ?? createRng(options.seed ?? 0);
  }

  /**
   * One step: estimate the loss and its gradient, then update every parameter the step used.
   * @throws Error naming the site or parameter when a log-probability, the loss or a gradient is not finite, or
   * when the model has a latent site the guide does not draw; params, optimizer state and rng are then unchanged.
   */
  step(...args: A): number {
    return this.run(args, "step").loss;
  }

  /** The loss estimate alone: no update (the rng still advances, as in Pyro). */
  evaluateLoss(...args: A): number {
    return this.run(args, "loss").loss;
  }

  /**
   * The loss estimate and the gradient estimate with respect to each unconstrained parameter the step would use,
   * without updating anything (the rng advances).
   */
  gradients(...args: A): { loss: number; grads: Map<string, Float64Array> } {
    return this.run(args, "grads");
  }

  /** A JSON-serializable snapshot of the run. */
  checkpoint(): SVICheckpoint {
    return { version: 1, steps: this.steps, params: this.params.toJSON(), optim: this.optim.getState(), rng: this.rng.getState() };
  }

  /** Continue from a checkpoint (on this or a fresh SVI with the same model, guide, optimizer kind and loss). */
  restore(cp: SVICheckpoint): void {
    if (cp.version !== 1) throw new TypeError(`SVI.restore: unknown checkpoint version ${String(cp.version)}`);
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
  private readonly handler: Handler = {
    process: (msg: Message): void => {
      msg.rng ??= this.rng;
      if (msg.type !== "param") return;
      let p = this.leaves.get(msg.name);
      if (!p) {
        const e = this.params.ensure(msg.name, msg.init!, msg.constraint!, (n) => this.created.push(n));
        const leaf = e.scalar ? this.tape.variable(e.u[0]!) : this.tape.variable(e.u);
        this.leaves.set(msg.name, (p = { leaf, value: e.constraint.transform(leaf) }));
      }
      msg.value = p.value;
    },
  };
  /** A length-1 array per scalar parameter, reused every step to hand its gradient to the optimizer. */
  private readonly scalarGrads = new Map<string, Float64Array>();
  private scalarGrad(name: string, g: number): Float64Array {
    let buf = this.scalarGrads.get(name);
    if (!buf) this.scalarGrads.set(name, (buf = new Float64Array(1)));
    buf[0] = g;
    return buf;
  }
  /** The current step's parameter leaves, and the parameters it created (removed again if it fails). */
  private readonly leaves = new Map<string, { leaf: Var | Vec; value: Message["value"] }>();
  private readonly created: string[] = [];

  private run(args: A, mode: "step" | "loss" | "grads"): { loss: number; grads: Map<string, Float64Array> } {
    const saved = this.rng.getState();
    const { tape, leaves, created, params } = this;
    leaves.clear();
    created.length = 0;
    try {
      tape.begin();
      const { loss, surrogate } = withHandler(this.handler, () => this.loss.loss(this.model, this.guide, args));
      if (!Number.isFinite(loss)) throw new RangeError(`loss is ${loss}`);
      const grads = new Map<string, Float64Array>();
      if (mode === "loss") return { loss, grads };
      if (surrogate instanceof Var) {
        tape.backward(surrogate);
        for (const [name, { leaf }] of leaves) {
          const g = leaf instanceof Var ? this.scalarGrad(name, tape.gradOf(leaf)) : tape.gradOf(leaf);
          for (let i = 0; i < g.length; i++) {
            if (!Number.isFinite(g[i])) throw new RangeError(`param "${name}": gradient is ${g[i]}${g.length > 1 ? ` at position ${i}` : ""}`);
          }
          grads.set(name, mode === "grads" ? g.slice() : g);
        }
      }
      if (mode === "grads") return { loss, grads };
      // Nothing has been modified up to here but the rng and new entries: now commit.
      for (const [name, g] of grads) this.optim.update(name, params.entry(name).u, g);
      this.steps++;
      return { loss, grads };
    } catch (e) {
      this.rng = Rng.fromState(saved);
      for (const name of created) params.delete(name);
      throw e;
    }
  }
}
