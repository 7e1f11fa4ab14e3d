// `npm run bench:peers`: vitape side by side with peer libraries in one run, through the root harness.
// (1) The Bernoulli log-likelihood gradient over N logits: hand-written loop, vitape composed ops, vitape's fused
//     Bernoulli logProb, and tfjs-core's CPU backend. (2) The README coin flip: vitape SVI against WebPPL's
//     Optimize on the same model and guide: steps per second, and where each guide lands.
// The peers live in bench/peers/package.json, never in vitape's; they are loaded by name at run time and typed
// here by the little this file uses, so the root type check passes without them installed. See BENCHMARKS.md.
import { build } from "esbuild";
import { createRequire } from "node:module";
import { Bernoulli } from "../../src/distributions/index.ts";
import { TraceELBO } from "../../src/infer/index.ts";
import { add, log, mul, sigmoid, sub, sum, valueAndGrad, type Vec } from "../../src/autodiff/index.ts";
import { bernoulliByHand } from "../autodiff.bench.ts";
import { betaMoments, coinFlipSvi, data, exact, guidePosterior } from "../coin-flip.ts";
import { consume, runBenches, table, type Case } from "../harness.ts";

const smoke = process.argv.includes("--smoke");
const require = createRequire(import.meta.url);

// --- tfjs-core with the CPU backend: float32 only (tensors cannot hold float64) -------------------------------
interface Tensor { dataSync(): Float32Array }
interface Tf {
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
  version_core: string;
  memory(): { numTensors: number };
  tidy<T>(fn: () => T): T;
  tensor1d(values: Float32Array): Tensor & { dispose(): void };
  valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor) => { value: Tensor; grad: Tensor };
  sigmoid(x: Tensor): Tensor;
  log(x: Tensor): Tensor;
  sum(x: Tensor): Tensor;
  mul(x: Tensor, y: Tensor | number): Tensor;
  sub(x: Tensor | number, y: Tensor | number): Tensor;
  add(x: Tensor, y: Tensor): Tensor;
}
const tf = require("@tensorflow/tfjs-core") as Tf;
require("@tensorflow/tfjs-backend-cpu"); // registers the "cpu" backend
// tfjs-core's Node bundle has no gradients: they register themselves at import time from dist/
// register_all_gradients.js, an ES module with bundler-style imports that Node cannot load as it is. esbuild makes
// it one CommonJS file; its own copy of tfjs-core's internals registers into the gradient registry and engine
// that tfjs-core keeps on globalThis, the ones the Node bundle above uses.
const gradients = await build({
  entryPoints: [require.resolve("@tensorflow/tfjs-core/dist/register_all_gradients.js")],
  bundle: true, format: "cjs", platform: "node", write: false, logLevel: "error",
});
new Function("require", "module", "exports", gradients.outputFiles[0]!.text)(require, { exports: {} }, {});
await tf.setBackend("cpu");

// --- WebPPL: programs are compiled from source at run time, then run in CPS on a synchronous trampoline -------
interface WebPPL {
  compile(code: string): unknown;
  prepare(compiled: unknown, k: (s: unknown, x: unknown) => void): { run(): void };
}
const webppl = require("webppl") as WebPPL;
const webpplUtil = require("webppl/src/util") as { seedRNG(seed: number): void };
const webpplVersion = (require("webppl/package.json") as { version: string }).version;

const cases: Case[] = [];

