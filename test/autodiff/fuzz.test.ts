// Fuzz: every export of src/autodiff and src/autodiff/special, each argument an arbitrary value of any JavaScript
// type (test/helpers/fuzz.ts), or a fresh scalar or vector node, the other arguments valid. The law: a TypeError or
// RangeError that starts with the entry and names the argument, with the tape's size unchanged; or an answer that
// agrees with the plain kernel (Math.*, special/*) applied to the plain values, the node and its gradient included.
// Not fuzzed: Tape.push, pushBackward, take and check, the engine's unchecked internals that every op calls on its
// hot path (documented as such in tape.ts); misuse such as a stale node has its own tests (tape.test.ts).
import { test } from "uvu";
import fc from "fast-check";
import {
  Tape, Var, Vec, add, sub, mul, div, pow, xlogy, xlog1py, neg, square, sqrt, exp, expm1, log, log1p, sigmoid, logSigmoid,
  softplus, abs, mean, apply1, apply2, sum, dot, logSumExp, valueOf, fromPartials, vecNode, grad, valueAndGrad,
} from "../../src/autodiff/index.ts";
import { lgamma, digamma, lbeta } from "../../src/autodiff/special.ts";
import * as sf from "../../src/special/index.ts";
import { any, double, law, reportCounts } from "../helpers/fuzz.ts";

const tape = new Tape();
/** Nodes the harness itself made (operands beside the fuzzed one): the state is the tape's size without them. */
let made = 0;
const node = <T extends number | Float64Array>(v: T): T extends number ? Var : Vec => {
  made++;
  return tape.variable(v as never) as never;
};
const state = (): string => String(tape.size - made);

/** A node to be made at call time (a node made by the arbitrary would go stale when an earlier case rewinds). */
class NodeSpec {
  constructor(readonly value: number | Float64Array) {}
}
const nodeSpec = fc.oneof(double.map((v) => new NodeSpec(v)), fc.float64Array({ maxLength: 3 }).map((v) => new NodeSpec(v)));
/** Anything, a number, a Float64Array, or a node of either kind. */
const arg = fc.oneof(any, double, nodeSpec);
const make = (x: unknown): unknown => (x instanceof NodeSpec ? node(typeof x.value === "number" ? x.value : x.value.slice()) : x);
const plain = (x: unknown): unknown => (x instanceof NodeSpec ? x.value : x);
const isValue = (x: unknown): boolean => typeof x === "number" || x instanceof Float64Array || x instanceof NodeSpec;
const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** Whether r is f applied to the plain x (elementwise for a vector), as a node when x was one. */
function agrees(r: unknown, x: unknown, f: (v: number) => number): boolean {
  const p = plain(x), node = x instanceof NodeSpec;
  if (typeof p === "number") return node ? r instanceof Var && same(r.value, f(p)) : typeof r === "number" && same(r, f(p));
  const v = node ? (r instanceof Vec ? r.value : undefined) : r instanceof Float64Array ? r : undefined;
  return v !== undefined && v.length === (p as Float64Array).length && v.every((e, i) => same(e, f((p as Float64Array)[i]!)));
}

const unary: [string, (x: never) => unknown, (v: number) => number][] = [
  ["neg", neg, (v) => -v], ["square", square, (v) => v * v], ["sqrt", sqrt, Math.sqrt], ["exp", exp, Math.exp],
  ["expm1", expm1, Math.expm1], ["log", log, Math.log], ["log1p", log1p, Math.log1p], ["sigmoid", sigmoid, sf.sigmoid],
  ["logSigmoid", logSigmoid, sf.logSigmoid], ["softplus", softplus, sf.softplus], ["abs", abs, Math.abs],
  ["lgamma", lgamma, sf.lgamma], ["digamma", digamma, sf.digamma],
];
const binary: [string, (x: never, y: never) => unknown, (a: number, b: number) => number][] = [
  ["add", add, (a, b) => a + b], ["sub", sub, (a, b) => a - b], ["mul", mul, (a, b) => a * b], ["div", div, (a, b) => a / b],
  ["pow", pow, Math.pow], ["xlogy", xlogy, (a, b) => (a === 0 ? 0 : a * Math.log(b))],
  ["xlog1py", xlog1py, (a, b) => (a === 0 ? 0 : a * Math.log1p(b))], ["lbeta", lbeta, sf.lbeta],
];

