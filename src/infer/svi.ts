// SVI: stochastic variational inference. Each step rewinds one tape, runs the ELBO with the parameter store's
// entries as tape leaves, differentiates, and only then lets the optimizer move the parameters, so a step that
// throws changes nothing. The coin flip's `svi.step(data)` starts here; read elbo.ts next.
import { Tape, Var, Vec } from "../autodiff/index.ts";
import type { Optimizer, OptimizerState } from "../optim/index.ts";
import { createRng, Rng, type RngState } from "../random/index.ts";
import type { ELBOLoss, TraceELBO } from "./elbo.ts";
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
    const { loss, grads } = this.run(args, "grads");
    return { loss, grads: grads! };
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
        p = { name: msg.name, leaf, value: e.constraint.transform(leaf) };
        this.leaves.set(msg.name, p);
        this.used.push(p);
      }
      msg.value = p.value;
    },
  };
  /** The ELBO of the current step's arguments, as a function made once (a closure per step would be garbage). */
  private args: A | undefined;
  private readonly evaluate = (): ELBOLoss => this.loss.loss(this.model, this.guide, this.args!);
  /** The current step's parameter leaves by name and in order of first use. */
  private readonly leaves = new Map<string, Slot>();
  private readonly used: Slot[] = [];
  /** The parameters the current step created (removed again if it fails). */
  private readonly created: string[] = [];
  /** A length-1 array per scalar parameter, reused every step to hand its gradient to the optimizer. */
  private readonly scalarGrads = new Map<string, Float64Array>();

  /** d loss / d u for one parameter after the backward pass, as an array (a reused one for scalars). */
  private gradOf(slot: Slot): Float64Array {
    const { leaf, name } = slot;
    if (leaf instanceof Vec) return this.tape.gradOf(leaf);
    let buf = this.scalarGrads.get(name);
    if (!buf) this.scalarGrads.set(name, (buf = new Float64Array(1)));
    buf[0] = this.tape.gradOf(leaf);
    return buf;
  }

  private run(args: A, mode: "step" | "loss" | "grads"): { loss: number; grads: Map<string, Float64Array> | undefined } {
    const saved = this.rng.clone();
    const { tape, leaves, used, created, params } = this;
    leaves.clear();
    if (used.length) used.length = 0;
    if (created.length) created.length = 0;
    try {
      tape.begin();
      this.args = args;
      const { loss, surrogate } = withHandler(this.handler, this.evaluate);
      if (!Number.isFinite(loss)) throw new RangeError(`loss is ${loss}`);
      if (mode === "loss") return { loss, grads: undefined };
      // A loss that no parameter reached has no gradient: nothing to check, nothing to move.
      const reached = surrogate instanceof Var;
      if (reached) tape.backward(surrogate);
      const grads = mode === "grads" ? new Map<string, Float64Array>() : undefined;
      // First check every gradient, then (and only then) move any parameter.
      for (let k = 0; k < used.length; k++) {
        const slot = used[k]!;
        const g = reached ? this.gradOf(slot) : new Float64Array(params.entry(slot.name).u.length);
        for (let i = 0; i < g.length; i++) {
          if (!Number.isFinite(g[i])) throw new RangeError(`param "${slot.name}": gradient is ${g[i]}${g.length > 1 ? ` at position ${i}` : ""}`);
        }
        grads?.set(slot.name, g.slice());
      }
      if (mode === "grads" || !reached) return { loss, grads };
      for (let k = 0; k < used.length; k++) {
        const slot = used[k]!;
        this.optim.update(slot.name, params.entry(slot.name).u, this.gradOf(slot));
      }
      this.steps++;
      return { loss, grads };
    } catch (e) {
      this.rng = saved;
      for (const name of created) params.delete(name);
      throw e;
    }
  }
}

/** One parameter in use during a step: its tape leaf (unconstrained) and its constrained value. */
interface Slot {
  name: string;
  leaf: Var | Vec;
  value: Message["value"];
}
