// `npm run test:playground`: docs/playground.html in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core), as a person would use it. Builds docs/vitape.js, serves docs/ on 127.0.0.1, runs SVI twice
// through the form (the README's settings, then 3000 steps with stickTheLanding), checks the page's numbers against
// the exact posterior, then runs the rat tumour section (docs/10-rat-tumours.md's model) and checks its shrinkage
// plot and hyperparameters against test/fixtures/rats.json's quadrature, and saves docs/playground.png. Exits non-zero on any failure. Not a *.test.ts file: `npm test`
// (uvu) never picks it up; .ci/run runs it as its own step, like coin-flip.browser.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { buildPlayground, docsDir, serveDocs } from "../../scripts/playground.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOT = join(docsDir, "playground.png");

// The default prior Beta(10, 10) with 6 heads and 4 tails: the exact posterior is Beta(16, 14).
const EXACT = { mean: 16 / 30, sd: Math.sqrt((16 * 14) / (30 * 30 * 31)), alpha: 16, beta: 14 };

interface Run {
  name: string;
  settings: Record<string, string>;
  stickTheLanding: boolean;
  /** Allowed |page - exact| for the mean and the sd. */
  meanTol: number;
  sdTol: number;
}
const RUNS: Run[] = [
  // The README's program: 2000 steps at lr 0.0005, one particle.
  { name: "README settings", settings: { steps: "2000", lr: "0.0005" }, stickTheLanding: false, meanTol: 0.02, sdTol: 0.01 },
  // More steps and the zero-variance-at-the-optimum estimator land much closer.
  { name: "3000 steps, stickTheLanding", settings: { steps: "3000", lr: "0.0005" }, stickTheLanding: true, meanTol: 0.005, sdTol: 0.005 },
];

async function number(page: Page, id: string): Promise<number> {
  return Number(await page.textContent(`#${id}`));
}

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};

await buildPlayground();
const { server, url } = await serveDocs(0);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  console.log(`browser: ${browser.version()}; page: ${url}playground.html`);
  const page = await browser.newPage({ viewport: { width: 1100, height: 860 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(`${url}playground.html`);

  for (const run of RUNS) {
    console.log(`run: ${run.name}`);
    for (const [id, value] of Object.entries(run.settings)) await page.fill(`#${id}`, value);
    await page.setChecked("#stl", run.stickTheLanding);
    await page.click("#run");
    // Wait for this run to finish: the status leaves "running" for "done" or "error".
    await page.waitForSelector("#status[data-state=running]", { timeout: 10_000 }).catch(() => undefined);
    await page.waitForSelector("#status:is([data-state=done], [data-state=error])", { timeout: 120_000 });
    const state = await page.getAttribute("#status", "data-state");
    check(state === "done", `status is done (${await page.textContent("#status")})`);

    const [mean, sd, alpha, beta, step, sps] = await Promise.all(
      ["mean", "sd", "alpha-q", "beta-q", "step", "steps-per-second"].map((id) => number(page, id)));
    console.log(`  page: mean ${mean}, sd ${sd}, alpha_q ${alpha}, beta_q ${beta}, step ${step}, ${sps} steps/s`);
    check(step === Number(run.settings.steps), `all ${run.settings.steps} steps ran`);
    check(Math.abs(mean - EXACT.mean) <= run.meanTol, `mean ${mean} within ${run.meanTol} of ${EXACT.mean.toFixed(4)}`);
    check(Math.abs(sd - EXACT.sd) <= run.sdTol, `sd ${sd} within ${run.sdTol} of ${EXACT.sd.toFixed(4)}`);
    check(Math.abs(mean - alpha / (alpha + beta)) < 1e-3, "the mean shown is alpha_q / (alpha_q + beta_q)");
    check(sps > 0, "steps per second is shown");
    check(await number(page, "exact-mean") === Number(EXACT.mean.toFixed(4)), "the exact posterior mean is shown");
    // The plots were drawn: the guide's density and both loss paths have points.
    for (const id of ["guide-density", "loss-curve", "loss-mean"]) {
      const d = (await page.getAttribute(`#${id}`, "d")) ?? "";
      check(d.split("L").length > 100, `#${id} is drawn (${d.split("L").length} points)`);
    }
  }
  // The rat tumours: 8000 steps, then the page's figures against the quadrature (docs/10's bounds: log(a/b) within
  // 0.3 posterior sd, log(a+b) within 0.4, a rate within 0.3 sd) and its data against examples/data/rats.json.
  console.log("run: rat tumours, 8000 steps");
  const ref = JSON.parse(readFileSync(new URL("../fixtures/rats.json", import.meta.url), "utf8"));
  const rats = JSON.parse(readFileSync(new URL("../../examples/data/rats.json", import.meta.url), "utf8")) as { y: number[]; n: number[] };
  const total = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
  check((await page.textContent("#rats-data")) === `${rats.y.length} experiments, ${total(rats.y)} of ${total(rats.n).toLocaleString("en-US")} rats with a tumour`,
    "the page's data have examples/data/rats.json's counts and totals");
  await page.fill("#rats-steps", "8000");
  await page.click("#rats-run");
  await page.waitForSelector("#rats-status[data-state=running]", { timeout: 10_000 }).catch(() => undefined);
  await page.waitForSelector("#rats-status:is([data-state=done], [data-state=error])", { timeout: 300_000 });
  check((await page.getAttribute("#rats-status", "data-state")) === "done", `rats status is done (${await page.textContent("#rats-status")})`);
  check((await number(page, "rats-step")) === 8000, "all 8000 steps ran");
  const u = Number(await page.getAttribute("#rats-u", "data-mean")), v = Number(await page.getAttribute("#rats-v", "data-mean"));
  const last = await number(page, "rats-last");
  console.log(`  page: log(a/b) ${u}, log(a+b) ${v}, experiment 71 ${last}, ${await number(page, "rats-steps-per-second")} steps/s`);
  check(Math.abs(u - ref.u.mean) < 0.3 * ref.u.sd, `log(a/b) ${u} within 0.3 sd of ${ref.u.mean}`);
  check(Math.abs(v - ref.v.mean) < 0.4 * ref.v.sd, `log(a+b) ${v} within 0.4 sd of ${ref.v.mean}`);
  check(Math.abs(last - ref.theta.mean[70]) < 0.3 * ref.theta.sd[70], `experiment 71's rate ${last} within 0.3 sd of ${ref.theta.mean[70]}`);
  check(await page.locator("#shrinkage line.interval[y1]").count() === 71, "71 intervals drawn");
  check(await page.locator("#shrinkage circle.posterior-mean[cy]").count() === 71, "71 posterior means drawn");
  check(((await page.getAttribute("#hyper-trail", "d")) ?? "").split("L").length > 100, "the hyperparameters' path is drawn");
  check(errors.length === 0, `no page errors${errors.length ? `: ${errors.join("; ")}` : ""}`);
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(`screenshot: ${SCREENSHOT}`);
} catch (e) {
  failures.push(String(e));
  console.log(`FAIL: ${String(e)}`);
} finally {
  await browser.close();
  server.close();
}
console.log(failures.length ? `playground in Chromium: FAILED (${failures.length})` : "playground in Chromium: ok");
process.exitCode = failures.length ? 1 : 0;
