// The effect runtime: `sample`, `param` and `plate` are messages passed through a stack of handlers
// (minipyro's design). This file holds ALL of vitape's mutable module state:
//   - `stack`: the active handlers, innermost last; pushed and popped only by `withHandler`, in try/finally;
//   - `fallbackRng`: the generator `sample` uses outside inference, created (seed 0) on first use;
//   - `running`: the SVI whose step is under way (steps do not nest), set and cleared by `enterStep`/`leaveStep`;
//   - `owners`: which SVI run each optimizer belongs to (an optimizer's state is one run's).
// plate.ts holds plate and gather (messages too). Read handlers.ts next for trace, replay, block and seed, then elbo.ts.
import { Var, Vec, type Scalar, type Value, type Vector } from "../autodiff/index.ts";
import type { Constraint, Distribution } from "../distributions/index.ts";
import { real } from "../distributions/constraints.ts";
import { createRng, subsampleIndices, type Rng } from "../random/index.ts";
import { check, checkType, message as text } from "../check.ts";

/** A message: one effectful call travelling through the handler stack. */
export interface Message {
  type: "sample" | "param" | "plate";
  name: string;
  /** The value: set by a handler (replay, the param store) or by the default action. */
  value: Value | Int32Array | undefined;
  /** sample: the distribution. */
  fn?: Distribution;
  /** sample: the value was observed (given as `obs`). */
  observed: boolean;
  /** Multiplier of this site's log-probability (plates with subsampling set it). */
  scale: number;
  /** How many plates the site is inside, and the number of indices in use in the innermost one (0 outside). */
  plates: number;
  batch: number;
  /** Set by plates: the distribution a fresh draw inside them comes from (plate.ts's `broadcast`). */
  broadcast: ((msg: Message, fn: Distribution) => Distribution) | undefined;
  /** The generator for the default action; set by a seed handler. */
  rng?: Rng;
  /** param: the initial constrained value and the constraint. */
  init?: number | Float64Array;
  constraint?: Constraint;
  /** plate: the full size and the subsample size. */
  size?: number;
  subsampleSize?: number;
  /** Set by a handler to keep the message from the handlers below it. */
  stop: boolean;
  /** Whether the default action made the value (no handler gave one). */
  drawn: boolean;
}

/** A handler: sees each message on the way in (`process`) and on the way out (`postprocess`). */
export interface Handler {
  process?(msg: Message): void;
  postprocess?(msg: Message): void;
}

/** A new message with every field present, in one order (see Performance notes). Called by sample, param, plate. */
export function makeMessage(type: Message["type"], name: string, value?: Message["value"]): Message {
  return {
    type, name, value, fn: undefined, observed: false, scale: 1, plates: 0, batch: 0, broadcast: undefined, rng: undefined, init: undefined, constraint: undefined,
    size: undefined, subsampleSize: undefined, stop: false, drawn: false,
  };
}

const stack: Handler[] = [];
let fallbackRng: Rng | undefined;
let running: object | undefined;
const owners = new WeakMap<object, object>();

/**
 * Mark `run` as the SVI whose step is under way. @throws Error, before anything changes, when a step is under
 * way already: the same run's (a model or guide that calls its own svi.step) or another's (a nested SVI).
 */
export function enterStep(run: object, where: string): void {
  if (running !== undefined) {
    throw new Error(running === run
      ? `${where}: called from inside its own model or guide (a step cannot re-enter itself)`
      : `${where}: called inside another SVI's step (SVI runs cannot nest: run them one after the other)`);
  }
  running = run;
}

/** The step under way has ended (however it exited). */
export function leaveStep(): void {
  running = undefined;
}

/** Give `optimizer` to the SVI `run`. @throws Error when another SVI has it: their states would mix. */
export function claim(optimizer: object, run: object): void {
  const owner = owners.get(optimizer);
  if (owner !== undefined && owner !== run) {
    throw new Error("SVI: optim belongs to another SVI run (its state is per run): give each SVI its own optimizer");
  }
  owners.set(optimizer, run);
}

/** Whether x is a handler: an object whose `process` and `postprocess`, where present, are functions. */
const isHandler = (h: unknown): h is Handler =>
  typeof h === "object" && h !== null && ["process", "postprocess"].every((k) => {
    const f = (h as Record<string, unknown>)[k];
    return f === undefined || typeof f === "function";
  });

