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
import { alternativesKey, oncePerPlan, type Plan, type Slot } from './plan.js';
import { partsOf } from './sweep-kinds.js';
import type { Instant } from './time.js';

/** Instances in the graph at most: its edges, and the blossom search's O(V^3), grow with them. */
const MAX_INSTANCES = 2_000;

/**
 * The part of the budget left the matchings may spend, the other solvers the rest: with a WITHIN
 * around the copies, one matching per threshold.
 */
const SHARE = 0.5;

/** The copies of a plan this module decides. */
interface PairCopies {
  /** Each copy's two places: the slot that fills each (one slot of demand 2 fills both). */
  copies: Array<[number, number]>;
  /** A copy's constraints over its places 0 and 1. */
  constraints: Array<{ early: number[]; late: number[]; offset: bigint }>;
  /** The offset of a WITHIN around all the copies, if the plan has one. */
  around?: bigint;
}

/** An observation that may fill a place of a copy. */
interface Candidate {
  index: number;
  first: Instant;
  last: Instant;
  /** Bit p set when it may fill place p. */
  places: number;
  /** Its instances in the graph: number_observed, but never more than 2n. */
  instances: number;
}

/**
 * Decides the plan as disjoint pairs: an assignment, undefined when there is none, or 'undecided'
 * when the plan is not made of two-instance copies or has too many instances for the graph. No
 * match's latest first_observed is before `floor` (solve.ts).
 */
export function solvePairCopies(
  plan: Plan,
  table: BracketTable,
  masks: readonly bigint[],
  budget: WorkBudget,
  floor?: Instant,
): Assignment | undefined | 'undecided' {
  const copies = pairCopiesOf(plan);
  if (copies === undefined) return 'undecided';
  return budget.share(SHARE, () => matchCopies(plan, copies, table, masks, budget, floor));
}

function matchCopies(
  plan: Plan,
  reading: PairCopies,
  table: BracketTable,
  masks: readonly bigint[],
  budget: WorkBudget,
  floor: Instant | undefined,
): Assignment | undefined | 'undecided' {
  const n = reading.copies.length;
  const candidates = candidatesOf(reading, table, masks);
  if (candidates.reduce((sum, c) => sum + c.instances, 0) > MAX_INSTANCES) return 'undecided';
  const test = new PairTest(reading);
  const { owners, adjacent } = graphOf(candidates, test, budget);
  const thresholds =
    reading.around === undefined
      ? [undefined]
      : [...new Set(candidates.map((c) => c.first))].filter((t) => floor === undefined || t >= floor);
  for (const threshold of thresholds) {
    // The instances within the WITHIN around the copies at this threshold, renumbered.
    const inside = owners.flatMap((owner, v) =>
      threshold === undefined ||
      (owner.first <= threshold && threshold <= owner.last + (reading.around as bigint))
        ? [v]
        : [],
    );
    if (inside.length < 2 * n) continue;
    const local = new Int32Array(owners.length).fill(-1);
    inside.forEach((v, position) => {
      local[v] = position;
    });
    let work = owners.length;
    const neighbours = inside.map((v) => {
      const all = adjacent[v] as number[];
      work += all.length;
      return all.flatMap((u) => ((local[u] as number) === -1 ? [] : [local[u] as number]));
    });
    budget.spend(work);
    const mate = maximumMatching(neighbours, n, (work) => budget.spend(work));
    const matched: Array<[Candidate, Candidate]> = [];
    mate.forEach((partner, a) => {
      if (partner > a)
        matched.push([
          owners[inside[a] as number] as Candidate,
          owners[inside[partner] as number] as Candidate,
        ]);
    });
    if (matched.length < n) continue;
    const fills = matched.slice(0, n).flatMap(([x, y], copy) => {
      const [place0, place1] = reading.copies[copy] as [number, number];
      const [zero, one] = test.inOrder(x, y) ? [x, y] : [y, x];
      return [[place0, zero.index] as const, [place1, one.index] as const];
    });
    return assignmentOf(plan, table, fills);
  }
  return undefined;
}

