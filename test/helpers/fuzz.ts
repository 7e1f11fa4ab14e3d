// The fuzz suites' one law and one arbitrary (test/*/fuzz*.test.ts): arbitrary values of every JavaScript type
// thrown at one argument of one public entry. The call either returns a correct, finite answer (the caller's `ok`
// decides what correct means), or throws a TypeError or RangeError whose message starts with the entry and names
// the argument, and leaves the state it was given unchanged. Every run has a fixed seed; cases are counted per
// entry and printed with VITAPE_FUZZ_COUNTS=1 (for the issue's closing note).
import * as assert from "uvu/assert";
import fc from "fast-check";

/** Every kind of value: fast-check's anything (objects, arrays, strings, numbers, null, undefined...) and the rest. */
export const any: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withDate: true }),
  fc.constantFrom<unknown>(NaN, Infinity, -Infinity, -0, 0, 1, 2.5, -1, 1e308, Symbol("s"), 10n, () => 1, new Float64Array(0),
    Float64Array.of(NaN), Float64Array.of(1, 2), Int32Array.of(0, 1), [0.5], [], {}, null, undefined, "", "x", true, false),
  fc.float64Array({ maxLength: 4 }),
);

/**
 * Every double, weighted towards the awkward ones: subnormals, ±0, ±∞, NaN, 1e308 and the edges of [0, 1], beside
 * fast-check's own doubles (which cover every exponent).
 */
export const double: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, 5e-324, -5e-324, 1e-310, 2 ** -1022, 1e-300, 1e-16, 2 ** -53, 0.5, 1 - 2 ** -53, 1, 1 + 2 ** -52,
    2, 10, 20, 1e4, 1e8, 1e16, 1e300, 1e308, Number.MAX_VALUE, Infinity, -Infinity, NaN, -1, -0.5, -1e308),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: 1e-320, max: 1e-290, noNaN: true }),
);

/** A number or anything else: half doubles, half {@link any}. */
export const numberOrAny: fc.Arbitrary<unknown> = fc.oneof(double, any);

/** Cases run per entry and argument, by entry name. */
export const counts: Map<string, number> = new Map();
/** fast-check runs per law, unless one asks for more or fewer. */
export const RUNS = 150;

export interface LawOptions {
  /** The values thrown at the argument: {@link any} by default. */
  arb?: fc.Arbitrary<unknown>;
  /** The state (a string) that a throw must leave unchanged. */
  state?: () => string;
  seed?: number;
  runs?: number;
}

/**
 * For each value x: run(x) returns (then ok(x, result) must hold) or throws a TypeError/RangeError whose message
 * starts with `where` and contains `name`; state() (a string) is the same before and after a throw.
 * (The last two positional arguments are the infer fuzz's: its state and seed.)
 */
export function law(entry: string, where: RegExp, name: string | RegExp, run: (x: unknown) => unknown, ok: (x: unknown, r: unknown) => boolean,
  state: (() => string) | LawOptions = () => "", seedValue = 1): void {
  const o: LawOptions = typeof state === "function" ? { state, seed: seedValue } : state;
  const arb = o.arb ?? any, stateOf = o.state ?? (() => ""), runs = o.runs ?? RUNS;
  let cases = 0, reason = "";
  const trace = process.env["VITAPE_FUZZ_TRACE"];
  try {
    fc.assert(
      fc.property(arb, (x) => {
        cases++;
        if (trace) console.log(`  ${entry} ${safe(x)}`);
        const before = stateOf();
        let result: unknown;
        try {
          result = run(x);
        } catch (e) {
          const text = String((e as Error)?.message);
          const named = (e instanceof TypeError || e instanceof RangeError) && where.test(text) && (typeof name === "string" ? text.includes(name) : name.test(text));
          if (!named) reason = `${entry}(${name} = ${safe(x)}): ${e instanceof Error ? `${e.name}: ${e.message}` : safe(e)}`;
          else if (stateOf() !== before) reason = `${entry}(${name} = ${safe(x)}) changed the state`;
          else return true;
          return false;
        }
        try {
          if (ok(x, result)) return true;
          reason = `${entry}(${name} = ${safe(x)}) returned ${safe(result)}`;
        } catch (e) {
          reason = `${entry}(${name} = ${safe(x)}) returned, then its check threw ${String(e)}`;
        }
        return false;
      }),
      { numRuns: runs, seed: o.seed ?? 1 },
    );
  } catch (e) {
    throw new Error(`${reason || String((e as Error).cause ?? "")}\n${(e as Error).message}`);
  }
  counts.set(entry, (counts.get(entry) ?? 0) + cases);
}

/** A value as text for a failure message (JSON where it can be, with -0, NaN, ±∞ and bigints spelled out). */
export const safe = (x: unknown): string => {
  try {
    if (typeof x === "number") return Object.is(x, -0) ? "-0" : String(x);
    if (typeof x === "bigint" || typeof x === "symbol") return String(x);
    // Numbers JSON cannot spell (NaN, ±∞, -0) and bigints, as JavaScript prints them.
    const text = JSON.stringify(x, (_k, v: unknown) =>
      typeof v === "bigint" || (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))) ? `~${safe(v)}~`
        : ArrayBuffer.isView(v) && !(v instanceof DataView) ? `~${v.constructor.name}[${Array.from(v as unknown as ArrayLike<number | bigint>, safe).join(",")}]~` : v);
    return text === undefined ? String(x) : text.replace(/"~(.*?)~"/g, "$1");
  } catch {
    return Object.prototype.toString.call(x);
  }
};
export const isNum = (x: unknown): x is number => typeof x === "number";
export const finite = (x: unknown): x is number => isNum(x) && Number.isFinite(x);

/**
 * Asserts that some cases ran and prints the per-entry counts (and their total) when VITAPE_FUZZ_COUNTS is set,
 * then clears them: `npm test` runs every suite in one process, one file after the other, and entries of two
 * layers may share a name (lgamma, sigmoid).
 */
export function reportCounts(suite: string): void {
  const total = [...counts.values()].reduce((s, n) => s + n, 0);
  assert.ok(total > 0);
  if (process.env["VITAPE_FUZZ_COUNTS"]) console.log(JSON.stringify({ suite, ...Object.fromEntries(counts), total }));
  counts.clear();
}
