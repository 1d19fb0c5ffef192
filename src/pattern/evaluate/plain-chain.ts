// `([x1] FOLLOWEDBY [x2] FOLLOWEDBY ... FOLLOWEDBY [xk]) REPEATS n TIMES` for k >= 2, with no
// WITHIN and nothing beside it, decided exactly in O(N log N) when no observation fits two of the
// k brackets. The threshold search (solve.ts) fixes one threshold per copy and can run out of
// budget on it. sweep.ts does not take these plans: they have no WITHIN.
//
// Read pairwise, any bracketing of the chain gives a copy (x1..xk) exactly the constraints
// f_i <= l_j for all i < j (f = first_observed, l = last_observed). l of x1 and f of xk are never
// read. Let α_1..α_n be the n earliest f of the x1's and δ_1..δ_n the n latest l of the xk's, both
// ascending. Roles are distinct, so instances of different layers are distinct.
//
// k = 2: a match exists iff α_j <= δ_j for every j. If: copy j takes α_j and δ_j. Only if: any n
// copies sorted by their x1's f pair n distinct x1's and n distinct xk's; the j-th smallest f is
// >= α_j, and at least n-j+1 of the chosen l's are >= it, so the (n-j+1)-th latest l, δ_j, is too.
//
// k = 3, copies (a, c, d) whose c may be an interval: when f_c <= l_c the copy holds exactly
// when some τ in [f_c, l_c] has f_a <= τ <= l_d (take τ = max(f_a, f_c)). A match exists iff
// α_j <= δ_j for every j and the c's can fill the windows [α_j, δ_j], each c a window its
// interval meets.
// - If: window j with its c is a copy.
// - Only if: sort a solution's copies by τ. The copies up to the j-th hold j distinct a's with
//   f <= τ_(j), so α_j <= τ_(j). The copies from the j-th on hold n-j+1 distinct d's with
//   l >= τ_(j), so δ_j >= τ_(j). The j-th copy's c therefore meets window j at τ_(j).
// Both ends of the windows grow with j, so a c meets a range of windows: from the first with
// δ_j >= f_c to the last with α_j <= l_c. Matching ranges to windows is a convex bipartite
// matching. Taking the c's by the end of their range, each into the first free window of its
// range, decides it exactly: the classic greedy for matching intervals to points (Glover's, which
// takes the windows in order instead, gives the same answer).
//
// k >= 4, only when every middle instance (x2..x(k-1)) is a point t (f = l): the pairs then
// reduce to f_1 <= t_2 <= ... <= t_(k-1) <= l_k. Build n partial copies layer by layer, each with
// a time τ (its last point; f of its x1 at first), starting from α_1..α_n. For each middle layer,
// take the copies by τ ascending; each takes the earliest unused instance of the layer at or
// after its τ, which becomes its τ. Then a match exists iff the final τs, sorted, have τ_j <= δ_j.
// - Monotone: if partial copies with sorted times τ can be completed, so can any with sorted
//   times τ' <= τ coordinatewise (give the j-th smallest of τ' the completion of the j-th of τ).
//   Likewise any extension of τ is one of τ'.
// - Greedy is coordinatewise smallest: the j-th smallest new τ is <= x iff at least j copies
//   extend to points <= x, and the greedy extends most copies to points <= x for every x. (The
//   copy with the smallest τ can take the earliest free point >= τ in some best extension: give
//   it that point, and the copy holding it, whose τ is no later, the point it had. The picks grow
//   with the copies, so the greedy's picks <= x are its first ones.)
// - So by induction the greedy's sorted τs are, layer after layer, <= those of any solution (α
//   starts smallest), and a solution's final τs meet n distinct xk's: the k = 2 argument with τ
//   for α gives τ_j <= δ_j of the greedy too. If the check passes, copy j of the sorted greedy
//   takes δ_j.
// Middle intervals for k >= 4 are left to the general search.
//
// Shared roles (an observation fitting several brackets) are decided by chain-counts.ts when every
// observation fitting a bracket is a point; with an interval among them, by the general search.

import type { Observation } from '../observation.js';
import { type Assignment, assignmentOf, fits } from './assignment.js';
import type { BracketTable } from './bracket.js';
import { type ChainPoint, chainCounts } from './chain-counts.js';
import { alternativesKey, type Plan, type Slot } from './plan.js';
import { compareInstants, lowerBound, upperBound } from './sorted-instants.js';
import type { Instant } from './time.js';

