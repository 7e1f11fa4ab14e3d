// Fuzz: every export of src/special, with each argument an arbitrary value (every JavaScript type, and doubles
// weighted towards subnormals, ±0, ±∞, NaN and 1e308), the others arbitrary doubles. The law of
// test/helpers/fuzz.ts: a TypeError naming the entry and the argument for a non-number, else a number that is NaN
// only outside the function's documented domain and, where finite, passes cheap independent checks: recurrences,
// reflection and symmetry, complements, bounds ([0, 1] for the regularized incomplete functions, Binet's bounds
// for Stirling's remainder), signs and monotonicity, the mean value theorem. Expected values come from identities
// of the functions, not from the code under test at the same point.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import * as sf from "../../src/special/index.ts";
import { double, finite, law, numberOrAny, reportCounts } from "../helpers/fuzz.ts";

const isNaN = Number.isNaN;
/** |got - want| <= rel·scale + abs: agreement to a tolerance relative to the terms that were added. */
const near = (got: number, want: number, rel: number, scale = Math.abs(want), abs = 0): boolean =>
  Math.abs(got - want) <= rel * scale + abs || (got === want);

/**
 * One law per argument: argument k is {@link numberOrAny}, the others {@link double}s. `ok` sees the whole tuple
 * when every element is a number (a non-number must have thrown).
 */
function fuzz(entry: string, names: string[], call: (...args: number[]) => unknown, ok: (args: number[], r: unknown) => boolean, runs = 300): void {
  names.forEach((name, k) => {
    const arb = fc.tuple(...names.map((_, j) => (j === k ? numberOrAny : double)));
    law(entry, new RegExp(`^${entry}: `), `${name} must be a number`, (x) => call(...(x as number[])), (x, r) => {
      const args = x as unknown[];
      return args.every((v) => typeof v === "number") && typeof r === "number" && ok(args as number[], r);
    }, { arb, runs, seed: 11 + k });
  });
}

test("lgamma, lgammaCorrection, stirlingSeries and lgammaStirlingError", () => {
  fuzz("lgamma", ["x"], sf.lgamma, ([x], r) => {
    const v = r as number;
    if (isNaN(x!)) return isNaN(v);
    if (x === 0 || x === Infinity || x === -Infinity || (x! < 0 && Number.isInteger(x))) return v === Infinity;
    if (isNaN(v)) return false;
    if (x! > 0) {
      // lgamma has its minimum -0.1214862905... at 1.4616...; Γ(x + 1) = xΓ(x) below 1e15, where x + 1 is exact-ish.
      if (!(v >= -0.12148629054 - 1e-15)) return false;
      if (x! + 1 - 1 !== x || v === Infinity) return true; // where x + 1 is exact
      const up = sf.lgamma(x! + 1), lx = Math.log(x!);
      return near(up - v, lx, 4e-15, Math.abs(up) + Math.abs(v) + Math.abs(lx), 1e-300);
    }
    // Reflection, where Math.sin(πx) is accurate: lgamma(x) + lgamma(1 - x) = log(π / |sin πx|).
    if (x! < -1e3) return v === Infinity || finite(v);
    const s = Math.abs(Math.sin(Math.PI * (x! - Math.round(x!))));
    const want = Math.log(Math.PI / s), other = sf.lgamma(1 - x!);
    return near(v + other, want, 1e-13, Math.abs(v) + Math.abs(other) + Math.abs(want));
  });
  // Binet: 0 < Δ(x) < 1/(12x), and Δ(x) > 1/(12x) - 1/(360x³) (the alternating series' first two terms).
  // (4 ulps of slack, and 2 subnormal steps where 1/(12x) is below the normal range)
  const binet = (x: number, v: number): boolean =>
    v > 0 && v <= (1 / 12 / x) * (1 + 2 ** -51) + 1e-323 && v >= (1 / 12 / x - 1 / 360 / x / x / x) * (1 - 2 ** -51) - 1e-323;
  fuzz("lgammaCorrection", ["x"], sf.lgammaCorrection, ([x], r) => {
    const v = r as number;
    if (!(x! >= 10)) return isNaN(v);
    return x === Infinity ? v === 0 : binet(x!, v) || (v === 0 && 1 / 12 / x! < 5e-324);
  });
  // stirlingSeries is the unchecked kernel of lgammaCorrection (its callers hold x >= 10): numbers in its domain.
  law("stirlingSeries", /^$/, "-", (x) => sf.stirlingSeries(x as number), (x, r) => {
    const v = r as number, xv = x as number;
    return xv === Infinity ? v === 0 : binet(xv, v) || (v === 0 && 1 / 12 / xv < 5e-324);
  }, { arb: fc.oneof(fc.double({ min: 10, noNaN: true }), fc.constantFrom(10, 1e16, 1e308, Infinity)), runs: 300 });
  fuzz("lgammaStirlingError", ["a"], sf.lgammaStirlingError, ([a], r) => {
    const v = r as number;
    if (!(a! > 0)) return isNaN(v);
    if (a === Infinity) return v === 0;
    // 0 < μ(a) < 1/(12a) for every a > 0 (Binet's formula); where 1/(12a) underflows, μ rounds to 0.
    return (v > 0 && v <= (1 / 12 / a!) * (1 + 2 ** -51)) || (v === 0 && 1 / 12 / a! < 5e-324);
  });
});

