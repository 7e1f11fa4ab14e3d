// The size-budget program examples/apps/coin-flip.ts must be the README's coin flip, word for word: the budget in
// scripts/size.ts measures what a reader of the README would ship.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

test("examples/apps/coin-flip.ts contains the README's first ts block unchanged", () => {
  const block = /```ts\n([\s\S]*?)```/.exec(read("README.md"))?.[1];
  assert.ok(block && block.includes("new SVI("), "the README's first ts block is the coin flip");
  assert.ok(read("examples/apps/coin-flip.ts").includes(block!.trim()), "examples/apps/coin-flip.ts differs from the README's program");
});

test.run();
