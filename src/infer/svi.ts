// SVI: stochastic variational inference. Each step rewinds one tape, runs the ELBO with the parameter store's
// entries as tape leaves, differentiates, and only then lets the optimizer move the parameters, so a step that
// throws changes nothing. The coin flip's `svi.step(data)` starts here; read elbo.ts next.
import { Tape, Var, Vec } from "../autodiff/index.ts";
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
    return this.run(args, "step");
  }

  /** The loss estimate alone: no update (the rng still advances, as in Pyro). */
  evaluateLoss(...args: A): number {
    return this.run(args, "loss");
  }

  /**
   * The loss estimate and the gradient estimate with respect to each unconstrained parameter the step would use,
   * without updating anything (the rng advances).
   */
  gradients(...args: A): { loss: number; grads: Map<string, Float64Array> } {
    const loss = this.run(args, "grads");
    return { loss, grads: this.grads! };
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
      const slot = this.slots.get(msg.name);
      msg.value = slot && slot.step === this.steps ? slot.value : this.use(msg, slot);
    },
  };
  /** The ELBO of the current step's arguments, as a function made once (a closure per step would be garbage). */
  private args: A | undefined;
  private readonly evaluate = (): ELBOLoss => this.loss.loss(this.model, this.guide, this.args!);
  /** Every parameter ever used, by name; a slot is reused from step to step, so steps allocate none. */
  private readonly slots = new Map<string, Slot>();
  /** The current step's slots in order of first use. */
  private readonly used: Slot[] = [];
  /** The parameters the current step created (removed again if it fails). */
  private readonly created: string[] = [];
  /** The gradients of the last `gradients()` call. */
  private grads: Map<string, Float64Array> | undefined;

  /** Make parameter msg.name this step's tape leaf (creating it from msg.init on first use); its constrained node. */
  private use(msg: Message, slot: Slot | undefined): Message["value"] {
    const entry = this.params.ensure(msg.name, msg.init!, msg.constraint!, (n) => this.created.push(n));
    const leaf = entry.scalar ? this.tape.variable(entry.u[0]!) : this.tape.variable(entry.u);
    if (!slot) this.slots.set(msg.name, (slot = { name: msg.name, step: 0, entry, leaf, value: 0, grad: new Float64Array(1) }));
    slot.step = this.steps;
    slot.entry = entry;
    slot.leaf = leaf;
    slot.value = entry.constraint.transform(leaf);
    this.used.push(slot);
    return slot.value;
  }

  /** d loss / d u for one parameter after the backward pass, as an array (the slot's own for scalars). */
  private gradOf(slot: Slot): Float64Array {
    const leaf = slot.leaf;
    if (leaf instanceof Vec) return this.tape.gradOf(leaf);
    slot.grad[0] = this.tape.gradOf(leaf);
    return slot.grad;
  }

  private run(args: A, mode: "step" | "loss" | "grads"): number {
    const saved = this.rng.clone();
    const { tape, used, created, params } = this;
    if (used.length) used.length = 0;
    if (created.length) created.length = 0;
    // Slots are current when their step stamp equals `steps`; a failed step leaves `steps` as it was, so shift the
    // stamp of any slot marked by it. (Stamps only ever need to differ from the current value.)
    for (const slot of this.slots.values()) if (slot.step === this.steps) slot.step = -1;
    try {
      tape.begin();
      this.args = args;
      const { loss, surrogate } = withHandler(this.handler, this.evaluate);
      if (!Number.isFinite(loss)) throw new RangeError(`loss is ${loss}`);
      if (mode === "loss") return loss;
      // A loss that no parameter reached has no gradient: nothing to check, nothing to move.
      const reached = surrogate instanceof Var;
      if (reached) tape.backward(surrogate);
      const grads = (this.grads = mode === "grads" ? new Map<string, Float64Array>() : undefined);
      // First check every gradient, then (and only then) move any parameter.
      for (let k = 0; k < used.length; k++) {
        const slot = used[k]!;
        const g = reached ? this.gradOf(slot) : new Float64Array(slot.entry.u.length);
        for (let i = 0; i < g.length; i++) {
          if (!Number.isFinite(g[i])) throw new RangeError(`param "${slot.name}": gradient is ${g[i]}${g.length > 1 ? ` at position ${i}` : ""}`);
        }
        grads?.set(slot.name, g.slice());
      }
      if (mode === "grads" || !reached) return loss;
      for (let k = 0; k < used.length; k++) {
        const slot = used[k]!;
        this.optim.update(slot.name, slot.entry.u, this.gradOf(slot));
      }
      this.steps++;
      return loss;
    } catch (e) {
      this.rng = saved;
      for (const name of created) params.delete(name);
      throw e;
    }
  }
}

/** One parameter in use during a step: its tape leaf (unconstrained) and its constrained value. */
interface Slot {
  readonly name: string;
  /** The step that last made this slot's leaf: the slot is current when it equals the SVI's step count. */
  step: number;
  entry: ParamEntry;
  leaf: Var | Vec;
  value: Message["value"];
  /** A length-1 array, reused every step to hand a scalar parameter's gradient to the optimizer. */
  readonly grad: Float64Array;
}
