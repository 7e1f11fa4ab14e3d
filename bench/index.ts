// `npm run bench` entry: gathers the cases of every bench/*.bench.ts file and prints one table.
// `--smoke` runs each case for a few milliseconds (CI uses it so benchmarks cannot rot); `--filter RE` selects.
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import { runBenches, table, type Case } from "./harness.ts";

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const fi = args.indexOf("--filter");
const filter = fi >= 0 ? new RegExp(args[fi + 1] ?? "") : undefined;

const here = dirname(fileURLToPath(import.meta.url));
const cases: Case[] = [];
for (const f of readdirSync(here).filter((f) => f.endsWith(".bench.ts")).sort()) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { cases: (smoke: boolean) => Case[] };
  cases.push(...mod.cases(smoke));
}
const rows = runBenches(cases, { smoke, ...(filter ? { filter } : {}) });
console.log(table(rows));
console.log(`\nnode ${process.version}, ${process.platform}-${process.arch}${smoke ? " (smoke pass: figures are not measurements)" : ""}`);
