// Adam (PyTorch's torch.optim.Adam) and Pyro's ClippedAdam (elementwise gradient clamping and a per-step learning
// rate decay). SVI calls `update` once per parameter per step. Read sgd.ts for the simpler optimizer.
import { fromArray, fromNumber, toArray, type Optimizer, type OptimizerState } from "./optimizer.ts";

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

interface Moments {
  step: number;
  m: Float64Array;
  v: Float64Array;
}

/**
 * Adam (Kingma & Ba 2015) with PyTorch's semantics, per element, at step t = 1, 2, ...:
 * m ← β₁m + (1-β₁)g,  v ← β₂v + (1-β₂)g²,  x ← x - (lr / (1-β₁ᵗ)) · m / (√v / √(1-β₂ᵗ) + ε).
 * ε is added after the bias correction (as torch.optim.Adam; Pyro's ClippedAdam adds it before).
 */
export class Adam implements Optimizer {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  private state = new Map<string, Moments>();
  /** Cache of the bias corrections for step `biasStep` (derived from the step count; not state). */
  private biasStep = 0;
  private stepSize = 0;
  private rootBias2 = 0;

  constructor(options: AdamOptions = {}) {
    this.lr = options.lr ?? 1e-3;
    [this.beta1, this.beta2] = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    checkAdamOptions(this.lr, this.beta1, this.beta2, this.eps);
  }

  update(name: string, x: Float64Array, g: Float64Array): void {
    const s = moments(this.state, name, x.length);
    s.step++;
    const { beta1, beta2, eps, weightDecay } = this;
    // The bias corrections depend only on the step count, which all parameters usually share: compute them once.
    if (s.step !== this.biasStep) {
      this.biasStep = s.step;
      this.stepSize = this.lr / (1 - beta1 ** s.step);
      this.rootBias2 = Math.sqrt(1 - beta2 ** s.step);
    }
    const { stepSize, rootBias2 } = this;
    for (let i = 0; i < x.length; i++) {
      const gi = weightDecay === 0 ? g[i]! : g[i]! + weightDecay * x[i]!;
      const m = (s.m[i] = beta1 * s.m[i]! + (1 - beta1) * gi);
      const v = (s.v[i] = beta2 * s.v[i]! + (1 - beta2) * gi * gi);
      x[i] = x[i]! - stepSize * (m / (Math.sqrt(v) / rootBias2 + eps));
    }
  }

  getState(): OptimizerState {
    return momentsToJSON(this.state, () => ({}));
  }

  setState(state: OptimizerState): void {
    this.state = momentsFromJSON(state);
  }
}

/** Options of {@link ClippedAdam}; defaults as Pyro. */
export interface ClippedAdamOptions extends AdamOptions {
  /** Each gradient element is clamped to [-clipNorm, clipNorm], default 10. */
  clipNorm?: number;
  /** Learning-rate decay: lr ← lr·lrd before every step, default 1 (no decay). */
  lrd?: number;
}

/**
 * Pyro's ClippedAdam: g ← clamp(g, -clipNorm, clipNorm), lr ← lr·lrd (before each step), then
 * m ← β₁m + (1-β₁)g,  v ← β₂v + (1-β₂)g²,  x ← x - lr·√(1-β₂ᵗ)/(1-β₁ᵗ) · m / (√v + ε).
 * Each parameter keeps its own decayed learning rate, as Pyro's per-parameter optimizers do.
 */
export class ClippedAdam implements Optimizer {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly clipNorm: number;
  readonly lrd: number;
  private state = new Map<string, Moments & { lr: number }>();

  constructor(options: ClippedAdamOptions = {}) {
    this.lr = options.lr ?? 1e-3;
    [this.beta1, this.beta2] = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.clipNorm = options.clipNorm ?? 10;
    this.lrd = options.lrd ?? 1;
    checkAdamOptions(this.lr, this.beta1, this.beta2, this.eps);
    if (!(this.clipNorm > 0)) throw new RangeError(`ClippedAdam: clipNorm must be > 0, got ${this.clipNorm}`);
    if (!(this.lrd > 0 && this.lrd <= 1)) throw new RangeError(`ClippedAdam: lrd must be in (0, 1], got ${this.lrd}`);
  }

  update(name: string, x: Float64Array, g: Float64Array): void {
    let s = this.state.get(name);
    if (!s) this.state.set(name, (s = { ...moments(new Map(), name, x.length), lr: this.lr }));
    s.lr *= this.lrd;
    s.step++;
    const { beta1, beta2, eps, weightDecay, clipNorm } = this;
    const stepSize = (s.lr * Math.sqrt(1 - beta2 ** s.step)) / (1 - beta1 ** s.step);
    for (let i = 0; i < x.length; i++) {
      let gi = Math.min(clipNorm, Math.max(-clipNorm, g[i]!));
      if (weightDecay !== 0) gi += weightDecay * x[i]!;
      const m = (s.m[i] = beta1 * s.m[i]! + (1 - beta1) * gi);
      const v = (s.v[i] = beta2 * s.v[i]! + (1 - beta2) * gi * gi);
      x[i] = x[i]! - stepSize * (m / (Math.sqrt(v) + eps));
    }
  }

  getState(): OptimizerState {
    return momentsToJSON(this.state, (s) => ({ lr: s.lr }));
  }

  setState(state: OptimizerState): void {
    const next = new Map<string, Moments & { lr: number }>();
    for (const [name, s] of momentsFromJSON(state)) next.set(name, { ...s, lr: fromNumber(state[name]!["lr"], `${name}.lr`) });
    this.state = next;
  }
}

function checkAdamOptions(lr: number, beta1: number, beta2: number, eps: number): void {
  if (!(lr >= 0 && lr < Infinity)) throw new RangeError(`Adam: lr must be finite and >= 0, got ${lr}`);
  if (!(beta1 >= 0 && beta1 < 1)) throw new RangeError(`Adam: betas[0] must be in [0, 1), got ${beta1}`);
  if (!(beta2 >= 0 && beta2 < 1)) throw new RangeError(`Adam: betas[1] must be in [0, 1), got ${beta2}`);
  if (!(eps >= 0)) throw new RangeError(`Adam: eps must be >= 0, got ${eps}`);
}

function moments(state: Map<string, Moments>, name: string, n: number): Moments {
  let s = state.get(name);
  if (!s) state.set(name, (s = { step: 0, m: new Float64Array(n), v: new Float64Array(n) }));
  return s;
}

function momentsToJSON<S extends Moments>(state: Map<string, S>, extra: (s: S) => Record<string, number>): OptimizerState {
  const out: OptimizerState = {};
  for (const [name, s] of state) out[name] = { step: s.step, m: toArray(s.m), v: toArray(s.v), ...extra(s) };
  return out;
}

function momentsFromJSON(state: OptimizerState): Map<string, Moments> {
  const out = new Map<string, Moments>();
  for (const [name, s] of Object.entries(state)) {
    out.set(name, { step: fromNumber(s["step"], `${name}.step`), m: fromArray(s["m"], `${name}.m`), v: fromArray(s["v"], `${name}.v`) });
  }
  return out;
}
