// Adam (PyTorch's torch.optim.Adam) and Pyro's ClippedAdam (elementwise gradient clamping, a per-step learning
// rate decay, ε before the bias correction): one update serves both. SVI calls `update` once per parameter per
// step. Read sgd.ts for the simpler optimizer, optimizer.ts for the state both keep.
import { check, checkType } from "../check.ts";
import { checkOption, checkUpdate, given, PerParameterOptimizer } from "./optimizer.ts";

/** Options of {@link Adam}; defaults as PyTorch. */
export interface AdamOptions {
  /** Learning rate, default 1e-3. */
  lr?: number;
  /** Decay rates of the first and second moment estimates, default [0.9, 0.999]. */
  betas?: [number, number];
  /** Added to the bias-corrected root second moment, default 1e-8. */
  eps?: number;
  /** L2 penalty: g ← g + weightDecay·x, default 0. */
  weightDecay?: number;
}

/**
 * A parameter's Adam state: its step count t, the moment estimates m and v, and its learning rate lr (constant
 * for Adam; ClippedAdam decays it). getState writes `{ step, m, v, lr }`; setState restores lr too, as PyTorch's
 * `load_state_dict` restores each parameter group's lr.
 */
export type Moments = { step: number; m: Float64Array; v: Float64Array; lr: number };

/**
 * Adam (Kingma & Ba 2015) with PyTorch's semantics, per element, at step t = 1, 2, ...:
 * m ← β₁m + (1-β₁)g,  v ← β₂v + (1-β₂)g²,  x ← x - (lr / (1-β₁ᵗ)) · m / (√v / √(1-β₂ᵗ) + ε).
 * ε is added after the bias correction (as torch.optim.Adam; Pyro's ClippedAdam adds it before). Its update also
 * serves ClippedAdam, through the three protected fields below.
 */
export class Adam extends PerParameterOptimizer<Moments> {
  declare readonly beta1: number;
  declare readonly beta2: number;
  declare readonly eps: number;
  /** ClippedAdam's bound and decay; Adam's are the identity: no clamp (∞) and no decay (1). */
  readonly clipNorm: number = Infinity;
  readonly lrd: number = 1;
  /** Whether ε is added before the bias correction (Pyro's ClippedAdam) instead of after it. */
  protected readonly epsFirst: boolean = false;
  /** Cache of 1 - β₁ᵗ and √(1 - β₂ᵗ) for t = biasStep (derived from the step count; not state). */
  private biasStep = 0;
  private bias1 = 0;
  private bias2 = 0;

  /**
   * @throws TypeError naming the option unless lr, eps, weightDecay are numbers and betas an array of two numbers;
   * RangeError unless lr, eps and weightDecay are finite and ≥ 0 and each beta is in [0, 1).
   */
  constructor(options: AdamOptions = {}) {
    // Each class names itself in messages and checkpoints (a getter, as a static field would be a side effect).
    const kind = (new.target as typeof Adam).kindName;
    super(kind, options);
    const betas: unknown = given<unknown>(options.betas, [0.9, 0.999]);
    const pair = Array.isArray(betas) && betas.length === 2 && betas.every((b) => typeof b === "number");
    checkType(pair, "betas", "an array of two numbers [beta1, beta2]", betas, kind);
    const [b1, b2] = betas as number[];
    check(b1! >= 0 && b1! < 1, "betas[0]", "in [0, 1)", b1, kind);
    check(b2! >= 0 && b2! < 1, "betas[1]", "in [0, 1)", b2, kind);
    this.beta1 = b1!;
    this.beta2 = b2!;
    this.eps = checkOption(given(options.eps, 1e-8), "eps", kind, 0);
  }

  /** The name of this optimizer in messages and checkpoints. */
  static get kindName(): string {
    return "Adam";
  }

  protected init(n: number): Moments {
    return { step: 0, m: new Float64Array(n), v: new Float64Array(n), lr: this.lr };
  }

