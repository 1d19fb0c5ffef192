import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { maximumMatching } from './matching.js';

// The blossom search against the definition: the largest set of disjoint edges, found by trying
// every set on small random graphs, dense enough to be full of odd cycles.

/** Adjacency lists of the graph on `size` vertices with these edges (duplicates and loops dropped). */
function adjacencyOf(size: number, edges: ReadonlyArray<readonly [number, number]>): number[][] {
  const neighbours = Array.from({ length: size }, (): number[] => []);
  for (const [a, b] of edges) {
    if (a === b || (neighbours[a] as number[]).includes(b)) continue;
    (neighbours[a] as number[]).push(b);
    (neighbours[b] as number[]).push(a);
  }
  return neighbours;
}

/** The size of a maximum matching, by trying each vertex's partners in turn. */
function largestMatching(neighbours: readonly (readonly number[])[]): number {
  const used = new Array<boolean>(neighbours.length).fill(false);
  const best = (from: number): number => {
    let v = from;
    while (v < neighbours.length && used[v]) v++;
    if (v >= neighbours.length) return 0;
    used[v] = true;
    let most = best(v + 1);
    for (const u of neighbours[v] as number[]) {
      if (used[u]) continue;
      used[u] = true;
      most = Math.max(most, 1 + best(v + 1));
      used[u] = false;
    }
    used[v] = false;
    return most;
  };
  return best(0);
}

/** The matching's edges, checked to be edges of the graph and disjoint. */
function edgesOf(mate: Int32Array, neighbours: readonly (readonly number[])[]): number {
  let edges = 0;
  mate.forEach((partner, v) => {
    if (partner === -1) return;
    assert.equal(mate[partner], v, `mate of ${partner} is ${v}`);
    assert.ok((neighbours[v] as number[]).includes(partner), `${v}-${partner} is not an edge`);
    if (partner > v) edges++;
  });
  return edges;
}

/** Sparse enough that matchings leave vertices free, dense enough for odd cycles among them. */
const graph = fc.integer({ min: 1, max: 10 }).chain((size) =>
  fc.record({
    size: fc.constant(size),
    edges: fc.array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: 14 }),
  }),
);

describe('maximumMatching', () => {
  it('finds a largest set of disjoint edges', () => {
    fc.assert(
      fc.property(graph, ({ size, edges }) => {
        const neighbours = adjacencyOf(size, edges);
        const mate = maximumMatching(neighbours, size, () => {});
        assert.equal(edgesOf(mate, neighbours), largestMatching(neighbours));
      }),
      { numRuns: 20_000 },
    );
  });

  it('stops once it has enough edges, and has them', () => {
    fc.assert(
      fc.property(graph, fc.nat(6), ({ size, edges }, enough) => {
        const neighbours = adjacencyOf(size, edges);
        const found = edgesOf(
          maximumMatching(neighbours, enough, () => {}),
          neighbours,
        );
        assert.ok(found >= Math.min(enough, largestMatching(neighbours)));
      }),
      { numRuns: 1000 },
    );
  });

  it('augments through a blossom, which a search that only alternates would miss', () => {
    // The greedy pass matches 0-2 and 1-4, leaving 3 and 5 free; the one augmenting path is
    // 3-2=0-1=4-5. From 3 the search reaches 2 and 4 first, which makes 0 and 1 both outer: the
    // edge 0-1 closes the odd cycle 3-2-0-1-4-3, and only once it is shrunk is 1 a way to 4 and 5.
    // From 5 it is the same, mirrored, so neither end finds the path without the blossom.
    const neighbours = adjacencyOf(6, [
      [1, 2],
      [3, 2],
      [1, 4],
      [4, 2],
      [3, 4],
      [5, 4],
      [2, 0],
      [1, 0],
    ]);
    assert.equal(
      edgesOf(
        maximumMatching(neighbours, 3, () => {}),
        neighbours,
      ),
      3,
    );
  });

  it('reports its work as it goes', () => {
    let work = 0;
    const neighbours = adjacencyOf(6, [
      [0, 1],
      [1, 2],
      [2, 0],
      [3, 4],
      [4, 5],
    ]);
    maximumMatching(neighbours, 3, (spent) => {
      work += spent;
    });
    assert.ok(work >= neighbours.length, `work ${work}`);
  });
});
