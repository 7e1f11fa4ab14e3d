// Coin-flip SVI steps per second, warm: vitape's SVI (the README program) against the same step fused by hand.
// Two shapes of measurement: one step per benchmark.js call (the harness's shared loop calls an opaque closure,
// so nothing inlines across it and every allocation is real), and a loop of 1000 steps per call, which is how a
// program runs SVI (`for (...) svi.step(data)`): V8 can then inline the step and remove short-lived objects.
import { createRng } from "../src/random/index.ts";
import { coinFlipSvi, data } from "./coin-flip.ts";
import { fusedInit, fusedStep } from "./fused-coin-flip.ts";
import { consume, type Case } from "./harness.ts";

export function cases(): Case[] {
  const svi = coinFlipSvi(0);
  const state = fusedInit(), rng = createRng(0);
  // Warm both up, so the figures are steady-state steps.
  for (let i = 0; i < 20000; i++) { svi.step(data); fusedStep(state, rng, 10, 10, 6, 4, 0.0005); }
  const single = "coin-flip SVI step (one per call)";
  const loop = "coin-flip SVI step (loops of 1000)";
  return [
    { group: single, name: "hand-fused step (no tape)", fn: () => consume(fusedStep(state, rng, 10, 10, 6, 4, 0.0005)), unit: "step" },
    { group: single, name: "vitape SVI.step", fn: () => consume(svi.step(data)), unit: "step", baseline: "hand-fused step (no tape)" },
    {
      group: loop, name: "hand-fused step (no tape)", perCall: 1000, unit: "step",
      fn: () => { let l = 0; for (let i = 0; i < 1000; i++) l += fusedStep(state, rng, 10, 10, 6, 4, 0.0005); consume(l); },
    },
    {
      group: loop, name: "vitape SVI.step", perCall: 1000, unit: "step", baseline: "hand-fused step (no tape)",
      fn: () => { let l = 0; for (let i = 0; i < 1000; i++) l += svi.step(data); consume(l); },
    },
  ];
}
