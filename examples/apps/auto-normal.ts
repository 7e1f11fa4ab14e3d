// The measurement model of normal-normal.ts as an embedder ships it with an autoguide (`npm run size` bundles this
// file and holds it to its budget): an unknown mean μ with a Normal(0, 10) prior, five measurements with known noise
// sd 1, and AutoNormal in place of the hand-written guide. The exact posterior is Normal with precision 1/100 + 5 and
// mean Σy / (5 + 1/100): AutoNormal's family (a Normal, on ℝ) contains it.
import { Adam, AutoNormal, Normal, SVI, TraceELBO, sample } from "vitape";

const y = new Float64Array([4.1, 5.3, 4.8, 6.0, 5.2]);

function model(y: Float64Array): void {
  const mu = sample("mu", new Normal(0, 10));
  sample("y", new Normal(mu, 1), { obs: y });
}

const guide = new AutoNormal(model);
const svi = new SVI(model, guide, new Adam({ lr: 0.05 }), new TraceELBO({ stickTheLanding: true }), { seed: 0 });
for (let step = 0; step < 3000; step++) svi.step(y);

const [lo, mid, hi] = guide.quantiles([0.05, 0.5, 0.95], svi.params).get("mu") as Float64Array;
const precision = 1 / 100 + y.length;
const exactMean = y.reduce((s, v) => s + v, 0) / precision;
console.log(`mu = ${mid!.toFixed(3)} (90% ${lo!.toFixed(3)} to ${hi!.toFixed(3)};` +
  ` exact ${exactMean.toFixed(3)} ± ${Math.sqrt(1 / precision).toFixed(3)})`);
