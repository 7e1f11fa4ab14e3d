// Every public entry of src/random answers a wrong-typed argument with a TypeError that names the argument and
// the accepted types (src/check.ts's message shape), and a right-typed argument outside its domain with a
// RangeError; the range checks of each sampler are tested in its own file.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Rng, bernoulli, beta, betaInto, createRng, logStandardGamma, normal, restoreRng, standardGamma, standardNormal,
  subsampleIndices, uniform, type RngState,
} from "../../src/random/index.ts";

/** Asserts that f throws a TypeError whose message names `name` after "<where>: " and says "must be". */
function throwsType(f: () => unknown, where: string, name: string, types: RegExp): void {
  assert.throws(f, (e: unknown) => {
    const m = String((e as Error).message);
    return e instanceof TypeError && m.startsWith(`${where}: ${name} must be `) && types.test(m);
  }, `${where}(${name})`);
}

const rng = createRng(7);
const notRngs: unknown[] = [undefined, null, 3, "rng", {}, { uniform: () => 0.5 }];
// Each entry with valid arguments, the index of its rng argument, and its name.
const samplers: [string, (...args: unknown[]) => unknown, unknown[]][] = [
  ["uniform", uniform as never, [rng, 0, 1]],
  ["standardNormal", standardNormal as never, [rng]],
  ["normal", normal as never, [rng, 0, 1]],
  ["standardGamma", standardGamma as never, [rng, 2]],
  ["logStandardGamma", logStandardGamma as never, [rng, 0.5]],
  ["beta", beta as never, [rng, 2, 3]],
  ["bernoulli", bernoulli as never, [rng, 0.5]],
  ["subsampleIndices", subsampleIndices as never, [rng, 10, 3]],
];

test("every sampler rejects an rng that is not an Rng with a TypeError naming rng", () => {
  for (const [name, f, args] of samplers) {
    f(...args); // the valid call runs
    for (const bad of notRngs) throwsType(() => f(bad, ...args.slice(1)), name, "rng", /an Rng/);
  }
  for (const bad of notRngs) throwsType(() => betaInto([0, 0, 0], bad as Rng, 1, 1), "betaInto", "rng", /an Rng/);
});

test("a string, boolean or bigint where a number belongs is a TypeError naming the argument", () => {
  const names: Record<string, string[]> = {
    uniform: ["lo", "hi"], normal: ["mean", "sd"], standardGamma: ["alpha"], logStandardGamma: ["alpha"],
    beta: ["a", "b"], bernoulli: ["p"], subsampleIndices: ["n", "m"],
  };
  for (const [name, f, args] of samplers) {
    const params = names[name] ?? [];
    params.forEach((param, k) => {
      for (const bad of ["1", true, 1n, null, [1]]) {
        const a = args.slice();
        a[k + 1] = bad;
        throwsType(() => f(...a), name, param, /a number/);
      }
    });
  }
  for (const bad of ["1", false]) {
    throwsType(() => betaInto([0, 0, 0], rng, bad as never, 1), "betaInto", "a", /a number/);
    throwsType(() => betaInto([0, 0, 0], rng, 1, bad as never), "betaInto", "b", /a number/);
    throwsType(() => createRng(bad as never), "createRng", "seed", /a number/);
  }
});

test("betaInto's out must be a Float64Array or an Array with room for three entries", () => {
  betaInto(new Float64Array(3), rng, 1, 1);
  betaInto([0, 0, 0], rng, 1, 1);
  for (const bad of [undefined, {}, "abc", new Float32Array(3), new Int32Array(3)]) {
    throwsType(() => betaInto(bad as never, rng, 1, 1), "betaInto", "out", /Float64Array or an Array/);
  }
  assert.throws(() => betaInto(new Float64Array(2), rng, 1, 1), (e: unknown) => e instanceof RangeError &&
    /^betaInto: out.length must be >= 3, got 2$/.test((e as Error).message));
});

test("restoreRng: a wrong shape is a TypeError naming state, bad words a RangeError", () => {
  const good = createRng(1).getState();
  for (const bad of [undefined, 5, "state", { kind: "mt19937", s: good.s }, { ...good, s: "12345678" },
    { ...good, s: [...good.s.slice(0, 7), "1"] }, { ...good, s: good.s.slice(0, 7) }]) {
    throwsType(() => restoreRng(bad as RngState), "restoreRng", "state", /RngState/);
  }
  for (const bad of [[...good.s.slice(0, 7), -1], [...good.s.slice(0, 7), 1.5], [0, 0, 0, 0, 0, 0, 0, 0]]) {
    assert.throws(() => restoreRng({ ...good, s: bad }), (e: unknown) => e instanceof RangeError &&
      /^restoreRng: state\.s must be 8 uint32s, not all 0, got /.test((e as Error).message));
  }
});

test("ranges stay RangeErrors in check.ts's shape, naming the function and the argument", () => {
  const cases: [() => unknown, RegExp][] = [
    [() => createRng(0.5), /^createRng: seed must be a safe integer, got 0\.5$/],
    [() => uniform(rng, 1, 1), /^uniform: hi - lo must be finite and > 0, got 0$/],
    [() => normal(rng, 0, -1), /^normal: sd must be finite and >= 0, got -1$/],
    [() => standardGamma(rng, 0), /^standardGamma: alpha must be finite and > 0, got 0$/],
    [() => logStandardGamma(rng, Infinity), /^logStandardGamma: alpha must be finite and > 0, got Infinity$/],
    [() => beta(rng, NaN, 1), /^beta: a must be finite and > 0, got NaN$/],
    [() => bernoulli(rng, 2), /^bernoulli: p must be in \[0, 1\], got 2$/],
    [() => subsampleIndices(rng, 3, 4), /^subsampleIndices: m must be an integer in \[0, 3\], got 4$/],
    [() => subsampleIndices(rng, -1, 0), /^subsampleIndices: n must be an integer in \[0, 2147483647\], got -1$/],
  ];
  for (const [f, re] of cases) {
    assert.throws(f, (e: unknown) => e instanceof RangeError && re.test((e as Error).message), re.source);
  }
});

test("the samplers return in range at extreme parameters (subnormal, 1e-300, 1e308)", () => {
  const r = createRng(11);
  const out = new Float64Array(3);
  for (const a of [5e-324, 1e-310, 1e-300, 1e-8, 1, 1e8, 1e308]) {
    const g = standardGamma(r, a);
    assert.ok(g >= 0 && g < Infinity, `standardGamma(${a}) = ${g}`);
    const lg = logStandardGamma(r, a);
    assert.ok(lg < Infinity && !Number.isNaN(lg), `logStandardGamma(${a}) = ${lg}`); // -Infinity below ~1e-306
    for (const b of [5e-324, 1e-300, 1, 1e308]) {
      betaInto(out, r, a, b);
      assert.ok(out[0]! > 0 && out[0]! < 1, `beta(${a}, ${b}).z = ${out[0]}`);
      assert.ok(!Number.isNaN(out[1]!) && !Number.isNaN(out[2]!) && out[1]! <= 0 && out[2]! <= 0, `beta(${a}, ${b}) logs`);
    }
  }
  assert.ok(Number.isFinite(normal(r, 0, 1e300)));
  assert.is(subsampleIndices(r, 2 ** 31 - 1, 3).length, 3);
});

test.run();
