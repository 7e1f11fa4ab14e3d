// `npm run size`: what an embedder ships. Each program under examples/apps/ is bundled the way an embedder's bundler
// would (esbuild --bundle --minify --format=esm, tree-shaken), gzipped at level 9 and held to its row in `apps`
// below; the public entry points are measured the same way, and a last table shows where the whole library's bytes
// go, one layer at a time. CI runs it (.ci/run); BENCHMARKS.md explains the tables.
import { build, type Plugin } from "esbuild";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const KB = 1024;

/**
 * Code a bundle can be asked not to carry, for `mustNotContain`: a module under src/ (it must add no byte to the
 * bundle) or any other string (it must not occur in the minified text; take it from an error message, since
 * minification keeps string literals). The whole library must contain each one, so a renamed file or a reworded
 * message fails the run instead of passing unnoticed.
 */
const TAPE = "src/autodiff/tape.ts";
const INCOMPLETE_GAMMA = "src/special/gammainc.ts";
const INCOMPLETE_BETA = "src/special/betainc.ts";

interface Row {
  /** A file (a program under examples/apps/, or an entry module under src/), or the text of an entry module. */
  file?: string;
  code?: string;
  /** How the row is printed; defaults to `file`. */
  name?: string;
  /** Gzip budget in bytes: the run fails above it (set at the measured size, so that nothing grows unnoticed). */
  budget?: number;
  /**
   * Gzip size in bytes the project aims for, where the budget is still above it: printed beside the measurement
   * with the gap, without failing the run.
   */
  target?: number;
  /** Minified size budget in bytes (for the bundle that must be empty). */
  minBudget?: number;
  mustNotContain?: string[];
}

/** One row per file under examples/apps/ (the run fails on a program without its row): the embedders' budgets. */
const apps: Row[] = [
  // The README's program word for word. It imports `constraints` from "vitape/distributions/constraints": from
  // "vitape" it is one namespace object holding every constraint (esbuild keeps a re-exported namespace whole).
  { file: "examples/apps/coin-flip.ts", budget: 18_830, target: 10 * KB },
  { file: "examples/apps/lgamma.ts", budget: 1_020, target: 768, mustNotContain: [TAPE, INCOMPLETE_GAMMA, INCOMPLETE_BETA] },
  { file: "examples/apps/normal-normal.ts", budget: 11_360, target: 7 * KB, mustNotContain: [INCOMPLETE_GAMMA, INCOMPLETE_BETA] },
  { file: "examples/apps/poisson-gamma.ts", budget: 16_400, target: 10 * KB },
  { file: "examples/apps/auto-normal.ts", budget: 14_600, target: 9 * KB, mustNotContain: [INCOMPLETE_GAMMA, INCOMPLETE_BETA] },
];

/** The public entry points: two layers keep budgets of their own; an unused import must bundle to nothing. */
const entries: Row[] = [
  { name: "vitape (whole library)", file: "src/index.ts" },
  { name: "vitape/autodiff", file: "src/autodiff/index.ts", budget: 4_580, target: 3 * KB },
  { name: "vitape/special", file: "src/special/index.ts", budget: 11_780, target: 4 * KB, mustNotContain: [TAPE] },
  { name: "vitape/autodiff/special", file: "src/autodiff/special.ts" },
  { name: "vitape/random", file: "src/random/index.ts", mustNotContain: [TAPE] },
  { name: "vitape/distributions", file: "src/distributions/index.ts" },
  { name: "vitape/distributions/constraints", file: "src/distributions/constraints.ts" },
  { name: "vitape/infer", file: "src/infer/index.ts" },
  { name: "vitape/optim", file: "src/optim/index.ts" },
  { name: "`import \"vitape\"`, nothing used", code: `import "vitape";`, minBudget: 0 },
];

/**
 * Resolves "vitape" and "vitape/<layer>" to src/ (package.json's exports point at dist/, which may not be built)
 * through esbuild's own resolver, so the package's "sideEffects": false applies exactly as it would for a user.
 */
const vitapeFromSource: Plugin = {
  name: "vitape-from-source",
  setup(b) {
    b.onResolve({ filter: /^vitape(\/[a-z/]+)?$/ }, async (args) => {
      const layer = args.path.slice("vitape".length);
      // A folder's index.ts ("vitape/special"), or one module ("vitape/autodiff/special" -> src/autodiff/special.ts).
      const file = existsSync(join(root, `src${layer}/index.ts`)) ? `./src${layer}/index.ts` : `./src${layer}.ts`;
      const r = await b.resolve(file, { resolveDir: root, kind: args.kind });
      return { path: r.path, sideEffects: r.sideEffects, errors: r.errors };
    });
  },
};

interface Bundle {
  text: string;
  min: number;
  gzip: number;
  /** Per source file (relative to the root), the minified bytes it contributes, largest first. */
  inputs: [string, number][];
}

async function bundle(row: Row): Promise<Bundle> {
  const result = await build({
    ...(row.file ? { entryPoints: [join(root, row.file)] } : { stdin: { contents: row.code!, resolveDir: root, loader: "ts" } }),
    write: false,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    treeShaking: true,
    logLevel: "silent", // the empty bundle warns that the unused import was dropped: that is the point
    plugins: [vitapeFromSource],
    metafile: true,
    absWorkingDir: root,
  });
  const text = result.outputFiles[0]!.text;
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0]!.inputs)
    .map(([f, i]): [string, number] => [f, i.bytesInOutput]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  return { text, min: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length, inputs };
}

