// Every ```ts and ```js block in README.md and docs/*.md runs as written: each is copied to a temporary file with
// `from "vitape"` pointed at src/index.ts (and "vitape/<layer>" at src/<layer>/index.ts), run by tsx in a child
// process, and must exit 0. Blocks check their own claims with node:assert. Tag a block `ts no-run` to skip it;
// Python and program output use ```python and ```text and are never run. `--import tsx` resolves from cwd, the root.
import { test } from "uvu";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Generous: a block should take under 2 s, but CI machines stall. */
const TIMEOUT_MS = 60_000;

interface Block {
  /** 1-based index among the file's runnable blocks. */
  index: number;
  /** 1-based line of the opening fence. */
  line: number;
  lang: "ts" | "js";
  code: string;
}

/** The runnable fenced blocks of a Markdown file: info string ts/typescript/js/javascript without `no-run`. */
function extractBlocks(markdown: string): Block[] {
  const lines = markdown.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, tag, rest] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = lines[j]!.trimStart();
      if (close.startsWith(fence!) && close.slice(fence!.length).trim() === "") break;
      body.push(lines[j]!.startsWith(indent!) ? lines[j]!.slice(indent!.length) : lines[j]!);
    }
    const lang = tag === "ts" || tag === "typescript" ? "ts" : tag === "js" || tag === "javascript" ? "js" : undefined;
    if (lang && !/\bno-run\b/.test(rest!)) blocks.push({ index: blocks.length + 1, line: i + 1, lang, code: body.join("\n") });
    i = j;
  }
  return blocks;
}

/**
 * Point the package's own name at the sources, by a relative path from `dir` (where the block's file lives) so that
 * both tsx and tsc accept the .ts extension: "vitape" -> src/index.ts, "vitape/special" -> src/special/index.ts,
 * "vitape/autodiff/special" -> src/autodiff/special.ts (as package.json's exports map them in dist/).
 */
function rewriteImports(code: string, dir: string): string {
  return code.replace(/(["'])vitape(?:\/([\w/-]+))?\1/g, (_m, q: string, sub?: string) => {
    // A folder's index.ts ("vitape/special"), or a single module ("vitape/autodiff/special" -> special.ts).
    const folder = join(root, "src", sub ?? "", "index.ts");
    const path = relative(dir, existsSync(folder) ? folder : join(root, "src", `${sub}.ts`)).replaceAll("\\", "/");
    return q + (path.startsWith(".") ? path : `./${path}`) + q;
  });
}

const markdownFiles = [
  join(root, "README.md"),
  ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => join(root, "docs", f)),
];

// Every block becomes one module file in a scratch directory, next to a tsconfig that type-checks them all at once
// with the project's own compiler settings.
const work = mkdtempSync(join(tmpdir(), "vitape-docs-"));
const files = markdownFiles.map((file) => {
  const name = relative(root, file);
  const blocks = extractBlocks(readFileSync(file, "utf8")).map((block) => {
    const path = join(work, `${name.replace(/[^\w]+/g, "-")}-${block.index}.${block.lang === "ts" ? "ts" : "mjs"}`);
    writeFileSync(path, rewriteImports(block.code, work));
    return { ...block, path };
  });
  return { name, blocks };
});
writeFileSync(join(work, "package.json"), JSON.stringify({ type: "module" }));
const base = JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8")) as { compilerOptions: object };
writeFileSync(join(work, "tsconfig.json"), JSON.stringify({
  compilerOptions: { ...base.compilerOptions, typeRoots: [join(root, "node_modules/@types")] },
  include: ["*.ts"],
}));

test("the Markdown files hold runnable blocks", () => {
  const empty = files.filter((f) => f.blocks.length === 0).map((f) => f.name);
  if (empty.length) throw new Error(`no ts block in ${empty.join(", ")}`);
});

test("every ts block type-checks as written", () => {
  const r = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", work], {
    cwd: root, encoding: "utf8", timeout: TIMEOUT_MS,
  });
  if (r.status !== 0) {
    // Point each error at its Markdown file and line rather than at the scratch copy.
    let out = r.stdout + r.stderr;
    for (const f of files) {
      for (const b of f.blocks) out = out.replaceAll(relative(root, b.path), `${f.name} block ${b.index} (line ${b.line})`).replaceAll(b.path, `${f.name} block ${b.index} (line ${b.line})`);
    }
    throw new Error(out);
  }
});

for (const { name, blocks } of files) {
  for (const block of blocks) {
    test(`${name} block ${block.index} (line ${block.line}) runs and exits 0`, () => {
      const r = spawnSync(process.execPath, ["--import", "tsx", block.path], {
        cwd: root, encoding: "utf8", timeout: TIMEOUT_MS, env: { ...process.env, NO_COLOR: "1" },
      });
      if (r.status !== 0) {
        const why = r.error ? String(r.error) : r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
        throw new Error(`${name}:${block.line}: ${why}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
      }
    });
  }
}

test("clean up", () => rmSync(work, { recursive: true, force: true }));

test.run();