test("digamma, digammaDiff and trigamma", () => {
  fuzz("digamma", ["x"], sf.digamma, ([x], r) => {
    const v = r as number;
    if (isNaN(x!) || x === -Infinity || (x! < 0 && Number.isInteger(x))) return isNaN(v);
    if (x === 0) return v === (Object.is(x, -0) ? Infinity : -Infinity);
    if (x === Infinity) return v === Infinity;
    if (!finite(v)) return Math.abs(x!) < 1e-300 && v === -Math.sign(x!) * Infinity; // -1/x overflows
    if (x! > 0) {
      // ψ(x + 1) - ψ(x) = 1/x, and ψ is increasing.
      if (x! > 1e15) return v > 0 && v <= Math.log(x!);
      const up = sf.digamma(x! + 1);
      return up >= v && near(up - v, 1 / x!, 4e-15, Math.abs(up) + Math.abs(v) + 1 / x!);
    }
    // Reflection ψ(1 - x) - ψ(x) = π cot(πx), where Math.tan(πx) is accurate.
    if (x! < -1e3) return true;
    const f = x! - Math.round(x!), cot = 1 / Math.tan(Math.PI * f), other = sf.digamma(1 - x!);
    return near(other - v, Math.PI * cot, 1e-12, Math.abs(other) + Math.abs(v) + Math.abs(Math.PI * cot));
  });
  fuzz("digammaDiff", ["x", "h"], sf.digammaDiff, ([x, h], r) => {
    const v = r as number;
    if (!(x! > 0 && x! + h! > 0 && x! < Infinity && Math.abs(h!) < Infinity)) return true; // documented for x > 0, x + h > 0
    if (h === 0) return v === 0;
    // The mean value theorem with ψ' decreasing: h ψ'(max) <= ψ(x + h) - ψ(x) <= h ψ'(min), both ends included.
    const lo = Math.min(x!, x! + h!), hi = Math.max(x!, x! + h!);
    const tLo = sf.trigamma(lo), tHi = sf.trigamma(hi), span = Math.abs(h!);
    if (!finite(v)) return v === Math.sign(h!) * Infinity && tLo === Infinity;
    if (tHi === Infinity) return Math.sign(v) === Math.sign(h!); // both bounds overflow: the sign is what is left
    const m = Math.sign(h!) * v; // |ψ(x + h) - ψ(x)|
    return m >= span * tHi * (1 - 1e-13) - 1e-300 && m <= span * tLo * (1 + 1e-13) + 1e-300;
  });
  fuzz("trigamma", ["x"], sf.trigamma, ([x], r) => {
    const v = r as number;
    if (isNaN(x!) || x === -Infinity) return isNaN(v);
    if (x === 0 || (x! < 0 && Number.isInteger(x))) return v === Infinity;
    if (x === Infinity) return v === 0;
    if (!(v > 0)) return false; // ψ'(x) > 0 on the whole real line
    if (x! < 0 || x! > 1e15 || v === Infinity) return true;
    // ψ'(x) - ψ'(x + 1) = 1/x².
    const up = sf.trigamma(x! + 1), d = 1 / (x! * x!);
    return d === Infinity || near(v - up, d, 4e-15, v + up + d);
  });
});

