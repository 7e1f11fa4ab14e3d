// Batched latents in plates: a latent site inside a plate is a vector (one element per index in use), the ELBO
// sums its log-densities times the plate's scale, replay hands the whole vector to the model, and gather takes a
// vector parameter's subsample with gradients flowing back to those entries only. The vector distribution here is
// a test-local Normal (built from autodiff ops); the batched Beta lives in distributions/.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Adam, SVI, Tape, TraceELBO, Vec, add, constraints, dot, gather, log, mul, param, plate, sample, square, standardNormal,
  sub, sum, trace, replay, valueOf, div, withHandler, type Distribution, type Rng, type Scalar, type Value, type Vector,
} from "../../src/index.ts";

const HALF_LOG_2PI = 0.9189385332046728; // = log(2π) / 2

/** Independent Normal(loc_i, scale_i): a batch of n, reparameterized as z = loc + scale·ε. Test-only. */
class VecNormal implements Distribution<Vector> {
  readonly hasRsample = true;
  readonly support = constraints.real;
  readonly batchShape: readonly number[];
  readonly eventShape: readonly number[] = [];
  constructor(readonly loc: Vector, readonly scale: Vector) {
    this.batchShape = [valueOf(loc).length];
  }
  get mean(): Value { return this.loc; }
  get variance(): Value { return square(this.scale); }
  logProb(x: Value): Value {
    const z = div(sub(x, this.loc), this.scale);
    return sub(sub(mul(-0.5, square(z)), log(this.scale)), HALF_LOG_2PI);
  }
  logProbSum(x: Value): Scalar { return sum(this.logProb(x) as Vector); }
  rsample(rng: Rng): Vector {
    const eps = Float64Array.from(valueOf(this.loc), () => standardNormal(rng));
    return add(this.loc, mul(this.scale, eps)) as Vector;
  }
  sample(rng: Rng): Float64Array { return valueOf(this.rsample(rng)); }
  detach(): Distribution<Vector> { return new VecNormal(valueOf(this.loc).slice(), valueOf(this.scale).slice()); }
  checkSupport(): void {}
}

// z_i ~ Normal(0, 1), x_i ~ Normal(z_i, 1): the posterior is z_i | x_i ~ Normal(x_i / 2, √½), and log p(x_i) is
// log Normal(x_i; 0, √2).
const x = Float64Array.of(0.3, -1.2, 2.5, 0.0, 4.1, -0.7);
const n = x.length;
const logEvidence = (i: number): number => -0.25 * x[i]! ** 2 - Math.log(Math.sqrt(2)) - HALF_LOG_2PI;

function problem(options: { subsample?: number[]; subsampleSize?: number } = {}) {
  const model = (data: Float64Array): void => {
    plate("groups", n, options, (ind) => {
      const z = sample("z", new VecNormal(new Float64Array(ind.length), new Float64Array(ind.length).fill(1)));
      sample("x", new VecNormal(z, new Float64Array(ind.length).fill(1)), { obs: gather(data, ind) });
    });
  };
  const guide = (_data: Float64Array): void => {
    const loc = param("loc_q", new Float64Array(n));
    const scale = param("scale_q", new Float64Array(n).fill(1), { constraint: constraints.positive });
    plate("groups", n, options, (ind) => {
      sample("z", new VecNormal(gather(loc, ind), gather(scale, ind)));
    });
  };
  return { model, guide };
}

function atPosterior(options: { subsample?: number[]; subsampleSize?: number } = {}, seed = 0): SVI<[Float64Array]> {
  const { model, guide } = problem(options);
  const svi = new SVI(model, guide, new Adam({ lr: 0 }), new TraceELBO(), { seed });
  svi.params.set("loc_q", x.map((xi) => xi / 2));
  svi.params.set("scale_q", new Float64Array(n).fill(Math.SQRT1_2), { constraint: constraints.positive });
  return svi;
}

test("a vector latent in a plate: the loss at the exact posterior is -Σ log p(x_i) to 1e-10 on every step", () => {
  let expected = 0;
  for (let i = 0; i < n; i++) expected -= logEvidence(i);
  const svi = atPosterior();
  for (let step = 0; step < 200; step++) {
    const loss = svi.step(x);
    assert.ok(Math.abs(loss - expected) <= 1e-10 * Math.abs(expected), `step ${step}: ${loss} vs ${expected}`);
  }
});

test("with a given subsample the loss at the exact posterior is -(n/m) Σ_subsample log p(x_i): the plate's scale", () => {
  const subsample = [4, 1];
  const expected = -(n / 2) * (logEvidence(4) + logEvidence(1));
  const svi = atPosterior({ subsample });
  for (let step = 0; step < 100; step++) {
    const loss = svi.step(x);
    assert.ok(Math.abs(loss - expected) <= 1e-10 * Math.abs(expected), `step ${step}: ${loss} vs ${expected}`);
  }
});

test("replay hands the guide's whole vector draw, and its subsample, to the model", () => {
  const { guide, model } = problem({ subsampleSize: 3 });
  const guideTrace = trace(guide)(x);
  const modelTrace = trace(replay(model, guideTrace, true))(x);
  const z = guideTrace.get("z")!.value as Float64Array;
  assert.ok(z instanceof Float64Array && z.length === 3);
  assert.is(modelTrace.get("z")!.value, z);
  assert.is(modelTrace.get("groups")!.value, guideTrace.get("groups")!.value);
  // Inside the plate each site's log-density is scaled by n / m = 2.
  assert.is(modelTrace.get("x")!.scale, 2);
});

