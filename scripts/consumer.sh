#!/usr/bin/env bash
# `npm run test:consumer`: the package as a user installs it. Packs it (prepare builds dist/), installs the tarball
# offline into a scratch project in a temp dir (no registry: vitape has no runtime dependency), type-checks the
# programs under examples/apps/ against the installed exports and types with this repo's tsc (moduleResolution
# nodenext), runs them under plain node, and imports every subpath of the exports map. CI runs it (.ci/run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/vitape-consumer-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "consumer: $*" >&2; exit 1; }

echo "--- npm pack"
cd "$root"
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
[ -f "$work/$tarball" ] || fail "npm pack wrote no tarball (got '$tarball')"
files=$(tar -tzf "$work/$tarball")
for f in package/dist/index.js package/dist/index.d.ts package/LICENSE; do
  grep -qx "$f" <<<"$files" || fail "$tarball has no ${f#package/}"
done
echo "$tarball: $(wc -l <<<"$files") files"

echo "--- npm install --offline $tarball"
app="$work/app"
mkdir -p "$app/src"
cd "$app"
printf '{ "name": "vitape-consumer", "private": true, "type": "module" }\n' >package.json
npm install --offline --no-audit --no-fund "$work/$tarball"
[ -z "$(ls node_modules | grep -vx vitape)" ] || fail "installing vitape brought other packages: $(ls node_modules)"

# The programs, and one module importing every subpath of the exports map by name (for the type checks below).
cp "$root"/examples/apps/*.ts src/
node --input-type=module -e '
  import { readFileSync, writeFileSync } from "node:fs";
  const { exports } = JSON.parse(readFileSync("node_modules/vitape/package.json", "utf8"));
  const subpaths = Object.keys(exports).filter((k) => k !== "./package.json").map((k) => "vitape" + k.slice(1));
  writeFileSync("src/subpaths.ts", subpaths.map((s, i) => `import * as m${i} from "${s}";\n`).join("")
    + `export const modules: object[] = [${subpaths.map((_, i) => `m${i}`).join(", ")}];\n`);
  writeFileSync("subpaths.json", JSON.stringify(subpaths));
'
cat >tsconfig.json <<EOF
{
  "compilerOptions": {
    "target": "es2022", "lib": ["es2022"], "module": "nodenext", "moduleResolution": "nodenext",
    "strict": true, "outDir": "dist", "rootDir": "src",
    "types": ["node"], "typeRoots": ["$root/node_modules/@types"]
  },
  "include": ["src"]
}
EOF

echo "--- tsc (moduleResolution nodenext, against the installed package)"
node "$root/node_modules/typescript/bin/tsc" -p . || fail "the programs do not type-check against the installed package"
echo "ok: $(ls src | tr '\n' ' ')"
# A browser embedder has no @types/node: the package's own types must not need it.
node "$root/node_modules/typescript/bin/tsc" --noEmit --strict --target es2022 --lib es2022 --module nodenext \
  --moduleResolution nodenext --types "" --ignoreConfig src/subpaths.ts || fail "the package's types need @types/node"
echo "ok: the types of every subpath check with lib es2022 alone (no @types/node)"

echo "--- every subpath of the exports map imports under plain node"
# tsc falls back from a missing "types" file to the .d.ts beside "default", so the types targets are checked here.
node --input-type=module -e '
  import { existsSync, readFileSync } from "node:fs";
  const { exports } = JSON.parse(readFileSync("node_modules/vitape/package.json", "utf8"));
  for (const s of JSON.parse(readFileSync("subpaths.json", "utf8"))) {
    const target = exports["." + s.slice("vitape".length)];
    if (Object.keys(target)[0] !== "types") throw new Error(`${s}: "types" must come first in its exports entry`);
    if (!existsSync(`node_modules/vitape/${target.types}`)) throw new Error(`${s}: types ${target.types} missing`);
    const names = Object.keys(await import(s));
    if (names.length === 0) throw new Error(`${s}: no exports`);
    console.log(`${s}: ${names.length} exports, types ${target.types}`);
  }
'

# Every program must exit 0 (each checks its own claims); two have their printed answers checked here as well.
for f in "$root"/examples/apps/*.ts; do
  js="dist/$(basename "${f%.ts}").js"
  echo "--- node $js"
  node "$js" | tee "${js%.js}.out" || fail "$js exited with an error"
done

out=$(cat dist/lgamma.out)
[ "$out" = "C(52, 5) = 2598960" ] || fail "lgamma: expected C(52, 5) = 2598960, got: $out"
out=$(cat dist/coin-flip.out)
# The exact posterior is Beta(10 + 6, 10 + 4): mean 16/30 = 0.5333, sd sqrt(16·14 / (30²·31)) = 0.0896.
node -e '
  const m = /^fairness (\d+\.\d+) ± (\d+\.\d+)$/.exec(process.argv[1].trim());
  if (!m) throw new Error(`expected "fairness <mean> ± <sd>", got: ${process.argv[1]}`);
  const [mean, sd] = [Number(m[1]), Number(m[2])];
  const exact = { mean: 16 / 30, sd: Math.sqrt((16 * 14) / (30 * 30 * 31)) };
  if (Math.abs(mean - exact.mean) > 0.02) throw new Error(`mean ${mean} is not within 0.02 of ${exact.mean.toFixed(4)}`);
  if (Math.abs(sd - exact.sd) > 0.01) throw new Error(`sd ${sd} is not within 0.01 of ${exact.sd.toFixed(4)}`);
  console.log(`ok: near Beta(16, 14) (mean ${exact.mean.toFixed(4)}, sd ${exact.sd.toFixed(4)})`);
' "$out"
