// `npm run bench:pyro`: each case study of examples/ run in vitape and in Pyro 1.8.4 (bench/pyro/<case>.py) in one
// run, with the same model, guide, starting values, optimizer (ClippedAdam, lr decayed geometrically), loss
// (Trace_ELBO) and number of steps. For each it prints the steps per second (wall and per CPU-second of the process:
// the machine may be shared, and CPU time is what each process itself used), the wall time until a convergence
// criterion against the quadrature reference first holds (checked every 100 steps on both sides), and the final
// posterior summaries side by side. Kept out of CI (like bench:peers): Pyro must be installed by hand, see
// bench/pyro/common.py's header. Flags: --steps N (every case, instead of its own), --cases rats,pumps, --seed S.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { AutoNormal, ClippedAdam, SVI, TraceELBO, type Optimizer } from "../../src/index.ts";
import * as rats from "../../examples/rats.ts";
import * as schools from "../../examples/eight-schools.ts";
import * as pumps from "../../examples/pumps.ts";
import * as ab from "../../examples/ab-test.ts";

const { values: flags } = parseArgs({
  options: { steps: { type: "string" }, cases: { type: "string" }, seed: { type: "string", default: "0" } },
});
const seed = Number(flags.seed);
const PYRO_SRC = process.env.PYRO_SRC ?? "/work/pyro", PYRO_DEPS = process.env.PYRO_DEPS ?? "/work/pydeps";
const PYTHON = process.env.PYTHON ?? "/usr/bin/python3";
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}.json`, import.meta.url), "utf8"));

/** What one side reports (the Python scripts print the same fields as one JSON line). */
interface Result {
  steps: number; seconds: number; cpuSeconds: number; convergedAtStep: number | null; secondsToConverge: number | null;
  summary: Record<string, number[]>;
}

/** One case: its vitape run (an SVI, its data, the criterion, the summary) and its Pyro script. */
interface Case<D> {
  name: string; criterion: string; steps: number; script: string[];
  svi: (steps: number) => SVI<[D]>; data: D; converged: (svi: SVI<[D]>) => boolean; summary: (svi: SVI<[D]>) => Record<string, number[]>;
}

/** ClippedAdam with lr decayed geometrically from lr to lrEnd over steps, and no clamp (as the examples). */
const decaying = (steps: number, lr = 0.05, lrEnd = 0.001): Optimizer => new ClippedAdam({ lr, clipNorm: Infinity, lrd: (lrEnd / lr) ** (1 / steps) });

function runVitape<D>(c: Case<D>, steps: number): Result {
  const svi = c.svi(steps);
  const t0 = performance.now(), c0 = process.cpuUsage();
  let convergedAtStep: number | null = null, secondsToConverge: number | null = null;
  for (let step = 1; step <= steps; step++) {
    svi.step(c.data);
    if (convergedAtStep === null && step % 100 === 0 && c.converged(svi)) {
      convergedAtStep = step;
      secondsToConverge = (performance.now() - t0) / 1000;
    }
  }
  const seconds = (performance.now() - t0) / 1000, cpu = process.cpuUsage(c0);
  return { steps, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, convergedAtStep, secondsToConverge, summary: c.summary(svi) };
}

function runPyro(script: string[], steps: number): Result {
  const r = spawnSync(PYTHON, [...script, "--steps", String(steps), "--seed", String(seed)], {
    encoding: "utf8", env: { ...process.env, PYRO_SRC, PYRO_DEPS, PYTHONDONTWRITEBYTECODE: "1" }, maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${script.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Result;
}

const ratsRef = fixture("rats"), schoolsRef = fixture("eight-schools"), pumpsRef = fixture("pumps"), abRef = fixture("ab-test");
const within = (m: ArrayLike<number>, ref: number[], sd: number[], k: number) => ref.every((r, i) => Math.abs(m[i]! - r) < k * sd[i]!);
const bench = "bench/pyro/";

const cases: Case<any>[] = [
  {
    name: "rats", criterion: "every experiment's mean within 0.25 posterior sd", steps: rats.FIT.steps, script: [`${bench}rats.py`],
    data: rats.loadRats(), svi: (steps) => new SVI(rats.model, rats.guide, decaying(steps), new TraceELBO(), { seed }),
    converged: (svi) => within(rats.summarize(svi).theta.map((t) => t.mean), ratsRef.theta.mean, ratsRef.theta.sd, 0.25),
    summary: (svi) => {
      const s = rats.summarize(svi);
      return { u: [s.u.mean, s.u.sd], v: [s.v.mean, s.v.sd], thetaMean: s.theta.map((t) => t.mean), thetaSd: s.theta.map((t) => t.sd) };
    },
  },
  // Each form with the hand-written guide, then with AutoNormal on both sides (Pyro's started at init_to_mean, as vitape's).
  ...([["centred", "hand-written"], ["non-centred", "hand-written"], ["centred", "AutoNormal"], ["non-centred", "AutoNormal"]] as const)
    .map(([form, kind]): Case<schools.Schools> => {
      const auto = kind === "AutoNormal", loc = (site: string) => (auto ? `AutoNormal.locs.${site}` : `${site}_loc`);
      return {
        name: `eight schools${auto ? " AutoNormal" : ""}, ${form}`, criterion: "mu within 0.25 sd, E log tau within 0.25 sd", steps: schools.FIT.steps,
        script: [`${bench}eight_schools.py`, "--form", form, ...(auto ? ["--auto"] : [])], data: schools.loadSchools(),
        svi: (steps) => {
          const model = form === "centred" ? schools.centredModel : schools.nonCentredModel;
          const guide = auto ? new AutoNormal(model) : form === "centred" ? schools.centredGuide : schools.nonCentredGuide;
          return new SVI(model, guide, decaying(steps), new TraceELBO(), { seed });
        },
        converged: (svi) => Math.abs(svi.params.get(loc("mu")) - schoolsRef.mu.mean) < 0.25 * schoolsRef.mu.sd &&
          Math.abs(svi.params.get(loc("tau")) - schoolsRef.logTau.mean) < 0.25 * schoolsRef.logTau.sd,
        summary: (svi) => {
          const s = schools.summarize(svi, form, 1);
          return { mu: [s.mu.mean, s.mu.sd], logTau: [s.logTau.mean, s.logTau.sd], tau: [s.tau.mean, s.tau.sd] };
        },
      };
    }),
  {
    name: "pumps", criterion: "every pump's mean within 0.2 posterior sd", steps: pumps.FIT.steps, script: [`${bench}pumps.py`],
    data: pumps.loadPumps(), svi: (steps) => new SVI(pumps.model, pumps.guide, decaying(steps), new TraceELBO(), { seed }),
    converged: (svi) => within(pumps.summarize(svi).theta.map((t) => t.mean), pumpsRef.theta.mean, pumpsRef.theta.sd, 0.2),
    summary: (svi) => {
      const s = pumps.summarize(svi);
      return { logAlpha: [s.logAlpha.mean, s.logAlpha.sd], logBeta: [s.logBeta.mean, s.logBeta.sd], thetaMean: s.theta.map((t) => t.mean), thetaSd: s.theta.map((t) => t.sd) };
    },
  },
  {
    name: "A/B/n test", criterion: "every mean within 0.1 posterior sd and every sd within 10%", steps: ab.FIT.steps, script: [`${bench}ab_test.py`],
    data: ab.loadVariants(), svi: (steps) => new SVI(ab.model, ab.guide, decaying(steps, 0.05, 1e-4), new TraceELBO(), { seed }),
    converged: (svi) => {
      const { alpha, beta } = ab.guideBetas(svi);
      return (abRef.posterior as [number, number][]).every(([a, b], i) => {
        const q = rats.betaMoments(alpha[i]!, beta[i]!), p = rats.betaMoments(a, b);
        return Math.abs(q.mean - p.mean) < 0.1 * p.sd && Math.abs(q.sd / p.sd - 1) < 0.1;
      });
    },
    summary: (svi) => {
      const { alpha, beta } = ab.guideBetas(svi);
      return { alpha: [...alpha], beta: [...beta] };
    },
  },
];

const chosen = flags.cases ? cases.filter((c) => flags.cases!.split(",").some((n) => c.name.startsWith(n))) : cases;
const rows: string[] = [];
const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const conv = (r: Result) => (r.secondsToConverge === null ? "not reached" : `${fmt(r.secondsToConverge, 2)} s (step ${r.convergedAtStep})`);
console.log(`vitape vs Pyro 1.8.4 (${PYRO_SRC}, ${PYTHON}), seed ${seed}; each case the same model, guide, ClippedAdam schedule and Trace_ELBO.\n`);
for (const c of chosen) {
  const steps = flags.steps ? Number(flags.steps) : c.steps;
  const v = runVitape(c, steps);
  const p = runPyro(c.script, steps);
  const wallRatio = p.seconds / v.seconds, cpuRatio = p.cpuSeconds / v.cpuSeconds;
  console.log(`## ${c.name}: ${steps} steps; convergence = ${c.criterion} of the quadrature reference`);
  console.log(`  steps/s (wall):        vitape ${fmt(steps / v.seconds)}   Pyro ${fmt(steps / p.seconds)}   ratio ${fmt(wallRatio, 0)}x`);
  console.log(`  steps per CPU-second:  vitape ${fmt(steps / v.cpuSeconds)}   Pyro ${fmt(steps / p.cpuSeconds)}   ratio ${fmt(cpuRatio, 0)}x`);
  console.log(`  time to convergence:   vitape ${conv(v)}   Pyro ${conv(p)}`);
  for (const key of Object.keys(v.summary)) {
    const a = v.summary[key]!, b = p.summary[key] ?? [];
    const show = (xs: number[]) => xs.slice(0, 4).map((x) => x.toFixed(4)).join(", ") + (xs.length > 4 ? `, … (${xs.length})` : "");
    const worst = a.reduce((w, x, i) => Math.max(w, Math.abs(x - (b[i] ?? NaN))), 0);
    console.log(`  ${key.padEnd(10)} vitape [${show(a)}]\n  ${"".padEnd(10)} Pyro   [${show(b)}]   largest difference ${worst.toPrecision(2)}`);
  }
  console.log("");
  rows.push(`| ${c.name} | ${steps} | ${fmt(steps / v.seconds)} | ${fmt(steps / p.seconds)} | ${fmt(wallRatio)}x | ${fmt(steps / v.cpuSeconds)} | ${fmt(steps / p.cpuSeconds)} | ${fmt(cpuRatio)}x | ${conv(v)} | ${conv(p)} |`);
}
console.log("| case | steps | vitape steps/s | Pyro steps/s | ratio | vitape steps/CPU-s | Pyro steps/CPU-s | ratio | vitape to convergence | Pyro to convergence |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
for (const r of rows) console.log(r);
