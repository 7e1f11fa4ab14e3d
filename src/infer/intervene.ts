// Intervention (Pyro's poutine.do; `do` is a JavaScript keyword): intervene(model, { z: v }) makes the model compute
// with z = v as if the line were `const z = v`, where condition(model, { z: v }) would observe v. Called by users on
// a model; read condition.ts for the observational counterpart.
import { checkType } from "../check.ts";
import { siteValues, type ConditionData } from "./condition.ts";
import { applyStack, handle, makeMessage } from "./runtime.ts";

/**
 * intervene(fn, data) returns a function that runs fn with the same arguments, where the sample site named z in
 * data returns data.z to the model, and adds no log-density term for it: the model's later sites see z = data.z
 * (p(y | do(z = v)), the interventional distribution, where condition gives p(y | z = v)). As Pyro's DoMessenger
 * does, the site is split in two: a fresh sample site of the same name, with the same distribution, goes through
 * the handlers as usual (recorded by trace, replayed from a guide, scored by the ELBO) but its value is used by
 * nothing, and the intervened value leaves the handler stack right here (Pyro's `stop`), unrecorded and unscored.
 * Composed with condition on the fresh site, this gives the counterfactuals of Single World Intervention Graphs.
 * An intervention inside another on the same name: the inner one's value is the one the model sees.
 *
 * Source: Pyro 1.8.4's pyro/poutine/do_messenger.py (checked by running it: the trace keeps a latent site "z"
 * drawn from its prior, and the model's next site is drawn given the intervened value); T. Richardson, J. Robins,
 * "Single World Intervention Graphs: A Primer" (2013).
 * @throws TypeError unless fn is a function and data a Map or record whose values are numbers, Float64Arrays or
 * tape nodes, keyed by strings (an entry whose value is undefined is skipped).
 */
export function intervene<A extends unknown[], R>(fn: (...args: A) => R, data: ConditionData): (...args: A) => R {
  checkType(typeof fn === "function", "fn", "a function", fn, "intervene");
  const values = siteValues(data, "intervene");
  // The names whose fresh site is travelling through the stack now: that message (and any intervention's on the
  // same name) passes this handler untouched, so the split happens once and cannot recurse.
  const busy = new Set<string>();
  return (...args: A) => handle({
    process(msg) {
      const v = values.get(msg.name);
      if (msg.type !== "sample" || v === undefined || busy.has(msg.name)) return;
      const fresh = makeMessage("sample", msg.name);
      fresh.fn = msg.fn;
      busy.add(msg.name);
      try {
        applyStack(fresh);
      } finally {
        busy.delete(msg.name);
      }
      msg.value = v;
      msg.stop = true;
    },
  }, fn, args);
}
