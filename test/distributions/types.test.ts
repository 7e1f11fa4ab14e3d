// Type-level laws of the distributions, checked by `tsc --noEmit` (part of `npm test`): a scalar distribution's draw
// is a Scalar, a batch's a Vector, discrete draws are numbers or Float64Arrays, and a draw feeds the next
// distribution's parameter without a cast. The runtime test below only confirms the values agree with the types.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  Bernoulli, Beta, Gamma, Tape, Var, Vec, createRng, sample, type Distribution, type Scalar, type Vector,
} from "../../src/index.ts";

/** Compiles only when X and Y are the same type. */
type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends (<T>() => T extends Y ? 1 : 2) ? true : false;
const same = <X, Y>(ok: Equal<X, Y>): Equal<X, Y> => ok;

test("draw types follow the parameter types, and a draw is a valid parameter without a cast", () => {
  const rng = createRng(0);
  const tape = new Tape();
  const a = tape.variable(2), v = tape.variable(new Float64Array([1, 2]));

  // Scalar parameters: Scalar draws; sample() outside inference returns the distribution's draw type.
  const z = new Beta(1, 1).rsample(rng);
  same<typeof z, Scalar>(true);
  const g = new Gamma(sample("a", new Beta(1, 1)), 1);
  same<ReturnType<typeof g.rsample>, Scalar>(true);
  const b1 = new Beta(a, 3), g1 = new Gamma(a);
  same<ReturnType<typeof b1.rsample>, Scalar>(true);
  same<ReturnType<typeof g1.rsample>, Scalar>(true);

  // A vector parameter, alone or beside a scalar one: Vector draws, Float64Array samples.
  const batch = new Beta(new Float64Array([1, 2]), 1);
  same<ReturnType<typeof batch.rsample>, Vector>(true);
  same<ReturnType<typeof batch.sample>, Float64Array>(true);
  const g2 = new Gamma(v, a);
  same<ReturnType<typeof g2.rsample>, Vector>(true);
  const zs = sample("zs", new Gamma(v, 1));
  same<typeof zs, Vector>(true);
  // @ts-expect-error a batch's draw is not a Scalar
  const wrong: Scalar = batch.rsample(rng);

  // Discrete: numbers for scalar parameters, Float64Arrays for vectors.
  const c1 = new Bernoulli(0.3), c2 = new Bernoulli({ logits: new Float64Array(2) });
  same<ReturnType<typeof c1.sample>, number>(true);
  same<ReturnType<typeof c2.sample>, Float64Array>(true);
  const d: Distribution<Scalar> = new Beta(a, 1);

  assert.ok(typeof z === "number" && typeof g.rsample(rng) === "number");
  assert.ok(batch.rsample(rng) instanceof Float64Array && wrong instanceof Float64Array);
  assert.ok(zs instanceof Vec && g2.rsample(rng) instanceof Vec && d.rsample(rng) instanceof Var);
});

test.run();
