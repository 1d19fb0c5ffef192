// `P REPEATS n TIMES` where every copy of P takes two instances under constraints of its own:
// `(([x] AND [y]) WITHIN w SECONDS) REPEATS n TIMES`, `(([x] FOLLOWEDBY [y]) WITHIN w SECONDS)
// REPEATS n TIMES`, `(([x] REPEATS 2 TIMES) WITHIN w SECONDS) REPEATS n TIMES`, and any of them
// with `REPEATS n TIMES WITHIN W SECONDS` around the copies. Decided exactly, in polynomial time,
// as a maximum matching in a general graph (matching.ts).
//
// Two instances may form a copy when one fills the first place and the other the second and the
// copy's constraints hold on their times: whether they may depends on those two instances alone,
// so a set of copies is a set of disjoint pairs, a matching in the graph whose edges join the
// instances that may pair. There are n copies iff the graph's maximum matching has n edges. With
// distinct roles the graph is bipartite, but an instance fitting both brackets (`[x]` and `[y]`
// both accept it, or the two places are one bracket) may be either end, which makes odd cycles:
// the sweep (sweep.ts) and the threshold search could run out of budget on those, a blossom
// search does not.
//
// A WITHIN W around all the copies is one constraint on every instance: some threshold t has
// first <= t <= last + W for all of them (t the latest first). For each first_observed taken as
// t, the instances inside it are matched alone.

import type { Observation } from '../observation.js';
import { type Assignment, assignmentOf } from './assignment.js';
import type { BracketTable } from './bracket.js';
import type { WorkBudget } from './budget.js';
import { maximumMatching } from './matching.js';
import { alternativesKey, type Plan, type Slot } from './plan.js';
import { partsOf } from './sweep-kinds.js';
import type { Instant } from './time.js';

/** Instances in the graph at most: edges are found by testing every pair of them. */
const MAX_INSTANCES = 2_000;

/** The copies of a plan this module decides. */
interface PairCopies {
  /** Each copy's two places: the slot that fills each (one slot of demand 2 fills both). */
  copies: Array<[number, number]>;
  /** A copy's constraints over its places 0 and 1. */
  constraints: Array<{ early: number[]; late: number[]; offset: bigint }>;
  /** The offset of a WITHIN around all the copies, if the plan has one. */
  around?: bigint;
}

/** The plans' readings, null where this module does not apply: plans are built once per pattern. */
const readings = new WeakMap<Plan, PairCopies | null>();

/**
 * Decides the plan as disjoint pairs: an assignment, undefined when there is none, or 'undecided'
 * when the plan is not made of two-instance copies or has too many instances for the graph.
 */
export function solvePairCopies(
  plan: Plan,
  table: BracketTable,
  masks: readonly bigint[],
  budget: WorkBudget,
): Assignment | undefined | 'undecided' {
  let reading = readings.get(plan);
  if (reading === undefined) {
    reading = readPairCopies(plan) ?? null;
    readings.set(plan, reading);
  }
  if (reading === null) return 'undecided';
  const n = reading.copies.length;
  const [firstCopy] = reading.copies as [[number, number]];
  const fitMask = (1n << BigInt(firstCopy[0])) | (1n << BigInt(firstCopy[1]));
  // Instances by observation; more than 2n of one observation are never needed.
  const owners: number[] = [];
  masks.forEach((mask, index) => {
    if ((mask & fitMask) === 0n) return;
    const count = Math.min((table.observations[index] as Observation).numberObserved, 2 * n);
    for (let k = 0; k < count; k++) owners.push(index);
  });
  if (owners.length > MAX_INSTANCES) return 'undecided';
  // The graph over all instances, once; a WITHIN around the copies takes subgraphs of it.
  const pairs = new PairTest(reading, table, masks, firstCopy);
  const adjacent = owners.map((): number[] => []);
  budget.spend((owners.length * owners.length) / 2);
  for (let a = 0; a < owners.length; a++) {
    for (let b = a + 1; b < owners.length; b++) {
      if (!pairs.mayPair(owners[a] as number, owners[b] as number)) continue;
      (adjacent[a] as number[]).push(b);
      (adjacent[b] as number[]).push(a);
    }
  }
  const thresholds =
    reading.around === undefined ? [undefined] : [...new Set(owners.map((i) => table.first[i] as Instant))];
  for (const threshold of thresholds) {
    // The instances within the WITHIN around the copies at this threshold, renumbered.
    const inside = owners.flatMap((index, v) =>
      threshold === undefined ||
      ((table.first[index] as Instant) <= threshold &&
        threshold <= (table.last[index] as Instant) + (reading.around as bigint))
        ? [v]
        : [],
    );
    if (inside.length < 2 * n) continue;
    const local = new Int32Array(owners.length).fill(-1);
    inside.forEach((v, position) => {
      local[v] = position;
    });
    const neighbours = inside.map((v) =>
      (adjacent[v] as number[]).flatMap((u) => ((local[u] as number) === -1 ? [] : [local[u] as number])),
    );
    budget.spend(owners.length);
    const mate = maximumMatching(neighbours, n, (work) => budget.spend(work));
    const matched: Array<[number, number]> = [];
    mate.forEach((partner, a) => {
      if (partner > a)
        matched.push([owners[inside[a] as number] as number, owners[inside[partner] as number] as number]);
    });
    if (matched.length < n) continue;
    const fills = matched.slice(0, n).flatMap(([i, j], copy) => {
      const [place0, place1] = reading.copies[copy] as [number, number];
      const [zero, one] = pairs.inOrder(i, j) ? [i, j] : [j, i];
      return [[place0, zero] as const, [place1, one] as const];
    });
    return assignmentOf(plan, table, fills);
  }
  return undefined;
}

