// The tape: an arena of typed arrays where every node is appended in creation order, so creation order is a
// topological order and the backward pass is one reverse index loop (no sort, no recursion, no visited set).
// Called by ops.ts and vector.ts (which create nodes) and grad.ts (which runs the backward pass).
// Read ops.ts next for the primitives, then vector.ts for Float64Array nodes.
import { checkInteger, checkType } from "../check.ts";

/**
 * A scalar node on a tape: its forward value, and its index in the tape's arrays.
 * Create one with {@link Tape.variable} or any operation in `ops.ts`.
 */
export class Var {
  /** The recording this node belongs to: its tape's epoch when it was made. A node of an earlier epoch is stale. */
  readonly epoch: Epoch;
  readonly index: number;
  readonly value: number;
  constructor(tape: Tape, index: number, value: number) {
    this.epoch = tape.epoch;
    this.index = index;
    this.value = value;
  }
  /** The tape this node is on. */
  get tape(): Tape {
    return this.epoch.tape;
  }
}

/**
 * One recording on a tape, from one {@link Tape.rewind} to the next. Each node keeps the epoch it was made in
 * rather than its tape and a counter: one field less per node, and one comparison tells a node of the current
 * recording from a stale one or one of another tape.
 */
export class Epoch {
  readonly tape: Tape;
  constructor(tape: Tape) {
    this.tape = tape;
  }
}

/**
 * A vector node: a Float64Array value and, once the backward pass reaches it, an adjoint of the same length. Its
 * arrays belong to the tape's buffer pool and are reused after {@link Tape.rewind}; copy them to keep them.
 */
export class Vec {
  readonly epoch: Epoch;
  readonly index: number;
  readonly value: Float64Array;
  /**
   * The adjoint, or undefined while no backward step has contributed to it. The first contribution assigns instead
   * of adding, which spares the vector ops of vector.ts a zero-fill and a read per element; code that adds with
   * `+=` uses {@link Vec.adjointOrZeros}.
   */
  adjoint: Float64Array | undefined = undefined;
  constructor(tape: Tape, index: number, value: Float64Array) {
    this.epoch = tape.epoch;
    this.index = index;
    this.value = value;
    tape.vectors.push(this);
  }
  /** The tape this node is on. */
  get tape(): Tape {
    return this.epoch.tape;
  }
  /** d(output)/d(this) after the backward pass, zero where nothing contributed: the array to add into with `+=`. */
  get adjointOrZeros(): Float64Array {
    return (this.adjoint ??= this.tape.take(this.value.length, true));
  }
}

/** A differentiable scalar: a node, or a number taken as a constant. */
export type Scalar = Var | number;
/** A differentiable vector: a node, or a Float64Array taken as a constant. */
export type Vector = Vec | Float64Array;
/** Anything an operation accepts. */
export type Value = Scalar | Vector;

/** How many rewinds {@link Tape.rewind}'s high-water rule looks back over. */
const TRIM_WINDOW = 4;
/** The pool size, in elements, below which it is never dropped (= 2^16, 512 KB): not worth a reallocation. */
const POOL_FLOOR = 1 << 16;

/**
 * An arena of nodes. Each scalar node k stores the indices of at most two parents (`parents[2k]`, `parents[2k+1]`)
 * and the local partial derivatives d node_k / d parent (`partials[2k]`, `partials[2k+1]`), computed in the forward
 * pass right where the value is. The backward pass is then one loop, for k from last to first:
 * `adj[parents[2k]] += partials[2k] * adj[k]`, and likewise for the second parent. A missing parent points at
 * node 0, a sink whose adjoint nobody reads.
 *
 * Nodes that touch vectors cannot keep their partials in two numbers; they register a backward closure instead
 * ({@link Tape.pushBackward}), which the same loop calls when it reaches their index.
 *
 * {@link Tape.rewind} rewinds the arena: buffers are kept and reused, so memory stays flat across any number of
 * gradient evaluations, and every node made before is invalidated (using one throws).
 */
export class Tape {
  /** The current recording, replaced by every {@link Tape.rewind}; nodes remember the epoch they were made in. */
  epoch: Epoch = new Epoch(this);
  /** Number of nodes recorded, the sink included. */
  size = 1;
  /**
   * Parent indices and local partials of the scalar nodes, two per node side by side (node k's are at 2k and
   * 2k+1), and the scalar adjoints, one per node (a Vec's adjoint is {@link Vec.adjoint}).
   */
  parents: Int32Array;
  partials: Float64Array;
  adjoints: Float64Array;
  /** Indices of the nodes with a backward closure, ascending, and the closures. */
  private closureAt: number[] = [];
  private closures: (() => void)[] = [];
  /** The vector nodes of the current recording, in creation order; a repeated backward pass unsets their adjoints. */
  readonly vectors: Vec[] = [];
  /**
   * Vector buffers: free ones by length, one more free one kept apart (`spare`: the first buffer the last recording
   * borrowed, which the next recording usually asks for again), and those lent out since the last rewind.
   */
  private free = new Map<number, Float64Array[]>();
  private spare: Float64Array | undefined = undefined;
  /** The buffers lent since the last rewind are `lent[0]` to `lent[nLent - 1]` (kept at its longest, overwritten). */
  private lent: Float64Array[] = [];
  private nLent = 0;
  /** The tape size when backward last ran in this recording; 0 while it has not. */
  private backwardSize = 0;
  /** The capacity asked for at construction: the floor that trimming never goes below. */
  private readonly minCapacity: number;
  /** Trimming's window: recordings counted, the largest size among them, the most buffer elements one borrowed. */
  private recordings = 0;
  private recentSize = 0;
  private recentLent = 0;

