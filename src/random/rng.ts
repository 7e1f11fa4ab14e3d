// The pseudo-random generator every sampler takes as an explicit argument: xoshiro256** seeded by SplitMix64.
// The engine is computed on 32-bit halves, so drawing needs no BigInt (seeding uses it) and gives the same
// stream on every platform.
// Called by normal.ts, gamma.ts, beta.ts, bernoulli.ts and, above them, distributions/ and infer/.
// Read normal.ts next; test/random/rng.test.ts checks the stream against scripts/fixtures_rng.py.
import { check, checkNumber, checkType, message } from "../check.ts";

/** A JSON-serializable snapshot of an {@link Rng}: the four 64-bit state words as [hi, lo] uint32 pairs. */
export interface RngState {
  kind: "xoshiro256**";
  /** [s0 hi, s0 lo, s1 hi, s1 lo, s2 hi, s2 lo, s3 hi, s3 lo], each an integer in [0, 2^32); not all zero. */
  s: number[];
}

const KIND = "xoshiro256**";
/**
 * xoshiro256starstar.c's jump polynomial as one 256-bit number: its four uint64 constants JUMP[0..3] with JUMP[i]
 * at bits 64i..64i+63, so bit k is the k-th bit the reference consumes (it loops `b` from 0 to 63 over each
 * uint64 in turn). jump(rng) advances the stream by 2^128 draws.
 */
const JUMP = 0x39abdc4529b1661c_a9582618e03fc9aa_d5a61266f0c9392c_180ec6d33cfd0aban;

/**
 * xoshiro256** 1.0: a 256-bit xor/shift/rotate linear engine with the `**` scrambler
 * `rotl(s1 * 5, 7) * 9`; period 2^256 - 1; its authors report it passes BigCrush and PractRand.
 *
 * Method: the four 64-bit words live in eight int32 fields (hi, lo) so that every step is a handful of 32-bit
 * shifts, xors and two exact double multiplications (a uint32 times 5 or 9 stays below 2^53); no BigInt and no
 * allocation (why fields and not an array: Performance notes at the end of this file).
 *
 * Source: D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47(4), 2021
 * (arXiv 2018); reference code xoshiro256starstar.c, prng.di.unimi.it.
 */
export class Rng {
  private h0 = 0;
  private l0 = 0;
  private h1 = 0;
  private l1 = 0;
  private h2 = 0;
  private l2 = 0;
  private h3 = 0;
  private l3 = 0;
  /**
   * Low half of the latest output, set by uint32() for uniform, uniformOpen and uint64: scratch, not state
   * (getState and clone ignore it).
   */
  lo = 0;

  /**
   * A generator at the state words s (as getState's `s`), unchecked: make one with {@link createRng} or
   * {@link restoreRng}, which checks a state first.
   */
  constructor(s: readonly number[]) {
    this.load(s);
  }

  /** The state as a plain object; `restoreRng(JSON.parse(JSON.stringify(rng.getState())))` continues the stream. */
  getState(): RngState {
    return { kind: KIND, s: this.words().map((w) => w >>> 0) };
  }

  /** An independent copy at the same position of the stream. */
  clone(): Rng {
    return new Rng(this.words());
  }

  /**
   * Move this generator to where `other` is in the stream: clone() into an existing object, with no allocation
   * (SVI saves its generator this way before every step, and puts it back if the step fails).
   */
  copyFrom(other: Rng): this {
    checkType(other instanceof Rng, "other", "an Rng", other, "Rng.copyFrom");
    this.h0 = other.h0;
    this.l0 = other.l0;
    this.h1 = other.h1;
    this.l1 = other.l1;
    this.h2 = other.h2;
    this.l2 = other.l2;
    this.h3 = other.h3;
    this.l3 = other.l3;
    return this;
  }