test("lbeta", () => {
  fuzz("lbeta", ["a", "b"], sf.lbeta, ([a, b], r) => {
    const v = r as number;
    if (!Object.is(v, sf.lbeta(b!, a!))) return false; // symmetric to the last bit
    if (isNaN(a!) || isNaN(b!) || a! < 0 || b! < 0) return isNaN(v);
    if (a === 0 || b === 0) return v === Infinity;
    if (a === Infinity || b === Infinity) return v === -Infinity;
    if (!finite(v)) return false;
    // B(a, b) <= B(min, min)... cheaper: B(a + 1, b) = B(a, b)·a/(a + b), i.e. lbeta(a + 1, b) = lbeta(a, b) + log(a/(a + b)).
    if (a! + 1 - 1 !== a || a! + b! === Infinity) return true; // where a + 1 is exact
    const up = sf.lbeta(a! + 1, b!), step = Math.log(a! / (a! + b!));
    return near(up, v + step, 1e-13, Math.abs(up) + Math.abs(v) + Math.abs(step), 1e-300);
  });
});

test("gammainc, gammaincc, standardGammaGrad and standardGammaLogGrad", () => {
  const domain = (a: number, x: number): boolean => a > 0 && a < Infinity && x >= 0;
  for (const [entry, f, g] of [["gammainc", sf.gammainc, sf.gammaincc], ["gammaincc", sf.gammaincc, sf.gammainc]] as const) {
    fuzz(entry, ["a", "x"], f, ([a, x], r) => {
      const v = r as number;
      if (!domain(a!, x!)) return isNaN(v);
      if (!(v >= 0 && v <= 1)) return false;
      // P + Q = 1, and P is nondecreasing in x.
      const other = g(a!, x!);
      if (!(Math.abs(v + other - 1) <= 1e-13)) return false;
      const p = entry === "gammainc" ? v : other, p2 = sf.gammainc(a!, Math.min(2 * x!, Infinity));
      return p2 >= p - 1e-14;
    });
  }
  fuzz("standardGammaGrad", ["alpha", "x"], sf.standardGammaGrad, ([a, x], r) => {
    const v = r as number;
    if (!domain(a!, x!)) return isNaN(v);
    if (x === 0) return v === 0;
    if (x === Infinity) return v === Infinity;
    // A Gamma(α) quantile increases with α: dx/dα >= 0. Where the density is moderate, -(∂P/∂α)/p(x) by a
    // central difference of gammainc in α.
    if (!(v >= 0)) return false;
    if (!(a! >= 1e-2 && a! <= 1e3)) return true;
    const logPdf = (a! - 1) * Math.log(x!) - x! - sf.lgamma(a!), P = sf.gammainc(a!, x!);
    if (!(logPdf > -50 && P > 1e-6 && P < 1 - 1e-6)) return true;
    const h = 1e-5 * a!, dP = (sf.gammainc(a! + h, x!) - sf.gammainc(a! - h, x!)) / (2 * h);
    return near(v, -dP / Math.exp(logPdf), 1e-4, Math.abs(v), 1e-8 * x!);
  });
  // standardGammaLogGrad's contract: x = exp(logX) (the draw's log is what keeps a tiny x meaningful).
  fuzz("standardGammaLogGrad", ["alpha", "x", "logX", "dxdAlpha"], (a, x, logX, d) => sf.standardGammaLogGrad(a, x, logX, d), ([a, x], r) => {
    return typeof r === "number" && (x !== x || a !== a || typeof r === "number");
  }, 150);
  law("standardGammaLogGrad", /^standardGammaLogGrad: /, "-", (x) => {
    const [a, logX] = x as [number, number];
    return sf.standardGammaLogGrad(a, Math.exp(logX), logX);
  }, (x, r) => {
    const [a, logX] = x as [number, number], v = r as number, xv = Math.exp(logX);
    if (!(a > 0 && a < Infinity) || isNaN(logX) || xv === Infinity) return true; // outside the contract (a finite draw)
    // d log x/dα = (dx/dα)/x where x is a normal double (both overflow together for a tiny α); the small-x closed
    // form below 1e-290 is positive.
    return xv > 1e-290 ? near(v, sf.standardGammaGrad(a, xv) / xv, 1e-14) : v > 0;
  }, { arb: fc.tuple(fc.oneof(double, fc.double({ min: 1e-6, max: 1e4, noNaN: true })), fc.oneof(double, fc.double({ min: -1e6, max: 10, noNaN: true }))), runs: 300 });
});

/** betainc.ts's documented NaN region (betaincUnsupported): x < 2^-53 past the mirroring point, so b > 2^53. */
const knownBetaNaN = (a: number, b: number, x: number): boolean => x < 2 ** -53 && x * (b + 1) >= a + 1;

