// The playground's logic: the README's coin-flip program with its numbers taken from the form, run a few steps per
// animation frame so the plots move, and drawn as inline SVG. Imports the library from ./vitape.js, the bundle of
// src/index.ts that `npm run build:playground` writes. test/browser/playground.browser.ts drives this page through
// the element ids below (#run, #steps, #stl, #mean, #sd, ...) and waits for #status[data-state=done]. The second
// section, at the end of this file, runs the rat tumour model of docs/10-rat-tumours.md (examples/rats.ts) and
// draws its shrinkage and its hyperparameters as SVI runs (#rats-run, #rats-status, #shrinkage, #hyper, ...).
import {
  Adam, Base, Bernoulli, Beta, Binomial, ClippedAdam, Normal, SVI, TraceELBO, add, constraints, exp, logSigmoid, mul, neg,
  param, plate, sample, sigmoid, special,
} from "./vitape.js";

const SVG_NS = "http://www.w3.org/2000/svg";
/** Plot area inside each 500 x 300 viewBox. */
const W = 500, H = 300, PAD = { left: 44, right: 20, top: 12, bottom: 30 };
/** A run is spread over about this many animation frames (~2 s), whatever its number of steps. */
const FRAMES = 120;
/** Window of the running mean of the loss. */
const WINDOW = 100;
/** Grid on (0, 1) where the densities are drawn. */
const GRID = Array.from({ length: 301 }, (_, i) => (i + 0.5) / 301);

const $ = (id) => document.getElementById(id);
const form = $("controls"), runButton = $("run"), status = $("status");

function setStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

/** Read and check the form; throws an Error with a message for the user. */
function readSettings() {
  const num = (id) => Number($(id).value);
  const s = {
    a0: num("a0"), b0: num("b0"), heads: num("heads"), tails: num("tails"),
    lr: num("lr"), steps: num("steps"), particles: num("particles"), stickTheLanding: $("stl").checked,
  };
  if (!(s.a0 > 0 && s.b0 > 0)) throw new Error("the prior's a₀ and b₀ must be positive");
  if (!(Number.isInteger(s.heads) && Number.isInteger(s.tails) && s.heads >= 0 && s.tails >= 0 && s.heads + s.tails > 0)) {
    throw new Error("heads and tails must be whole numbers, not both 0");
  }
  if (!(s.lr > 0)) throw new Error("the learning rate must be positive");
  if (!(Number.isInteger(s.steps) && s.steps >= 1)) throw new Error("steps must be a whole number ≥ 1");
  if (!(Number.isInteger(s.particles) && s.particles >= 1)) throw new Error("particles must be a whole number ≥ 1");
  return s;
}

/** log of the Beta(a, b) density at x. */
const betaLogPdf = (x, a, b) => (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - special.lbeta(a, b);
const betaMean = (a, b) => a / (a + b);
const betaSd = (a, b) => Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));

