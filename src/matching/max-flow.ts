/** A directed graph with integer capacities for maximum flow (Dinic's algorithm). */
export class FlowGraph {
  private readonly head: number[];
  private readonly to: number[] = [];
  private readonly cap: number[] = [];
  private readonly next: number[] = [];
  private readonly nodes: number;

  constructor(nodes: number) {
    this.nodes = nodes;
    this.head = new Array(nodes).fill(-1);
  }

  /** Adds an edge u → v with capacity c (and its residual twin). */
  addEdge(u: number, v: number, c: number): void {
    this.to.push(v);
    this.cap.push(c);
    this.next.push(this.head[u]!);
    this.head[u] = this.to.length - 1;
    this.to.push(u);
    this.cap.push(0);
    this.next.push(this.head[v]!);
    this.head[v] = this.to.length - 1;
  }

  /** The maximum flow from source to sink. */
  maxFlow(source: number, sink: number): number {
    const level = new Int32Array(this.nodes);
    const iter = new Int32Array(this.nodes);
    const queue = new Int32Array(this.nodes);
    let flow = 0;
    for (;;) {
      level.fill(-1);
      level[source] = 0;
      let qh = 0;
      let qt = 0;
      queue[qt++] = source;
      while (qh < qt) {
        const u = queue[qh++]!;
        for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
          const v = this.to[e]!;
          if (this.cap[e]! > 0 && level[v]! < 0) {
            level[v] = level[u]! + 1;
            queue[qt++] = v;
          }
        }
      }
      if (level[sink]! < 0) return flow;
      for (let i = 0; i < this.nodes; i++) iter[i] = this.head[i]!;
      for (;;) {
        const f = this.augment(source, sink, Number.POSITIVE_INFINITY, level, iter);
        if (f <= 0) break;
        flow += f;
      }
    }
  }

  // Iterative DFS would avoid deep recursion, but paths here are at most 5 edges long.
  private augment(u: number, sink: number, limit: number, level: Int32Array, iter: Int32Array): number {
    if (u === sink) return limit;
    for (; iter[u] !== -1; iter[u] = this.next[iter[u]!]!) {
      const e = iter[u]!;
      const v = this.to[e]!;
      if (this.cap[e]! > 0 && level[v] === level[u]! + 1) {
        const d = this.augment(v, sink, Math.min(limit, this.cap[e]!), level, iter);
        if (d > 0) {
          this.cap[e]! -= d;
          this.cap[e ^ 1]! += d;
          return d;
        }
      }
    }
    return 0;
  }
}
