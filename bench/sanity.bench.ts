import { consume, type Case } from "./harness.ts";
export function cases(): Case[] {
  const xs = new Float64Array(1000).map((_, i) => i);
  return [{ group: "sanity", name: "sum 1000", fn: () => { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]!; consume(s); }, perCall: 1000, unit: "elem" }];
}
