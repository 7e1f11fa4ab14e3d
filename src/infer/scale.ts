// Scaling (Pyro's poutine.scale): scale(fn, c) multiplies the log-density of every sample site inside fn by c, on
// top of any plate subsampling scale (they multiply). Called by models and guides; the ELBO reads each site's
// `scale` (elbo.ts, siteLogProb). Read mask.ts for removing elements instead of weighting them.
import { checkPositive, checkType } from "../check.ts";
import { handle } from "./runtime.ts";

/**
 * scale(fn, c) returns a function that runs fn with the same arguments, with each sample site's term in the ELBO
 * multiplied by c: the site contributes c · s · Σ log p(x_i), s being its plates' subsampling scale size/m
 * (Pyro's ScaleMessenger: `msg.scale = c · msg.scale`, so nested scales and plates multiply). A weight of an
 * observation (tempering a likelihood, say) or the size ratio of a mini-batch written without a plate.
 *
 * Source: Pyro 1.8's pyro/poutine/scale_messenger.py.
 * @throws TypeError unless fn is a function and c a number; RangeError unless c is finite and > 0 (for 0, mask the
 * site instead: mask.ts).
 */
export function scale<A extends unknown[], R>(fn: (...args: A) => R, c: number): (...args: A) => R {
  checkType(typeof fn === "function", "fn", "a function", fn, "scale");
  checkPositive(c, "factor", "scale");
  // Only sample sites read `scale`, so every message may have it multiplied (as plate does).
  return (...args: A) => handle({ process: (msg) => { msg.scale *= c; } }, fn, args);
}
