// A uniform subsample of indices without replacement: the draw behind a plate's mini-batches (infer/runtime.ts).
// Takes the Rng explicitly, like every sampler here.
import { checkInteger } from "../check.ts";
import { checkRng, type Rng } from "./rng.ts";

/**
 * m ≤ n distinct indices drawn uniformly from 0..n-1 (all of them, in order, when m = n), by a partial
 * Fisher-Yates shuffle that records only the positions it has swapped, so the cost is O(m), not O(n).
 *
 * @throws TypeError unless rng is an Rng and n, m are numbers; RangeError unless n is an integer in
 * [0, 2^31 - 1] (an Int32Array index) and m an integer in [0, n].
 */
export function subsampleIndices(rng: Rng, n: number, m: number): Int32Array {
  checkRng(rng, "subsampleIndices");
  checkInteger(n, "n", 0, 2 ** 31 - 1, "subsampleIndices");
  checkInteger(m, "m", 0, n, "subsampleIndices");
  const out = new Int32Array(m);
  if (m >= n) {
    for (let i = 0; i < n; i++) out[i] = i;
    return out;
  }
  const swapped = new Map<number, number>();
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.uniform() * (n - i));
    out[i] = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
  }
  return out;
}
