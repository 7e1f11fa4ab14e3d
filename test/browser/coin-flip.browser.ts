// `npm run test:browser`: the coin-flip contract (issue 4) in a real browser. Bundles src/index.ts into one minified
// ESM file (test/artifacts/browser/, gitignored), serves it from a throwaway node:http server on 127.0.0.1, and
// runs the program below unchanged in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// an import map sends `from "vitape"` to the bundle. Exits non-zero unless the posterior lands where the exact one
// is. Named *.browser.ts so `npm test` (uvu, *.test.ts) never picks it up; .ci/run runs it as its own step.
import { build, transform } from "esbuild";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const out = join(root, "test/artifacts/browser");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// The README/issue 4 program as written, plus one line handing its result to the test.
const contract = `
import { Adam, Bernoulli, Beta, SVI, TraceELBO, constraints, param, sample } from "vitape";
const data = new Float64Array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
function model(data: Float64Array): void {
  const f = sample("latent_fairness", new Beta(10, 10));
  sample("obs", new Bernoulli(f), { obs: data });
}
function guide(data: Float64Array): void {
  const alphaQ = param("alpha_q", 15, { constraint: constraints.positive });
  const betaQ = param("beta_q", 15, { constraint: constraints.positive });
  sample("latent_fairness", new Beta(alphaQ, betaQ));
}
const svi = new SVI(model, guide, new Adam({ lr: 0.0005, betas: [0.9, 0.999] }), new TraceELBO(), { seed: 0 });
for (let step = 0; step < 2000; step++) svi.step(data);
const alpha = svi.params.get("alpha_q"); // number
const beta = svi.params.get("beta_q");
(globalThis as any).__result = { alpha, beta };
`;

// The exact posterior is Beta(10 + 6, 10 + 4): mean 16/30, sd sqrt(16·14 / (30²·31)) ≈ 0.0896.
const EXPECT = { mean: 16 / 30, meanTol: 0.02, sd: Math.sqrt((16 * 14) / (30 * 30 * 31)), sdTol: 0.01 };

mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, "src/index.ts")],
  outfile: join(out, "vitape.js"),
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  logLevel: "warning",
});
const page = `<!doctype html>
<meta charset="utf-8">
<title>vitape coin flip</title>
<script type="importmap">{ "imports": { "vitape": "./vitape.js" } }</script>
<script type="module">
${(await transform(contract, { loader: "ts", format: "esm" })).code}
</script>`;

const server = createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
  if (path === "/" || path === "/index.html") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
  } else if (path === "/vitape.js") {
    res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(readFileSync(join(out, "vitape.js")));
  } else if (path === "/favicon.ico") {
    res.writeHead(204).end();
  } else {
    res.writeHead(404).end();
  }
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  console.log(`browser: ${browser.version()}; page: ${url}`);
  const tab = await browser.newPage();
  tab.on("console", (m) => console.log(`  [page ${m.type()}] ${m.text()}`));
  // A module that fails to link (say, a missing export) never sets __result: fail on its error instead of waiting.
  const pageError = new Promise<never>((_, reject) => tab.on("pageerror", reject));
  pageError.catch(() => {}); // handled by the race below; this keeps an early error from counting as unhandled
  const t0 = Date.now();
  await tab.goto(url);
  const result = await Promise.race([
    tab.waitForFunction(() => (globalThis as { __result?: unknown }).__result, null, { timeout: 120_000 })
      .then((h) => h.jsonValue() as Promise<{ alpha: number; beta: number }>),
    pageError,
  ]);
  const { alpha, beta } = result;
  const s = alpha + beta;
  const mean = alpha / s;
  const sd = Math.sqrt((alpha * beta) / (s * s * (s + 1)));
  console.log(`saw: alpha_q = ${alpha}, beta_q = ${beta} after 2000 steps in ${Date.now() - t0} ms`);
  console.log(`posterior mean ${mean.toFixed(4)} (want ${EXPECT.mean.toFixed(4)} ± ${EXPECT.meanTol}), ` +
    `sd ${sd.toFixed(4)} (want ${EXPECT.sd.toFixed(4)} ± ${EXPECT.sdTol})`);
  if (!(Math.abs(mean - EXPECT.mean) <= EXPECT.meanTol)) { failed = true; console.log("FAIL: posterior mean out of range"); }
  if (!(Math.abs(sd - EXPECT.sd) <= EXPECT.sdTol)) { failed = true; console.log("FAIL: posterior sd out of range"); }
} catch (e) {
  failed = true;
  console.log(`FAIL: ${(e as Error).message ?? e}`);
} finally {
  await browser.close();
  server.close();
}
console.log(failed ? "coin flip in Chromium: FAILED" : "coin flip in Chromium: ok");
process.exitCode = failed ? 1 : 0;