// (1) Bernoulli log-likelihood gradient: Σ y log σ(θ) + (1 - y) log(1 - σ(θ)) with respect to θ.
for (const n of smoke ? [10, 1000] : [10, 1000, 1_000_000]) {
  const theta = new Float64Array(n).map((_, i) => Math.sin(i) * 2);
  const y = new Float64Array(n).map((_, i) => (i % 3 === 0 ? 1 : 0));
  const g = new Float64Array(n);
  const composed = valueAndGrad((t: Vec) => {
    const p = sigmoid(t);
    return sum(add(mul(y, log(p)), mul(sub(1, y), log(sub(1, p)))));
  });
  const fused = valueAndGrad((t: Vec) => sum(new Bernoulli({ logits: t }).logProb(y) as Vec));
  const thetaT = tf.tensor1d(Float32Array.from(theta));
  const yT = tf.tensor1d(Float32Array.from(y));
  const tfVg = tf.valueAndGrad((t: Tensor) => {
    const p = tf.sigmoid(t);
    return tf.sum(tf.add(tf.mul(yT, tf.log(p)), tf.mul(tf.sub(1, yT), tf.log(tf.sub(1, p)))));
  });
  // tidy disposes every intermediate and the result tensors; dataSync copies value and gradient out first.
  const tfCall = () => tf.tidy(() => { const r = tfVg(thetaT); return [r.value.dataSync()[0]!, r.grad.dataSync()] as const; });
  const alive = tf.memory().numTensors;
  checkAgree(n, bernoulliByHand(theta, y, g), g, composed(theta), fused(theta), tfCall());
  if (tf.memory().numTensors !== alive) throw new Error(`tfjs leaked ${tf.memory().numTensors - alive} tensors per call`);
  const group = `Bernoulli loglik gradient, N = ${n}`;
  const base = "hand-written single pass";
  cases.push(
    { group, name: base, fn: () => consume(bernoulliByHand(theta, y, g)), perCall: n, unit: "obs" },
    { group, name: "vitape tape (composed ops)", fn: () => consume(composed(theta)), perCall: n, unit: "obs", baseline: base },
    { group, name: "vitape fused Bernoulli({ logits }).logProb", fn: () => consume(fused(theta)), perCall: n, unit: "obs", baseline: base },
    { group, name: `tfjs-core ${tf.version_core} cpu (float32)`, fn: () => consume(tfCall()), perCall: n, unit: "obs", baseline: base },
  );
}

/** The four implementations must compute the same thing before their speed means anything. */
function checkAgree(n: number, ll: number, g: Float64Array, ...others: ({ value: number; grad: [Float64Array] } | readonly [number, Float32Array])[]): void {
  for (const o of others) {
    const [value, grad] = "value" in o ? [o.value, o.grad[0]] : o;
    const f32 = grad instanceof Float32Array; // tfjs sums a million float32 terms: allow its rounding
    const tol = f32 ? 1e-4 : 1e-9;
    let worst = Math.abs(value - ll) / Math.max(1, Math.abs(ll));
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(grad[i]! - g[i]!));
    if (!(worst <= tol)) throw new Error(`N = ${n}: an implementation disagrees with the hand-written pass by ${worst}`);
  }
}

// (2) The coin flip, 2000 steps of Adam (lr 0.0005) from alpha_q = beta_q = 15, in both.
const STEPS = smoke ? 200 : 2000;
// WebPPL's Beta has no reparameterized sampler, so its ELBO gradient is the score-function estimator; vitape's Beta
// guide uses implicit reparameterization. WebPPL's surrogate for such a site, log q · (w - baseline) - log p
// (src/inference/elbo.js), leaves out the zero-mean term -∇ log q, as vitape's stickTheLanding does: its noise
// vanishes at the exact posterior, which is why it is a landing row of its own below. Params are unconstrained logs (WebPPL's `param` is real-valued), as
// vitape's constraints.positive does internally: same optimizer, same starting point, same geometry.
const wppl = (steps: number) => `
var data = [true, true, true, true, true, true, false, false, false, false];
var model = function() {
  var f = sample(Beta({a: 10, b: 10}), {guide: function() {
    return Beta({a: Math.exp(param({name: 'alpha_q', mu: Math.log(15), sigma: 0})),
                 b: Math.exp(param({name: 'beta_q', mu: Math.log(15), sigma: 0}))});
  }});
  mapData({data: data}, function(d) { observe(Bernoulli({p: f}), d); });
  return f;
};
Optimize({model: model, steps: ${steps}, optMethod: {adam: {stepSize: 0.0005}}, estimator: {ELBO: {samples: 1}}});
var ps = getParams();
[ps.alpha_q.data[0], ps.beta_q.data[0]];
`;
const compiled = { full: webppl.compile(wppl(STEPS)), one: webppl.compile(wppl(1)) };
function runWebppl(program: unknown): [number, number] {
  let out: [number, number] | undefined;
  webppl.prepare(program, (_s, x) => { const [a, b] = x as [number, number]; out = [Math.exp(a), Math.exp(b)]; }).run();
  if (!out) throw new Error("webppl: the program did not finish synchronously");
  return out;
}
function runVitape(steps: number, seed = 0, stickTheLanding = false): ReturnType<typeof guidePosterior> {
  const svi = coinFlipSvi(seed, new TraceELBO({ stickTheLanding }));
  for (let i = 0; i < steps; i++) svi.step(data);
  return guidePosterior(svi);
}