  update(name: string, x: Float64Array, g: Float64Array): void {
    if (!(x instanceof Float64Array && g instanceof Float64Array && g.length === x.length && typeof name === "string")) checkUpdate(name, x, g, this.kind);
    const { beta1, beta2, eps, weightDecay, clipNorm } = this;
    // s is written from p, the record before this update (the same record when updated in place).
    const s = this.record(name, x.length, lengthOf), p = this.prev;
    const t = (s.step = p.step + 1);
    // The bias corrections depend only on t, which all parameters usually share: compute them once per step.
    if (t !== this.biasStep) {
      this.biasStep = t;
      this.bias1 = 1 - beta1 ** t;
      this.bias2 = Math.sqrt(1 - beta2 ** t);
    }
    const lr = (s.lr = p.lr * this.lrd); // Adam's lrd is 1: exact, lr stays as it was
    // Adam:        x ← x - lr / (1-β₁ᵗ) · m / (√v / √(1-β₂ᵗ) + ε)
    // ClippedAdam: x ← x - lr √(1-β₂ᵗ) / (1-β₁ᵗ) · m / (√v + ε)
    // are one formula with k = 1 (Adam) or √(1-β₂ᵗ) (ClippedAdam):
    //              x ← x - (lr k / (1-β₁ᵗ)) · m / (√v / (√(1-β₂ᵗ) / k) + ε),
    // and each is computed bit for bit as written above: lr·1 = lr and √(1-β₂ᵗ) / √(1-β₂ᵗ) = 1 exactly.
    const k = this.epsFirst ? this.bias2 : 1;
    const stepSize = (lr * k) / this.bias1;
    const root = this.bias2 / k;
    for (let i = 0; i < x.length; i++) {
      let gi = Math.min(clipNorm, Math.max(-clipNorm, g[i]!));
      if (weightDecay !== 0) gi += weightDecay * x[i]!;
      const m = (s.m[i] = beta1 * p.m[i]! + (1 - beta1) * gi);
      const v = (s.v[i] = beta2 * p.v[i]! + (1 - beta2) * gi * gi);
      x[i]! -= stepSize * (m / (Math.sqrt(v) / root + eps));
    }
  }
}

const lengthOf = (s: Moments): number => s.m.length;

/** Options of {@link ClippedAdam}; defaults as Pyro. */
export interface ClippedAdamOptions extends AdamOptions {
  /** Each gradient element is clamped to [-clipNorm, clipNorm], default 10. */
  clipNorm?: number;
  /** Learning-rate decay: lr ← lr·lrd before every step, default 1 (no decay). */
  lrd?: number;
}

/**
 * Pyro's ClippedAdam: g ← clamp(g, -clipNorm, clipNorm) (then the L2 penalty), lr ← lr·lrd (before each step),
 * then m ← β₁m + (1-β₁)g,  v ← β₂v + (1-β₂)g²,  x ← x - lr·√(1-β₂ᵗ)/(1-β₁ᵗ) · m / (√v + ε).
 * Each parameter keeps its own decayed learning rate, as Pyro's per-parameter optimizers do.
 */
export class ClippedAdam extends Adam {
  declare readonly clipNorm: number;
  declare readonly lrd: number;
  protected declare readonly epsFirst: boolean;

  /**
   * @throws as {@link Adam}, and TypeError unless clipNorm and lrd are numbers; RangeError unless clipNorm > 0
   * (∞ for no clamp) and lrd is in (0, 1].
   */
  constructor(options: ClippedAdamOptions = {}) {
    super(options);
    const clipNorm = given(options.clipNorm, 10);
    checkType(typeof clipNorm === "number", "clipNorm", "a number", clipNorm, "ClippedAdam");
    check(clipNorm > 0, "clipNorm", "> 0", clipNorm, "ClippedAdam");
    this.clipNorm = clipNorm;
    this.lrd = checkOption(given(options.lrd, 1), "lrd", "ClippedAdam", 0, 1, true);
    this.epsFirst = true;
  }

  static override get kindName(): string {
    return "ClippedAdam";
  }
}