/**
 * fn(...args) with h on top of the handler stack; h is removed however fn exits.
 * @throws TypeError naming the argument unless h is a handler ({ process?, postprocess? }) and fn a function.
 */
export function withHandler<A extends unknown[], T>(h: Handler, fn: (...args: A) => T, ...args: A): T {
  checkType(isHandler(h), "h", "a handler (an object with optional process and postprocess functions)", h, "withHandler");
  checkType(typeof fn === "function", "fn", "a function", fn, "withHandler");
  return handle(h, fn, args);
}

/**
 * withHandler without the argument checks, for the handlers vitape builds itself: fn(...args) under h and, when
 * given, `inner` on top of it (the ELBO's trace(replay(model)) in one call).
 */
export function handle<A extends unknown[], T>(h: Handler, fn: (...args: A) => T, args: A, inner?: Handler): T {
  stack.push(h);
  if (inner) stack.push(inner);
  try {
    return fn(...args);
  } finally {
    stack.pop();
    if (inner) stack.pop();
  }
}

/**
 * Send msg through the stack: each handler's `process` from the innermost out (until one sets `stop`), then the
 * default action if no handler gave it a value, then `postprocess` back the same way (minipyro's apply_stack).
 */
export function applyStack(msg: Message): Message {
  let k = stack.length - 1;
  for (; k >= 0; k--) {
    stack[k]!.process?.(msg);
    if (msg.stop) break;
  }
  // The default action, when no handler gave the message a value: a sample is a fresh draw, a plate's indices a
  // fresh subsample, and a parameter outside inference its initial value, which must be valid (inside SVI the
  // parameter store checks it once, when it creates the parameter).
  if (msg.value === undefined) {
    msg.drawn = true;
    const rng = msg.rng ?? (fallbackRng ??= createRng(0)), fn = msg.fn!;
    if (msg.type === "sample") msg.value = draw(msg.broadcast ? msg.broadcast(msg, fn) : fn, rng);
    else if (msg.type === "plate") msg.value = subsampleIndices(rng, msg.size!, msg.subsampleSize!);
    else {
      checkInit(msg.name, msg.init!, msg.constraint!);
      msg.value = msg.init;
    }
  }
  for (let j = Math.max(k, 0); j < stack.length; j++) stack[j]!.postprocess?.(msg);
  return msg;
}

/** A fresh draw from fn: reparameterized where fn can. */
const draw = (fn: Distribution, rng: Rng): Value => (fn.hasRsample ? fn.rsample(rng) : fn.sample(rng));

/**
 * Draw (or, with `obs`, observe) a random variable named `name` from `fn`. Inside SVI the value comes from the
 * handlers (the guide's draw, replayed into the model); outside, it is a fresh draw from a default rng.
 *
 * An observation is checked against the support when the ELBO computes its log-probability, which then throws a
 * RangeError naming the site (svi.step leaves everything as it was). The draw has its distribution's draw type:
 * a `Scalar` from a scalar distribution, a `Vector` from a batch (inside a plate, one element per index in use).
 *
 * @throws TypeError naming the argument unless name is a string, fn a Distribution and obs a number,
 * Float64Array or node.
 */
export function sample<D extends Value>(name: string, fn: Distribution<D>): D;
export function sample(name: string, fn: Distribution, options: { obs?: Value }): Value;
export function sample(name: string, fn: Distribution, options?: { obs?: Value }): Value {
  const obs = options?.obs;
  if (typeof name !== "string" || !isDistribution(fn) || (options !== undefined && !isOptions(options)) || !(obs === undefined || isValue(obs))) {
    sampleError(name, fn, options);
  }
  const msg = makeMessage("sample", name, obs);
  msg.fn = fn;
  // An observation is checked against the support where its log-probability is computed (the ELBO names the site
  // then), not here as well: that would be a second pass over the data on every step.
  msg.observed = obs !== undefined;
  return applyStack(msg).value as Value;
}

/**
 * A learnable parameter named `name`, constrained to `constraint` (default ℝ). Inside SVI the value is a node
 * made from the run's parameter store (initialized from `init` on first use; later calls return the stored value
 * and ignore `init`); outside, `init` itself.
 *
 * @throws TypeError naming the argument unless name is a string, init a number or Float64Array and constraint a
 * Constraint; RangeError naming the parameter when `init` is outside the constraint.
 */
