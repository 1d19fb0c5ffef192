// Can the slots get their demand from distinct observation instances? A bipartite b-matching,
// decided by maximum flow: source -> slot (its demand) -> group (any slot the group may fill) ->
// sink (the group's instances). Observations are grouped by the set of slots they may fill, so
// the graph has at most min(observations, 2^slots) groups whatever the number of observations.

export interface Group {
  /** Bit s set when an instance of this group may fill slot s. */
  mask: bigint;
  capacity: number;
}

/** flow[s][g]: instances of group g given to slot s; undefined when the demand cannot be met. */
export type Allocation = number[][];

export function allocate(demands: readonly number[], groups: readonly Group[]): Allocation | undefined {
  const slotCount = demands.length;
  const total = demands.reduce((sum, d) => sum + d, 0);
  const flow = demands.map(() => new Array<number>(groups.length).fill(0));
  const slotLeft = [...demands];
  const groupLeft = groups.map((g) => g.capacity);
  const allows = (s: number, g: number): boolean => (((groups[g] as Group).mask >> BigInt(s)) & 1n) === 1n;
  let sent = 0;
  // Augmenting paths alternate slot -> group (any allowed pair) and group -> slot (undoing flow).
  while (sent < total) {
    const path = augmentingPath(slotCount, groups.length, slotLeft, groupLeft, flow, allows);
    if (path === undefined) return undefined;
    let amount = Math.min(
      slotLeft[path[0] as number] as number,
      groupLeft[path[path.length - 1] as number] as number,
    );
    for (let i = 1; i + 1 < path.length; i += 2) {
      amount = Math.min(amount, (flow[path[i + 1] as number] as number[])[path[i] as number] as number);
    }
    for (let i = 0; i < path.length; i += 2) {
      const slot = path[i] as number;
      const group = path[i + 1] as number;
      (flow[slot] as number[])[group] = ((flow[slot] as number[])[group] as number) + amount;
      if (i + 2 < path.length) {
        const back = path[i + 2] as number;
        (flow[back] as number[])[group] = ((flow[back] as number[])[group] as number) - amount;
      }
    }
    slotLeft[path[0] as number] = (slotLeft[path[0] as number] as number) - amount;
    groupLeft[path[path.length - 1] as number] =
      (groupLeft[path[path.length - 1] as number] as number) - amount;
    sent += amount;
  }
  return flow;
}

/**
 * A shortest path [slot, group, slot, group, ...] from a slot with demand left to a group with
 * capacity left, where each group -> slot step follows flow already sent, found by BFS.
 */
function augmentingPath(
  slotCount: number,
  groupCount: number,
  slotLeft: readonly number[],
  groupLeft: readonly number[],
  flow: readonly number[][],
  allows: (slot: number, group: number) => boolean,
): number[] | undefined {
  const groupParent = new Array<number>(groupCount).fill(-1);
  const slotParent = new Array<number>(slotCount).fill(-2);
  const queue: number[] = [];
  for (let s = 0; s < slotCount; s++) {
    if ((slotLeft[s] as number) > 0) {
      slotParent[s] = -1;
      queue.push(s);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const slot = queue[head] as number;
    for (let g = 0; g < groupCount; g++) {
      if (groupParent[g] !== -1 || !allows(slot, g)) continue;
      groupParent[g] = slot;
      if ((groupLeft[g] as number) > 0) return pathTo(g, groupParent, slotParent);
      for (let s = 0; s < slotCount; s++) {
        if (slotParent[s] === -2 && ((flow[s] as number[])[g] as number) > 0) {
          slotParent[s] = g;
          queue.push(s);
        }
      }
    }
  }
  return undefined;
}

function pathTo(group: number, groupParent: readonly number[], slotParent: readonly number[]): number[] {
  const path: number[] = [];
  let g = group;
  for (;;) {
    const slot = groupParent[g] as number;
    path.unshift(slot, g);
    const previous = slotParent[slot] as number;
    if (previous === -1) return path;
    g = previous;
  }
}
