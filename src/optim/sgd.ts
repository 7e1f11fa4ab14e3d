// Stochastic gradient descent with momentum, PyTorch's torch.optim.SGD semantics. SVI calls `update` once per
// parameter per step.
import { fromArray, toArray, type Optimizer, type OptimizerState } from "./optimizer.ts";

/** Options of {@link SGD}; defaults as PyTorch (lr has none there; here 1e-3). */
export interface SGDOptions {
  lr?: number;
  /** Momentum factor μ, default 0. */
  momentum?: number;
  /** Dampening τ of the momentum, default 0. */
  dampening?: number;
  /** Nesterov momentum, default false. */
  nesterov?: boolean;
  /** L2 penalty: g ← g + weightDecay·x, default 0. */
  weightDecay?: number;
}

/**
 * SGD: d = g + λx; with momentum, b ← d on the first step, then b ← μb + (1-τ)d, and d ← b (or d + μb with
 * Nesterov); x ← x - lr·d.
 */
export class SGD implements Optimizer {
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  private buffers = new Map<string, Float64Array>();

  constructor(options: SGDOptions = {}) {
    this.lr = options.lr ?? 1e-3;
    this.momentum = options.momentum ?? 0;
    this.dampening = options.dampening ?? 0;
    this.nesterov = options.nesterov ?? false;
    this.weightDecay = options.weightDecay ?? 0;
    if (!(this.lr >= 0 && this.lr < Infinity)) throw new RangeError(`SGD: lr must be finite and >= 0, got ${this.lr}`);
    if (!(this.momentum >= 0)) throw new RangeError(`SGD: momentum must be >= 0, got ${this.momentum}`);
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new RangeError("SGD: Nesterov momentum needs momentum > 0 and dampening 0");
    }
  }

  update(name: string, x: Float64Array, g: Float64Array): void {
    const { lr, momentum, dampening, nesterov, weightDecay } = this;
    let b = this.buffers.get(name);
    const first = b === undefined;
    if (momentum !== 0 && !b) this.buffers.set(name, (b = new Float64Array(x.length)));
    for (let i = 0; i < x.length; i++) {
      let d = g[i]! + weightDecay * x[i]!;
      if (b) {
        b[i] = first ? d : momentum * b[i]! + (1 - dampening) * d;
        d = nesterov ? d + momentum * b[i]! : b[i]!;
      }
      x[i] = x[i]! - lr * d;
    }
  }

  getState(): OptimizerState {
    const out: OptimizerState = {};
    for (const [name, b] of this.buffers) out[name] = { momentum: toArray(b) };
    return out;
  }

  setState(state: OptimizerState): void {
    const next = new Map<string, Float64Array>();
    for (const [name, s] of Object.entries(state)) next.set(name, fromArray(s["momentum"], `${name}.momentum`));
    this.buffers = next;
  }
}
