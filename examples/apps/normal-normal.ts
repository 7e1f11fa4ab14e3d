// A measurement model as an embedder ships it (`npm run size` bundles this file and holds it to its budget): an
// unknown mean μ with a Normal(0, 10) prior, five measurements with known noise sd 1, and a Normal guide. The exact
// posterior is Normal with precision 1/100 + 5 and mean Σy / (5 + 1/100): the guide's family contains it. Carries
// no incomplete gamma or beta code.
import { Adam, Normal, SVI, TraceELBO, param, sample } from "vitape";
import * as constraints from "vitape/distributions/constraints";

const y = new Float64Array([4.1, 5.3, 4.8, 6.0, 5.2]);

function model(y: Float64Array): void {
  const mu = sample("mu", new Normal(0, 10));
  sample("y", new Normal(mu, 1), { obs: y });
}

function guide(_y: Float64Array): void {
  const loc = param("loc_q", 0);
  const scale = param("scale_q", 1, { constraint: constraints.positive });
  sample("mu", new Normal(loc, scale));
}

const svi = new SVI(model, guide, new Adam({ lr: 0.05 }), new TraceELBO({ stickTheLanding: true }), { seed: 0 });
for (let step = 0; step < 3000; step++) svi.step(y);

const precision = 1 / 100 + y.length;
const exactMean = y.reduce((s, v) => s + v, 0) / precision;
console.log(`mu = ${svi.params.get("loc_q").toFixed(3)} ± ${svi.params.get("scale_q").toFixed(3)}` +
  ` (exact ${exactMean.toFixed(3)} ± ${Math.sqrt(1 / precision).toFixed(3)})`);
