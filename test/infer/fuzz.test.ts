// Fuzz: arbitrary values of every JavaScript type (fast-check's `anything`, plus NaN, ±∞, -0, symbols, bigints,
// functions, typed arrays) thrown at each argument of every public entry of infer/ and optim/ and at every field of
// a checkpoint. The law: the call either returns a correct, finite answer, or throws a TypeError or RangeError whose
// message starts with the entry and names the argument, and leaves the state it was given unchanged.
import { test } from "uvu";
import {
  Adam, Bernoulli, Beta, ClippedAdam, Gamma, ParamStore, SGD, SVI, TraceELBO, block, checkpoint, constraints, createRng,
  gather, getOptimizerState, loadParams, param, plate, replay, restore, sample, seed, setOptimizerState, trace,
  withHandler, type SVICheckpoint,
} from "../../src/index.ts";
import { data, guide, model } from "../../bench/coin-flip.ts";
import * as assert from "uvu/assert";
import { finite, isNum, law, reportCounts } from "../helpers/fuzz.ts";

test("sample, param, plate and gather: every argument", () => {
  const beta = new Beta(2, 2);
  law("sample", /^sample/, "name", (x) => sample(x as string, beta), (x, r) => typeof x === "string" && finite(r) && (r as number) > 0 && (r as number) < 1);
  law("sample", /^sample "z"/, "fn", (x) => sample("z", x as never), () => false);
  law("sample", /^sample "z"/, "options", (x) => sample("z", new Bernoulli(0.5), x as never),
    (x, r) => x === undefined ? r === 0 || r === 1 : typeof x === "object" && x !== null && ((x as { obs?: unknown }).obs === undefined ? r === 0 || r === 1 : Object.is(r, (x as { obs: unknown }).obs)));
  law("sample", /^sample "z"/, "obs", (x) => sample("z", new Bernoulli(0.5), { obs: x as never }),
    (x, r) => x === undefined ? r === 0 || r === 1 : Object.is(r, x) && (typeof x === "number" || x instanceof Float64Array));
  law("param", /^param/, "name", (x) => param(x as string, 1), (x, r) => typeof x === "string" && r === 1);
  law("param", /^param "a"/, "init", (x) => param("a", x as number), (x, r) =>
    r === x && ((typeof x === "number" && !Number.isNaN(x)) || (x instanceof Float64Array && x.length > 0 && !x.some(Number.isNaN))));
  law("param", /^param "a"/, "options", (x) => param("a", 1, x as never), (x, r) => r === 1 && (x === undefined || (typeof x === "object" && x !== null)));
  law("param", /^param "a"/, "constraint", (x) => param("a", 1, { constraint: x as never }), (x, r) => r === 1 && x === undefined);
  const ones = (ind: Int32Array): number => ind.length;
  law("plate", /^plate/, "name", (x) => plate(x as string, 3, ones), (x, r) => typeof x === "string" && r === 3);
  law("plate", /^plate "p"/, "size", (x) => plate("p", x as number, ones), (x, r) => Number.isInteger(x) && (x as number) >= 1 && r === x);
  law("plate", /^plate "p"/, "subsampleSize", (x) => plate("p", 5, { subsampleSize: x as number }, ones),
    (x, r) => x === undefined ? r === 5 : Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 5 && r === x);
  law("plate", /^plate "p"/, "subsample", (x) => plate("p", 5, { subsample: x as number[] }, (ind) => [...ind]),
    (x, r) => x === undefined ? (r as number[]).length === 5 : new Set(r as number[]).size === (r as number[]).length && (r as number[]).every((i) => i >= 0 && i < 5) && (r as number[]).length > 0);
  law("plate", /^plate "p"/, "options", (x) => plate("p", 5, x as never, ones), (x, r) => typeof x === "object" && x !== null && r as number >= 1);
  law("plate", /^plate "p"/, "fn", (x) => plate("p", 5, x as never), (x) => typeof x === "function");
  // An empty x is a Float64Array, and then index 0 is the one out of range.
  law("gather", /^gather/, /: x must be|indices\[0\] must be in \[0, 0\)/, (x) => gather(x as Float64Array, Int32Array.of(0)), (x, r) => x instanceof Float64Array && x.length > 0 && Object.is((r as Float64Array)[0], x[0]));
  law("gather", /^gather/, "indices", (x) => gather(Float64Array.of(1, 2), x as Int32Array),
    (x, r) => x instanceof Int32Array && (r as Float64Array).every((v, k) => v === [1, 2][x[k]!]));
});

