// The batched hierarchical Beta-Binomial (bench/hierarchical.ts): SVI steps against the same step fused by hand
// (bench/fused-hierarchical.ts, held to the same numbers by test/infer/fused-hierarchical.test.ts), in ns per
// group for n = 10 to 100,000 groups, so the cost per group vs n is read down the column; and what the step's
// latent draw costs per element: a batched Beta and Gamma rsample with gradients against n scalar rsamples on the
// tape, and against the sampler and gradient kernels alone (no tape). Both runs of a pair start at the exact
// posterior, so they step through the same region (the sampler's and the gradient's cost depend on α and β).
import { Beta, Gamma, Tape, add, constraints, createRng, sum, type Distribution, type Scalar, type Var, type Vec } from "../src/index.ts";
import { betaInto, standardGamma } from "../src/random/index.ts";
import { betaSampleGradInto, standardGammaGrad } from "../src/special/index.ts";
import { fusedHierInit, fusedHierStep } from "./fused-hierarchical.ts";
import { A, B, hierarchicalSvi, makeGroups, type Groups } from "./hierarchical.ts";
import { consume, type Case } from "./harness.ts";

const LR = 0.05;

/** The exact posterior's parameters, a + y_i and b + N_i - y_i. */
function posterior(data: Groups): { alpha: Float64Array; beta: Float64Array } {
  return {
    alpha: data.y.map((y) => A + y),
    beta: data.y.map((y, i) => B + data.trials[i]! - y),
  };
}

function sviCases(n: number): Case[] {
  const data = makeGroups(n, 1), { alpha, beta } = posterior(data);
  const svi = hierarchicalSvi(0, { lr: LR });
  svi.params.set("alpha_q", alpha.slice(), { constraint: constraints.positive });
  svi.params.set("beta_q", beta.slice(), { constraint: constraints.positive });
  const s = fusedHierInit(n), rng = createRng(0);
  for (let i = 0; i < n; i++) {
    s.u[i] = Math.log(alpha[i]!);
    s.u[n + i] = Math.log(beta[i]!);
  }
  const group = `hierarchical Beta-Binomial SVI step, n = ${n}`, base = "hand-fused step (no tape)";
  return [
    { group, name: base, fn: () => consume(fusedHierStep(s, rng, A, B, data, LR)), perCall: n, unit: "group" },
    { group, name: "vitape SVI.step", fn: () => consume(svi.step(data)), perCall: n, unit: "group", baseline: base },
  ];
}

/** Gradient cases of one distribution: its batched rsample, n scalar rsamples, and its kernels alone. */
function drawCases(n: number, kind: "Beta" | "Gamma"): Case[] {
  const { alpha, beta } = posterior(makeGroups(n, 2));
  const tape = new Tape(), rng = createRng(3), out = new Float64Array(3), dz = new Float64Array(2);
  const make: (a: Vec | Var, b: Vec | Var) => Distribution = kind === "Beta" ? (a, b) => new Beta(a, b) : (a, b) => new Gamma(a, b);
  const group = `${kind} rsample with gradients, n = ${n}`, base = "n scalar rsamples on the tape";
  const batched = (): void => {
    tape.rewind();
    const a = tape.variable(alpha), b = tape.variable(beta);
    tape.backward(sum(make(a, b).rsample(rng) as Vec) as Var);
    consume(tape.gradOf(a));
  };
  const scalar = (): void => {
    tape.rewind();
    let s: Scalar = 0;
    const leaves: Var[] = [];
    for (let i = 0; i < n; i++) {
      const a = tape.variable(alpha[i]!), b = tape.variable(beta[i]!);
      leaves.push(a);
      s = add(s, make(a, b).rsample(rng) as Var);
    }
    tape.backward(s as Var);
    consume(tape.gradOf(leaves[n - 1]!));
  };
  // The floor: the sampler and the exact implicit gradient per element, into plain arrays, as the fused step runs them.
  const kernels = kind === "Beta"
    ? (): void => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        betaInto(out, rng, alpha[i]!, beta[i]!);
        betaSampleGradInto(dz, out[0]!, alpha[i]!, beta[i]!, out[1]!, out[2]!);
        s += dz[0]! + dz[1]!;
      }
      consume(s);
    }
    : (): void => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        // Gamma(α, λ) with λ = beta[i]: x = G/λ, dx/dα = (dG/dα)/λ, dx/dλ = -x/λ.
        // (α ≥ 2 here, so G comes from Marsaglia-Tsang directly, as Gamma.rsample draws it.)
        const g = standardGamma(rng, alpha[i]!), x = g / beta[i]!;
        s += standardGammaGrad(alpha[i]!, g) / beta[i]! - x / beta[i]!;
      }
      consume(s);
    };
  return [
    { group, name: base, fn: scalar, perCall: n, unit: "element" },
    { group, name: `batched ${kind}(Vec, Vec).rsample`, fn: batched, perCall: n, unit: "element", baseline: base },
    { group, name: "kernels alone (no tape)", fn: kernels, perCall: n, unit: "element", baseline: base },
  ];
}

export function cases(smoke: boolean): Case[] {
  const out: Case[] = [];
  for (const n of smoke ? [10, 1000] : [10, 100, 1000, 10_000, 100_000]) out.push(...sviCases(n));
  for (const n of smoke ? [10] : [10, 1000, 100_000]) out.push(...drawCases(n, "Beta"), ...drawCases(n, "Gamma"));
  return out;
}