/** Whether the bundle carries a marker (see TAPE above). */
const carries = (b: Bundle, marker: string): boolean =>
  marker.startsWith("src/") && marker.endsWith(".ts") ? b.inputs.some(([f]) => f === marker) : b.text.includes(marker);

const failures: string[] = [];
/** Programs and entries above their target (printed, not failing). */
const gaps: string[] = [];

/** Bundles each row, prints its table, and records what broke; returns the bundles by row name. */
async function table(title: string, rows: Row[]): Promise<Map<string, Bundle>> {
  const out = new Map<string, Bundle>();
  console.log(`\n| ${title} | min bytes | gzip bytes | budget | ok |\n|---|---:|---:|---|---|`);
  for (const row of rows) {
    const name = row.name ?? row.file!;
    if (row.file && !existsSync(join(root, row.file))) {
      failures.push(`${name}: ${row.file} does not exist`);
      console.log(`| ${name} | | | | FAIL: missing |`);
      continue;
    }
    let b: Bundle;
    try {
      b = await bundle(row);
    } catch (e) {
      failures.push(`${name}: esbuild failed: ${(e as Error).message}`);
      console.log(`| ${name} | | | | FAIL: build error |`);
      continue;
    }
    out.set(name, b);
    const budgets: string[] = [], problems: string[] = [];
    if (row.budget !== undefined) {
      budgets.push(`<= ${row.budget} gzip`);
      if (b.gzip > row.budget) problems.push(`gzip ${b.gzip} > ${row.budget}`);
    }
    if (row.minBudget !== undefined) {
      budgets.push(`<= ${row.minBudget} min`);
      if (b.min > row.minBudget) problems.push(`min ${b.min} > ${row.minBudget}`);
    }
    if (row.target !== undefined) {
      budgets.push(`target <= ${row.target} gzip`);
      if (b.gzip > row.target) gaps.push(`${name}: gzip ${b.gzip}, ${b.gzip - row.target} B above its target ${row.target}`);
    }
    for (const marker of row.mustNotContain ?? []) {
      budgets.push(`no ${marker.replace(/^src\//, "")}`);
      if (carries(b, marker)) problems.push(`contains ${marker}`);
    }
    const largest = b.inputs.slice(0, 5).map(([f, n]) => `${f} ${n}`).join(", ");
    for (const p of problems) failures.push(`${name}: ${p} (largest inputs, min bytes: ${largest})`);
    const ok = problems.length ? `FAIL: ${problems.join("; ")}` : budgets.length ? "ok" : "-";
    console.log(`| ${name} | ${b.min} | ${b.gzip} | ${budgets.join(", ") || "-"} | ${ok} |`);
  }
  return out;
}

// Every program under examples/apps/ has its row, and every row's program is there.
const appsDir = join(root, "examples/apps");
for (const f of existsSync(appsDir) ? readdirSync(appsDir).filter((f) => /\.[cm]?[jt]s$/.test(f)) : []) {
  if (!apps.some((r) => r.file === `examples/apps/${f}`)) failures.push(`examples/apps/${f} has no row in scripts/size.ts (add one with its budget)`);
}

await table("program (examples/apps/)", apps);
const bundles = await table("entry point", entries);
console.log(`\nesbuild --bundle --minify --format=esm (platform browser, tree-shaking), "vitape" resolved to src/;`
  + ` gzip: node:zlib level 9.`);

// The markers must be findable where they exist, or a "no ..." check above proves nothing.
const whole = bundles.get(entries[0]!.name!);
if (whole) {
  const markers = new Set([...apps, ...entries].flatMap((r) => r.mustNotContain ?? []));
  for (const m of markers) {
    if (!carries(whole, m)) failures.push(`marker "${m}" is not in the whole library: update it in scripts/size.ts`);
  }
}

// Where the whole library's bytes go: one bundle, adding one layer at a time (each row's gzip minus the previous).
const layers: [string, string][] = [
  ["autodiff", `export * from "vitape/autodiff";`],
  ["+ autodiff/special", `export * from "vitape/autodiff/special";`],
  ["+ random", `export * from "vitape/random";`],
  ["+ distributions", `export * from "vitape/distributions";`],
  ["+ optim", `export * from "vitape/optim";`],
  ["+ infer", `export * from "vitape/infer";`],
  ["+ special (the namespace)", `export * as special from "vitape/special";`],
];
let code = "", previous = 0;
console.log("\n| bundle, one layer added per row | min bytes | gzip bytes | gzip added |\n|---|---:|---:|---:|");
for (const [name, line] of layers) {
  code += `${line}\n`;
  const b = await bundle({ code });
  console.log(`| ${name} | ${b.min} | ${b.gzip} | ${b.gzip - previous} |`);
  previous = b.gzip;
}

if (gaps.length) console.log(`\nAbove target (not a failure; the budget stops growth meanwhile):\n${gaps.map((g) => `- ${g}`).join("\n")}`);
if (failures.length) {
  console.log(`\nFAIL:\n${failures.map((f) => `- ${f}`).join("\n")}`);
  process.exitCode = 1;
}