test("trace, replay, block, seed and withHandler: every argument", () => {
  const fn = (): number => sample("z", new Beta(2, 2)) as number;
  const isFn = (x: unknown): boolean => typeof x === "function";
  law("trace", /^trace/, "fn", (x) => trace(x as never), isFn);
  law("replay", /^replay/, "fn", (x) => replay(x as never, new Map()), isFn);
  law("replay", /^replay/, "guideTrace", (x) => replay(fn, x as never)(), (x, r) => x instanceof Map && finite(r));
  law("replay", /^replay/, "strict", (x) => replay(fn, new Map(), x as never), (x) => x === undefined || typeof x === "boolean");
  law("block", /^block/, "fn", (x) => block(x as never), isFn);
  law("block", /^block/, "hide", (x) => block(fn, x as never)(), (x, r) => (x === undefined || typeof x === "function") && finite(r));
  law("seed", /^seed/, "fn", (x) => seed(x as never, createRng(0)), isFn);
  law("seed", /^seed/, "rng", (x) => seed(fn, x as never)(), () => false);
  law("withHandler", /^withHandler/, "h", (x) => withHandler(x as never, fn), (x, r) => typeof x === "object" && x !== null && finite(r));
  law("withHandler", /^withHandler/, "fn", (x) => withHandler({}, x as never), isFn);
});

test("TraceELBO, Adam, ClippedAdam and SGD options: every option", () => {
  law("TraceELBO", /^TraceELBO/, "options", (x) => new TraceELBO(x as never), (x) => x === undefined || (typeof x === "object" && x !== null));
  law("TraceELBO", /^TraceELBO/, "numParticles", (x) => new TraceELBO({ numParticles: x as number }), (x) => x === undefined || (Number.isInteger(x) && (x as number) >= 1));
  law("TraceELBO", /^TraceELBO/, "stickTheLanding", (x) => new TraceELBO({ stickTheLanding: x as boolean }), (x) => x === undefined || typeof x === "boolean");
  law("TraceELBO", /^TraceELBO/, "unmatchedGuideSites", (x) => new TraceELBO({ unmatchedGuideSites: x as never }), (x) => x === undefined || ["error", "warn", "ignore"].includes(x as string));
  const nonNeg = (x: unknown): boolean => x === undefined || (finite(x) && (x as number) >= 0);
  for (const [kind, make] of [["Adam", (o: object) => new Adam(o)], ["ClippedAdam", (o: object) => new ClippedAdam(o)]] as const) {
    law(kind, new RegExp(`^${kind}`), "options", (x) => make(x as never), (x) => x === undefined || (typeof x === "object" && x !== null));
    for (const name of ["lr", "eps", "weightDecay"]) law(kind, new RegExp(`^${kind}`), name, (x) => make({ [name]: x }), nonNeg);
    law(kind, new RegExp(`^${kind}`), "betas", (x) => make({ betas: x }), (x) => x === undefined || (Array.isArray(x) && x.length === 2 && x.every((b) => finite(b) && b >= 0 && b < 1)));
  }
  law("ClippedAdam", /^ClippedAdam/, "clipNorm", (x) => new ClippedAdam({ clipNorm: x as number }), (x) => x === undefined || (isNum(x) && x > 0));
  law("ClippedAdam", /^ClippedAdam/, "lrd", (x) => new ClippedAdam({ lrd: x as number }), (x) => x === undefined || (finite(x) && (x as number) > 0 && (x as number) <= 1));
  law("SGD", /^SGD/, "options", (x) => new SGD(x as never), (x) => x === undefined || (typeof x === "object" && x !== null));
  for (const name of ["lr", "momentum", "weightDecay"]) law("SGD", /^SGD/, name, (x) => new SGD({ [name]: x }), nonNeg);
  law("SGD", /^SGD/, "dampening", (x) => new SGD({ dampening: x as number }), (x) => x === undefined || (finite(x) && (x as number) >= 0 && (x as number) <= 1));
  for (const [kind, make] of [["Adam", () => new Adam()], ["ClippedAdam", () => new ClippedAdam()], ["SGD", () => new SGD({ momentum: 0.5 })]] as const) {
    const opt = make(), x = Float64Array.of(1, 2), g = Float64Array.of(0.5, -0.5);
    const state = (): string => JSON.stringify([getOptimizerState(opt), [...x]]);
    const moved = (): boolean => x.every(Number.isFinite);
    law(`${kind}.update`, new RegExp(`^${kind}`), "name", (v) => opt.update(v as string, x, g), (v) => typeof v === "string" && moved(), state);
    law(`${kind}.update`, new RegExp(`^${kind}`), /\bx\b|g\.length/, (v) => opt.update("p", v as Float64Array, g), (v) => v instanceof Float64Array && v.length === 2, state);
    law(`${kind}.update`, new RegExp(`^${kind}`), /\bg\b|g\.length/, (v) => opt.update("p", x, v as Float64Array), (v) => v instanceof Float64Array && v.length === 2, state);
    law(`${kind}.setState`, new RegExp(`^${kind}\\.setState`), "state", (v) => setOptimizerState(opt, v as never), () => false, state);
  }
  law("SGD", /^SGD/, "nesterov", (x) => new SGD({ nesterov: x as boolean, momentum: 0.9 }), (x) => x === undefined || typeof x === "boolean");
});

