// The generator against the independent Python transcription (test/fixtures/rng.json, written by
// scripts/fixtures_rng.py), the published xoshiro256** vector, state round trips, and uniform moments.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { createRng, jump, restoreRng, uint64, uniform, type RngState } from "../../src/random/index.ts";

interface Case {
  seed: number;
  state: number[];
  raw: string[];
  uniform: number[];
  uniformOpen: number[];
  uint32: number[];
  afterJump: string[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/rng.json", import.meta.url), "utf8")) as {
  reference: { state: number[]; raw: string[] };
  cases: Case[];
};

const hex = (x: bigint): string => x.toString(16).padStart(16, "0");
const MASK64 = (1n << 64n) - 1n;

test("the published xoshiro256** vector from state {1, 2, 3, 4} is reproduced", () => {
  const rng = restoreRng({ kind: "xoshiro256**", s: fixture.reference.state });
  assert.equal(fixture.reference.raw.map(() => hex(uint64(rng))), fixture.reference.raw);
  // The first outputs as published (decimal), independent of the fixture file.
  const again = restoreRng({ kind: "xoshiro256**", s: [0, 1, 0, 2, 0, 3, 0, 4] });
  assert.equal([uint64(again), uint64(again), uint64(again), uint64(again)], [11520n, 0n, 1509978240n, 1215971899390074240n]);
});

test("fixture seeds include 0, 1, 42, negative seeds and the safe-integer extremes", () => {
  const seeds = fixture.cases.map((c) => c.seed);
  for (const s of [0, 1, 42, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) assert.ok(seeds.includes(s), `seed ${s}`);
});

for (const c of fixture.cases) {
  test(`seed ${c.seed}: SplitMix64 seeding gives the Python transcription's state`, () => {
    assert.equal(createRng(c.seed).getState(), { kind: "xoshiro256**", s: c.state });
  });

  test(`seed ${c.seed}: the first 10 raw 64-bit outputs match the Python transcription`, () => {
    const rng = createRng(c.seed);
    assert.equal(c.raw.map(() => hex(uint64(rng))), c.raw);
  });

  test(`seed ${c.seed}: the first 10 uniforms, open uniforms and uint32s match bit for bit`, () => {
    const u = createRng(c.seed);
    const o = createRng(c.seed);
    const w = createRng(c.seed);
    for (let i = 0; i < 10; i++) {
      assert.is(u.uniform(), c.uniform[i]);
      assert.is(o.uniformOpen(), c.uniformOpen[i]);
      assert.is(w.uint32(), c.uint32[i]);
    }
  });

  test(`seed ${c.seed}: jump(rng) continues as the reference jump does`, () => {
    const rng = createRng(c.seed);
    assert.is(jump(rng), rng);
    assert.equal(c.afterJump.map(() => hex(uint64(rng))), c.afterJump);
  });
}

test("uniform is the top 53 bits of the raw output times 2^-53, for any seed", () => {
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.nat(50), (seed, skip) => {
      const a = createRng(seed);
      for (let i = 0; i < skip; i++) a.uint32();
      const b = a.clone();
      const c = a.clone();
      const raw = uint64(a);
      assert.is(b.uniform(), Number(raw >> 11n) * 2 ** -53);
      assert.is(c.uniformOpen(), (Number(raw >> 12n) + 0.5) * 2 ** -52);
    }),
  );
});

test("a raw output of 0 gives uniform() = 0 and uniformOpen() = 2^-53", () => {
  // From state {1, 2, 3, 4} the second output is 0 (the published vector).
  const u = restoreRng({ kind: "xoshiro256**", s: [0, 1, 0, 2, 0, 3, 0, 4] });
  const o = u.clone();
  u.uniform();
  o.uniformOpen();
  assert.is(u.uniform(), 0);
  assert.is(o.uniformOpen(), 2 ** -53);
});

test("a raw output of 2^64 - 1 gives uniform() = uniformOpen() = 1 - 2^-53 < 1", () => {
  // Invert the scrambler rotl(s1 * 5, 7) * 9 = 2^64 - 1 for s1 (5 and 9 are odd, so invertible mod 2^64).
  const inv = (a: bigint): bigint => {
    let x = 1n;
    for (let i = 0; i < 7; i++) x = (x * (2n - a * x)) & MASK64; // Newton: doubles the correct low bits
    return x;
  };
  const r = (MASK64 * inv(9n)) & MASK64;
  const s1 = ((((r >> 7n) | (r << 57n)) & MASK64) * inv(5n)) & MASK64;
  const s: RngState = { kind: "xoshiro256**", s: [0, 0, Number(s1 >> 32n), Number(s1 & 0xffffffffn), 0, 0, 0, 0] };
  assert.is(uint64(restoreRng(s)), MASK64);
  assert.is(restoreRng(s).uniform(), 1 - 2 ** -53);
  assert.is(restoreRng(s).uniformOpen(), 1 - 2 ** -53);
  assert.is(restoreRng(s).uint32(), 2 ** 32 - 1);
});

