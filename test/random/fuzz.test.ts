// Fuzz: every sampler of src/random and the Rng's methods, each argument an arbitrary value (test/helpers/fuzz.ts),
// the others valid. The law: a draw in the sampler's support, or a TypeError/RangeError that starts with the entry
// and names the argument, and after a throw the generator is where it was (state compared through getState).
import { test } from "uvu";
import fc from "fast-check";
import {
  Rng, bernoulli, beta, betaInto, binomial, categorical, createRng, exponential, logStandardGamma, normal, poisson,
  restoreRng, standardExponential, standardGamma, standardNormal, subsampleIndices, uniform,
} from "../../src/random/index.ts";
import { any, finite, law, numberOrAny, reportCounts } from "../helpers/fuzz.ts";

const rng = createRng(17);
const state = (): string => JSON.stringify(rng.getState());
const opts = { arb: numberOrAny, state };
const pos = (x: unknown): boolean => finite(x) && x > 0;
const unit = (x: unknown): boolean => finite(x) && x > 0 && x < 1;
const count = (r: unknown, hi = Infinity): boolean => Number.isSafeInteger(r) && (r as number) >= 0 && (r as number) <= hi;

test("every sampler: the rng argument", () => {
  const cases: [string, (r: unknown) => unknown, (x: unknown) => boolean][] = [
    ["uniform", (r) => uniform(r as Rng, 0, 1), unit], ["standardNormal", (r) => standardNormal(r as Rng), finite],
    ["normal", (r) => normal(r as Rng, 0, 1), finite], ["standardGamma", (r) => standardGamma(r as Rng, 2), pos],
    ["logStandardGamma", (r) => logStandardGamma(r as Rng, 0.5), finite], ["standardExponential", (r) => standardExponential(r as Rng), pos],
    ["exponential", (r) => exponential(r as Rng, 2), pos], ["beta", (r) => beta(r as Rng, 2, 3).z, unit],
    ["betaInto", (r) => { const o = [0, 0, 0]; betaInto(o, r as Rng, 2, 3); return o[0]; }, unit],
    ["bernoulli", (r) => bernoulli(r as Rng, 0.5), (x) => x === 0 || x === 1], ["subsampleIndices", (r) => subsampleIndices(r as Rng, 10, 3).length, (x) => x === 3],
    ["poisson", (r) => poisson(r as Rng, 3), (x) => count(x)], ["binomial", (r) => binomial(r as Rng, 10, 0.3), (x) => count(x, 10)],
    ["categorical", (r) => categorical(r as Rng, Float64Array.of(1, 2)), (x) => x === 0 || x === 1],
  ];
  // A real generator passes; anything else (every value `any` makes) is a TypeError naming rng.
  for (const [entry, call, ok] of cases) {
    law(entry, new RegExp(`^${entry}: `), "rng must be an Rng", call, (x, r) => x instanceof Rng && ok(r), { arb: fc.oneof(any, fc.constant(createRng(3))) });
  }
});

