// Conditioning (Pyro's poutine.condition): condition(model, data) turns the sample sites named in data into observed
// sites with those values, as if each had been written with `{ obs }`. Called by users on a model; read
// handlers.ts for replay (which leaves observed sites alone) and predictive.ts for the other direction.
import { Var, Vec, type Value } from "../autodiff/index.ts";
import { checkType } from "../check.ts";
import { handle } from "./runtime.ts";

/** Observed values by site name: a Map, or a record whose own keys are site names. */
export type ConditionData = ReadonlyMap<string, Value> | Readonly<Record<string, Value>>;

/**
 * condition(fn, data) returns a function that runs fn with the same arguments, where a sample site whose name is
 * in data is observed with data's value: sample("z", p) then returns data.z and the site adds log p(data.z) to the
 * model's density, exactly as sample("z", p, { obs: data.z }) (Pyro's ConditionMessenger sets `value` and
 * `is_observed`). A site given `obs` in the model is observed with data's value instead, and a name that no site
 * has is ignored (both as in Pyro). Since the site is observed, replay gives it no guide draw: the guide should no
 * longer sample it (TraceELBO reports a guide site the model observes as unmatched).
 *
 * Source: Pyro 1.8's pyro/poutine/condition_messenger.py.
 * @throws TypeError unless fn is a function and data a Map or record whose values are numbers, Float64Arrays or
 * tape nodes, keyed by strings (an entry whose value is undefined is skipped, as Pyro skips None).
 */
export function condition<A extends unknown[], R>(fn: (...args: A) => R, data: ConditionData): (...args: A) => R {
  checkType(typeof fn === "function", "fn", "a function", fn, "condition");
  const values = siteValues(data, "condition");
  return (...args: A) => handle({
    process(msg) {
      if (msg.type !== "sample") return;
      const v = values.get(msg.name);
      if (v === undefined) return;
      msg.value = v;
      msg.observed = true;
    },
  }, fn, args);
}

/**
 * data (a Map or record from site name to value) as a Map, entries whose value is undefined left out (as Pyro skips
 * None). Shared by condition and intervene (intervene.ts). @throws TypeError naming `where`'s data, a key that is
 * not a string, or a value that is not a number, Float64Array or tape node.
 */
export function siteValues(data: ConditionData, where: string): Map<string, Value> {
  checkType(typeof data === "object" && data !== null && !Array.isArray(data), "data", "a Map or record from site name to value", data, where);
  const values = new Map<string, Value>();
  for (const [name, v] of data instanceof Map ? data : Object.entries(data)) {
    // A Map may have keys of any type: a site name is a string.
    checkType(typeof name === "string", "data's keys", "site names (strings)", name, where);
    if (v === undefined) continue;
    const ok = typeof v === "number" || v instanceof Float64Array || v instanceof Var || v instanceof Vec;
    checkType(ok, `data[${JSON.stringify(name)}]`, "a number, Float64Array, Var or Vec", v, where);
    values.set(name as string, v as Value);
  }
  return values;
}
