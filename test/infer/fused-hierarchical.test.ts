// The hand-fused hierarchical step in bench/ must compute what SVI computes on the batched model, or the bench's
// ratio means nothing: same seed, same draws in the same order, the same losses and parameters.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createRng } from "../../src/index.ts";
import { A, B, hierarchicalSvi, makeGroups } from "../../bench/hierarchical.ts";
import { fusedHierInit, fusedHierStep } from "../../bench/fused-hierarchical.ts";

test("the hand-fused hierarchical step and SVI give the same losses and parameters from the same seed (n = 50)", () => {
  const n = 50, data = makeGroups(n, 1);
  const svi = hierarchicalSvi(7, { lr: 0.05 });
  const s = fusedHierInit(n), rng = createRng(7);
  for (let i = 0; i < 300; i++) {
    const a = svi.step(data), b = fusedHierStep(s, rng, A, B, data, 0.05);
    assert.ok(Math.abs(a - b) <= 1e-10 * Math.abs(a), `step ${i}: ${a} vs ${b}`);
  }
  // The run moved far from its start (u = 0), so agreeing here is not agreeing on the initial values.
  const ua = svi.params.entry("alpha_q").u, ub = svi.params.entry("beta_q").u;
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(ua[i]! - s.u[i]!) <= 1e-10 * Math.max(1, Math.abs(ua[i]!)), `log alpha_q[${i}]: ${ua[i]} vs ${s.u[i]}`);
    assert.ok(Math.abs(ub[i]! - s.u[n + i]!) <= 1e-10 * Math.max(1, Math.abs(ub[i]!)), `log beta_q[${i}]: ${ub[i]} vs ${s.u[n + i]}`);
  }
  assert.ok(ub.some((u) => Math.abs(u) > 1), "the run should have moved beta_q far from its start");
});

test.run();