// The README coin flip (bench/coin-flip.ts), the model and guide every SVI here is built on.

test("SVI's constructor: every argument", () => {
  const ok = (_x: unknown, r: unknown): boolean => r instanceof SVI && Number.isFinite(r.step(data));
  law("SVI", /^SVI/, "model", (x) => new SVI(x as never, guide, new Adam(), new TraceELBO()), (x) => typeof x === "function");
  law("SVI", /^SVI/, "guide", (x) => new SVI(model, x as never, new Adam(), new TraceELBO()), (x) => typeof x === "function");
  law("SVI", /^SVI/, "optim", (x) => new SVI(model, guide, x as never, new TraceELBO()), () => false);
  law("SVI", /^SVI/, "loss", (x) => new SVI(model, guide, new Adam(), x as never), () => false);
  law("SVI", /^SVI/, "options", (x) => new SVI(model, guide, new Adam(), new TraceELBO(), x as never), (x, r) => (x === undefined || (typeof x === "object" && x !== null)) && ok(x, r));
  law("SVI", /^SVI/, "seed", (x) => new SVI(model, guide, new Adam(), new TraceELBO(), { seed: x as number }), (x, r) => (x === undefined || Number.isSafeInteger(x)) && ok(x, r));
  law("SVI", /^SVI/, "rng", (x) => new SVI(model, guide, new Adam(), new TraceELBO(), { rng: x as never }), (x, r) => x === undefined && ok(x, r));
});

