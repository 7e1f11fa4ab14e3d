// Tape throughput: a long chain of mixed scalar operations (nodes per second, forward + backward), against a
// micrograd-style closure-per-node engine; and the Bernoulli log-likelihood gradient over Float64Arrays against a
// hand-written single-pass loop. See BENCHMARKS.md for what each figure means.
import { add, log, mul, sigmoid, sub, sum, valueAndGrad, Tape, type Scalar, type Var, type Vec } from "../src/autodiff/index.ts";
import { bernoulliLogitsLogProb } from "../src/distributions/index.ts";
import { consume, type Case } from "./harness.ts";
import { Value } from "./micrograd.ts";

const ITER = 2000; // chain iterations; each makes the 5 nodes below

function chain(x: Var): Scalar {
  let y: Scalar = x;
  for (let i = 0; i < ITER; i++) {
    // mul, add, sigmoid, log, add(node, node): values stay in (0, 2), so nothing under- or overflows.
    const s: Scalar = sigmoid(add(mul(y, 0.9), 0.1));
    y = add(log(add(s, 1)), mul(s, 0.5));
  }
  return y;
}

function microChain(x: Value): Value {
  let y = x;
  for (let i = 0; i < ITER; i++) {
    const s = y.mul(0.9).add(0.1).sigmoid();
    y = s.add(1).log().add(s.mul(0.5));
  }
  return y;
}

/** The gradient and value of Σ y log σ(θ) + (1 - y) log(1 - σ(θ)) in one pass: the hand-written baseline. */
export function bernoulliByHand(theta: Float64Array, y: Float64Array, grad: Float64Array): number {
  let ll = 0;
  for (let i = 0; i < theta.length; i++) {
    const t = theta[i]!;
    const p = 1 / (1 + Math.exp(-t));
    ll += y[i]! * Math.log(p) + (1 - y[i]!) * Math.log(1 - p);
    grad[i] = y[i]! - p;
  }
  return ll;
}

export function cases(smoke: boolean): Case[] {
  const tape = new Tape();
  const nodesPerCall = (() => { tape.rewind(); chain(tape.variable(0.3)); return tape.size - 1; })();
  const vg = valueAndGrad(chain);
  const out: Case[] = [
    { group: "tape: mixed scalar chain", name: "vitape tape", fn: () => consume(vg(0.3)), perCall: nodesPerCall, unit: "node", baseline: "micrograd-style closures" },
    {
      group: "tape: mixed scalar chain", name: "micrograd-style closures", perCall: nodesPerCall, unit: "node",
      fn: () => { const x = new Value(0.3); const y = microChain(x); y.backward(); consume(x.grad); },
    },
  ];
  for (const n of smoke ? [10, 1000] : [10, 1000, 1_000_000]) {
    const theta = new Float64Array(n).map((_, i) => Math.sin(i) * 2);
    const y = new Float64Array(n).map((_, i) => (i % 3 === 0 ? 1 : 0));
    const g = new Float64Array(n);
    const group = `Bernoulli loglik gradient, N = ${n}`;
    // The same log-likelihood as one fused vector node (what Bernoulli({ logits }).logProb records) and its sum.
    const fused = valueAndGrad((t: Vec) => sum(bernoulliLogitsLogProb(y, t) as Vec));
    const bern = valueAndGrad((t: Vec) => {
      const p = sigmoid(t);
      return sum(add(mul(y, log(p)), mul(sub(1, y), log(sub(1, p)))));
    });
    out.push(
      { group, name: "hand-written single pass", fn: () => consume(bernoulliByHand(theta, y, g)), perCall: n, unit: "obs" },
      { group, name: "vitape tape (composed ops)", fn: () => consume(bern(theta)), perCall: n, unit: "obs", baseline: "hand-written single pass" },
      { group, name: "vitape tape (fused Bernoulli node)", fn: () => consume(fused(theta)), perCall: n, unit: "obs", baseline: "hand-written single pass" },
    );
  }
  return out;
}
