// The effect handlers (minipyro's): trace records sites, replay feeds a recorded trace's values back in, block
// hides sites from the handlers below, seed gives every draw one explicit generator. Each wraps a function and
// returns a function with the same arguments. Called by elbo.ts. Read elbo.ts next.
import type { Rng } from "../random/index.ts";
import { withHandler, type Handler, type Message } from "./runtime.ts";

/** The sites of one run of a model or guide, by name, in execution order. */
export type Trace = Map<string, Message>;

/** fn, run under handler h at every call: what replay, block and seed return. */
const handled = <A extends unknown[], R>(fn: (...args: A) => R, h: Handler) => (...args: A): R => withHandler(h, () => fn(...args));

/**
 * trace(fn) runs fn and returns its sample and plate sites (after every handler has seen them).
 * @throws Error when two sample sites share a name.
 */
export function trace<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => Trace {
  return (...args: A) => {
    const h = recorder();
    withHandler(h, () => fn(...args));
    return h.sites.toMap();
  };
}

/**
 * The sites of one run in execution order, found by name. Models have a handful of sites as a rule, and for them
 * a list searched by name costs less than a Map: the two Maps the ELBO made and filled per particle were about 3% of
 * a coin-flip step. Past 8 sites a Map index takes over, so a model with thousands of sites stays linear.
 */
export class Sites {
  /** The sites are `list[0]` to `list[n - 1]`; the list is kept at its longest and overwritten after a clear(). */
  readonly list: Message[] = [];
  n = 0;
  private index: Map<string, Message> | undefined = undefined;

  /** Forget every site (the ELBO records each particle into the same two lists). */
  clear(): void {
    this.n = 0;
    this.index = undefined;
  }

  /** The site named `name`, if recorded. */
  get(name: string): Message | undefined {
    if (this.index) return this.index.get(name);
    for (let i = 0; i < this.n; i++) if (this.list[i]!.name === name) return this.list[i];
    return undefined;
  }

  /** Record a site. @throws Error when a site of that name is recorded already. */
  add(msg: Message): void {
    if (this.get(msg.name)) throw new Error(`site "${msg.name}" appears twice`);
    this.list[this.n++] = msg;
    if (this.index) this.index.set(msg.name, msg);
    else if (this.n > 8) this.index = this.toMap();
  }

  /** The sites as a new Map by name, in execution order (a {@link Trace}). */
  toMap(): Trace {
    return new Map(this.list.slice(0, this.n).map((m) => [m.name, m]));
  }
}

/** The handler behind {@link trace}: records each sample and plate site into `sites`. */
export function recorder(): Handler & { sites: Sites } {
  return {
    sites: new Sites(),
    postprocess(msg) {
      if (msg.type !== "param") this.sites.add(msg);
    },
  };
}

/**
 * replay(fn, guideTrace): latent sample sites (and plates) of fn take their values from guideTrace.
 * With `strict`, a latent sample site with no match in the trace is an error naming it (the ELBO needs every
 * latent of the model drawn by the guide).
 */
export function replay<A extends unknown[], R>(fn: (...args: A) => R, guideTrace: Trace, strict = false): (...args: A) => R {
  return handled(fn, replayer(strict, guideTrace));
}

/** The handler behind {@link replay}: latent sites take their values from `sites` (a Trace, or an ELBO's Sites). */
export function replayer(strict: boolean, sites: Pick<Trace, "get">): Handler {
  return {
    process(msg) {
      if (msg.type === "param" || msg.observed) return;
      const site = sites.get(msg.name);
      if (site) msg.value = site.value;
      else if (strict && msg.type === "sample") throw new Error(`latent site "${msg.name}" has no match in the guide`);
    },
  };
}

/** block(fn, hide): messages for which hide(msg) is true (default: all) never reach the handlers below. */
export function block<A extends unknown[], R>(fn: (...args: A) => R, hide: (msg: Message) => boolean = () => true): (...args: A) => R {
  return handled(fn, { process(msg) { if (hide(msg)) msg.stop = true; } });
}

/** seed(fn, rng): every draw inside fn (samples, subsamples) comes from rng. */
export function seed<A extends unknown[], R>(fn: (...args: A) => R, rng: Rng): (...args: A) => R {
  return handled(fn, { process(msg) { msg.rng ??= rng; } });
}