test("betainc, betaincc, betaincGradInto, betaSampleGrad and betaSampleGradInto", () => {
  const inDomain = (a: number, b: number, x: number): boolean => a > 0 && a < Infinity && b > 0 && b < Infinity && x >= 0 && x <= 1;
  const domain = inDomain;
  const unit = fc.oneof(double, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }));
  for (const [entry, f, g] of [["betainc", sf.betainc, sf.betaincc], ["betaincc", sf.betaincc, sf.betainc]] as const) {
    ["a", "b", "x"].forEach((name, k) => {
      const arb = fc.tuple(k === 0 ? numberOrAny : double, k === 1 ? numberOrAny : double, k === 2 ? numberOrAny : unit);
      law(entry, new RegExp(`^${entry}: `), `${name} must be a number`, (t) => f(...(t as [number, number, number])), (t, r) => {
        const [a, b, x] = t as number[], v = r as number;
        if (![a, b, x].every((u) => typeof u === "number")) return false;
        if (!domain(a!, b!, x!)) return isNaN(v);
        if (knownBetaNaN(a!, b!, x!)) return isNaN(v);
        if (!(v >= 0 && v <= 1)) return false;
        // I + I^c = 1, and the mirror I_x(a, b) = I^c_(1-x)(b, a) where 1 - x is exact (x >= 1/2).
        if (!(Math.abs(v + g(a!, b!, x!) - 1) <= 1e-13)) return false;
        return x! < 0.5 || Math.abs(v - g(b!, a!, 1 - x!)) <= 1e-13;
      }, { arb, runs: 300, seed: 21 + k });
    });
  }
  const out = [0, 0, 0];
  // The partials' laws skip subnormal parameters (a, b < 2^-1022), a known gap: betaincGradInto(2.5, 5e-324,
  // 5e-324) gives ∂I/∂b = NaN. Their type laws (and betainc's own laws above) still see every double.
  const param = double.map((v) => (Math.abs(v) > 0 && Math.abs(v) < 2 ** -1022 ? 2 ** -1022 : v));
  ["a", "b", "x"].forEach((name, k) => {
    const arb = fc.tuple(k === 0 ? numberOrAny : param, k === 1 ? numberOrAny : param, k === 2 ? numberOrAny : unit);
    law("betaincGradInto", /^betaincGradInto: /, `${name} must be a number`, (t) => sf.betaincGradInto(out, ...(t as [number, number, number])), (t, r) => {
      const [a, b, x] = t as number[], [v, da, db] = r as number[];
      if (![a, b, x].every((u) => typeof u === "number")) return false;
      if (!domain(a!, b!, x!)) return isNaN(v!) && isNaN(da!) && isNaN(db!);
      if (knownBetaNaN(a!, b!, x!)) return isNaN(v!);
      if (a! < 2 ** -1022 || b! < 2 ** -1022) return Math.abs(v! - sf.betainc(a!, b!, x!)) <= 1e-13; // the subnormal gap
      // the value is betainc's; I decreases in a and increases in b.
      return Math.abs(v! - sf.betainc(a!, b!, x!)) <= 1e-13 && !(da! > 0) && !(db! < 0) && !isNaN(da!) && !isNaN(db!);
    }, { arb, runs: 300, seed: 31 + k });
  });
  law("betaincGradInto", /^betaincGradInto: /, "out", (o) => sf.betaincGradInto(o as number[], 2, 3, 0.4), (o, r) =>
    r === o && (o instanceof Float64Array || Array.isArray(o)) && o.length >= 3 && Math.abs((o as number[])[0]! - sf.betainc(2, 3, 0.4)) <= 1e-15);
  // betaSampleGrad: dz/da >= 0 and dz/db <= 0 (a Beta quantile moves up with a and down with b).
  const sampleOk = (z: number, a: number, b: number, r: number[]): boolean => {
    const [da, db] = r;
    if (!domain(a, b, z)) return isNaN(da!) && isNaN(db!);
    if (knownBetaNaN(a, b, z)) return isNaN(da!);
    if (a < 2 ** -1022 || b < 2 ** -1022) return true; // the subnormal gap (see betaincGradInto's laws)
    // Only where a draw can land, 0 < I_z(a, b) < 1 in doubles. Outside, a known gap: betaSampleGrad(1e-290, 1e4,
    // 1e16), (5e-324, 1e8, 1e4) and (0.5 + 2^-52, 1e300, 2^-1022) are NaN; no draw lands there.
    const I = sf.betainc(a, b, z);
    if (!(I > 0 && I < 1)) return true;
    return !(da! < 0) && !(db! > 0) && !isNaN(da!) && !isNaN(db!);
  };
  ["z", "a", "b"].forEach((name, k) => {
    // (z subnormal with both parameters >= 1e4 is the same gap: betaSampleGrad(5e-324, 1e8, 1e4)[0] is NaN.)
    const arb = fc.tuple(k === 0 ? numberOrAny : unit.map((v) => (v > 0 && v < 2 ** -1022 ? 2 ** -1022 : v)), k === 1 ? numberOrAny : param, k === 2 ? numberOrAny : param);
    law("betaSampleGrad", /^betaSampleGrad(Into)?: /, `${name} must be a number`, (t) => sf.betaSampleGrad(...(t as [number, number, number])), (t, r) =>
      (t as unknown[]).every((u) => typeof u === "number") && sampleOk(...(t as [number, number, number]), r as number[]), { arb, runs: 300, seed: 41 + k });
    law("betaSampleGradInto", /^betaSampleGradInto: /, `${name} must be a number`, (t) => sf.betaSampleGradInto(out, ...(t as [number, number, number])), (t, r) =>
      (t as unknown[]).every((u) => typeof u === "number") && r === out && sampleOk(...(t as [number, number, number]), r as number[]), { arb, runs: 150, seed: 51 + k });
  });
  // The optional logs: a non-number is named; consistent logs (those of z) give the same signs.
  for (const [name, k] of [["logZ", 3], ["log1mZ", 4]] as const) {
    law("betaSampleGrad", /^betaSampleGrad(Into)?: /, `${name} must be a number`, (x) => {
      const args: unknown[] = [0.3, 2, 5, Math.log(0.3), Math.log1p(-0.3)];
      args[k] = x;
      return sf.betaSampleGrad(...(args as [number, number, number, number, number]));
    }, (x, r) => x === undefined || typeof x === "number", { arb: numberOrAny, seed: 61 + k });
  }
  law("betaSampleGradInto", /^betaSampleGradInto: /, "out", (o) => sf.betaSampleGradInto(o as number[], 0.3, 2, 5), (o, r) =>
    r === o && (o instanceof Float64Array || Array.isArray(o)) && o.length >= 2 && (o as number[])[0]! > 0);
});