/** Whether two observations' instances may form a copy, in one order or the other. */
class PairTest {
  private readonly slots: [bigint, bigint];

  constructor(
    private readonly reading: PairCopies,
    private readonly table: BracketTable,
    private readonly masks: readonly bigint[],
    [slot0, slot1]: readonly [number, number],
  ) {
    this.slots = [1n << BigInt(slot0), 1n << BigInt(slot1)];
  }

  mayPair(i: number, j: number): boolean {
    return this.inOrder(i, j) || this.inOrder(j, i);
  }

  /** Whether an instance of i may fill place 0 and one of j place 1. */
  inOrder(i: number, j: number): boolean {
    const [zero, one] = this.slots;
    if (((this.masks[i] as bigint) & zero) === 0n || ((this.masks[j] as bigint) & one) === 0n) return false;
    const first = [this.table.first[i] as Instant, this.table.first[j] as Instant];
    const last = [this.table.last[i] as Instant, this.table.last[j] as Instant];
    return this.reading.constraints.every(({ early, late, offset }) => {
      // Every first on the early side at most every last on the late side, plus the offset.
      for (const e of early) {
        for (const l of late) if ((first[e] as Instant) > (last[l] as Instant) + offset) return false;
      }
      return true;
    });
  }
}

/** The plan read as pair copies, or undefined when it is not made of them. */
function readPairCopies(plan: Plan): PairCopies | undefined {
  // A constraint on both sides of every slot is a WITHIN around all the copies.
  const aroundAll = plan.constraints.flatMap((_, c) =>
    plan.slots.every((slot) => slot.early.includes(c) && slot.late.includes(c)) ? [c] : [],
  );
  if (aroundAll.length > 1) return undefined;
  const around = aroundAll[0];
  const inner: Plan = {
    constraints: plan.constraints,
    slots: plan.slots.map((slot) => ({
      ...slot,
      early: slot.early.filter((c) => c !== around),
      late: slot.late.filter((c) => c !== around),
    })),
  };
  const parts = partsOf(inner);
  if (parts.length < 2) return undefined;
  let shape: string | undefined;
  const copies: Array<[number, number]> = [];
  let constraints: PairCopies['constraints'] = [];
  for (const part of parts) {
    const slots = part.map((s) => inner.slots[s] as Slot);
    const places = part.flatMap((s, i) => new Array<number>((slots[i] as Slot).demand).fill(s));
    const own = [...new Set(slots.flatMap((slot) => [...slot.early, ...slot.late]))].sort((a, b) => a - b);
    if (places.length !== 2 || own.length === 0) return undefined;
    const partShape = JSON.stringify([
      slots.map((slot) => [
        alternativesKey(slot),
        slot.demand,
        slot.early.map((c) => own.indexOf(c)),
        slot.late.map((c) => own.indexOf(c)),
      ]),
      own.map((c) => String(plan.constraints[c]?.offset)),
    ]);
    if (shape !== undefined && partShape !== shape) return undefined;
    if (shape === undefined) {
      shape = partShape;
      constraints = own.map((c) => ({
        early: [0, 1].filter((p) => (inner.slots[places[p] as number] as Slot).early.includes(c)),
        late: [0, 1].filter((p) => (inner.slots[places[p] as number] as Slot).late.includes(c)),
        offset: plan.constraints[c]?.offset as bigint,
      }));
    }
    copies.push(places as [number, number]);
  }
  return { copies, constraints, around: around === undefined ? undefined : plan.constraints[around]?.offset };
}
