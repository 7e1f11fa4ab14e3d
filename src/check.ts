// Argument checks for every layer, with one message shape: "<where>: <name> must be <rule>, got <value>".
// A value of the wrong kind (a string where a number belongs, a number[] where a Float64Array does) is a TypeError
// that lists the accepted types; a value of the right kind outside its domain is a RangeError that states the
// domain. `where` names the site, parameter or class when there is one. Imports nothing, so special/ and random/
// may use it without reaching the tape.

/**
 * A short rendering of any value for an error message: numbers as JavaScript prints them (-0 as "-0"), strings
 * quoted, arrays and typed arrays by type and length ("Float64Array(3)"), nodes by class and value ("Var 0.5"), any
 * other object by class ("a Map"), functions as "a function".
 */
export function show(x: unknown): string {
  if (typeof x == "string") return JSON.stringify(x);
  if (typeof x == "function") return "a function";
  if (typeof x != "object" || !x) return Object.is(x, -0) ? "-0" : String(x);
  // A tape node (Var, Vec) has a value; an array or a typed array a length.
  const o = x as { value?: unknown; length?: number }, name = x.constructor?.name ?? "Object";
  return "value" in o ? `${name} ${show(o.value)}` : o.length! >= 0 ? `${name}(${o.length})` : `a ${name}`;
}

/** "<where>: <name> must be <rule>, got <value>": the one message every check below builds. */
export function message(name: string, rule: string, value: unknown, where?: string): string {
  return (where ? where + ": " : "") + name + " must be " + rule + ", got " + show(value);
}

/**
 * Throws the RangeError "<where>: <name> must be <rule>, got <value>" unless `ok`. Its strings are constants at
 * every call site, so a passing check builds no string: it may sit on a sampler's hot path.
 */
export function check(ok: boolean, name: string, rule: string, value: unknown, where?: string): void {
  if (!ok) throw new RangeError(message(name, rule, value, where));
}

/** Throws the TypeError "<where>: <name> must be <types>, got <value>" unless `ok`. */
export function checkType(ok: boolean, name: string, types: string, value: unknown, where?: string): void {
  if (!ok) throw new TypeError(message(name, types, value, where));
}

/** Throws a TypeError naming `name` unless x is a number (NaN and ±∞ are numbers: range checks come after). */
export function checkNumber(x: unknown, name: string, where?: string): asserts x is number {
  if (typeof x !== "number") throw new TypeError(message(name, "a number", x, where));
}

/** Throws a TypeError unless x is a number, then a RangeError unless it is finite and > 0. */
export function checkPositive(x: unknown, name: string, where?: string): asserts x is number {
  checkNumber(x, name, where);
  check(x > 0 && x < Infinity, name, "finite and > 0", x, where);
}

/** Throws a TypeError unless x is an integer-valued number, then a RangeError unless lo <= x <= hi. */
export function checkInteger(x: unknown, name: string, lo: number = 0, hi: number = Number.MAX_SAFE_INTEGER, where?: string): asserts x is number {
  checkNumber(x, name, where);
  check(Number.isInteger(x) && x >= lo && x <= hi, name, hi === Number.MAX_SAFE_INTEGER ? `an integer >= ${lo}` : `an integer in [${lo}, ${hi}]`, x, where);
}

// Performance notes. show and message travel in every bundle that checks an argument (vitape/special's lgamma alone
// carries them), so they are kept to what a reader of the message needs: a value's kind and size, not its
// contents. Concatenation with + minifies shorter than nested template literals.