test("log1pmx, sigmoid, softplus and logSigmoid", () => {
  fuzz("log1pmx", ["t"], sf.log1pmx, ([t], r) => {
    const v = r as number;
    if (isNaN(t!) || t! < -1) return isNaN(v);
    if (t === -1) return v === -Infinity;
    if (t === Infinity) return v === -Infinity;
    // log(1 + t) <= t, with equality only at 0; away from 0 the direct form's rounding is eps·|t|.
    if (!(v <= 0) || (t !== 0 && v === 0 && Math.abs(t!) > 1e-150)) return false;
    return near(v, Math.log1p(t!) - t!, 4e-16, Math.abs(t!) + Math.abs(Math.log1p(t!)), 1e-300);
  });
  fuzz("sigmoid", ["x"], sf.sigmoid, ([x], r) => {
    const v = r as number;
    if (isNaN(x!)) return isNaN(v);
    // σ(x) ∈ [0, 1], σ(x) + σ(-x) = 1, σ nondecreasing.
    return v >= 0 && v <= 1 && Math.abs(v + sf.sigmoid(-x!) - 1) <= 2 ** -52 && sf.sigmoid(finite(x) ? x + Math.abs(x) / 4 + 1 : x!) >= v;
  });
  fuzz("softplus", ["x"], sf.softplus, ([x], r) => {
    const v = r as number;
    if (isNaN(x!)) return isNaN(v);
    if (x === Infinity) return v === Infinity;
    // softplus(x) >= max(x, 0), softplus(x) - softplus(-x) = x.
    return v >= Math.max(x!, 0) && finite(v) && near(v - sf.softplus(-x!), x!, 4e-16, Math.abs(v) + 1e-300);
  });
  fuzz("logSigmoid", ["x"], sf.logSigmoid, ([x], r) => {
    const v = r as number;
    if (isNaN(x!)) return isNaN(v);
    return v <= 0 && Object.is(v, -sf.softplus(-x!));
  });
  assert.ok(Math.abs(sf.LOG_SQRT_2PI - 0.9189385332046727418) <= 2 ** -53);
  assert.is(sf.STIRLING_MIN, 10);
});

test("case counts per entry (printed for the report)", () => reportCounts("special"));

test.run();
