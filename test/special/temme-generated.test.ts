// gamma-temme.ts's generated code against its generator: TEMME_GRAD and gammaGradTemme's two unrolled Horner blocks
// must be what scripts/temme_coefficients.py --grad printed, whose numbers it also wrote to
// test/fixtures/temme-grad.json. The suite runs on Node alone, so it compares the committed source text with that
// fixture instead of running the script; a hand edit of a coefficient, a degree or the Horner order fails here.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFixture } from "../helpers/accuracy.ts";

interface TemmeGradFixture {
  nearT: [number, number];
  far: number[];
  near: number[];
  rows: number[][];
}
const T = readFixture(new URL("../fixtures/temme-grad.json", import.meta.url)) as TemmeGradFixture;
const source = readFileSync(new URL("../../src/special/gamma-temme.ts", import.meta.url), "utf8");

/** The text between `start` and the first `end` after it (both excluded); fails the test if either is missing. */
function between(text: string, start: string, end: string): string {
  const i = text.indexOf(start);
  assert.ok(i >= 0, `missing ${JSON.stringify(start)}`);
  const j = text.indexOf(end, i + start.length);
  assert.ok(j >= 0, `missing ${JSON.stringify(end)} after ${JSON.stringify(start)}`);
  return text.slice(i + start.length, j);
}

/** `c0 + v * (c1 + v * (... (cn)))` without spaces, as the script writes Horner's rule. */
function horner(terms: string[], v: string): string {
  let expr = terms[terms.length - 1]!;
  for (let i = terms.length - 2; i >= 0; i--) expr = `${terms[i]}+${v}*(${expr})`;
  return expr;
}

/** First index of each row in TEMME_GRAD (rows stored to the far variant's degrees, one after another). */
const starts = T.far.map((_, k) => T.far.slice(0, k).reduce((s, d) => s + d, 0));

test("TEMME_GRAD holds the fixture's coefficients, the same doubles in the same order", () => {
  const body = between(source, "const TEMME_GRAD = [", "\n];");
  const table = body.replace(/\/\/.*$/gm, "").split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  const want = T.rows.flat();
  assert.is(table.length, want.length, "number of coefficients");
  for (let i = 0; i < want.length; i++) assert.ok(Object.is(table[i], want[i]), `TEMME_GRAD[${i}] = ${table[i]}, want ${want[i]}`);
  assert.equal(T.rows.map((r) => r.length), T.far, "row widths");
});

test("gammaGradTemme's two unrolled blocks are Horner's rule over the fixture's degrees, switched at its t-interval", () => {
  const fn = between(source, "export function gammaGradTemme(", "\n}\n");
  const threshold = /if \(Math\.abs\(t - ([0-9.e+-]+)\) <= ([0-9.e+-]+)\) \{/.exec(fn);
  assert.ok(threshold, "the test of t that chooses the near block");
  const [center, half] = T.nearT;
  assert.ok(Object.is(Number(threshold[1]), center) && Object.is(Number(threshold[2]), half),
    `|t - ${threshold[1]}| <= ${threshold[2]}, want |t - ${center}| <= ${half}`);
  const blocks = { near: between(fn, threshold[0], "} else {"), far: between(fn, "} else {", "\n  }\n") };
  for (const [name, degrees] of [["near", T.near], ["far", T.far]] as const) {
    const code = blocks[name].replace(/\/\/.*$/gm, "").replace(/\s+/g, "");
    const want = degrees.map((d, k) => {
      const terms = Array.from({ length: d }, (_, n) => `c[${starts[k]! + n}]`);
      return `constp${k}=${horner(terms, "e")};`;
    }).join("") + `g=${horner(degrees.map((_, k) => `p${k}`), "r")};`;
    assert.is(code, want, `the ${name} block`);
  }
});

test.run();