test("the unary ops: x", () => {
  for (const [entry, op, f] of unary) {
    law(entry, new RegExp(`^${entry}: `), "x must be", (x) => op(make(x) as never), (x, r) => isValue(x) && agrees(r, x, f), { arb: arg, state });
  }
});

test("the binary ops: x and y beside a number, a scalar node and a vector node", () => {
  for (const [entry, op, f] of binary) {
    const where = new RegExp(`^${entry}: `);
    for (const [other, makeOther] of [["2", () => 2], ["Var", () => node(2)], ["Vec", () => node(Float64Array.of(1.5, 3))]] as const) {
      const o = (): unknown => makeOther();
      const otherPlain = other === "Vec" ? Float64Array.of(1.5, 3) : 2;
      const ok = (x: unknown, r: unknown, swap: boolean): boolean => {
        if (!isValue(x)) return false;
        const p = plain(x);
        const len = (v: unknown): number => (v instanceof Float64Array ? v.length : -1);
        if (len(p) >= 0 && len(otherPlain) >= 0 && len(p) !== len(otherPlain)) return false; // must have thrown
        const n = Math.max(len(p), len(otherPlain));
        const at = (v: unknown, i: number): number => (v instanceof Float64Array ? v[i]! : (v as number));
        const want = (i: number): number => (swap ? f(at(otherPlain, i), at(p, i)) : f(at(p, i), at(otherPlain, i)));
        const isNode = x instanceof NodeSpec || other !== "2";
        if (n < 0) return isNode ? r instanceof Var && same(r.value, want(0)) : typeof r === "number" && same(r, want(0));
        const v = isNode ? (r instanceof Vec ? r.value : undefined) : r instanceof Float64Array ? r : undefined;
        return v !== undefined && v.length === n && v.every((e, i) => same(e, want(i)));
      };
      law(entry, where, /\bx must be|y must be of length/, (x) => op(make(x) as never, o() as never), (x, r) => ok(x, r, false), { arb: arg, state });
      law(entry, where, /\by must be/, (x) => op(o() as never, make(x) as never), (x, r) => ok(x, r, true), { arb: arg, state });
    }
  }
});

test("sum, mean, dot, logSumExp and valueOf", () => {
  const vec = (x: unknown): Float64Array | undefined => {
    const p = plain(x);
    return p instanceof Float64Array ? p : undefined;
  };
  const total = (v: Float64Array): number => v.reduce((s, e) => s + e, 0);
  const scalarOk = (x: unknown, r: unknown, want: number): boolean =>
    x instanceof NodeSpec ? r instanceof Var && same(r.value, want) : typeof r === "number" && same(r, want);
  law("sum", /^sum: /, "x must be", (x) => sum(make(x) as never), (x, r) => vec(x) !== undefined && scalarOk(x, r, total(vec(x)!)), { arb: arg, state });
  law("mean", /^mean: /, "x must be", (x) => mean(make(x) as never), (x, r) => {
    const v = vec(x);
    if (!v) return false;
    const got = x instanceof NodeSpec ? (r as Var).value : (r as number);
    return same(got, total(v) * (1 / v.length));
  }, { arb: arg, state });
  law("logSumExp", /^logSumExp: /, "x must be", (x) => logSumExp(make(x) as never), (x, r) => {
    const v = vec(x);
    if (!v) return false;
    const got = x instanceof NodeSpec ? (r as Var).value : (r as number);
    const m = Math.max(...v);
    const want = v.length === 0 ? -Infinity : !Number.isFinite(m) ? (v.some(Number.isNaN) ? NaN : m) : m + Math.log(v.reduce((s, e) => s + Math.exp(e - m), 0));
    return same(got, want) || Math.abs(got - want) <= 1e-15 * Math.abs(want);
  }, { arb: arg, state });
  const y = Float64Array.of(0.5, -2);
  law("dot", /^dot: /, /\bx must be|y must be of length/, (x) => dot(make(x) as never, y), (x, r) => {
    const v = vec(x);
    return v !== undefined && v.length === 2 && scalarOk(x, r, v[0]! * 0.5 + v[1]! * -2);
  }, { arb: arg, state });
  law("dot", /^dot: /, /\by must be/, (x) => dot(y, make(x) as never), (x, r) => {
    const v = vec(x);
    return v !== undefined && v.length === 2 && scalarOk(x, r, 0.5 * v[0]! + -2 * v[1]!);
  }, { arb: arg, state });
  law("valueOf", /^valueOf: /, "x must be", (x) => valueOf(make(x) as never), (x, r) => {
    const p = plain(x);
    return isValue(x) && (typeof p === "number" ? Object.is(r, p) : r instanceof Float64Array && (x instanceof NodeSpec ? r.every((e, i) => Object.is(e, (p as Float64Array)[i])) : r === p));
  }, { arb: arg, state });
});

