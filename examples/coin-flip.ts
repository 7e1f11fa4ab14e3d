// The coin flip from Pyro's SVI tutorial (part I), run with vitape: `npm start`, or with flags, e.g.
//   npm start -- --heads 60 --tails 40 --steps 5000 --lr 0.001 --seed 1 --particles 4 --stick-the-landing
// It prints the guide's posterior mean and standard deviation beside the exact answer Beta(a0 + h, b0 + t), the
// run's wall time (which includes V8's warm-up: the first steps run unoptimized code), and a steady-state rate
// measured apart, on a second run of the same program after it has warmed up (`--rate-steps 0` skips it).
import { parseArgs } from "node:util";
import { Adam, Bernoulli, Beta, SVI, TraceELBO, constraints, param, sample } from "../src/index.ts";

const { values: flags } = parseArgs({
  options: {
    heads: { type: "string", default: "6" },
    tails: { type: "string", default: "4" },
    steps: { type: "string", default: "2000" },
    lr: { type: "string", default: "0.0005" },
    seed: { type: "string", default: "0" },
    particles: { type: "string", default: "1" },
    "stick-the-landing": { type: "boolean", default: false },
    "rate-steps": { type: "string", default: "200000" },
    help: { type: "boolean", default: false },
  },
});
if (flags.help) {
  console.log("usage: npm start -- [--heads 6] [--tails 4] [--steps 2000] [--lr 0.0005] [--seed 0] [--particles 1] [--stick-the-landing] [--rate-steps 200000]");
  process.exit(0);
}
const count = (name: string, s: string): number => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`--${name} must be a whole number, got ${s}`);
  return n;
};
const heads = count("heads", flags.heads), tails = count("tails", flags.tails);
const steps = count("steps", flags.steps), seed = count("seed", flags.seed), particles = count("particles", flags.particles);
const rateSteps = count("rate-steps", flags["rate-steps"]);
const lr = Number(flags.lr);

// The data: heads as 1, tails as 0.
const data = new Float64Array(heads + tails).fill(1, 0, heads);

// The model: a Beta(10, 10) prior on the coin's fairness, and one vectorized Bernoulli site over the flips.
function model(data: Float64Array): void {
  const f = sample("latent_fairness", new Beta(10, 10));
  sample("obs", new Bernoulli(f), { obs: data });
}

// The guide: a Beta(alpha_q, beta_q) with both parameters kept positive (learned as their logarithms).
function guide(_data: Float64Array): void {
  const alphaQ = param("alpha_q", 15, { constraint: constraints.positive });
  const betaQ = param("beta_q", 15, { constraint: constraints.positive });
  sample("latent_fairness", new Beta(alphaQ, betaQ));
}

const makeSvi = () => new SVI(model, guide, new Adam({ lr, betas: [0.9, 0.999] }),
  new TraceELBO({ numParticles: particles, stickTheLanding: flags["stick-the-landing"] }), { seed });
const svi = makeSvi();

const start = performance.now();
const tick = Math.max(1, Math.floor(steps / 20));
let loss = NaN;
for (let step = 0; step < steps; step++) {
  loss = svi.step(data);
  if ((step + 1) % tick === 0 || step + 1 === steps) {
    const done = (step + 1) / steps;
    const bar = "#".repeat(Math.round(done * 20)).padEnd(20, ".");
    process.stderr.write(`\r[${bar}] step ${step + 1}/${steps}  loss ${loss.toFixed(4)}`);
  }
}
const seconds = (performance.now() - start) / 1000;
process.stderr.write("\n");

const a = svi.params.get("alpha_q"), b = svi.params.get("beta_q");
const meanSd = (x: number, y: number): [number, number] => [x / (x + y), Math.sqrt((x * y) / ((x + y) ** 2 * (x + y + 1)))];
const [mean, sd] = meanSd(a, b);
const [exactA, exactB] = [10 + heads, 10 + tails];
const [exactMean, exactSd] = meanSd(exactA, exactB);

console.log(`Based on the data and our prior belief, the fairness of the coin is ${mean.toFixed(3)} +- ${sd.toFixed(3)}`);
console.log(`Exact posterior Beta(${exactA}, ${exactB}): ${exactMean.toFixed(3)} +- ${exactSd.toFixed(3)}`);
console.log(`Guide: alpha_q = ${a.toFixed(3)}, beta_q = ${b.toFixed(3)}`);
const perSecond = (n: number, s: number): string => `${Math.round(n / s).toLocaleString("en-US")} steps/s`;
console.log(`This run: ${steps} steps in ${seconds.toFixed(3)} s wall time, including V8's warm-up (${perSecond(steps, seconds)} on average)`);

// The steady-state rate: a second run of the same program, timed only after 20,000 steps of warm-up, when V8 has
// optimized the step. It is what a long run approaches; the figure above is what a short one pays.
if (rateSteps > 0) {
  const warm = makeSvi();
  for (let i = 0; i < 20000; i++) warm.step(data);
  const t0 = performance.now();
  for (let i = 0; i < rateSteps; i++) warm.step(data);
  const s = (performance.now() - t0) / 1000;
  console.log(`Steady state: ${rateSteps.toLocaleString("en-US")} steps in ${s.toFixed(3)} s after 20,000 warm-up steps (${perSecond(rateSteps, s)})`);
}