export function param(name: string, init: number, options?: { constraint?: Constraint }): Scalar;
export function param(name: string, init: Float64Array, options?: { constraint?: Constraint }): Vector;
export function param(name: string, init: number | Float64Array, options?: { constraint?: Constraint }): Value {
  const given = options?.constraint;
  const constraint = given === undefined ? real : given;
  if (typeof name !== "string" || !(typeof init === "number" || init instanceof Float64Array) || (options !== undefined && !isOptions(options)) || !isConstraint(constraint)) {
    paramError(name, init, options);
  }
  const msg = makeMessage("param", name);
  msg.init = init;
  msg.constraint = constraint;
  return applyStack(msg).value as Value;
}

/**
 * Throw a RangeError naming the parameter unless init is a non-empty number or Float64Array whose every element
 * satisfies the constraint: `param "alpha_q": init must be inside its constraint (positive), got -1`. `where` and
 * `arg` name the caller and its argument (ParamStore.set's value).
 */
export function checkInit(name: string, init: number | Float64Array, constraint: Constraint, where: string = `param "${name}"`, arg: string = "init"): void {
  const rule = `inside its constraint (${constraint.spec.type})`;
  if (typeof init === "number") return check(constraint.check(init), arg, rule, init, where);
  check(init.length > 0, arg, "non-empty", init, where);
  for (let i = 0; i < init.length; i++) if (!constraint.check(init[i]!)) check(false, `${arg}[${i}]`, rule, init[i], where);
}

/** Whether x looks like a distribution: an object with logProbSum and rsample methods. */
export function isDistribution(x: unknown): x is Distribution {
  return typeof x === "object" && x !== null && typeof (x as Distribution).logProbSum === "function" && typeof (x as Distribution).rsample === "function";
}

/** Whether x is a constraint: a membership test, a transform and its inverse. */
export function isConstraint(x: unknown): x is Constraint {
  const c = x as Constraint;
  return typeof x === "object" && x !== null && typeof c.check === "function" && typeof c.transform === "function" &&
    typeof c.inverse === "function" && typeof c.spec === "object" && c.spec !== null;
}

/** Whether x is a value an operation accepts: a number, a Float64Array or a tape node. */
const isValue = (x: unknown): x is Value => typeof x === "number" || x instanceof Float64Array || x instanceof Var || x instanceof Vec;

/** Whether x is an options object: an object, not null, not an array. */
const isOptions = (x: unknown): boolean => typeof x === "object" && x !== null && !Array.isArray(x);

/** options itself, after a TypeError naming the site (`<kind> "<name>"`) unless it is an options object. */
export function checkOptions<T>(options: T, kind: string, name: string): T {
  if (!isOptions(options)) checkType(false, "options", "an object", options, `${kind} "${name}"`);
  return options;
}

/** The TypeError of sample's first wrong argument (the checks above found one). */
function sampleError(name: unknown, fn: unknown, options: unknown): never {
  checkType(typeof name === "string", "name", "a string", name, "sample");
  const where = `sample "${name as string}"`;
  checkType(isDistribution(fn), "fn", "a Distribution", fn, where);
  checkOptions(options, "sample", name as string);
  throw new TypeError(text("obs", "a number, Float64Array, Var or Vec", (options as { obs: unknown }).obs, where));
}

/** The TypeError of param's first wrong argument (the checks above found one). */
function paramError(name: unknown, init: unknown, options: unknown): never {
  checkType(typeof name === "string", "name", "a string", name, "param");
  const where = `param "${name as string}"`;
  checkType(typeof init === "number" || init instanceof Float64Array, "init", "a number or Float64Array", init, where);
  checkOptions(options, "param", name as string);
  throw new TypeError(text("constraint", "a Constraint (from constraints)", (options as { constraint: unknown }).constraint, where));
}

// Performance notes. Every message is built by `message` with all its fields in one order, so all share one hidden
// class in V8 and the handlers' property reads stay monomorphic (objects built with different fields would make
// them megamorphic). `handle` pops its handlers rather than setting the stack's length (truncating an array is a
// runtime call in V8). It takes fn and its arguments rather than a closure, and pushes the ELBO's two handlers
// in one call, so a particle makes no closure or argument array for them. The argument checks of sample and param
// are one boolean expression each, and the error (a template string naming the site) is built out of line, in
// sampleError and paramError: these run several times per SVI step, and a passing call makes no string and keeps
// the function small enough to inline.