test("SVI.restore: an arbitrary value at every field of a checkpoint", () => {
  const mk = (): SVI<[Float64Array]> => {
    const svi = new SVI(model, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 3 });
    for (let i = 0; i < 3; i++) svi.step(data);
    return svi;
  };
  const good = JSON.parse(JSON.stringify(checkpoint(mk()))) as Record<string, unknown>;
  // Every path to an object field or array element of the checkpoint, and the whole checkpoint itself.
  const paths: (string | number)[][] = [[]];
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (typeof v !== "object" || v === null) return;
    for (const [k, child] of Object.entries(v)) {
      const p = [...path, Array.isArray(v) ? Number(k) : k];
      paths.push(p);
      walk(child, p);
    }
  };
  walk(good, []);
  const target = mk();
  const state = (): string => JSON.stringify(checkpoint(target));
  for (const path of paths) {
    const put = (x: unknown): unknown => {
      if (path.length === 0) return x;
      const cp = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
      let o = cp as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
      o[path[path.length - 1]!] = x;
      return cp;
    };
    // A restore that succeeds must leave a run that steps to a finite loss, or whose step is rejected by name with
    // nothing changed (a legal but extreme moment, say m = 1e308, asks for a step outside the constraint); undo it
    // for the next case.
    const ok = (): boolean => {
      let fine = false;
      const before = state();
      try {
        fine = Number.isFinite(target.step(data));
      } catch (e) {
        fine = e instanceof RangeError && /^SVI\.step: param "\w+": value after the update must be/.test(e.message) && state() === before;
      } finally {
        restore(target, good as unknown as SVICheckpoint);
      }
      return fine;
    };
    law("SVI.restore", /^SVI\.restore/, "checkpoint", (x) => restore(target, put(x) as SVICheckpoint), ok, state, path.length + 1);
  }
});

test("ParamStore: every argument of every method", () => {
  const store = new ParamStore();
  store.set("a", 2, { constraint: constraints.positive });
  store.set("v", Float64Array.of(0.5, 1.5));
  const state = (): string => JSON.stringify(store.toJSON());
  const where = /^ParamStore\.\w+/;
  law("ParamStore", where, "name", (x) => store.has(x as string), (x, r) => typeof x === "string" && typeof r === "boolean", state);
  law("ParamStore", where, "name", (x) => store.get(x as string), (x, r) => (x === "a" && r === 2) || (x === "v" && (r as Float64Array).length === 2), state);
  law("ParamStore", where, "name", (x) => store.entry(x as string), (x) => x === "a" || x === "v", state);
  const scratch = new ParamStore();
  law("ParamStore", where, "name", (x) => scratch.set(x as string, 1), (x) => typeof x === "string" && scratch.get(x) === 1);
  law("ParamStore", where, "name", (x) => scratch.delete(x as string), (x) => typeof x === "string" && !scratch.has(x));
  law("ParamStore", /^ParamStore\.set "b"/, "value", (x) => store.set("b", x as number, { constraint: constraints.positive }), (x) => {
    const v = store.get<number | Float64Array>("b");
    // exp(log x) is x to about |log x| ulps; a subnormal x loses more, hence the absolute floor.
    const ok = typeof x === "number" ? Math.abs((v as number) - x) <= 1e-12 * x + 1e-300 : x instanceof Float64Array && (v as Float64Array).every((e, i) => Math.abs(e - x[i]!) <= 1e-12 * x[i]! + 1e-300);
    store.delete("b");
    return ok;
  }, state);
  law("ParamStore", /^ParamStore\.set "b"/, "options", (x) => { store.set("b", 1, x as never); store.delete("b"); }, (x) => typeof x === "object" && x !== null || x === undefined, state);
  law("ParamStore", /^ParamStore\.set "b"/, "constraint", (x) => { store.set("b", 1, { constraint: x as never }); store.delete("b"); }, (x) => x === undefined, state);
  law("loadParams", /^loadParams/, "json", (x) => loadParams(store, x as never), (x) => {
    const ok = typeof x === "object" && x !== null && Object.keys(x).length === 0;
    store.set("a", 2, { constraint: constraints.positive });
    store.set("v", Float64Array.of(0.5, 1.5));
    return ok;
  }, state);
});