test("every sampler: each numeric argument", () => {
  law("uniform", /^uniform: /, /\blo\b|hi - lo/, (x) => uniform(rng, x as number, 1), (x, r) => finite(x) && (x as number) < 1 && finite(r) && (r as number) >= (x as number) && (r as number) <= 1, opts);
  law("uniform", /^uniform: /, /\bhi\b|hi - lo/, (x) => uniform(rng, 0, x as number), (x, r) => finite(x) && (x as number) > 0 && finite(r) && (r as number) >= 0 && (r as number) <= (x as number), opts);
  law("normal", /^normal: /, "mean", (x) => normal(rng, x as number, 1), (x, r) => typeof x === "number" && (Number.isNaN(x) ? Number.isNaN(r) : typeof r === "number"), opts);
  law("normal", /^normal: /, "sd", (x) => normal(rng, 0, x as number), (x, r) => finite(x) && (x as number) >= 0 && finite(r), opts);
  for (const [entry, f] of [["standardGamma", standardGamma], ["logStandardGamma", logStandardGamma]] as const) {
    law(entry, new RegExp(`^${entry}: `), "alpha", (x) => f(rng, x as number), (x, r) => pos(x) && (entry === "standardGamma" ? (r as number) >= 0 && finite(r) : typeof r === "number" && (r as number) < Infinity), opts);
  }
  law("exponential", /^exponential: /, "rate", (x) => exponential(rng, x as number), (x, r) => pos(x) && (r as number) >= 0 && (r as number) <= Infinity, opts);
  for (const name of ["a", "b"]) {
    law("beta", /^beta: /, name, (x) => beta(rng, name === "a" ? x as number : 2, name === "b" ? x as number : 2), (x, r) => {
      const d = r as { z: number; logZ: number; log1mZ: number };
      return pos(x) && d.z >= 0 && d.z <= 1 && d.logZ <= 0 && d.log1mZ <= 0;
    }, opts);
  }
  law("betaInto", /^betaInto: /, "out", (x) => betaInto(x as number[], rng, 2, 3), (x) => (Array.isArray(x) || x instanceof Float64Array) && x.length >= 3 && unit(x[0]), { state });
  law("bernoulli", /^bernoulli: /, "p", (x) => bernoulli(rng, x as number), (x, r) => typeof x === "number" && x >= 0 && x <= 1 && (r === 0 || r === 1), opts);
  law("subsampleIndices", /^subsampleIndices: /, /\bn\b|\bm\b/, (x) => subsampleIndices(rng, x as number, 0), (x, r) => Number.isInteger(x) && (r as Int32Array).length === 0, opts);
  law("subsampleIndices", /^subsampleIndices: /, /\bm\b/, (x) => subsampleIndices(rng, 5, x as number), (x, r) =>
    Number.isInteger(x) && new Set(r as Int32Array).size === x && (r as Int32Array).every((i) => i >= 0 && i < 5), opts);
  law("poisson", /^poisson: /, "rate", (x) => poisson(rng, x as number), (x, r) => finite(x) && (x as number) >= 0 && count(r), opts);
  law("binomial", /^binomial: /, /\bn\b/, (x) => binomial(rng, x as number, 0.5), (x, r) => Number.isSafeInteger(x) && count(r, x as number), opts);
  law("binomial", /^binomial: /, /\bp\b/, (x) => binomial(rng, 7, x as number), (x, r) => typeof x === "number" && x >= 0 && x <= 1 && count(r, 7), opts);
  law("categorical", /^categorical: /, /weights/, (x) => categorical(rng, x as Float64Array), (x, r) =>
    x instanceof Float64Array && Number.isInteger(r) && (x[r as number] as number) > 0, { arb: fc.oneof(any, fc.float64Array({ maxLength: 5 })), state });
});

test("createRng, restoreRng and the Rng's methods", () => {
  law("createRng", /^createRng: /, "seed", (x) => createRng(x as number).uniform(), (x, r) => Number.isSafeInteger(x) && (r as number) >= 0 && (r as number) < 1, { arb: numberOrAny });
  law("restoreRng", /^restoreRng: /, "state", (x) => restoreRng(x as never).uniform(), (x, r) => typeof x === "object" && x !== null && (r as number) >= 0 && (r as number) < 1,
    { arb: fc.oneof(any, fc.constant(rng.getState()), fc.record({ kind: fc.constant("xoshiro256**"), s: fc.array(numberOrAny, { maxLength: 9 }) })) });
  law("Rng.copyFrom", /^Rng\.copyFrom: /, "other", (x) => rng.copyFrom(x as Rng), (x, r) => x instanceof Rng && r === rng, { arb: fc.oneof(any, fc.constant(rng.getState()), fc.constant(createRng(9))), state });
  for (const m of ["uniform", "uniformOpen", "uint32"] as const) {
    law(`Rng.${m}`, /^$/, "-", () => rng[m](), (_x, r) => finite(r) && (r as number) >= 0 && (m === "uint32" ? Number.isInteger(r) && (r as number) < 2 ** 32 : (r as number) < 1));
  }
  law("Rng.clone", /^$/, "-", () => rng.clone(), (_x, r) => JSON.stringify((r as Rng).getState()) === state());
});

test("case counts per entry (printed for the report)", () => reportCounts("random"));

test.run();
