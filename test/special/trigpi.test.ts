// sinPi and cotPi, the exactly reduced sin(πx) and cot(πx) behind the reflection formulas: exact zeros, signs,
// and agreement with sin/cos of the reduced argument where Math.sin(Math.PI * x) would have drifted.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { cotPi, sinPi } from "../../src/special/trigpi.ts";
import { EPS } from "./fixture.ts";

test("sinPi is ±0 at every integer and ±1 at every half-integer", () => {
  for (const n of [0, 1, 2, 3, 7, 200, 2 ** 51 + 1, 2 ** 52, 2 ** 60]) {
    assert.is(sinPi(n), 0, `sinPi(${n})`);
    assert.is(sinPi(-n), -0, `sinPi(${-n})`);
  }
  for (const n of [0, 1, 2, 3, 200, 2 ** 50]) {
    const s = n % 2 === 0 ? 1 : -1;
    assert.is(sinPi(n + 0.5), s);
    assert.is(sinPi(-n - 0.5), -s);
  }
});

test("cotPi is 0 at every half-integer and infinite at every integer", () => {
  for (const n of [0, 1, 2, 199]) {
    assert.is(Math.abs(cotPi(n + 0.5)), 0);
    assert.is(Math.abs(cotPi(n)), Infinity);
  }
});

test("sinPi and cotPi are NaN for NaN and ±Infinity", () => {
  for (const x of [NaN, Infinity, -Infinity]) {
    assert.ok(Number.isNaN(sinPi(x)));
    assert.ok(Number.isNaN(cotPi(x)));
  }
});

test("sinPi(n + t) = ±sin(πt) to a few ulp for t in (-1/2, 1/2), with |n| up to 2^30", () => {
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), fc.integer({ min: -(2 ** 19), max: 2 ** 19 }), (n, k) => {
      const t = k / 2 ** 20; // n + t exact: 30 + 20 bits
      const want = (n % 2 === 0 ? 1 : -1) * Math.sin(Math.PI * t);
      return Math.abs(sinPi(n + t) - want) <= 4 * EPS * Math.abs(want);
    }),
    { numRuns: 3000 },
  );
});

test("cotPi(x) · tan(πx) = 1 to a few ulp where tan is evaluated on the reduced argument", () => {
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), fc.integer({ min: -(2 ** 18) + 1, max: 2 ** 18 - 1 }), (n, k) => {
      if (k === 0) return true;
      const t = k / 2 ** 20; // |t| < 1/4, n + t exact (30 + 20 bits)
      return Math.abs(cotPi(n + t) * Math.tan(Math.PI * t) - 1) <= 6 * EPS;
    }),
    { numRuns: 3000 },
  );
});

test.run();