function el(name, attrs, parent) {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

/** Axes with ticks for [x0, x1] × [y0, y1]; returns the data → pixel maps. */
function axes(svg, x0, x1, y0, y1, xTicks, yTicks, fmtY) {
  svg.replaceChildren();
  const sx = (x) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (y) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const g = el("g", {}, svg);
  for (const t of xTicks) {
    el("line", { x1: sx(t), x2: sx(t), y1: PAD.top, y2: H - PAD.bottom, stroke: "#eee" }, g);
    el("text", { x: sx(t), y: H - PAD.bottom + 16, "text-anchor": "middle" }, g).textContent = String(t);
  }
  for (const t of yTicks) {
    el("line", { x1: PAD.left, x2: W - PAD.right, y1: sy(t), y2: sy(t), stroke: "#eee" }, g);
    el("text", { x: PAD.left - 6, y: sy(t) + 4, "text-anchor": "end" }, g).textContent = fmtY(t);
  }
  el("rect", { x: PAD.left, y: PAD.top, width: W - PAD.left - PAD.right, height: H - PAD.top - PAD.bottom,
    fill: "none", stroke: "#bbb" }, g);
  return { sx, sy };
}

/** "Nice" tick values covering [lo, hi]. */
function ticks(lo, hi, count) {
  const raw = (hi - lo) / count, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * step; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

const pathOf = (xs, ys, sx, sy) => xs.map((x, i) => `${i ? "L" : "M"}${sx(x).toFixed(1)},${sy(ys[i]).toFixed(1)}`).join("");

/** The density panel: prior and exact posterior fixed for the run, the guide redrawn every frame. */
function densityPlot(svg, prior, exact) {
  const pdf = (a, b) => GRID.map((x) => Math.exp(betaLogPdf(x, a, b)));
  const exactY = pdf(exact.a, exact.b), priorY = pdf(prior.a, prior.b);
  const yMax = 1.25 * Math.max(...exactY, ...priorY, ...pdf(15, 15));
  const { sx, sy } = axes(svg, 0, 1, 0, yMax, [0, 0.2, 0.4, 0.6, 0.8, 1], ticks(0, yMax, 5), String);
  const clip = (y) => Math.min(y, yMax);
  el("path", { d: pathOf(GRID, priorY.map(clip), sx, sy), fill: "none", stroke: "var(--prior)", "stroke-width": 1.5, "stroke-dasharray": "2 3" }, svg);
  // The guide under the exact posterior, so that the dashed curve stays visible once the two coincide.
  const guide = el("path", { id: "guide-density", fill: "none", stroke: "var(--guide)", "stroke-width": 3 }, svg);
  el("path", { d: pathOf(GRID, exactY.map(clip), sx, sy), fill: "none", stroke: "var(--exact)", "stroke-width": 1.5, "stroke-dasharray": "6 4" }, svg);
  return (a, b) => guide.setAttribute("d", pathOf(GRID, pdf(a, b).map(clip), sx, sy));
}

/** The loss panel: every step's loss (thin), the running mean (thick) and the minimum -log p(data) (dashed). */
function lossPlot(svg, steps, minLoss) {
  let frame = null;
  return (losses, means) => {
    // Fix the y range from the first steps, so the curve settles visibly instead of being rescaled.
    if (!frame || losses.length <= WINDOW) {
      const sorted = [...losses].sort((p, q) => p - q);
      const hi = Math.max(sorted[Math.floor(0.98 * (sorted.length - 1))] ?? minLoss + 1, minLoss + 0.5);
      const lo = Math.min(sorted[Math.floor(0.02 * (sorted.length - 1))] ?? minLoss, minLoss) - 0.05 * (hi - minLoss);
      const built = axes(svg, 0, steps, lo, hi, ticks(0, steps, 5), ticks(lo, hi, 5), (t) => t.toFixed(2));
      frame = {
        ...built, lo, hi,
        raw: el("path", { id: "loss-curve", fill: "none", stroke: "var(--loss)", "stroke-width": 1 }, svg),
        avg: el("path", { id: "loss-mean", fill: "none", stroke: "var(--avg)", "stroke-width": 2 }, svg),
      };
      // Drawn last, so it stays visible once the running mean settles onto it.
      el("line", { x1: built.sx(0), x2: built.sx(steps), y1: built.sy(minLoss), y2: built.sy(minLoss),
        stroke: "var(--exact)", "stroke-width": 1.5, "stroke-dasharray": "6 4" }, svg);
    }
    const { sx, sy, lo, hi } = frame;
    const clamp = (y) => Math.min(Math.max(y, lo), hi);
    // At most ~1000 points per path: take every k-th step.
    const k = Math.max(1, Math.ceil(losses.length / 1000));
    const xs = [], ys = [], ms = [];
    for (let i = 0; i < losses.length; i += k) { xs.push(i + 1); ys.push(clamp(losses[i])); ms.push(clamp(means[i])); }
    frame.raw.setAttribute("d", pathOf(xs, ys, sx, sy));
    frame.avg.setAttribute("d", pathOf(xs, ms, sx, sy));
  };
}

const fmt = (x, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : "–");

function showNumbers(alpha, beta, step, lossAvg, stepsPerSecond) {
  $("alpha-q").textContent = fmt(alpha);
  $("beta-q").textContent = fmt(beta);
  $("mean").textContent = fmt(betaMean(alpha, beta));
  $("sd").textContent = fmt(betaSd(alpha, beta));
  $("step").textContent = String(step);
  $("loss-avg").textContent = fmt(lossAvg);
  $("steps-per-second").textContent = Number.isFinite(stepsPerSecond) ? String(Math.round(stepsPerSecond)) : "–";
}

function run(s) {
  const data = new Float64Array(s.heads + s.tails).fill(1, 0, s.heads); // heads are 1, tails 0
  // The README's program, with the prior and the settings from the form.
  function model(data) {
    const f = sample("latent_fairness", new Beta(s.a0, s.b0));
    sample("obs", new Bernoulli(f), { obs: data });
  }
  function guide() {
    const alphaQ = param("alpha_q", 15, { constraint: constraints.positive });
    const betaQ = param("beta_q", 15, { constraint: constraints.positive });
    sample("latent_fairness", new Beta(alphaQ, betaQ));
  }
  const svi = new SVI(model, guide, new Adam({ lr: s.lr, betas: [0.9, 0.999] }),
    new TraceELBO({ numParticles: s.particles, stickTheLanding: s.stickTheLanding }), { seed: 0 });

  const exact = { a: s.a0 + s.heads, b: s.b0 + s.tails };
  const minLoss = special.lbeta(s.a0, s.b0) - special.lbeta(exact.a, exact.b); // -log p(data)
  $("exact-mean").textContent = fmt(betaMean(exact.a, exact.b));
  $("exact-sd").textContent = fmt(betaSd(exact.a, exact.b));
  $("exact-alpha").textContent = fmt(exact.a);
  $("exact-beta").textContent = fmt(exact.b);
  $("exact-loss").textContent = fmt(minLoss);

  const drawGuide = densityPlot($("density"), { a: s.a0, b: s.b0 }, exact);
  const drawLoss = lossPlot($("loss"), s.steps, minLoss);
  drawGuide(15, 15);
  const losses = [], means = [];
  let windowSum = 0, busyMs = 0;
  const perFrame = Math.max(1, Math.ceil(s.steps / FRAMES));

  return new Promise((resolve, reject) => {
    function frame() {
      try {
        const n = Math.min(perFrame, s.steps - losses.length);
        const t0 = performance.now();
        for (let i = 0; i < n; i++) {
          const loss = svi.step(data);
          losses.push(loss);
          windowSum += loss - (losses.length > WINDOW ? losses[losses.length - 1 - WINDOW] : 0);
          means.push(windowSum / Math.min(losses.length, WINDOW));
        }
        busyMs += performance.now() - t0;
        const alpha = svi.params.get("alpha_q"), beta = svi.params.get("beta_q");
        drawGuide(alpha, beta);
        drawLoss(losses, means);
        // Steps per second of SVI alone (time spent drawing and waiting for frames left out).
        showNumbers(alpha, beta, losses.length, means[means.length - 1], (1000 * losses.length) / Math.max(busyMs, 1e-3));
        if (losses.length < s.steps) requestAnimationFrame(frame);
        else resolve();
      } catch (e) {
        reject(e);
      }
    }
    requestAnimationFrame(frame);
  });
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  let settings;
  try {
    settings = readSettings();
  } catch (e) {
    setStatus("error", e.message);
    return;
  }
  runButton.disabled = true;
  setStatus("running", `Running ${settings.steps} steps…`);
  try {
    await run(settings);
    setStatus("done", `Done: ${settings.steps} steps.`);
  } catch (e) {
    setStatus("error", `Stopped: ${e.message}`);
  } finally {
    runButton.disabled = false;
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Rat tumours: the hierarchical Beta-Binomial of docs/10-rat-tumours.md, the same model, guide and schedule as
// examples/rats.ts. The data are examples/data/rats.json (Tarone 1982; BDA3 Table 5.1); the exact figures are
// test/fixtures/rats.json's (scripts/fixtures_rats.py, quadrature over (log(a/b), log(a+b))).

const RATS_Y = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 5, 2, 5, 3, 2,
  7, 7, 3, 3, 2, 9, 10, 4, 4, 4, 4, 4, 4, 4, 10, 4, 4, 4, 5, 11, 12, 5, 5, 6, 5, 6, 6, 6, 6, 16, 15, 15, 9, 4];
const RATS_N = [20, 20, 20, 20, 20, 20, 20, 19, 19, 19, 19, 18, 18, 17, 20, 20, 20, 20, 19, 19, 18, 18, 25, 24, 23, 20,
  20, 20, 20, 20, 20, 10, 49, 19, 46, 27, 17, 49, 47, 20, 20, 13, 48, 50, 20, 20, 20, 20, 20, 20, 20, 48, 19, 19, 19,
  22, 46, 49, 20, 20, 23, 19, 22, 20, 20, 20, 52, 46, 47, 24, 14];
/** The exact posterior moments of u = log(a/b) and v = log(a+b) (test/fixtures/rats.json). */
const RATS_EXACT = { u: { mean: -1.7842523984978735, sd: 0.1088318564485086 }, v: { mean: 2.755596133217234, sd: 0.34420094807470747 } };

/** A prior given by its unnormalized log density (BDA's hyperprior is improper): scores the guide's draw only. */
class LogDensity extends Base {
  constructor(f) { super(); this.f = f; this.hasRsample = true; this.support = constraints.real; this.mean = NaN; this.variance = NaN; }
  logProb(x) { return this.f(x); }
  rsample() { throw new Error("LogDensity: the guide must draw this site"); }
  detach() { return this; }
}

/** The q-quantile of Beta(a, b), by bisection on I_x(a, b). */
function betaQuantile(q, a, b) {
  let lo = 0, hi = 1;
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (special.betainc(a, b, mid) < q) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The shrinkage panel: each experiment's posterior mean and 95% interval (vertical) against its raw rate. */
function shrinkagePlot(svg) {
  const { sx, sy } = axes(svg, 0, 0.4, 0, 0.5, [0, 0.1, 0.2, 0.3, 0.4], [0, 0.1, 0.2, 0.3, 0.4, 0.5], String);
  el("line", { x1: sx(0), y1: sy(0), x2: sx(0.4), y2: sy(0.4), stroke: "var(--prior)", "stroke-dasharray": "2 3" }, svg);
  const pop = el("line", { id: "population", x1: sx(0), x2: sx(0.4), stroke: "var(--avg)", "stroke-width": 1.5, "stroke-dasharray": "6 4" }, svg);
  // A small horizontal offset per experiment, so that experiments with the same raw rate stay apart.
  const seen = new Map();
  const xs = RATS_Y.map((y, i) => {
    const r = y / RATS_N[i], k = seen.get(r) ?? 0;
    seen.set(r, k + 1);
    return sx(r) + (k % 8) * 1.6 - 5.6;
  });
  const bars = xs.map((x) => el("line", { class: "interval", x1: x, x2: x, stroke: "var(--guide)", "stroke-opacity": 0.45, "stroke-width": 1.2 }, svg));
  const dots = xs.map((x) => el("circle", { class: "posterior-mean", cx: x, r: 2.2, fill: "var(--guide)" }, svg));
  return (alpha, beta, popRate) => {
    for (let i = 0; i < RATS_Y.length; i++) {
      const a = alpha[i], b = beta[i];
      bars[i].setAttribute("y1", sy(Math.min(betaQuantile(0.025, a, b), 0.5)).toFixed(1));
      bars[i].setAttribute("y2", sy(Math.min(betaQuantile(0.975, a, b), 0.5)).toFixed(1));
      dots[i].setAttribute("cy", sy(Math.min(a / (a + b), 0.5)).toFixed(1));
    }
    pop.setAttribute("y1", sy(popRate).toFixed(1));
    pop.setAttribute("y2", sy(popRate).toFixed(1));
  };
}

/** The hyperparameter panel: the guide's 1- and 2-sd ellipses in (log(a/b), log(a+b)), its path, the exact moments. */
function hyperPlot(svg) {
  const x0 = -2.5, x1 = 0.25, y0 = 0, y1 = 4.5;
  const { sx, sy } = axes(svg, x0, x1, y0, y1, [-2.5, -2, -1.5, -1, -0.5, 0], [0, 1, 2, 3, 4], String);
  const { u, v } = RATS_EXACT;
  // The exact posterior: mean ± 1 and ± 2 sd along each axis (a cross), dashed.
  for (const k of [1, 2]) {
    el("line", { x1: sx(u.mean - k * u.sd), x2: sx(u.mean + k * u.sd), y1: sy(v.mean), y2: sy(v.mean), stroke: "var(--exact)", "stroke-width": 3 - k, "stroke-dasharray": "6 4" }, svg);
    el("line", { x1: sx(u.mean), x2: sx(u.mean), y1: sy(v.mean - k * v.sd), y2: sy(v.mean + k * v.sd), stroke: "var(--exact)", "stroke-width": 3 - k, "stroke-dasharray": "6 4" }, svg);
  }
  const trail = el("path", { id: "hyper-trail", fill: "none", stroke: "var(--loss)", "stroke-width": 1.5 }, svg);
  const ellipses = [1, 2].map((k) => el("ellipse", { class: "hyper-ellipse", fill: "none", stroke: "var(--guide)", "stroke-width": k === 1 ? 2.5 : 1.2 }, svg));
  const pts = [];
  return (uLoc, uScale, vLoc, vScale) => {
    pts.push([Math.min(Math.max(uLoc, x0), x1), Math.min(Math.max(vLoc, y0), y1)]);
    trail.setAttribute("d", pathOf(pts.map((p) => p[0]), pts.map((p) => p[1]), sx, sy));
    ellipses.forEach((e, k) => {
      e.setAttribute("cx", sx(uLoc).toFixed(1));
      e.setAttribute("cy", sy(vLoc).toFixed(1));
      e.setAttribute("rx", ((k + 1) * uScale * (sx(1) - sx(0))).toFixed(1));
      e.setAttribute("ry", ((k + 1) * vScale * (sy(0) - sy(1))).toFixed(1));
    });
  };
}

function runRats(steps) {
  const y = Float64Array.from(RATS_Y), n = Float64Array.from(RATS_N), G = y.length;
  const logistic = new LogDensity((u) => add(logSigmoid(u), logSigmoid(neg(u)))), tilt = new LogDensity((v) => mul(-0.5, v));
  function model() {
    const u = sample("log_ratio", logistic), v = sample("log_total", tilt);
    const a = mul(exp(v), sigmoid(u)), b = mul(exp(v), sigmoid(neg(u)));
    plate("experiments", G, () => sample("y", new Binomial(n, sample("theta", new Beta(a, b))), { obs: y }));
  }
  function guide() {
    const positive = { constraint: constraints.positive };
    sample("log_ratio", new Normal(param("log_ratio_loc", 0), param("log_ratio_scale", 1, positive)));
    sample("log_total", new Normal(param("log_total_loc", Math.LN2), param("log_total_scale", 1, positive)));
    const alphaQ = param("alpha_q", y.map((k) => 1 + k), positive), betaQ = param("beta_q", y.map((k, i) => 1 + n[i] - k), positive);
    plate("experiments", G, () => sample("theta", new Beta(alphaQ, betaQ)));
  }
  const optim = new ClippedAdam({ lr: 0.05, clipNorm: Infinity, lrd: (0.001 / 0.05) ** (1 / steps) });
  const svi = new SVI(model, guide, optim, new TraceELBO(), { seed: 0 });
  const drawShrinkage = shrinkagePlot($("shrinkage")), drawHyper = hyperPlot($("hyper"));
  $("rats-exact-u").textContent = `${fmt(RATS_EXACT.u.mean, 3)} ± ${fmt(RATS_EXACT.u.sd, 3)}`;
  $("rats-exact-v").textContent = `${fmt(RATS_EXACT.v.mean, 3)} ± ${fmt(RATS_EXACT.v.sd, 3)}`;
  const perFrame = Math.max(1, Math.ceil(steps / FRAMES));
  let done = 0, busyMs = 0;
  return new Promise((resolve, reject) => {
    function frame() {
      try {
        const k = Math.min(perFrame, steps - done), t0 = performance.now();
        for (let i = 0; i < k; i++) svi.step();
        busyMs += performance.now() - t0;
        done += k;
        const p = svi.params, uLoc = p.get("log_ratio_loc"), vLoc = p.get("log_total_loc");
        const uScale = p.get("log_ratio_scale"), vScale = p.get("log_total_scale");
        const alpha = p.get("alpha_q"), beta = p.get("beta_q");
        drawShrinkage(alpha, beta, 1 / (1 + Math.exp(-uLoc)));
        drawHyper(uLoc, uScale, vLoc, vScale);
        $("rats-u").textContent = `${fmt(uLoc, 3)} ± ${fmt(uScale, 3)}`;
        $("rats-v").textContent = `${fmt(vLoc, 3)} ± ${fmt(vScale, 3)}`;
        $("rats-u").dataset.mean = String(uLoc);
        $("rats-v").dataset.mean = String(vLoc);
        const last = G - 1, m = alpha[last] / (alpha[last] + beta[last]);
        $("rats-last").textContent = fmt(m);
        $("rats-step").textContent = String(done);
        $("rats-steps-per-second").textContent = String(Math.round((1000 * done) / Math.max(busyMs, 1e-3)));
        if (done < steps) requestAnimationFrame(frame);
        else resolve();
      } catch (e) {
        reject(e);
      }
    }
    requestAnimationFrame(frame);
  });
}

$("rats-data").textContent = `${RATS_Y.length} experiments, ${RATS_Y.reduce((s, v) => s + v, 0)} of ` +
  `${RATS_N.reduce((s, v) => s + v, 0).toLocaleString("en-US")} rats with a tumour`;
$("rats-controls").addEventListener("submit", async (event) => {
  event.preventDefault();
  const steps = Number($("rats-steps").value), button = $("rats-run"), st = $("rats-status");
  const set = (state, text) => { st.dataset.state = state; st.textContent = text; };
  if (!(Number.isInteger(steps) && steps >= 1)) { set("error", "steps must be a whole number ≥ 1"); return; }
  button.disabled = true;
  set("running", `Running ${steps} steps…`);
  try {
    await runRats(steps);
    set("done", `Done: ${steps} steps.`);
  } catch (e) {
    set("error", `Stopped: ${e.message}`);
  } finally {
    button.disabled = false;
  }
});