/** One copy's slot ids, in the order of the chain (position i is before positions > i). */
type Copy = number[];

/** One instance of an observation, with the time of it that counts. */
interface Timed {
  index: number;
  time: Instant;
}

/**
 * The witness for a plan of this shape, undefined when it has none, or 'undecided' when the plan
 * or the observations fall outside the shape (solve.ts searches those).
 */
export function solvePlainChain(plan: Plan, table: BracketTable): Assignment | undefined | 'undecided' {
  const copies = chainCopiesOf(plan);
  if (copies === undefined) return 'undecided';
  const n = copies.length;
  const layers = layersOf(plan, copies[0] as Copy, table);
  if (layers === undefined) {
    // Shared roles over points: chain-counts.ts decides them.
    const points = pointsOf(plan, copies[0] as Copy, table);
    if (points === undefined) return 'undecided';
    const counted = chainCounts(points, (copies[0] as Copy).length, n);
    if (counted === undefined || counted === 'undecided') return counted;
    return fillsOf(plan, table, copies, counted);
  }
  const k = layers.length;
  const alphas = leading(layers[0] as number[], table, table.first, n, 1);
  const deltas = leading(layers[k - 1] as number[], table, table.last, n, -1).reverse();
  if (alphas.length < n || deltas.length < n) return undefined;
  // Per copy j, the instance of each layer, in chain order.
  let chains: number[][];
  if (k === 3) {
    if (alphas.some((alpha, j) => alpha.time > (deltas[j] as Timed).time)) return undefined;
    const middles = fillWindows(
      layers[1] as number[],
      table,
      alphas.map(({ time }) => time),
      deltas.map(({ time }) => time),
    );
    if (middles === undefined) return undefined;
    // Copies are interchangeable: copy j takes window j.
    chains = alphas.map((alpha, j) => [alpha.index, middles[j] as number, (deltas[j] as Timed).index]);
  } else {
    const partial = throughMiddles(layers.slice(1, -1), table, alphas, n);
    if (partial === undefined) return undefined;
    if (partial.some(({ time }, j) => time > (deltas[j] as Timed).time)) return undefined;
    chains = partial.map(({ indices }, j) => [...indices, (deltas[j] as Timed).index]);
  }
  return fillsOf(plan, table, copies, chains);
}

/** The assignment giving copy j the instances chains[j], in chain order. */
function fillsOf(
  plan: Plan,
  table: BracketTable,
  copies: readonly Copy[],
  chains: readonly number[][],
): Assignment {
  const fills = copies.flatMap((copy, j) =>
    copy.map((slot, i) => [slot, (chains[j] as number[])[i] as number] as const),
  );
  return assignmentOf(plan, table, fills);
}

/** The copies of each plan seen, or null when it is not a chain: they depend on the plan alone. */
const chainCopies = new WeakMap<Plan, Copy[] | null>();

/** copiesOf, once per plan: solve.ts tries every plan here on every evaluation. */
function chainCopiesOf(plan: Plan): Copy[] | undefined {
  let copies = chainCopies.get(plan);
  if (copies === undefined) {
    copies = copiesOf(plan) ?? null;
    chainCopies.set(plan, copies);
  }
  return copies ?? undefined;
}

/**
 * The plan's copies when it is made of them only: slots of demand 1, constraints of offset 0
 * (FOLLOWEDBY), whose pairs (early slot, late slot) are exactly s_i -> s_j for i < j within each
 * copy s_0..s_(k-1), k >= 2, with the same brackets at each position in every copy.
 */
function copiesOf(plan: Plan): Copy[] | undefined {
  if (plan.constraints.some(({ offset }) => offset !== 0n)) return undefined;
  if (plan.slots.some(({ demand }) => demand !== 1)) return undefined;
  const order = orderOf(plan);
  const copies: Copy[] = [];
  for (const [first, earlier] of order.before.entries()) {
    if (earlier.size > 0) continue;
    const copy = copyLedBy(first, order);
    if (copy === undefined) return undefined;
    copies.push(copy);
  }
  const [model] = copies;
  if (model === undefined) return undefined;
  const k = model.length;
  // A slot other than the first has exactly its copy's earlier slots before it, so one first slot
  // only: the copies are disjoint, and cover the plan exactly when they hold all its slots.
  if (copies.some((copy) => copy.length !== k) || copies.length * k !== plan.slots.length) return undefined;
  const oneKind = copies.every((copy) =>
    copy.every((slot, i) => sameBrackets(plan, slot, model[i] as number)),
  );
  return oneKind ? copies : undefined;
}