test("fromPartials and vecNode: every argument", () => {
  const names = ["value", "x1", "d1", "x2", "d2", "x3", "d3"];
  names.forEach((name, k) => {
    const operand = k % 2 === 1;
    law("fromPartials", /^fromPartials: /, `${name} must be`, (x) => {
      const args: unknown[] = [3, node(1), 2, 0, 0, 0, 0];
      args[k] = make(x);
      return (fromPartials as (...a: unknown[]) => unknown)(...args);
    }, (x, r) => {
      if (x === undefined && k >= 3) return r instanceof Var; // a default
      if (operand ? !(typeof x === "number" || (x instanceof NodeSpec && typeof x.value === "number")) : typeof x !== "number") return false;
      const value = k === 0 ? (x as number) : 3;
      // With no node operand left (x1 replaced by a number) the plain value comes back.
      return k === 1 && typeof x === "number" ? same(r as number, value) : r instanceof Var && same(r.value, value);
    }, { arb: arg, state });
  });
  law("vecNode", /^vecNode: /, "t must be", (x) => vecNode(x as Tape, new Float64Array(2)), (x, r) => x instanceof Tape && r instanceof Vec, { state });
  law("vecNode", /^vecNode: /, "value must be", (x) => vecNode(tape, x as Float64Array), (x, r) => x instanceof Float64Array && r instanceof Vec && r.value === x, { state });
});

test("apply1 and apply2: operands, kernels and loops", () => {
  const cube = (a: number): number => a * a * a, cubeD = (a: number): number => 3 * a * a;
  const times = (a: number, b: number): number => a * b, dx = (_a: number, b: number): number => b, dy = (a: number): number => a;
  law("apply1", /^apply1: /, "x must be", (x) => apply1(make(x) as never, cube, cubeD), (x, r) => isValue(x) && agrees(r, x, cube), { arb: arg, state });
  for (const [k, name] of ["f", "df", "loop"].entries()) {
    law("apply1", /^apply1: /, `${name} must be a function`, (x) => {
      const fs: unknown[] = [cube, cubeD, undefined];
      fs[k] = x;
      return (apply1 as (...a: unknown[]) => unknown)(Float64Array.of(2), ...fs);
    }, (x, r) => (typeof x === "function" || (k === 2 && x === undefined)) && r instanceof Float64Array, { state });
  }
  law("apply2", /^apply2: /, /\bx must be|y must be of length/, (x) => apply2(make(x) as never, node(Float64Array.of(1, 2)), times, dx, dy), (x, r) => {
    const p = plain(x);
    return (typeof p === "number" || (p instanceof Float64Array && p.length === 2)) && r instanceof Vec;
  }, { arb: arg, state });
  for (const [k, name] of ["f", "d1", "d2", "loop"].entries()) {
    law("apply2", /^apply2: /, `${name} must be a function`, (x) => {
      const fs: unknown[] = [times, dx, dy, undefined];
      fs[k] = x;
      return (apply2 as (...a: unknown[]) => unknown)(Float64Array.of(2), 3, ...fs);
    }, (x, r) => (typeof x === "function" || (k === 3 && x === undefined)) && r instanceof Float64Array, { state });
  }
});