/** The observations that may fill a place of the first copy (all copies are alike), by first_observed. */
function candidatesOf(reading: PairCopies, table: BracketTable, masks: readonly bigint[]): Candidate[] {
  const [slot0, slot1] = reading.copies[0] as [number, number];
  const n = reading.copies.length;
  const candidates: Candidate[] = [];
  masks.forEach((mask, index) => {
    const places = Number((mask >> BigInt(slot0)) & 1n) | (Number((mask >> BigInt(slot1)) & 1n) << 1);
    if (places === 0) return;
    const instances = Math.min((table.observations[index] as Observation).numberObserved, 2 * n);
    candidates.push({
      index,
      first: table.first[index] as Instant,
      last: table.last[index] as Instant,
      places,
      instances,
    });
  });
  return candidates.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
}

/**
 * The graph: a vertex per instance (its observation in `owners`), an edge between two that may
 * form a copy. Instances of one observation have the same neighbours, so pairs are tested per
 * observation; under a window only the observations that start within it are tried.
 */
function graphOf(
  candidates: readonly Candidate[],
  test: PairTest,
  budget: WorkBudget,
): { owners: Candidate[]; adjacent: number[][] } {
  const owners: Candidate[] = [];
  const firstVertex = candidates.map((candidate) => {
    const start = owners.length;
    for (let k = 0; k < candidate.instances; k++) owners.push(candidate);
    return start;
  });
  const adjacent = owners.map((): number[] => []);
  const join = (a: number, b: number): void => {
    const fromA = firstVertex[a] as number;
    const fromB = firstVertex[b] as number;
    for (let u = fromA; u < fromA + (candidates[a] as Candidate).instances; u++) {
      for (let v = fromB; v < fromB + (candidates[b] as Candidate).instances; v++) {
        if (u === v || (a === b && v < u)) continue;
        (adjacent[u] as number[]).push(v);
        (adjacent[v] as number[]).push(u);
      }
    }
  };
  let tests = 0;
  for (let a = 0; a < candidates.length; a++) {
    const x = candidates[a] as Candidate;
    for (let b = a; b < candidates.length; b++) {
      const y = candidates[b] as Candidate;
      // Sorted by first: past the window of x, no later observation pairs with it.
      if (test.window !== undefined && y.first > x.last + test.window) break;
      tests++;
      if (test.inOrder(x, y) || test.inOrder(y, x)) join(a, b);
    }
  }
  budget.spend(tests + owners.length);
  return { owners, adjacent };
}

/** Whether two observations' instances may form a copy, in a given order. */
class PairTest {
  /** Each constraint as the pairs (place on the early side, place on the late side, offset) it relates. */
  private readonly bounds: Array<{ early: number; late: number; offset: bigint }>;
  /** The offset of a constraint over both places on both sides (a WITHIN around the copy), if any. */
  readonly window: bigint | undefined;

  constructor(reading: PairCopies) {
    this.bounds = reading.constraints.flatMap(({ early, late, offset }) =>
      early.flatMap((e) => late.map((l) => ({ early: e, late: l, offset }))),
    );
    for (const { early, late, offset } of reading.constraints) {
      const around = early.length === 2 && late.length === 2;
      if (around && (this.window === undefined || offset < this.window)) this.window = offset;
    }
  }

  /** Whether an instance of x may fill place 0 and one of y place 1. */
  inOrder(x: Candidate, y: Candidate): boolean {
    if ((x.places & 1) === 0 || (y.places & 2) === 0) return false;
    // Every first on the early side at most every last on the late side, plus the offset.
    for (const { early, late, offset } of this.bounds) {
      const first = early === 0 ? x.first : y.first;
      const last = late === 0 ? x.last : y.last;
      if (first > last + offset) return false;
    }
    return true;
  }
}

/** The plan read as pair copies, or undefined when it is not made of them. */
const pairCopiesOf = oncePerPlan((plan): PairCopies | undefined => {
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
});