/** Per slot, the slots its constraints put it before (its first <= their last) and after. */
interface Order {
  after: Array<Set<number>>;
  before: Array<Set<number>>;
}

/**
 * A constraint of offset 0, max(first over S) <= min(last over T), holds exactly when each slot
 * of S is before each slot of T: the plan's constraints read as pairs.
 */
function orderOf(plan: Plan): Order {
  const lateSides = plan.constraints.map((): number[] => []);
  plan.slots.forEach((slot, s) => {
    for (const c of slot.late) lateSides[c]?.push(s);
  });
  const order: Order = {
    after: plan.slots.map(() => new Set<number>()),
    before: plan.slots.map(() => new Set<number>()),
  };
  plan.slots.forEach((slot, early) => {
    for (const late of slot.early.flatMap((c) => lateSides[c] ?? [])) {
      order.after[early]?.add(late);
      order.before[late]?.add(early);
    }
  });
  return order;
}

/**
 * The copy of slot `first`, before no other, when its pairs make a total order: the slots after
 * it, by how many come after each (descending), are s_1..s_(k-1), and each s_i has exactly
 * s_0..s_(i-1) before it and s_(i+1)..s_(k-1) after it.
 */
function copyLedBy(first: number, { after, before }: Order): Copy | undefined {
  const later = after[first] as Set<number>;
  if (later.size === 0) return undefined;
  const size = (s: number) => (after[s] as Set<number>).size;
  const copy = [first, ...[...later].sort((x, y) => size(y) - size(x))];
  const exact = copy.every(
    (slot, i) =>
      sameSet(before[slot] as Set<number>, copy.slice(0, i)) &&
      sameSet(after[slot] as Set<number>, copy.slice(i + 1)),
  );
  return exact ? copy : undefined;
}

function sameSet(set: ReadonlySet<number>, members: readonly number[]): boolean {
  return set.size === members.length && members.every((member) => set.has(member));
}

function sameBrackets(plan: Plan, slot: number, other: number): boolean {
  const key = (s: number) => JSON.stringify(alternativesKey(plan.slots[s] as Slot));
  return key(slot) === key(other);
}

/**
 * The observations that fit each position of the chain, or undefined when one fits two (the
 * argument above needs distinct roles), or a middle one's times fall outside the argument: for
 * k = 3 it needs a τ in the middle's interval (f <= l), for k >= 4 a point (f = l).
 */
function layersOf(plan: Plan, copy: Copy, table: BracketTable): number[][] | undefined {
  const k = copy.length;
  const layers = copy.map((): number[] => []);
  for (let index = 0; index < table.observations.length; index++) {
    const fitting = copy.flatMap((slot, i) =>
      (plan.slots[slot] as Slot).alternatives.some((alternative) => fits(alternative, table, index))
        ? [i]
        : [],
    );
    const [position] = fitting;
    if (position === undefined) continue;
    if (fitting.length > 1) return undefined;
    if (position > 0 && position < k - 1) {
      const first = table.first[index] as Instant;
      const last = table.last[index] as Instant;
      if (k === 3 ? first > last : first !== last) return undefined;
    }
    layers[position]?.push(index);
  }
  return layers;
}

/**
 * The observations that fit some position of the chain, with the positions each fits, when all
 * of them are points (f = l); undefined when one is not.
 */
function pointsOf(plan: Plan, copy: Copy, table: BracketTable): ChainPoint[] | undefined {
  const points: ChainPoint[] = [];
  for (let index = 0; index < table.observations.length; index++) {
    let mask = 0;
    copy.forEach((slot, i) => {
      const slotFits = (plan.slots[slot] as Slot).alternatives.some((alternative) =>
        fits(alternative, table, index),
      );
      if (slotFits) mask |= 1 << i;
    });
    if (mask === 0) continue;
    const time = table.first[index] as Instant;
    if (time !== (table.last[index] as Instant)) return undefined;
    const { numberObserved } = table.observations[index] as Observation;
    points.push({ index, time, mask, count: numberObserved });
  }
  return points;
}

