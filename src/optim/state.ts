// An optimizer's state as JSON, and back: what a checkpoint (infer/checkpoint.ts) stores of the optimizer. The
// functions read the records of the built-in optimizers (optimizer.ts), check each against its optimizer's rules
// (checkMoments for the Adams, checkBuffer for SGD) and its options (optionsOf), and call the getState and
// setState of any other Optimizer.
import { check, checkInteger, checkType, message } from "../check.ts";
import type { Adam, Moments } from "./adam.ts";
import { checkOption, PerParameterOptimizer, type Optimizer, type OptimizerState, type Slots, type SlotsJSON } from "./optimizer.ts";
import type { Buffer, SGD } from "./sgd.ts";

/**
 * A JSON-serializable copy of an optimizer's state: its kind, its options and a record per parameter. Given the
 * run's parameter lengths, a record for each of them (a fresh one for a parameter not yet updated), so that a
 * restore can tell a missing record from an unused parameter.
 * @throws TypeError unless optim is a built-in optimizer or has a getState method, and lengths (when given) a
 * Map from name to an integer >= 1 (RangeError for another number).
 */
export function getOptimizerState(optim: Optimizer, lengths?: ReadonlyMap<string, number>): OptimizerState {
  checkLengths(lengths, "getOptimizerState");
  if (!(optim instanceof PerParameterOptimizer)) return own(optim, "getState").getState!(lengths);
  const names = lengths ? [...lengths.keys()] : [...optim.state.keys()];
  const params = Object.fromEntries(names.map((name) => {
    const s: Slots = optim.state.get(name)?.s ?? optim.fresh(lengths!.get(name)!);
    const json: SlotsJSON = {};
    for (const k in s) {
      const v = s[k]!;
      json[k] = typeof v === "number" ? v : Array.from(v);
    }
    return [name, json];
  }));
  return { kind: optim.kind, options: optionsOf(optim), params };
}

/**
 * Replace an optimizer's state with a copy of `state` (as from getOptimizerState), validated first: against the
 * optimizer's kind and options and, when given, the parameter lengths of the run it is restored into and its step
 * count (no parameter has taken more steps than `maxStep`).
 * @throws TypeError or RangeError naming the field ("Adam.setState: state.params["alpha_q"].v[0] must be ..."),
 * or lengths or maxStep (an integer >= 0) when malformed, with the state unchanged.
 */
export function setOptimizerState(optim: Optimizer, state: OptimizerState, lengths?: ReadonlyMap<string, number>, maxStep: number = Number.MAX_SAFE_INTEGER): void {
  const where = optim instanceof PerParameterOptimizer ? `${optim.kind}.setState` : "setOptimizerState";
  checkLengths(lengths, where);
  checkInteger(maxStep, "maxStep", 0, Number.MAX_SAFE_INTEGER, where);
  if (!(optim instanceof PerParameterOptimizer)) return own(optim, "setState").setState!(state, lengths, maxStep);
  checkType(typeof state === "object" && state !== null && !Array.isArray(state), "state", "an object { kind, options, params }", state, where);
  const { kind, options, params } = state as unknown as Record<string, unknown>;
  checkType(typeof kind === "string", "state.kind", "a string", kind, where);
  check(kind === optim.kind, "state.kind", JSON.stringify(optim.kind), kind, where);
  checkType(typeof options === "object" && options !== null, "state.options", "an object", options, where);
  const mine = optionsOf(optim);
  for (const k of new Set([...Object.keys(mine), ...Object.keys(options as object)])) {
    const theirs = Object.hasOwn(options as object, k) ? (options as Record<string, unknown>)[k] : undefined;
    if (!sameOption(mine[k], theirs)) {
      throw new RangeError(message(`state.options.${k}`, `${JSON.stringify(mine[k])} (this optimizer's)`, theirs, where));
    }
  }
  checkType(typeof params === "object" && params !== null && !Array.isArray(params), "state.params", "an object of records by name", params, where);
  const entries = Object.entries(params as object);
  if (lengths) {
    for (const [name] of entries) check(lengths.has(name), `state.params[${JSON.stringify(name)}]`, "a parameter of the run", name, where);
    for (const name of lengths.keys()) {
      if (!Object.hasOwn(params as object, name)) throw new TypeError(message(`state.params[${JSON.stringify(name)}]`, "a record", undefined, where));
    }
  }
  const records = new Map<string, Slots>();
  for (const [name, json] of entries) {
    const at = `state.params[${JSON.stringify(name)}]`;
    checkType(typeof json === "object" && json !== null && !Array.isArray(json), at, "an object", json, where);
    const n = lengths?.get(name) ?? -1, record = json as Record<string, unknown>;
    // The built-in kinds: SGD's records are momentum buffers, Adam's and ClippedAdam's moments.
    records.set(name, optim.kind === "SGD"
      ? checkBuffer(optim as unknown as SGD, record, n, at, where, maxStep)
      : checkMoments(optim as unknown as Adam, record, n, at, where, maxStep));
  }
  // The validated records replace the state, with no undo copies; begin() starts a fresh undo log.
  optim.state = new Map([...records].map(([name, s]) => [name, { name, s, saved: undefined, at: -1, fresh: false }]));
  optim.begin();
}

/**
 * An optimizer's options as its state's JSON holds them, which a restored state must match: SGD's lr, momentum,
 * dampening, nesterov and weightDecay; Adam's lr, betas, eps and weightDecay, and ClippedAdam's clipNorm and lrd
 * too (a clipNorm of ∞ is written as null by JSON.stringify, and compared the same way by sameOption).
 */
