// `npm run bench` entry: runs the cases of every bench/*.bench.ts file and prints one table.
// `--smoke` runs each case for a few milliseconds (CI uses it so benchmarks cannot rot); `--filter RE` selects.
// Each file runs in a fresh Node process, as JMH forks a JVM per benchmark: V8's type feedback is per process, so
// a suite run after another would otherwise inherit the earlier suite's feedback (the SVI step, measured after the
// vector benchmarks, ran 1.5x slower than alone). The figures are then those of a program that does one job.
// The children load TypeScript through tsx's ESM hook only (`--import tsx/esm`): with its CommonJS hook also in
// place, loading benchmark.js (a CommonJS package) made vitape's vector loops 25% slower in that process, an
// artifact of the dev tool: compiled vitape under plain Node, with or without CommonJS modules loaded, runs at the
// tsx/esm speed (measured on the N = 10^6 Bernoulli gradient: 80 ns/obs, against 101 with the CommonJS hook).
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import { runBenches, table, type Case, type Row } from "./harness.ts";

const args = process.argv.slice(2);
const smoke = args.includes("--smoke");
const fi = args.indexOf("--filter");
const filter = fi >= 0 ? new RegExp(args[fi + 1] ?? "") : undefined;
const oi = args.indexOf("--only"); // internal: the child process's one file, whose rows go to stdout as JSON

const here = dirname(fileURLToPath(import.meta.url));
if (oi >= 0) {
  const mod = (await import(pathToFileURL(join(here, args[oi + 1]!)).href)) as { cases: (smoke: boolean) => Case[] };
  const cases: Case[] = mod.cases(smoke);
  process.stdout.write(JSON.stringify(runBenches(cases, { smoke, ...(filter ? { filter } : {}) })));
} else {
  const rows: Row[] = [];
  for (const f of readdirSync(here).filter((f) => f.endsWith(".bench.ts")).sort()) {
    const out = execFileSync(process.execPath, ["--import", "tsx/esm", fileURLToPath(import.meta.url), ...args, "--only", f], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 1 << 26,
    });
    rows.push(...(JSON.parse(out) as Row[]));
  }
  console.log(table(rows));
  console.log(`\nnode ${process.version}, ${process.platform}-${process.arch}${smoke ? " (smoke pass: figures are not measurements)" : ""}`);
}
