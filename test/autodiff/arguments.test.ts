import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Tape, add, sub, mul, div, pow, xlogy, xlog1py, neg, square, sqrt, exp, expm1, log, log1p, sigmoid, logSigmoid,
  softplus, abs, mean, apply1, apply2, sum, dot, logSumExp, valueOf, fromPartials, vecNode, grad, valueAndGrad,
  type Var, type Vec,
} from "../../src/autodiff/index.ts";
import { lgamma, digamma, lbeta } from "../../src/autodiff/special.ts";

// Every public entry of the autodiff layer, called from plain JavaScript with a wrong-typed argument, must throw a
// TypeError from src/check.ts that names the argument and lists the accepted types, never an engine error such as
// "Cannot read properties of undefined". Each row puts `bad` in one argument position; the others are valid.
const bads: [string, unknown][] = [
  ["a string", "2"], ["a boolean", true], ["undefined", undefined], ["a number[]", [1, 2]], ["an object", { value: 1 }],
];

const VALUE = "a number, Var, Float64Array or Vec", VECTOR = "a Float64Array or Vec";
const unaryOps = { neg, square, sqrt, exp, expm1, log, log1p, sigmoid, logSigmoid, softplus, lgamma, digamma, abs };
const binaryOps = { add, sub, mul, div, pow, xlogy, xlog1py, lbeta };

// A row marked optional takes undefined as "not given" (a default), so undefined is no wrong type there.
type Row = [entry: string, name: string, types: string, call: (bad: never) => unknown, optional?: "optional"];
const rows: Row[] = [];
const tape = new Tape();
// Fresh nodes per call: a row that reaches a rewind must not leave the next one with stale operands.
const node = (): Var => tape.variable(1.5);
const vecOf = (): Vec => tape.variable(new Float64Array([0.5, 2]));
const arr = new Float64Array([0.5, 2]);

for (const [name, op] of Object.entries(unaryOps)) rows.push([name, "x", VALUE, (b) => op(b)]);
for (const [name, op] of Object.entries(binaryOps)) {
  rows.push([`${name}(bad, number)`, "x", VALUE, (b) => op(b, 2)]);
  rows.push([`${name}(number, bad)`, "y", VALUE, (b) => op(2, b)]);
  // A Var or Vec operand beside a wrong one leaves the scalar fast paths and is caught on the vector path.
  rows.push([`${name}(Var, bad)`, "y", VALUE, (b) => op(node(), b)]);
  rows.push([`${name}(bad, Vec)`, "x", VALUE, (b) => op(b, vecOf())]);
}
const cube = (a: number): number => a * a * a, cubeD = (a: number): number => 3 * a * a;
const times = (a: number, b: number): number => a * b, timesDx = (_a: number, b: number): number => b, timesDy = (a: number): number => a;
rows.push(
  ["mean", "x", VECTOR, (b) => mean(b)],
  ["apply1", "x", VALUE, (b) => apply1(b, cube, cubeD)],
  ["apply1 (kernel)", "f", "a function", (b) => apply1(arr, b, cubeD)],
  ["apply2(bad, Var)", "x", VALUE, (b) => apply2(b, node(), times, timesDx, timesDy)],
  ["apply2(Var, bad)", "y", VALUE, (b) => apply2(node(), b, times, timesDx, timesDy)],
  ["apply2 (kernel)", "f", "a function", (b) => apply2(arr, 2, b, timesDx, timesDy)],
  ["sum", "x", VECTOR, (b) => sum(b)],
  ["dot(bad, Vec)", "x", VECTOR, (b) => dot(b, vecOf())],
  ["dot(Float64Array, bad)", "y", VECTOR, (b) => dot(arr, b)],
  ["logSumExp", "x", VECTOR, (b) => logSumExp(b)],
  ["valueOf", "x", VALUE, (b) => valueOf(b)],
  ["fromPartials (value)", "value", "a number", (b) => fromPartials(b, node(), 1)],
  ["fromPartials (operand)", "x1", "a number or Var", (b) => fromPartials(1, b, 1)],
  ["fromPartials (partial)", "d1", "a number", (b) => fromPartials(1, node(), b)],
  ["fromPartials (third operand)", "x3", "a number or Var", (b) => fromPartials(1, node(), 1, 0, 0, b, 1), "optional"],
  ["vecNode (tape)", "t", "a Tape", (b) => vecNode(b, arr)],
  ["vecNode (value)", "value", "a Float64Array", (b) => vecNode(tape, b)],
  ["Tape.variable", "x", "a number or Float64Array", (b) => tape.variable(b)],
  ["Tape.backward", "y", "a Var", (b) => tape.backward(b)],
  ["Tape.gradOf", "x", "a Var or Vec", (b) => tape.gradOf(b)],
  ["grad", "f", "a function", (b) => grad(b)],
  ["valueAndGrad", "f", "a function", (b) => valueAndGrad(b)],
  ["grad(f)", "args[0]", "a number or Float64Array", (b) => grad((x: Var) => x)(b)],
  ["valueAndGrad(f)", "args[1]", "a number or Float64Array", (b) => valueAndGrad((x: Var, y: Var) => add(x, y))(1, b)],
  ["valueAndGrad(f)'s result", "f's result", "a number or Var", (b) => valueAndGrad((_x: Var) => b)(1)],
);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

for (const [entry, name, types, call, optional] of rows) {
  test(`${entry} answers every wrong-typed argument with a TypeError naming ${name} and ${types}`, () => {
    for (const [kind, bad] of bads) {
      if (optional && bad === undefined) continue;
      let caught: unknown;
      try {
        call(bad as never);
      } catch (e) {
        caught = e;
      }
      assert.instance(caught, TypeError, `${entry} with ${kind}: no TypeError`);
      const msg = (caught as TypeError).message;
      assert.match(msg, new RegExp(`(^|: )${escape(name)} must be ${escape(types)}`), `${entry} with ${kind}: ${msg}`);
    }
  });
}

test("valueAndGrad of a function that returns a vector is a TypeError, not a gradient", () => {
  const f = valueAndGrad((x: Vec) => mul(x, 2) as unknown as Var);
  assert.throws(() => f(new Float64Array([1, 2])), (e: unknown) => e instanceof TypeError && /f's result must be a number or Var/.test((e as Error).message));
  const t = new Tape();
  const x = t.variable(new Float64Array([1, 2]));
  assert.throws(() => t.backward(mul(x, 2) as unknown as Var), (e: unknown) => e instanceof TypeError && /Tape\.backward: y must be a Var/.test((e as Error).message));
});

test.run();
