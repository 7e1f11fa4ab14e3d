// The hand-fused coin-flip step in bench/ must compute what SVI computes, or its timing means nothing.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createRng } from "../../src/index.ts";
import { coinFlipSvi, data } from "../../bench/coin-flip.ts";
import { fusedInit, fusedStep } from "../../bench/fused-coin-flip.ts";

test("the hand-fused step and SVI give the same losses and parameters from the same seed", () => {
  const svi = coinFlipSvi(7);
  const s = fusedInit(), rng = createRng(7);
  for (let i = 0; i < 500; i++) {
    const a = svi.step(data), b = fusedStep(s, rng, 10, 10, 6, 4, 0.0005);
    assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(a), `step ${i}: ${a} vs ${b}`);
  }
  assert.ok(Math.abs(svi.params.entry("alpha_q").u[0]! - s.u[0]!) < 1e-10);
  assert.ok(Math.abs(svi.params.entry("beta_q").u[0]! - s.u[1]!) < 1e-10);
});

test.run();
