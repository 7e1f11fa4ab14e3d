// Stochastic gradient descent with momentum, PyTorch's torch.optim.SGD semantics. SVI calls `update` once per
// parameter per step. Its state machinery is optimizer.ts's.
import { check } from "../check.ts";
import { PerParameterOptimizer } from "./optimizer.ts";

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
 * Nesterov); x ← x - lr·d. A parameter's state is its momentum buffer b (none without momentum).
 */
export class SGD extends PerParameterOptimizer<{ momentum: Float64Array }> {
  declare readonly momentum: number;
  declare readonly dampening: number;
  declare readonly nesterov: boolean;

  constructor(options: SGDOptions = {}) {
    super(options);
    const momentum = (this.momentum = options.momentum ?? 0);
    const dampening = (this.dampening = options.dampening ?? 0);
    const nesterov = (this.nesterov = options.nesterov ?? false);
    check(momentum >= 0, "momentum", ">= 0", momentum);
    const ok = !nesterov || (momentum > 0 && dampening === 0);
    check(ok, "momentum, dampening with nesterov", "> 0, 0", `${momentum}, ${dampening}`);
  }

  protected init(n: number): { momentum: Float64Array } {
    return { momentum: new Float64Array(n) };
  }

  update(name: string, x: Float64Array, g: Float64Array): void {
    const { lr, momentum, dampening, nesterov, weightDecay } = this;
    // PyTorch starts the buffer at the first step's d (its buffer is None until then).
    let s = this.state.get(name);
    const first = !s;
    if (!s && momentum !== 0) this.state.set(name, (s = this.init(x.length)));
    const b = s?.momentum;
    for (let i = 0; i < x.length; i++) {
      let d = g[i]! + weightDecay * x[i]!;
      if (b) {
        b[i] = first ? d : momentum * b[i]! + (1 - dampening) * d;
        d = nesterov ? d + momentum * b[i]! : b[i]!;
      }
      x[i]! -= lr * d;
    }
  }
}
