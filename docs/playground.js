// The playground's logic: the README's coin-flip program with its numbers taken from the form, run a few steps per
// animation frame so the plots move, and drawn as inline SVG. Imports the library from ./vitape.js, the bundle of
// src/index.ts that `npm run build:playground` writes. test/browser/playground.browser.ts drives this page through
// the element ids below (#run, #steps, #stl, #mean, #sd, ...) and waits for #status[data-state=done].
import { Adam, Bernoulli, Beta, SVI, TraceELBO, constraints, param, sample, special } from "./vitape.js";

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