  /**
   * An integer in [0, 2^32): the high half of the 64-bit output `rotl(s1 * 5, 7) * 9` (the scrambler makes every
   * bit usable). This is the generator's one step: it keeps the low half in `this.lo` for uniform, uniformOpen
   * and uint64, then advances the linear engine: t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
   * s3 = rotl(s3, 45).
   */
  uint32(): number {
    const h1 = this.h1, l1 = this.l1;
    // s1 * 5: the low word's product (< 2^35, exact as a double) carries into the high word.
    const m5 = (l1 >>> 0) * 5;
    const a5 = (Math.imul(h1, 5) + ((m5 * 2 ** -32) | 0)) | 0;
    const b5 = m5 | 0;
    // rotl 7, then * 9 the same way.
    const hr = (a5 << 7) | (b5 >>> 25);
    const m9 = (((b5 << 7) | (a5 >>> 25)) >>> 0) * 9;
    this.lo = m9 | 0;
    // Then the linear engine steps.
    const h2 = this.h2 ^ this.h0, l2 = this.l2 ^ this.l0;
    const h3 = this.h3 ^ h1, l3 = this.l3 ^ l1;
    this.h0 ^= h3;
    this.l0 ^= l3;
    this.h1 = h1 ^ h2;
    this.l1 = l1 ^ l2;
    this.h2 = h2 ^ ((h1 << 17) | (l1 >>> 15));
    this.l2 = l2 ^ (l1 << 17);
    // rotl by 45 = swap the halves (rotl 32), then rotl 13.
    this.h3 = (l3 << 13) | (h3 >>> 19);
    this.l3 = (h3 << 13) | (l3 >>> 19);
    return (Math.imul(hr, 9) + ((m9 * 2 ** -32) | 0)) >>> 0;
  }

  /** A double in [0, 1): the top 53 bits of the 64-bit output times 2^-53, i.e. `(x >>> 11) * 2 ** -53`. */
  uniform(): number {
    return (this.uint32() * 2 ** 21 + (this.lo >>> 11)) * 2 ** -53;
  }

  /**
   * A double in (0, 1), safe for `Math.log`: the top 52 bits plus one half, times 2^-52, i.e. the midpoints
   * `(k + 0.5) * 2 ** -52`, k = x >>> 12. The smallest value is 2^-53 and the largest 1 - 2^-53 (both exact).
   */
  uniformOpen(): number {
    return (this.uint32() * 2 ** 20 + (this.lo >>> 12) + 0.5) * 2 ** -52;
  }

  /** The state fields in order [h0, l0, h1, l1, h2, l2, h3, l3], as stored (int32). */
  private words(): number[] {
    return [this.h0, this.l0, this.h1, this.l1, this.h2, this.l2, this.h3, this.l3];
  }

  /**
   * Sets the state fields from [h0, l0, h1, l1, h2, l2, h3, l3] as int32 (`| 0`), the kind of number the engine's
   * xors store (see Performance notes).
   */
  private load(s: readonly number[]): void {
    this.h0 = s[0]! | 0;
    this.l0 = s[1]! | 0;
    this.h1 = s[2]! | 0;
    this.l1 = s[3]! | 0;
    this.h2 = s[4]! | 0;
    this.l2 = s[5]! | 0;
    this.h3 = s[6]! | 0;
    this.l3 = s[7]! | 0;
  }
}

/**
 * A generator seeded from a safe integer. The seed's 64-bit two's complement (0 -> 0x0, 1 -> 0x1,
 * -1 -> 0xFFFFFFFFFFFFFFFF; distinct safe integers give distinct 64-bit values) is the state of SplitMix64, whose
 * first four outputs become s0..s3: the seeding recommended by the xoshiro authors. The state is never all zero,
 * because SplitMix64's output function is a bijection applied to four distinct counters.
 *
 * The uniform stream is bit-identical on every platform (integer arithmetic and exact double products only).
 * Samplers that call Math.log / Math.exp (normal tails, gamma, beta) are bit-identical wherever V8 runs (it
 * ships its own fdlibm port); another engine's libm could differ in the last ulp.
 *
 * Source: S. Vigna, splitmix64.c (prng.di.unimi.it), after Steele, Lea & Flood, "Fast splittable pseudorandom
 * number generators", OOPSLA 2014.
 *
 * @throws TypeError unless seed is a number; RangeError unless it is a safe integer.
 *
 * @example
 * const rng = createRng(42);
 * const u = rng.uniform(); // 0.08386297105988216, on every platform
 */
export function createRng(seed: number): Rng {
  checkNumber(seed, "seed", "createRng");
  check(Number.isSafeInteger(seed), "seed", "a safe integer", seed, "createRng");
  // SplitMix64 (seeding only, so clarity over speed). Its state after i increments is seed + i * golden; the
  // mask takes it mod 2^64, which is also the two's complement of a negative seed.
  const mask = 2n ** 64n - 1n;
  let x = BigInt(seed);
  const s: number[] = [];
  for (let i = 0; i < 4; i++) {
    let z = (x += 0x9e3779b97f4a7c15n) & mask; // golden: the odd integer nearest 2^64 / golden ratio
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask;
    z ^= z >> 31n;
    s.push(Number(z >> 32n), Number(z & 0xffffffffn));
  }
  return new Rng(s);
}