  /** A tape with room for `capacity` nodes before its arrays first grow (an integer >= 1). */
  constructor(capacity = 1024) {
    checkInteger(capacity, "capacity", 1, Number.MAX_SAFE_INTEGER, "Tape");
    this.minCapacity = capacity;
    this.parents = new Int32Array(2 * capacity);
    this.partials = new Float64Array(2 * capacity);
    this.adjoints = new Float64Array(capacity);
  }

  /**
   * Rewind: forget every node (they become stale) and return vector buffers to the pool. Memory is kept for the
   * next recording, up to a high-water rule. Every {@link TRIM_WINDOW}th rewind looks at the recordings since
   * the previous look: with `keep` = max(initial capacity, 2 × the largest of their sizes), node arrays longer
   * than 2 × `keep` shrink to `keep`; and a buffer pool of more than 2^16 elements that is over 4 times the most
   * elements one of them borrowed is dropped. A tape that records one huge graph and then small ones gives its
   * memory back within 2 × TRIM_WINDOW rewinds, while one whose recordings vary keeps what the largest needs.
   */
  rewind(): void {
    this.epoch = new Epoch(this);
    if (this.size > this.recentSize) this.recentSize = this.size;
    this.size = 1;
    this.backwardSize = 0;
    if (this.closures.length !== 0) {
      this.closureAt.length = 0;
      this.closures.length = 0;
    }
    if (this.vectors.length !== 0) this.vectors.length = 0;
    if (this.nLent !== 0) {
      let lent = 0;
      for (let k = 0; k < this.nLent; k++) {
        const buf = this.lent[k]!;
        lent += buf.length;
        if (this.spare === undefined) {
          this.spare = buf;
          continue;
        }
        const list = this.free.get(buf.length);
        if (list) list.push(buf);
        else this.free.set(buf.length, [buf]);
      }
      this.nLent = 0;
      if (lent > this.recentLent) this.recentLent = lent;
    }
    if (++this.recordings === TRIM_WINDOW) this.trim();
  }

  /** The high-water rule of {@link Tape.rewind}, run on a rewound tape. */
  private trim(): void {
    const keep = Math.max(this.minCapacity, 2 * this.recentSize);
    if (this.adjoints.length > 2 * keep) {
      this.parents = new Int32Array(2 * keep);
      this.partials = new Float64Array(2 * keep);
      this.adjoints = new Float64Array(keep);
    }
    let pooled = this.spare?.length ?? 0;
    for (const list of this.free.values()) for (const buf of list) pooled += buf.length;
    if (pooled > 4 * this.recentLent && pooled > POOL_FLOOR) {
      this.free = new Map();
      this.spare = undefined;
      this.lent = []; // its stale slots would keep the dropped buffers alive
    }
    this.recordings = this.recentSize = this.recentLent = 0;
  }

  /** A leaf node: a scalar (Var) for a number, a vector (Vec) for a Float64Array, which it uses without copying. */
  variable(x: number): Var;
  variable(x: Float64Array): Vec;
  variable(x: number | Float64Array): Var | Vec;
  variable(x: number | Float64Array): Var | Vec {
    if (typeof x === "number") return this.push(0, 0, 0, 0, x);
    checkType(x instanceof Float64Array, "x", "a number or Float64Array", x, "Tape.variable");
    return new Vec(this, this.push(0, 0, 0, 0, 0).index, x);
  }

  /**
   * Append a scalar node with value `value`, parents `i` and `j` (0 for none) and local partials `di`, `dj`.
   * Every scalar primitive ends here.
   */
  push(i: number, di: number, j: number, dj: number, value: number): Var {
    const k = this.size++;
    if (k === this.adjoints.length) this.grow();
    const parents = this.parents, partials = this.partials;
    parents[2 * k] = i;
    partials[2 * k] = di;
    parents[2 * k + 1] = j;
    partials[2 * k + 1] = dj;
    return new Var(this, k, value);
  }

  /** Register the backward closure of the node just pushed (index `k`); it reads its output's adjoint itself. */
  pushBackward(k: number, backward: () => void): void {
    this.closureAt.push(k);
    this.closures.push(backward);
  }

