// The effect handlers (minipyro's): trace records sites, replay feeds a recorded trace's values back in, block
// hides sites from the handlers below, seed gives every draw one explicit generator. Each wraps a function and
// returns a function with the same arguments. Called by elbo.ts. Read elbo.ts next.
import { Rng } from "../random/index.ts";
import { checkType } from "../check.ts";
import { handle, type Handler, type Message } from "./runtime.ts";

/** The sites of one run of a model or guide, by name, in execution order. */
export type Trace = Map<string, Message>;

/** fn, run under handler h at every call: what replay, block and seed return. */
const handled = <A extends unknown[], R>(fn: (...args: A) => R, h: Handler) => (...args: A): R => handle(h, fn, args);

/** A TypeError naming `where`'s argument fn unless it is a function. */
const checkFn = (fn: unknown, where: string): void => checkType(typeof fn === "function", "fn", "a function", fn, where);

/**
 * trace(fn) returns a function that runs fn with the same arguments and returns its sample and plate sites by
 * name, in execution order, each as its message after every handler has seen it (value, distribution, scale).
 * Parameters are not recorded (they live in the SVI run's store).
 * @throws TypeError unless fn is a function; (when run) Error when two sites share a name.
 */
export function trace<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => Trace {
  checkFn(fn, "trace");
  return (...args: A) => {
    const h = recorder();
    handle(h, fn, args);
    return h.sites.toMap();
  };
}

/**
 * The sites of one run in execution order, found by name: a list searched by name, with a Map index past 8 sites,
 * so that a model with thousands of sites stays linear (see Performance notes).
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
    if (this.get(msg.name)) throw new Error(`${msg.type} "${msg.name}": site appears twice`);
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
 * replay(fn, guideTrace): latent sample sites (and plates) of fn take their values from the sites of the same
 * name in guideTrace (a vector draw is passed whole); observed sites and parameters are left alone. With
 * `strict`, a latent sample site with no match in the trace is an error naming it (the ELBO needs every latent
 * of the model drawn by the guide).
 * @throws TypeError naming the argument unless fn is a function, guideTrace a Map (a Trace) and strict a boolean.
 */
export function replay<A extends unknown[], R>(fn: (...args: A) => R, guideTrace: Trace, strict = false): (...args: A) => R {
  checkFn(fn, "replay");
  checkType(guideTrace instanceof Map, "guideTrace", "a Trace (a Map from trace())", guideTrace, "replay");
  checkType(typeof strict === "boolean", "strict", "a boolean", strict, "replay");
  return handled(fn, replayer(strict, guideTrace));
}

/** The handler behind {@link replay}: latent sites take their values from `sites` (a Trace, or an ELBO's Sites). */
export function replayer(strict: boolean, sites: Pick<Trace, "get">): Handler & { matched: number } {
  return {
    /** How many latent sample sites took a value from `sites` (the ELBO resets it per particle). */
    matched: 0,
    process(msg) {
      if (msg.type === "param" || msg.observed) return;
      const site = sites.get(msg.name);
      if (site) {
        msg.value = site.value;
        if (msg.type === "sample") this.matched++;
      } else if (strict && msg.type === "sample") throw new Error(`sample "${msg.name}": latent site has no match in the guide`);
    },
  };
}

/**
 * block(fn, hide): messages for which hide(msg) is true (default: all) stop at this handler and never reach the
 * handlers below it (an enclosing trace does not record them, an enclosing SVI does not see a blocked param).
 * @throws TypeError naming the argument unless fn and hide are functions.
 */
export function block<A extends unknown[], R>(fn: (...args: A) => R, hide: (msg: Message) => boolean = () => true): (...args: A) => R {
  checkFn(fn, "block");
  checkType(typeof hide === "function", "hide", "a function", hide, "block");
  return handled(fn, { process(msg) { if (hide(msg)) msg.stop = true; } });
}

/**
 * seed(fn, rng): every draw inside fn (samples, subsamples) comes from rng, unless a handler inside gave one
 * already: the innermost seed wins.
 * @throws TypeError naming the argument unless fn is a function and rng an Rng (from createRng).
 */
export function seed<A extends unknown[], R>(fn: (...args: A) => R, rng: Rng): (...args: A) => R {
  checkFn(fn, "seed");
  checkType(rng instanceof Rng, "rng", "an Rng (from createRng)", rng, "seed");
  return handled(fn, { process(msg) { msg.rng ??= rng; } });
}

// Performance notes. Models have a handful of sites as a rule, and for them a list searched by name costs less than
// a Map: the two Maps the ELBO made and filled per particle were about 3% of a coin-flip step (bench/svi.bench.ts,
// "coin-flip SVI"). The ELBO keeps one recorder per role and clears its list per particle instead of making one.