function optionsOf(optim: PerParameterOptimizer<Slots>): OptimizerState["options"] {
  if (optim.kind === "SGD") {
    const { lr, momentum, dampening, nesterov, weightDecay } = optim as unknown as SGD;
    return { lr, momentum, dampening, nesterov, weightDecay };
  }
  const { lr, beta1, beta2, eps, weightDecay, clipNorm, lrd } = optim as unknown as Adam;
  return optim.kind === "ClippedAdam" ? { lr, betas: [beta1, beta2], eps, weightDecay, clipNorm, lrd } : { lr, betas: [beta1, beta2], eps, weightDecay };
}

/**
 * Whether a restored option equals this optimizer's: numbers exactly, arrays elementwise, and ∞ also as null (its
 * JSON form). Compared by value, not through JSON.stringify, which throws on a BigInt.
 */
function sameOption(mine: unknown, theirs: unknown): boolean {
  if (Array.isArray(mine)) return Array.isArray(theirs) && theirs.length === mine.length && mine.every((m, i) => sameOption(m, theirs[i]));
  return mine === theirs || (mine === Infinity && theirs === null);
}

/**
 * @throws TypeError unless lengths is undefined or a Map from string names to numbers, RangeError unless each
 * length is an integer >= 1 (a parameter holds at least one number).
 */
function checkLengths(lengths: unknown, where: string): void {
  if (lengths === undefined) return;
  checkType(lengths instanceof Map, "lengths", "a Map from parameter name to length", lengths, where);
  for (const [name, n] of lengths as Map<unknown, unknown>) {
    checkType(typeof name === "string", "lengths' keys", "parameter names (strings)", name, where);
    checkInteger(n, `lengths[${JSON.stringify(name)}]`, 1, Number.MAX_SAFE_INTEGER, where);
  }
}

/** optim itself, once it has its own `method`. @throws TypeError naming the method otherwise. */
function own(optim: Optimizer, method: "getState" | "setState"): Optimizer {
  checkType(typeof optim?.[method] === "function", "optim", `an optimizer with a ${method} method`, optim, method === "getState" ? "getOptimizerState" : "setOptimizerState");
  return optim;
}

/**
 * An Adam or ClippedAdam record { step, m, v, lr }: step an integer in [0, maxStep], 0 only with m = v = 0; m
 * finite and v finite and ≥ 0, each of the parameter's length n (any length ≥ 1 when n < 0); lr in (0, optim.lr]
 * (equal to it for Adam, whose lr never decays). `at` names the record in messages ("state.params["alpha_q"]").
 */
function checkMoments(optim: Adam, json: Record<string, unknown>, n: number, at: string, where: string, maxStep: number): Moments {
  const m = checkArray(json["m"], n, `${at}.m`, where);
  const v = checkArray(json["v"], m.length, `${at}.v`, where, 0);
  const step = json["step"], lr = json["lr"];
  checkInteger(step, `${at}.step`, 0, maxStep, where);
  check(step > 0 || (m.every((e) => e === 0) && v.every((e) => e === 0)), `${at}.step`, "> 0 for non-zero moments", step, where);
  checkOption(lr, `${at}.lr`, where, 0, optim.lr, true);
  check(optim.lrd !== 1 || lr === optim.lr, `${at}.lr`, `${optim.lr} (the optimizer's lr: Adam does not decay it)`, lr, where);
  return { step, m, v, lr: lr as number };
}

/**
 * An SGD record: { step, momentum } with momentum a finite buffer of the parameter's length n and step an integer
 * in [0, maxStep], 0 only with a zero buffer; without momentum SGD keeps no buffer, and a record is empty.
 */
function checkBuffer(optim: SGD, json: Record<string, unknown>, n: number, at: string, where: string, maxStep: number): Buffer {
  if (optim.momentum === 0) {
    check(Object.keys(json).length === 0, `${at}`, "{} (SGD without momentum keeps no state)", json, where);
    return { step: 0, momentum: new Float64Array(0) };
  }
  const step = json["step"], momentum = checkArray(json["momentum"], n, `${at}.momentum`, where);
  checkInteger(step, `${at}.step`, 0, maxStep, where);
  check(step > 0 || momentum.every((b) => b === 0), `${at}.step`, "> 0 for a non-zero momentum buffer", step, where);
  return { step, momentum };
}

/**
 * A record field that must be an array of n finite numbers (any n ≥ 1 when n < 0), each ≥ lo: a moment or a
 * momentum buffer. Returns it as a Float64Array.
 */
function checkArray(x: unknown, n: number, name: string, where: string, lo: number = -Infinity): Float64Array {
  checkType(Array.isArray(x) && x.every((e) => typeof e === "number"), name, "an array of numbers", x, where);
  const xs = x as number[];
  check(n < 0 ? xs.length > 0 : xs.length === n, `${name}.length`, n < 0 ? "> 0" : `${n} (the parameter's length)`, xs.length, where);
  for (let i = 0; i < xs.length; i++) check(Number.isFinite(xs[i]) && xs[i]! >= lo, `${name}[${i}]`, lo === -Infinity ? "finite" : `finite and >= ${lo}`, xs[i], where);
  return Float64Array.from(xs);
}

// Performance notes (bundle size, `npm run size`). This was getState, setState, options and an abstract checkRecord
// on the optimizer classes, which a bundler keeps with the class whether a program saves its state or not; as
// functions here they tree-shake away (normal-normal: 11,928 -> 11,464 gzip bytes for getState/setState, -> 11,171
// for the record checks, about 65 B more for the options). The record checks and optionsOf dispatch on the optimizer's kind, the name its JSON already carries, rather
// than on its class, so that restoring an Adam's state does not bundle SGD.