test("grad and valueAndGrad: f, the returned function's arguments, and f's result", () => {
  for (const [entry, g] of [["grad", grad], ["valueAndGrad", valueAndGrad]] as const) {
    law(entry, new RegExp(`^${entry}: `), "f must be a function", (x) => g(x as never), (x, r) => typeof x === "function" && typeof r === "function");
    const f = g((a: Var | Vec, b: Var | Vec) => sum(mul(a, b) as never) as Var);
    law(`${entry}(f)`, new RegExp(`^(${entry}\\(f\\)|mul): `), /args\[0\] must be|y must be of length/, (x) => f(x as never, Float64Array.of(1, 2) as never), (x, r) => {
      const grads = entry === "grad" ? (r as Float64Array[]) : (r as { grad: Float64Array[] }).grad;
      return (typeof x === "number" || (x instanceof Float64Array && x.length === 2)) && grads[1] instanceof Float64Array &&
        grads[1]!.every((e, i) => e === (typeof x === "number" ? x : (x as Float64Array)[i]!) || (e !== e && (typeof x === "number" ? x !== x : (x as Float64Array)[i] !== (x as Float64Array)[i])));
    });
    const h = g((a: Var) => a as Var);
    law(`${entry}(f)`, new RegExp(`^${entry}\\(f\\): `), /args\[0\] must be|f's result must be/, (x) => h(x as never), (x, r) => {
      const d = entry === "grad" ? (r as [number | Float64Array])[0] : (r as { grad: [number | Float64Array] }).grad[0];
      return typeof x === "number" && d === 1;
    });
  }
  // f's result: a number (a constant f) or a scalar node; anything else is named.
  law("valueAndGrad(f)", /^valueAndGrad\(f\): /, "f's result must be", (x) => valueAndGrad((() => x) as never)(1 as never), (x, r) =>
    typeof x === "number" && Object.is((r as { value: number }).value, x));
});

test("Tape: new Tape(capacity), variable, backward and gradOf", () => {
  law("Tape", /^Tape: /, "capacity must be", (x) => new Tape(x as number), (x, r) => (x === undefined || (Number.isSafeInteger(x) && (x as number) >= 1)) && r instanceof Tape,
    { arb: fc.oneof(any, fc.integer({ min: -2, max: 4096 })) });
  law("Tape.variable", /^Tape\.variable: /, "x must be", (x) => tape.variable(x as never), (x, r) =>
    typeof x === "number" ? r instanceof Var && same(r.value, x) : x instanceof Float64Array && r instanceof Vec && r.value === x, { arb: fc.oneof(any, double) });
  law("Tape.backward", /^Tape\.backward: /, "y must be", (x) => tape.backward(make(x) as never), (x) => x instanceof NodeSpec && typeof x.value === "number", { arb: arg, state });
  law("Tape.gradOf", /^Tape\.gradOf: /, "x must be", (x) => {
    const n = make(x);
    tape.backward(tape.variable(1));
    return [n, tape.gradOf(n as never)];
  }, (x, r) => {
    const [n, g] = r as [Var | Vec, number | Float64Array];
    return x instanceof NodeSpec && (n instanceof Var ? g === 0 : (g as Float64Array).every((e) => e === 0));
  }, { arb: arg });
});

test("case counts per entry (printed for the report)", () => reportCounts("autodiff"));

test.run();