test("SGD lr 1e-3 on a million ones: the finite first step is taken, and no later step returns a loss it cannot trust", () => {
  // The first gradient is about 1e6 per unconstrained coordinate, so the step moves log alpha_q to ~360 and
  // log beta_q to ~-446: alpha_q ~ 2.8e156 is finite and positive, inside the constraint, and is accepted (PyTorch
  // takes it too). At Beta(2.8e156, 1.7e-194) every draw rounds to the edge of [0, 1]; a loss evaluated there is
  // not the ELBO, so each later step must throw a RangeError naming the parameter and change nothing, never
  // return a number (the issue saw -3.1e140 returned silently).
  const ones = new Float64Array(1e6).fill(1);
  const svi = new SVI(model, guide, new SGD({ lr: 1e-3 }), new TraceELBO(), { seed: 0 });
  const first = svi.step(ones);
  assert.ok(Number.isFinite(first), `first loss ${first}`);
  const a = svi.params.get<number>("alpha_q"), b = svi.params.get<number>("beta_q");
  assert.ok(a > 1e150 && a < Infinity && b > 0 && b < 1e-150, `after one step: alpha_q = ${a}, beta_q = ${b}`);
  const state = JSON.stringify(checkpoint(svi));
  for (let i = 0; i < 5; i++) {
    assert.throws(() => svi.step(ones), (e: unknown) => e instanceof RangeError &&
      /^sample "latent_fairness": the draw is .*, at the edge of its support|param "(alpha|beta)_q"/.test((e as Error).message), `step ${i + 2}`);
    assert.is(JSON.stringify(checkpoint(svi)), state, `step ${i + 2} changed the state`);
  }
});

test("a guide draw clamped to the edge of its support is an error, not a finite loss that is wrong", () => {
  // Beta(1e3, 1e-3) draws z with log(1 - z) around -1e3 and below, which rounds to z = 1 - 2^-53; the model's
  // Beta(10, 10) prior then scores 9 log(1 - z) = 9 log 2^-53 = -331 for -9000 and more, and the step returned such
  // losses (676, 911, ...) with finite gradients. Near 0 (Beta(1e-3, 1e3), z = 5e-324) and for a Gamma
  // (x = 5e-324) likewise. Each step now throws naming the site, and changes nothing.
  const obs = new Float64Array([1, 1, 0]);
  const cases: [string, () => void, () => void][] = [
    ["Beta near 1", () => { sample("f", new Beta(10, 10)); }, () => { sample("f", new Beta(param("a", 1e3, { constraint: constraints.positive }), param("b", 1e-3, { constraint: constraints.positive }))); }],
    ["Beta near 0", () => { sample("f", new Beta(10, 10)); }, () => { sample("f", new Beta(param("a", 1e-3, { constraint: constraints.positive }), param("b", 1e3, { constraint: constraints.positive }))); }],
    ["Gamma near 0", () => { sample("f", new Gamma(2, 1)); }, () => { sample("f", new Gamma(param("a", 1e-3, { constraint: constraints.positive }), 1)); }],
  ];
  for (const [label, m, g] of cases) {
    const svi = new SVI((_: Float64Array) => { m(); sample("obs", new Bernoulli(0.5), { obs }); }, (_: Float64Array) => g(), new Adam({ lr: 1e-9 }), new TraceELBO(), { seed: 1 });
    let threw = 0;
    for (let i = 0; i < 40; i++) {
      const before = JSON.stringify(checkpoint(svi));
      try {
        const loss = svi.step(obs);
        assert.ok(Number.isFinite(loss), `${label}, step ${i}: ${loss}`);
      } catch (e) {
        assert.ok(e instanceof RangeError && /^sample "f": the draw is .*, at the edge of its support/.test(e.message), `${label}: ${String(e)}`);
        assert.is(JSON.stringify(checkpoint(svi)), before, `${label}: the failed step changed the state`);
        threw++;
        break;
      }
    }
    assert.ok(threw === 1, `${label}: no step was rejected in 40`);
  }
});

test("case counts per entry (printed for the report)", () => reportCounts("infer"));

test.run();
