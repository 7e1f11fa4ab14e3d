// A rate model as an embedder ships it (`npm run size` bundles this file and holds it to its budget): events per
// day with a Gamma(2, 1) prior on the rate λ, seven days of Poisson counts, and a Gamma guide whose sample gradient
// is the exact implicit one. The exact posterior is Gamma(2 + Σy, 1 + 7): the guide's family contains it.
import { Adam, Gamma, Poisson, SVI, TraceELBO, param, sample } from "vitape";
import * as constraints from "vitape/distributions/constraints";

const counts = new Float64Array([3, 5, 2, 4, 6, 3, 4]);

function model(counts: Float64Array): void {
  const rate = sample("rate", new Gamma(2, 1));
  sample("counts", new Poisson(rate), { obs: counts });
}

function guide(_counts: Float64Array): void {
  const a = param("a_q", 1, { constraint: constraints.positive });
  const b = param("b_q", 1, { constraint: constraints.positive });
  sample("rate", new Gamma(a, b));
}

const svi = new SVI(model, guide, new Adam({ lr: 0.05 }), new TraceELBO({ stickTheLanding: true }), { seed: 0 });
for (let step = 0; step < 4000; step++) svi.step(counts);

const a = svi.params.get("a_q"), b = svi.params.get("b_q");
const exactA = 2 + counts.reduce((s, v) => s + v, 0), exactB = 1 + counts.length;
console.log(`rate = ${(a / b).toFixed(3)} ± ${(Math.sqrt(a) / b).toFixed(3)}` +
  ` (guide Gamma(${a.toFixed(2)}, ${b.toFixed(2)}), exact Gamma(${exactA}, ${exactB}))`);