test("getState/restoreRng round-trips through JSON and continues the same sequence", () => {
  fc.assert(
    fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.nat(100), (seed, skip) => {
      const rng = createRng(seed);
      for (let i = 0; i < skip; i++) rng.uniform();
      const state = JSON.parse(JSON.stringify(rng.getState())) as RngState;
      const copy = restoreRng(state);
      for (let i = 0; i < 20; i++) assert.is(copy.uniform(), rng.uniform());
      assert.equal(copy.getState(), rng.getState());
    }),
  );
});

test("getState is a plain object of 8 uint32 numbers, not a live view", () => {
  const rng = createRng(7);
  const st = rng.getState();
  assert.is(Object.getPrototypeOf(st), Object.prototype);
  assert.is(st.s.length, 8);
  for (const w of st.s) assert.ok(Number.isInteger(w) && w >= 0 && w < 2 ** 32);
  rng.uniform();
  assert.not.equal(rng.getState(), st);
});

test("clone() is independent: advancing the clone leaves the original alone", () => {
  const a = createRng(3);
  const b = a.clone();
  const first = b.uniform();
  b.uniform();
  assert.is(a.uniform(), first);
});

test("copyFrom moves a generator to another's position, and the two then run independently", () => {
  const a = createRng(3), b = createRng(99);
  for (let i = 0; i < 5; i++) a.uniform();
  b.copyFrom(a);
  const fromA = [a.uniform(), a.uint32(), a.uniformOpen()];
  const fromB = [b.uniform(), b.uint32(), b.uniformOpen()];
  assert.equal(fromB, fromA);
  assert.equal(b.getState(), a.getState());
  b.uniform();
  assert.not.equal(b.getState(), a.getState());
});

test("restoreRng rejects malformed states", () => {
  const good = createRng(1).getState();
  const bad: unknown[] = [
    null,
    undefined,
    42,
    "xoshiro256**",
    {},
    { ...good, kind: "xoshiro256+" },
    { kind: "xoshiro256**" },
    { ...good, s: good.s.slice(0, 7) },
    { ...good, s: [...good.s, 0] },
    { ...good, s: [...good.s.slice(0, 7), -1] },
    { ...good, s: [...good.s.slice(0, 7), 2 ** 32] },
    { ...good, s: [...good.s.slice(0, 7), 1.5] },
    { ...good, s: [...good.s.slice(0, 7), NaN] },
    { ...good, s: [...good.s.slice(0, 7), "1"] },
    { ...good, s: new Uint32Array(good.s) },
    { kind: "xoshiro256**", s: [0, 0, 0, 0, 0, 0, 0, 0] },
  ];
  for (const s of bad) assert.throws(() => restoreRng(s as RngState), undefined, JSON.stringify(s));
});

test("createRng rejects seeds that are not safe integers", () => {
  for (const s of [0.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53)]) {
    assert.throws(() => createRng(s), (e: unknown) => e instanceof RangeError && /seed/.test(String(e)));
  }
});

test("different seeds give different streams, including seed and -seed", () => {
  const firsts = new Set<string>();
  for (let s = -50; s <= 50; s++) firsts.add(hex(uint64(createRng(s))));
  assert.is(firsts.size, 101);
});

test("uniform draws lie in [0, 1) and uniformOpen draws in (0, 1)", () => {
  const rng = createRng(11);
  for (let i = 0; i < 200_000; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    const o = rng.uniformOpen();
    assert.ok(o > 0 && o < 1);
  }
});

test("uniform mean and variance are 1/2 and 1/12 within 4 standard errors", () => {
  const n = 1_000_000;
  const rng = createRng(2024);
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    s += u;
    s2 += (u - 0.5) ** 2;
  }
  const mean = s / n;
  const variance = s2 / n;
  assert.ok(Math.abs(mean - 0.5) < 4 * Math.sqrt(1 / 12 / n), `mean ${mean}`);
  // Var((U - 1/2)^2) = 1/80 - 1/144 = 1/180.
  assert.ok(Math.abs(variance - 1 / 12) < 4 * Math.sqrt(1 / 180 / n), `variance ${variance}`);
});

test("uint32 draws fill 16 equal buckets evenly (chi-square, 15 df, below the 0.999 quantile 37.7)", () => {
  const n = 160_000;
  const counts = new Array<number>(16).fill(0);
  const rng = createRng(5);
  for (let i = 0; i < n; i++) counts[rng.uint32() >>> 28]!++;
  const e = n / 16;
  const chi2 = counts.reduce((acc, c) => acc + (c - e) ** 2 / e, 0);
  assert.ok(chi2 < 37.7, `chi2 ${chi2}`);
});

test("uniform(rng, lo, hi) stays in [lo, hi) and validates its bounds", () => {
  const rng = createRng(9);
  for (let i = 0; i < 10_000; i++) {
    const x = uniform(rng, -3, 5);
    assert.ok(x >= -3 && x < 5);
  }
  // The last pair: both ends finite, but hi - lo overflows to Infinity, so lo + (hi - lo) U would not be in [lo, hi).
  for (const [lo, hi] of [[1, 1], [2, 1], [NaN, 1], [0, Infinity], [-Infinity, 0], [-1e308, 1e308]] as const) {
    assert.throws(() => uniform(rng, lo, hi), (e: unknown) => e instanceof RangeError);
  }
});

test.run();