// Where each lands, over five seeds (same seeds for both; the two RNGs differ, so runs are not paired).
const SEEDS = [0, 1, 2, 3, 4];
(globalThis as { suppressWarnings?: boolean }).suppressWarnings = true; // WebPPL's "Beta does not support reparameterization"
const landing = {
  "vitape": SEEDS.map((s) => runVitape(STEPS, s)),
  "vitape, TraceELBO({ stickTheLanding: true })": SEEDS.map((s) => runVitape(STEPS, s, true)),
  "webppl": SEEDS.map((s) => {
    webpplUtil.seedRNG(s);
    const [alpha, beta] = runWebppl(compiled.full);
    return { alpha, beta, ...betaMoments(alpha, beta) };
  }),
};

const svi = `coin flip SVI, ${STEPS} steps`;
const fixed = "coin flip, one program run of 1 step (fixed cost)";
cases.push(
  { group: svi, name: "vitape SVI (implicit reparameterization)", fn: () => consume(runVitape(STEPS)), perCall: STEPS, unit: "step" },
  { group: svi, name: "vitape SVI, stickTheLanding", fn: () => consume(runVitape(STEPS, 0, true)), perCall: STEPS, unit: "step", baseline: "vitape SVI (implicit reparameterization)" },
  { group: svi, name: `webppl ${webpplVersion} Optimize (score function)`, fn: () => consume(runWebppl(compiled.full)), perCall: STEPS, unit: "step", baseline: "vitape SVI (implicit reparameterization)" },
  { group: fixed, name: "vitape: new SVI + 1 step", fn: () => consume(runVitape(1)) },
  { group: fixed, name: "webppl: run compiled program, 1 step", fn: () => consume(runWebppl(compiled.one)), baseline: "vitape: new SVI + 1 step" },
);

const rows = runBenches(cases, { smoke });
console.log(table(rows));

const fmt = (xs: number[]) => `${avg(xs).toFixed(4)} [${Math.min(...xs).toFixed(4)}, ${Math.max(...xs).toFixed(4)}]`;
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`\nWhere the guide lands after ${STEPS} steps, seeds ${SEEDS.join(", ")}: mean [min, max] over seeds. ` +
  `Exact posterior Beta(16, 14): mean ${exact.mean.toFixed(4)}, sd ${exact.sd.toFixed(4)}.\n`);
console.log("| library | alpha_q | beta_q | posterior mean | posterior sd |\n|---|---|---|---|---|");
for (const [lib, r] of Object.entries(landing)) {
  console.log(`| ${lib} | ${fmt(r.map((x) => x.alpha))} | ${fmt(r.map((x) => x.beta))} | ${fmt(r.map((x) => x.mean))} | ${fmt(r.map((x) => x.sd))} |`);
}
console.log(`\nnode ${process.version}, ${process.platform}-${process.arch}, tfjs-core ${tf.version_core} (backend ${tf.getBackend()}), ` +
  `webppl ${webpplVersion}${smoke ? " (smoke pass: figures are not measurements)" : ""}`);
