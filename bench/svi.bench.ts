// Coin-flip SVI steps per second, warm: vitape's SVI (the README program) against the same step fused by hand.
import { createRng } from "../src/random/index.ts";
import { coinFlipSvi, data } from "./coin-flip.ts";
import { fusedInit, fusedStep } from "./fused-coin-flip.ts";
import { consume, type Case } from "./harness.ts";

export function cases(): Case[] {
  const svi = coinFlipSvi(0);
  const state = fusedInit(), rng = createRng(0);
  // Warm both up, so the figures are steady-state steps.
  for (let i = 0; i < 20000; i++) { svi.step(data); fusedStep(state, rng, 10, 10, 6, 4, 0.0005); }
  const group = "coin-flip SVI step";
  return [
    { group, name: "hand-fused step (no tape)", fn: () => consume(fusedStep(state, rng, 10, 10, 6, 4, 0.0005)), unit: "step" },
    { group, name: "vitape SVI.step", fn: () => consume(svi.step(data)), unit: "step", baseline: "hand-fused step (no tape)" },
  ];
}
