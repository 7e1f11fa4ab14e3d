// The playground's build and server. `npm run build:playground` (`build`) bundles src/index.ts into docs/vitape.js,
// minified ESM for browsers (gitignored: built here, in the playground test and in CI). `npm run playground`
// (`serve`) builds it and serves docs/ on 127.0.0.1 with node:http. test/browser/playground.browser.ts imports both.
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const docsDir: string = join(root, "docs");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".png": "image/png",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** Bundle src/index.ts into docs/vitape.js: one minified ESM file with everything the page imports. */
export async function buildPlayground(): Promise<string> {
  const outfile = join(docsDir, "vitape.js");
  await build({
    entryPoints: [join(root, "src/index.ts")],
    outfile,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "warning",
  });
  return outfile;
}

/** Serve docs/ as static files on 127.0.0.1 (port 0 picks a free one); resolves once listening. */
export async function serveDocs(port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    const file = normalize(join(docsDir, pathname === "/" ? "playground.html" : pathname));
    if (!file.startsWith(docsDir + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${pathname}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const command = process.argv[2] ?? "serve";
  const file = await buildPlayground();
  console.log(`built ${file}`);
  if (command === "serve") {
    const { url } = await serveDocs(Number(process.env.PORT ?? 8080));
    console.log(`serving docs/ at ${url}playground.html (Ctrl-C to stop)`);
  } else if (command !== "build") {
    console.error(`usage: tsx scripts/playground.ts [build|serve]`);
    process.exitCode = 2;
  }
}
