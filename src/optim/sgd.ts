// Stochastic gradient descent with momentum, PyTorch's torch.optim.SGD semantics. SVI calls `update` once per
// parameter per step. Its state machinery is optimizer.ts's.
import { check, checkType } from "../check.ts";
import { checkOption, checkUpdate, given, PerParameterOptimizer } from "./optimizer.ts";

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

/** An SGD parameter's state with momentum: its step count and momentum buffer b (without momentum, none). */
export type Buffer = { step: number; momentum: Float64Array };

/**
 * SGD: d = g + λx; with momentum, b ← d on the first step, then b ← μb + (1-τ)d, and d ← b (or d + μb with
 * Nesterov); x ← x - lr·d.
 * @throws TypeError naming the option unless each is a number (nesterov a boolean); RangeError unless lr,
 * momentum, weightDecay are finite and ≥ 0, dampening is in [0, 1], and Nesterov has momentum > 0 and dampening 0.
 */
export class SGD extends PerParameterOptimizer<Buffer> {
  declare readonly momentum: number;
  declare readonly dampening: number;
  declare readonly nesterov: boolean;

  constructor(options: SGDOptions = {}) {
    super("SGD", options);
    const momentum = (this.momentum = checkOption(given(options.momentum, 0), "momentum", "SGD", 0));
    const dampening = (this.dampening = checkOption(given(options.dampening, 0), "dampening", "SGD", 0, 1));
    const nesterov = given(options.nesterov, false);
    checkType(typeof nesterov === "boolean", "nesterov", "a boolean", nesterov, "SGD");
    this.nesterov = nesterov;
    const ok = !nesterov || (momentum > 0 && dampening === 0);
    check(ok, "momentum, dampening with nesterov", "> 0, 0", `${momentum}, ${dampening}`, "SGD");
  }

  protected init(n: number): Buffer {
    return { step: 0, momentum: new Float64Array(n) };
  }

  override fresh(n: number): Buffer | Record<string, never> {
    return this.momentum === 0 ? {} : this.init(n);
  }

  update(name: string, x: Float64Array, g: Float64Array): void {
    if (!(x instanceof Float64Array && g instanceof Float64Array && g.length === x.length && typeof name === "string")) checkUpdate(name, x, g, "SGD");
    const { lr, momentum, dampening, nesterov, weightDecay } = this;
    // PyTorch starts the buffer at the first step's d (its buffer is None until then).
    // s is written from p, the record before this update (the same record when updated in place).
    const s = momentum === 0 ? undefined : this.record(name, x.length, lengthOf), p = s && this.prev;
    const b = s?.momentum, pb = p?.momentum, first = p !== undefined && p.step === 0;
    if (s) s.step = p!.step + 1;
    for (let i = 0; i < x.length; i++) {
      let d = g[i]! + weightDecay * x[i]!;
      if (b) {
        b[i] = first ? d : momentum * pb![i]! + (1 - dampening) * d;
        d = nesterov ? d + momentum * b[i]! : b[i]!;
      }
      x[i]! -= lr * d;
    }
  }
}

const lengthOf = (s: Buffer): number => s.momentum.length;