/**
 * Rebuild a generator from {@link Rng.getState}'s output.
 * @throws TypeError when the state is not `{ kind: "xoshiro256**", s: [8 entries] }` (an array), RangeError when
 * an entry of s is not a uint32 or all are 0 (the all-zero state is the one fixed point of the linear engine: it
 * would emit zeros forever).
 */
export function restoreRng(state: RngState): Rng {
  const s = state?.s;
  const shaped = state?.kind === KIND && Array.isArray(s) && s.length === 8 && s.every((w) => typeof w === "number");
  // `w >>> 0 === w` holds exactly for the integers in [0, 2^32).
  if (!shaped || !s.every((w) => w >>> 0 === w) || !s.some((w) => w !== 0)) {
    const rule = shaped ? "8 uint32s, not all 0" : `an RngState { kind: "${KIND}", s: an Array of 8 numbers }`;
    const msg = message(shaped ? "state.s" : "state", rule, shaped ? s : state, "restoreRng");
    throw shaped ? new RangeError(msg) : new TypeError(msg);
  }
  return new Rng(s);
}

/**
 * The generator's next full 64-bit output as a bigint (one step, as uint32). For tests and interop only: the
 * samplers never call it. @throws TypeError unless rng is an Rng.
 */
export function uint64(rng: Rng): bigint {
  checkRng(rng, "uint64");
  return (BigInt(rng.uint32()) << 32n) | BigInt(rng.lo >>> 0); // uint32() runs first and sets rng.lo
}

/**
 * Advance rng by 2^128 draws in place (to split one seed into non-overlapping streams), and return it. The state
 * after the jump is the xor of the states s_k (k < 256) whose bit k of the jump polynomial is set
 * (xoshiro256starstar.c's `jump`). @throws TypeError unless rng is an Rng.
 */
export function jump(rng: Rng): Rng {
  checkRng(rng, "jump");
  const acc = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let k = 0n; k < 256n; k++) {
    if ((JUMP >> k) & 1n) {
      const s = rng.getState().s;
      for (let i = 0; i < 8; i++) acc[i]! ^= s[i]!;
    }
    rng.uint32(); // the output is not needed, only the engine's step
  }
  return rng.copyFrom(new Rng(acc));
}

/**
 * Throws the TypeError "<where>: rng must be an Rng (from createRng or restoreRng), got <value>" unless rng is an
 * Rng: the first check of every public sampler.
 */
export function checkRng(rng: unknown, where: string): asserts rng is Rng {
  checkType(rng instanceof Rng, "rng", "an Rng (from createRng or restoreRng)", rng, where);
}

/**
 * lo + (hi - lo) * U with U = rng.uniform(): uniform on [lo, hi) (rounding can reach hi when |lo| >> hi - lo).
 * @throws TypeError unless rng is an Rng and lo, hi are numbers; RangeError unless hi - lo is finite and > 0 (so
 * both ends are finite and the result too).
 */
export function uniform(rng: Rng, lo: number, hi: number): number {
  checkRng(rng, "uniform");
  checkNumber(lo, "lo", "uniform");
  checkNumber(hi, "hi", "uniform");
  const width = hi - lo;
  check(width > 0 && width < Infinity, "hi - lo", "finite and > 0", width, "uniform");
  return lo + width * rng.uniform();
}

// Performance notes (bench/random.bench.ts, V8 12). The state is eight int32 fields rather than an Int32Array:
// the array would be shorter code, but each draw was 5% slower and clone(), which SVI calls every step, 5 times
// slower (allocating a typed array is costly). The fields are initialized to 0 rather than declared bare: a bare
// field starts as `undefined`, V8 then generalizes its representation away from numbers, and every draw got about
// 20% slower (clone() twice as slow). load() stores int32 (`| 0`), the kind the xors produce, so each field keeps
// one representation: stored as given, uint32 halves of 2^31 and above made every draw 60% slower.
// restoreRng, uint64 and jump are functions rather than methods (Rng.fromState, rng.uint64(), rng.jump() before):
// a bundler keeps every method of a class it keeps, and a program that only draws then carried the state checks,
// the BigInt output and the jump polynomial (normal-normal: 11,171 -> 10,856 gzip bytes, `npm run size`).
