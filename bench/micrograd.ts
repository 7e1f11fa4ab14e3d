// A micrograd-style engine (one object and one backward closure per node, topological sort by DFS), written
// only as a point of comparison for the tape's throughput. The sort is iterative so long chains do not overflow.

/** A node holding its value, gradient, parents and a closure that pushes its gradient to them. */
export class Value {
  grad = 0;
  mark = 0;
  backwardFn: () => void = () => {};
  constructor(public data: number, public parents: Value[] = []) {}
  add(o: Value | number): Value {
    const other = typeof o === "number" ? new Value(o) : o;
    const out = new Value(this.data + other.data, [this, other]);
    out.backwardFn = () => { this.grad += out.grad; other.grad += out.grad; };
    return out;
  }
  mul(o: Value | number): Value {
    const other = typeof o === "number" ? new Value(o) : o;
    const out = new Value(this.data * other.data, [this, other]);
    out.backwardFn = () => { this.grad += other.data * out.grad; other.grad += this.data * out.grad; };
    return out;
  }
  exp(): Value {
    const out = new Value(Math.exp(this.data), [this]);
    out.backwardFn = () => { this.grad += out.data * out.grad; };
    return out;
  }
  log(): Value {
    const out = new Value(Math.log(this.data), [this]);
    out.backwardFn = () => { this.grad += out.grad / this.data; };
    return out;
  }
  sigmoid(): Value {
    const s = 1 / (1 + Math.exp(-this.data));
    const out = new Value(s, [this]);
    out.backwardFn = () => { this.grad += s * (1 - s) * out.grad; };
    return out;
  }
  backward(): void {
    // Iterative post-order DFS; a node's mark counts how many of its parents have been visited (-1 when done).
    const order: Value[] = [];
    const stack: Value[] = [this];
    while (stack.length) {
      const v = stack[stack.length - 1]!;
      if (v.mark < v.parents.length) {
        const p = v.parents[v.mark++]!;
        if (p.mark === 0) stack.push(p);
      } else {
        stack.pop();
        if (v.mark >= 0) { order.push(v); v.mark = -1; }
      }
    }
    this.grad = 1;
    for (let k = order.length - 1; k >= 0; k--) order[k]!.backwardFn();
  }
}