  /** Borrow a Float64Array of length n from the pool until the next {@link Tape.rewind}; zeroed if asked. */
  take(n: number, zero = false): Float64Array {
    const spare = this.spare;
    let buf: Float64Array;
    if (spare !== undefined && spare.length === n) {
      buf = spare;
      this.spare = undefined;
    } else buf = this.free.get(n)?.pop() ?? new Float64Array(n);
    if (zero) buf.fill(0);
    this.lent[this.nLent++] = buf;
    return buf;
  }

  /**
   * Reverse pass from `y`: sets dy/dy = 1 and accumulates dy/d(node) into the adjoint of every node made
   * before it. Read results with {@link Tape.gradOf}. Each call starts from zero, so calling it again (from the
   * same or another output) gives that output's gradient, not a sum with the previous one.
   */
  backward(y: Var): void {
    checkType(y instanceof Var, "y", "a Var (a scalar)", y, "Tape.backward");
    this.check(y);
    // Vector adjoints start unset at each rewind() and are assigned by their first contributor; a repeated pass
    // unsets them again. Scalar adjoints are cleared by the loop below.
    if (this.backwardSize !== 0) for (const v of this.vectors) v.adjoint = undefined;
    this.backwardSize = this.size;
    const { parents, partials, adjoints: adj, closureAt, closures } = this;
    for (let k = 0; k < this.size; k++) adj[k] = 0;
    adj[y.index] = 1;
    let s = closureAt.length - 1;
    while (s >= 0 && closureAt[s]! > y.index) s--;
    let next = s >= 0 ? closureAt[s]! : -1;
    for (let k = y.index; k > 0; k--) {
      if (k === next) {
        closures[s]!();
        s--;
        next = s >= 0 ? closureAt[s]! : -1;
        continue;
      }
      const g = adj[k]!;
      if (g !== 0) {
        adj[parents[2 * k]!]! += partials[2 * k]! * g;
        adj[parents[2 * k + 1]!]! += partials[2 * k + 1]! * g;
      }
    }
  }

  /**
   * The adjoint of a node after {@link Tape.backward}: a number for a Var, the (pooled) adjoint array for a Vec.
   * Throws if no backward pass has run since the last {@link Tape.rewind}, or the node was made after it.
   */
  gradOf(x: Var): number;
  gradOf(x: Vec): Float64Array;
  gradOf(x: Var | Vec): number | Float64Array;
  gradOf(x: Var | Vec): number | Float64Array {
    checkType(x instanceof Var || x instanceof Vec, "x", "a Var or Vec", x, "Tape.gradOf");
    this.check(x);
    if (x.index >= this.backwardSize) {
      throw new Error("vitape: Tape.gradOf: call backward first (no backward pass since the last rewind has reached x)");
    }
    return x instanceof Var ? this.adjoints[x.index]! : x.adjointOrZeros;
  }

  /** Throw unless `x` was made on this tape since the last {@link Tape.rewind}. */
  check(x: Var | Vec): void {
    if (x.epoch !== this.epoch) {
      throw new Error(x.tape !== this
        ? "vitape: node from another tape (nodes cannot cross gradient computations)"
        : "vitape: stale node, made before the tape was rewound");
    }
  }

  private grow(): void {
    const n = this.adjoints.length * 2;
    const parents = new Int32Array(2 * n), partials = new Float64Array(2 * n);
    parents.set(this.parents); partials.set(this.partials);
    this.parents = parents; this.partials = partials;
    this.adjoints = new Float64Array(n);
  }
}

/** The tape shared by two operands, checking that they agree (numbers and Float64Arrays have no tape). */
export function tapeOf(x: Value, y?: Value): Tape | undefined {
  const tx = typeof x === "number" || x instanceof Float64Array ? undefined : x.tape;
  const ty = y === undefined || typeof y === "number" || y instanceof Float64Array ? undefined : y.tape;
  const t = tx ?? ty;
  if (t) {
    if (tx) t.check(x as Var | Vec);
    if (ty) t.check(y as Var | Vec);
  }
  return t;
}

// Performance notes (each measured on the mixed scalar chain of bench/autodiff.bench.ts). Var and Vec declare real
// class fields, not `declare`d ones: V8 then knows the object's shape before the constructor runs, and scalar nodes
// were 1.7x slower to make without them. A node's two parents and two partials sit side by side in two arrays
// rather than in four: a node is written with two array loads and bounds checks instead of four, about 4% faster.
// backward clears the adjoints with a loop rather than adj.fill, a call into the runtime that costs more than the
// loop on the short tapes of an SVI step; rewind truncates its arrays only when they hold something, since
// truncating an empty array is not free in V8 either. The lent buffers are counted rather than truncated: a
// coin-flip step borrows one (Beta's draw), and `lent.length = 0` cost about 380 instructions of the step (a
// runtime call into V8's array-length setter; callgrind). That one buffer goes back as the `spare`, outside the Map:
// a Map lookup to return it and another to borrow it again were about 200 instructions of the step (callgrind).