/**
 * The first n instances of these observations by `times`, ascending (`direction` 1) or descending
 * (-1); fewer when there are not n. An observation seen m times is m instances.
 */
function leading(
  indices: readonly number[],
  table: BracketTable,
  times: readonly Instant[],
  n: number,
  direction: 1 | -1,
): Timed[] {
  const time = (index: number) => times[index] as Instant;
  const sorted = [...indices].sort((x, y) => direction * compareInstants(time(x), time(y)));
  const chosen: Timed[] = [];
  for (const index of sorted) {
    const count = Math.min((table.observations[index] as Observation).numberObserved, n - chosen.length);
    for (let m = 0; m < count; m++) chosen.push({ index, time: time(index) });
  }
  return chosen;
}

/** A partial copy: its instances so far, and the time the next must not precede. */
interface Partial {
  indices: number[];
  time: Instant;
}

/**
 * The greedy of the header through the middle layers (points only), from the copies started at
 * `alphas`: the partial copies sorted by their final time, or undefined when a layer runs out.
 */
function throughMiddles(
  middles: readonly number[][],
  table: BracketTable,
  alphas: readonly Timed[],
  n: number,
): Partial[] | undefined {
  let partial: Partial[] = alphas.map(({ index, time }) => ({ indices: [index], time }));
  for (const layer of middles) {
    // The layer's instances by time; at most n of one observation can be used.
    const instances = [...layer]
      .sort((x, y) => compareInstants(table.first[x] as Instant, table.first[y] as Instant))
      .flatMap((index) => {
        const count = Math.min((table.observations[index] as Observation).numberObserved, n);
        return Array.from({ length: count }, (): Timed => ({ index, time: table.first[index] as Instant }));
      });
    const times = instances.map(({ time }) => time);
    partial.sort((x, y) => compareInstants(x.time, y.time));
    // The picks grow with the copies, and what lies before a pick and is unused lies before the
    // next copy's time: the earliest unused instance at or after τ is the first past both.
    let next = 0;
    const extended: Partial[] = [];
    for (const { indices, time } of partial) {
      next = Math.max(next, lowerBound(times, time));
      const taken = instances[next];
      if (taken === undefined) return undefined;
      extended.push({ indices: [...indices, taken.index], time: taken.time });
      next++;
    }
    partial = extended;
  }
  return partial.sort((x, y) => compareInstants(x.time, y.time));
}

/**
 * The c filling each window [alphas[k], deltas[k]], or undefined when they cannot all be filled:
 * the c's by the last window they meet, each instance into the first free window it meets.
 */
function fillWindows(
  middles: readonly number[],
  table: BracketTable,
  alphas: readonly Instant[],
  deltas: readonly Instant[],
): number[] | undefined {
  const ranges = middles
    .map((index) => ({
      index,
      from: lowerBound(deltas, table.first[index] as Instant),
      to: upperBound(alphas, table.last[index] as Instant) - 1,
    }))
    .filter(({ from, to }) => from <= to)
    .sort((x, y) => x.to - y.to);
  const filled: number[] = [];
  let count = 0;
  const free = freeWindows(alphas.length);
  for (const { index, from, to } of ranges) {
    let left = (table.observations[index] as Observation).numberObserved;
    for (let k = free.from(from); left > 0 && k <= to; k = free.from(k)) {
      filled[k] = index;
      free.take(k);
      left--;
      count++;
    }
  }
  return count === alphas.length ? filled : undefined;
}

/** Windows 0..n-1 taken one by one; `from(k)` is the first free one at or after k (n when none). */
function freeWindows(n: number): { from(k: number): number; take(k: number): void } {
  // next[k] leads towards the first free window at or after k; paths are shortened as they are read.
  const next = Array.from({ length: n + 1 }, (_, k) => k);
  const from = (k: number): number => {
    let root = k;
    while (next[root] !== root) root = next[root] as number;
    for (let step = k; step !== root; ) {
      const following = next[step] as number;
      next[step] = root;
      step = following;
    }
    return root;
  };
  const take = (k: number): void => {
    next[k] = k + 1;
  };
  return { from, take };
}
