// `npm run bench:torch`: vitape's exact implicit gradients against PyTorch's fitted kernels, on the same points in
// one run. Draws Gamma and Beta samples with parameters log-uniform in [0.1, 1000] (the points an SVI
// run meets), writes them to a temporary JSON file that bench/implicit_torch.py reads, then alternates: vitape
// (CPU ns per call, warm, the whole point set per repetition) and PyTorch (float64, one thread, CPU ns per element
// over the whole batch), ROUNDS times, and prints the medians and their ratio. Then ns per element of vitape's batched
// rsample with gradients (Beta and Gamma batches of 10, 1,000 and 100,000, on the first n points' parameters).
// Needs Debian's python3-torch (/usr/bin/python3, or $TORCH_PYTHON); kept out of CI like bench:peers.
// Options: --n N (points per distribution, default 100000), --rounds R (default 5).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Beta, Gamma, Tape, sum, type Distribution, type Var, type Vec } from "../src/index.ts";
import { betaInto, createRng, standardGamma } from "../src/random/index.ts";
import { betaSampleGradInto, standardGammaGrad } from "../src/special/index.ts";
import { consume } from "./harness.ts";

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = opt("--n", 100_000), ROUNDS = opt("--rounds", 5);

// ---- the points ----------------------------------------------------------------------------------------------
const rng = createRng(2026);
const logUniform = (lo: number, hi: number): number => Math.exp(Math.log(lo) + rng.uniform() * Math.log(hi / lo));
const gAlpha = new Float64Array(N), gX = new Float64Array(N);
for (let i = 0; i < N; i++) {
  gAlpha[i] = logUniform(0.1, 1000);
  gX[i] = standardGamma(rng, gAlpha[i]!);
}
const bA = new Float64Array(N), bB = new Float64Array(N), bZ = new Float64Array(N);
const draw = new Float64Array(3);
for (let i = 0; i < N; i++) {
  bA[i] = logUniform(0.1, 1000);
  bB[i] = logUniform(0.1, 1000);
  betaInto(draw, rng, bA[i]!, bB[i]!);
  bZ[i] = draw[0]!; // both sides see the same double z (PyTorch has no log z input)
}
const dir = mkdtempSync(join(tmpdir(), "vitape-torch-"));
const file = join(dir, "points.json");
writeFileSync(file, JSON.stringify({
  gamma: { alpha: Array.from(gAlpha), x: Array.from(gX) },
  beta: { a: Array.from(bA), b: Array.from(bB), z: Array.from(bZ) },
}));

// ---- vitape's side -------------------------------------------------------------------------------------------
const out = new Float64Array(2);
const vitape: Record<string, () => void> = {
  gamma: () => {
    let s = 0;
    for (let i = 0; i < N; i++) s += standardGammaGrad(gAlpha[i]!, gX[i]!);
    consume(s);
  },
  beta: () => {
    let s = 0;
    for (let i = 0; i < N; i++) {
      betaSampleGradInto(out, bZ[i]!, bA[i]!, bB[i]!);
      s += out[0]! + out[1]!;
    }
    consume(s);
  },
};

/**
 * Median CPU ns per element of fn over reps calls (each call covers n elements), after a warm-up. CPU time, as
 * PyTorch's side measures it too: on a shared machine wall time also counts the other processes' turns.
 */
function time(fn: () => void, n: number, reps = 15): number {
  for (let t0 = performance.now(); performance.now() - t0 < 300;) fn();
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    t.push(((c.user + c.system) * 1000) / n);
  }
  t.sort((x, y) => x - y);
  return t[t.length >> 1]!;
}

// ---- PyTorch's side: one long-lived process, one request per line ------------------------------------------------
const here = dirname(fileURLToPath(import.meta.url));
const py = spawn(process.env["TORCH_PYTHON"] ?? "/usr/bin/python3", [join(here, "implicit_torch.py"), file],
  { stdio: ["pipe", "pipe", "inherit"] });
const lines = createInterface({ input: py.stdout! })[Symbol.asyncIterator]();
const reply = async (): Promise<Record<string, unknown>> => {
  const r = await lines.next();
  if (r.done) throw new Error("implicit_torch.py exited early (is python3-torch installed?)");
  return JSON.parse(r.value as string) as Record<string, unknown>;
};
const torchInfo = await reply();
const torch = async (name: string): Promise<number> => {
  py.stdin!.write(name + "\n");
  return (await reply())["ns"] as number;
};

const fmt = (x: number): string => x.toFixed(x < 10 ? 2 : 1);
const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
console.log(`${N} points per distribution, parameters log-uniform in [0.1, 1000]; ${ROUNDS} alternating rounds`);
console.log(`node ${process.version}; torch ${String(torchInfo["torch"])}, ${String(torchInfo["threads"])} thread, float64`);
const rows: { name: string; v: number[]; t: number[] }[] = [
  { name: "standardGammaGrad vs _standard_gamma_grad", v: [], t: [] },
  { name: "betaSampleGradInto vs _dirichlet_grad (per Beta point)", v: [], t: [] },
];
for (let r = 0; r < ROUNDS; r++) {
  for (const [k, key] of (["gamma", "beta"] as const).entries()) {
    rows[k]!.v.push(time(vitape[key]!, N));
    rows[k]!.t.push(await torch(key));
  }
  console.log(`round ${r + 1}: ` + rows.map((x) => `${fmt(x.v[r]!)} / ${fmt(x.t[r]!)} ns`).join(", "));
}
py.stdin!.write("quit\n");
rmSync(dir, { recursive: true, force: true });

console.log("\n| function (CPU time) | vitape ns/call | PyTorch ns/elem | ratio (median) | ratio range over rounds |");
console.log("|---|---|---|---|---|");
for (const x of rows) {
  const ratios = x.v.map((v, i) => v / x.t[i]!);
  console.log(`| ${x.name} | ${fmt(median(x.v))} | ${fmt(median(x.t))} | ${median(ratios).toFixed(2)}x | ` +
    `${Math.min(...ratios).toFixed(2)}x-${Math.max(...ratios).toFixed(2)}x |`);
}

// ---- batched rsample with gradients ------------------------------------------------------------------------------
console.log("\n| batched rsample with gradients | n = 10 | n = 1,000 | n = 100,000 |");
console.log("|---|---|---|---|");
for (const kind of ["Beta", "Gamma"] as const) {
  const cells: string[] = [];
  for (const n of [10, 1000, 100_000]) {
    const m = Math.min(n, N);
    const p = kind === "Beta" ? bA.subarray(0, m) : gAlpha.subarray(0, m);
    const q = kind === "Beta" ? bB.subarray(0, m) : new Float64Array(m).fill(1);
    const tape = new Tape(), r = createRng(7);
    const make = (a: Var | Vec, b: Var | Vec): Distribution =>
      kind === "Beta" ? new Beta(a as Vec, b as Vec) : new Gamma(a as Vec, b as Vec);
    const step = (): void => {
      tape.rewind();
      const a = tape.variable(p), b = tape.variable(q);
      tape.backward(sum(make(a, b).rsample(r) as Vec) as Var);
      consume(tape.gradOf(a));
    };
    const reps = Math.max(5, Math.ceil(2e5 / m));
    const t = time(() => { for (let i = 0; i < Math.ceil(reps / 5); i++) step(); }, m * Math.ceil(reps / 5), 5);
    cells.push(`${fmt(t)} ns/elem`);
  }
  console.log(`| ${kind}(Vec, Vec).rsample + backward | ${cells.join(" | ")} |`);
}
