// Maximum matching in a general graph (Edmonds's blossom algorithm), for pair-copies.ts: instances
// that may fill either role of a pair make odd cycles, so bipartite matching (flow.ts) does not
// apply.
//
// From each free vertex, a breadth-first search grows alternating paths; an edge closing an odd
// cycle (a blossom) shrinks the cycle into its base, whose vertices all become outer and are
// searched on. A path to another free vertex is augmented along. A vertex from which no augmenting
// path exists never gets one later (Edmonds), so each vertex is searched from once: O(V) searches
// of O(V + E) steps each, plus O(V) per blossom, O(V^3) at worst.

/** Called with the work done as the search goes, so a caller may stop a search that costs too much. */
export type Spend = (work: number) => void;

/**
 * A maximum matching of the graph (neighbours[v] the vertices adjacent to v), or one of at least
 * `enough` edges as soon as it has that many: mate[v] is v's partner, -1 when v is free.
 */
export function maximumMatching(
  neighbours: readonly (readonly number[])[],
  enough: number,
  spend: Spend,
): Int32Array {
  const search = new BlossomSearch(neighbours, spend);
  let size = search.greedy();
  for (let root = 0; root < neighbours.length && size < enough; root++) {
    if ((search.mate[root] as number) !== -1) continue;
    const end = search.augmentingPathEnd(root);
    if (end === -1) continue;
    search.augment(end);
    size++;
  }
  return search.mate;
}

class BlossomSearch {
  readonly mate: Int32Array;
  /** The alternating tree's parent of an inner vertex (the outer vertex it was reached from). */
  private readonly parent: Int32Array;
  /** The base of the blossom each vertex is shrunk into (itself when none). */
  private readonly base: Int32Array;
  /** Outer vertices: reached at an even distance from the root, or inside a blossom. */
  private readonly outer: Uint8Array;
  private readonly inBlossom: Uint8Array;
  private readonly queue: Int32Array;
  private head = 0;
  private tail = 0;

  constructor(
    private readonly neighbours: readonly (readonly number[])[],
    private readonly spend: Spend,
  ) {
    const size = neighbours.length;
    this.mate = new Int32Array(size).fill(-1);
    this.parent = new Int32Array(size);
    this.base = new Int32Array(size);
    this.outer = new Uint8Array(size);
    this.inBlossom = new Uint8Array(size);
    this.queue = new Int32Array(size);
  }

  /** Matches free neighbours in one pass, which leaves the searches less to do; its size. */
  greedy(): number {
    let size = 0;
    this.neighbours.forEach((adjacent, v) => {
      if ((this.mate[v] as number) !== -1) return;
      const free = adjacent.find((u) => u !== v && (this.mate[u] as number) === -1);
      if (free === undefined) return;
      this.mate[v] = free;
      this.mate[free] = v;
      size++;
    });
    this.spend(this.neighbours.length);
    return size;
  }

  /** The free vertex an augmenting path from `root` ends at, -1 when there is none. */
  augmentingPathEnd(root: number): number {
    const size = this.neighbours.length;
    this.parent.fill(-1);
    this.outer.fill(0);
    for (let v = 0; v < size; v++) this.base[v] = v;
    this.spend(size);
    this.outer[root] = 1;
    this.head = 0;
    this.tail = 0;
    this.queue[this.tail++] = root;
    while (this.head < this.tail) {
      const v = this.queue[this.head++] as number;
      const adjacent = this.neighbours[v] as readonly number[];
      this.spend(adjacent.length);
      for (const u of adjacent) {
        if (this.base[v] === this.base[u] || this.mate[v] === u) continue;
        const mateOfU = this.mate[u] as number;
        if (u === root || (mateOfU !== -1 && (this.parent[mateOfU] as number) !== -1)) {
          // u is outer too: the edge closes an odd cycle.
          this.shrink(v, u);
        } else if ((this.parent[u] as number) === -1) {
          this.parent[u] = v;
          if (mateOfU === -1) return u;
          this.outer[mateOfU] = 1;
          this.queue[this.tail++] = mateOfU;
        }
      }
    }
    return -1;
  }

  /** Flips the matching along the path from the free vertex `end` back to the root. */
  augment(end: number): void {
    let v = end;
    while (v !== -1) {
      const previous = this.parent[v] as number;
      const next = this.mate[previous] as number;
      this.mate[v] = previous;
      this.mate[previous] = v;
      v = next;
    }
  }

  /** Shrinks the blossom the edge (v, u) closes: its vertices become outer, based at the common ancestor. */
  private shrink(v: number, u: number): void {
    const size = this.neighbours.length;
    const ancestor = this.commonAncestor(v, u);
    this.inBlossom.fill(0);
    this.markPath(v, ancestor, u);
    this.markPath(u, ancestor, v);
    this.spend(size);
    for (let w = 0; w < size; w++) {
      if (this.inBlossom[this.base[w] as number] === 0) continue;
      this.base[w] = ancestor;
      if (this.outer[w] === 0) {
        this.outer[w] = 1;
        this.queue[this.tail++] = w;
      }
    }
  }

  /** The base of the nearest blossom or vertex on both tree paths from v and from u to the root. */
  private commonAncestor(v: number, u: number): number {
    const seen = new Uint8Array(this.neighbours.length);
    let a = v;
    for (;;) {
      a = this.base[a] as number;
      seen[a] = 1;
      const mateOfA = this.mate[a] as number;
      if (mateOfA === -1) break;
      a = this.parent[mateOfA] as number;
    }
    let b = u;
    for (;;) {
      b = this.base[b] as number;
      if (seen[b] === 1) return b;
      b = this.parent[this.mate[b] as number] as number;
    }
  }

  /**
   * Marks the blossoms on the path from v down to the base, and points the path's inner vertices'
   * parents back across the closing edge, so an augmenting path through the blossom can be read.
   */
  private markPath(v: number, blossomBase: number, child: number): void {
    let w = v;
    let across = child;
    while (this.base[w] !== blossomBase) {
      const mateOfW = this.mate[w] as number;
      this.inBlossom[this.base[w] as number] = 1;
      this.inBlossom[this.base[mateOfW] as number] = 1;
      this.parent[w] = across;
      across = mateOfW;
      w = this.parent[mateOfW] as number;
    }
  }
}