test("with subsampling, gradients reach only the gathered entries of the guide's vector parameters", () => {
  const { model, guide } = problem({ subsampleSize: 2 });
  const svi = new SVI(model, guide, new Adam({ lr: 0.01 }), new TraceELBO(), { seed: 3 });
  for (let rep = 0; rep < 20; rep++) {
    const { grads } = svi.gradients(x);
    for (const name of ["loc_q", "scale_q"]) {
      const g = grads.get(name)!;
      const nonzero = [...g].filter((v) => v !== 0).length;
      // Exactly two entries (the subsample) have a gradient; a continuous draw makes an exact zero there impossible.
      assert.is(nonzero, 2, `${name}: ${g}`);
    }
    const a = grads.get("loc_q")!, b = grads.get("scale_q")!;
    for (let i = 0; i < n; i++) assert.is(a[i] === 0, b[i] === 0, `index ${i}`);
  }
});

test("SVI from a distant start reaches the exact posterior (full batch; 3000 Adam steps, sticking the landing)", () => {
  const { model, guide } = problem();
  // Sticking the landing makes the gradient exactly zero at the posterior, so Adam settles there instead of
  // jittering around it.
  const svi = new SVI(model, guide, new Adam({ lr: 0.02 }), new TraceELBO({ stickTheLanding: true }), { seed: 11 });
  svi.params.set("loc_q", new Float64Array(n).fill(-3));
  svi.params.set("scale_q", new Float64Array(n).fill(3), { constraint: constraints.positive });
  for (let i = 0; i < 3000; i++) svi.step(x);
  const loc = svi.params.get<Float64Array>("loc_q"), scale = svi.params.get<Float64Array>("scale_q");
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(loc[i]! - x[i]! / 2) < 1e-3, `loc[${i}] = ${loc[i]} vs ${x[i]! / 2}`);
    assert.ok(Math.abs(scale[i]! - Math.SQRT1_2) < 1e-3, `scale[${i}] = ${scale[i]}`);
  }
});

test("gather of a vector node: out_k = x[i_k], and the gradient adds into x's adjoint at the indices (repeats add)", () => {
  const t = new Tape();
  const xs = t.variable(Float64Array.of(1, 2, 3, 4));
  const ind = Int32Array.of(3, 0, 3);
  const g = gather(xs, ind);
  assert.ok(g instanceof Vec);
  assert.equal([...g.value], [4, 1, 4]);
  const w = Float64Array.of(10, 20, 30);
  const y = dot(g, w);
  t.backward(y as never);
  assert.equal([...t.gradOf(xs)], [20, 0, 0, 40]);
});

test("gather of a Float64Array is a plain Float64Array", () => {
  const out = gather(Float64Array.of(5, 6, 7), Int32Array.of(2, 2, 0));
  assert.ok(out instanceof Float64Array);
  assert.equal([...out], [7, 7, 5]);
});

test("gather checks its arguments: types (TypeError) and index range (RangeError naming the index)", () => {
  assert.throws(() => gather([1, 2] as never, Int32Array.of(0)), (e: unknown) => e instanceof TypeError && /gather: x must be a Float64Array or Vec/.test(String(e)));
  assert.throws(() => gather(Float64Array.of(1), [0] as never), (e: unknown) => e instanceof TypeError && /indices must be an Int32Array/.test(String(e)));
  assert.throws(() => gather(Float64Array.of(1, 2), Int32Array.of(0, 2)), (e: unknown) => e instanceof RangeError && /gather: indices\[1\] must be in \[0, 2\), got 2/.test(String(e)));
});

test("a plate's subsample must be distinct integers in [0, size): RangeError naming the plate and the index", () => {
  const cases: [number[], RegExp][] = [
    [[0, 5], /plate "g": subsample\[1\] must be an integer in \[0, 5\), got 5/],
    [[-1], /plate "g": subsample\[0\] must be an integer in \[0, 5\), got -1/],
    [[1, 2, 1], /plate "g": subsample\[2\] must be distinct from the indices before it, got 1/],
    [[0.5], /plate "g": subsample\[0\] must be an integer, got 0.5/],
  ];
  for (const [subsample, re] of cases) assert.throws(() => plate("g", 5, { subsample }, () => 0), (e: unknown) => e instanceof RangeError && re.test(String(e)));
  assert.throws(() => plate("g", 5, { subsample: ["a"] as never }, () => 0), TypeError);
});

test("a handler that hands a plate bad indices is caught too", () => {
  const bad = { process(msg: { type: string; value: unknown }) { if (msg.type === "plate") msg.value = Int32Array.of(0, 0); } };
  const run = (): unknown => plate("g", 5, { subsampleSize: 2 }, () => 0);
  assert.throws(() => withHandlerRun(bad, run), /plate "g": subsample\[1\] must be distinct/);
});

function withHandlerRun(h: object, fn: () => unknown): unknown {
  return withHandler(h as never, fn);
}

test.run();
