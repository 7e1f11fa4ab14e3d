// One assertion the contract tables share: a call throws an error of a given class whose message matches.
import * as assert from "uvu/assert";

/** Assert that f throws an error of class E whose message matches `pattern`; `what` names the case. */
export function throws(f: () => unknown, E: typeof RangeError | typeof TypeError, pattern: RegExp, what: string): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof E, `${what}: expected a ${E.name}, got ${String(caught)}`);
  assert.match((caught as Error).message, pattern, what);
}
