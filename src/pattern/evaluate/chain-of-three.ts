// `([a] FOLLOWEDBY [c] FOLLOWEDBY [d]) REPEATS n TIMES`, with no WITHIN and nothing beside it,
// decided exactly in O(N log N) when no observation fits two of the three brackets. The threshold
// search (solve.ts) fixes one threshold per copy and can run out of budget on it. sweep.ts does not
// take these plans: they have no WITHIN.
//
// Why it is exact. Read pairwise, the two FOLLOWEDBY constraints of a copy (a, c, d) are f_a <= l_c,
// f_a <= l_d and f_c <= l_d (f = first_observed, l = last_observed). `[a] FOLLOWEDBY ([c]
// FOLLOWEDBY [d])` gives the same three. l_a and f_d are never read. When f_c <= l_c, the copy holds
// exactly when some τ in [f_c, l_c] has f_a <= τ <= l_d (take τ = max(f_a, f_c)). Let α_1..α_n be
// the n earliest f of the a's and δ_1..δ_n the n latest l of the d's, both ascending. Then a match
// exists iff α_k <= δ_k for every k and the c's can fill the windows [α_k, δ_k], each c a window
// its interval meets.
// - If: window k with its c is a copy, and all the instances are distinct.
// - Only if: sort a solution's copies by τ. The copies up to the k-th hold k distinct a's with
//   f <= τ_(k), so α_k <= τ_(k). The copies from the k-th on hold n-k+1 distinct d's with
//   l >= τ_(k), so δ_k >= τ_(k). The k-th copy's c therefore meets window k at τ_(k).
// Both ends of the windows grow with k, so a c meets a range of windows: from the first with
// δ_k >= f_c to the last with α_k <= l_c. Matching ranges to windows is a convex bipartite
// matching. Taking the c's by the end of their range, each into the first free window of its
// range, decides it exactly: the classic greedy for matching intervals to points (Glover's, which
// takes the windows in order instead, gives the same answer).

import type { Observation } from '../observation.js';
import { type Assignment, assignmentOf, fits } from './assignment.js';
import type { BracketTable } from './bracket.js';
import { alternativesKey, type Plan, type Slot } from './plan.js';
import { compareInstants, lowerBound, upperBound } from './sorted-instants.js';
import type { Instant } from './time.js';

const ROLES = ['a', 'c', 'd'] as const;
type Role = (typeof ROLES)[number];

/** One copy's slot ids, by the role its constraints give each. */
type Copy = Record<Role, number>;

/** One instance of an observation, with the time of it that counts. */
interface Timed {
  index: number;
  time: Instant;
}

/**
 * The witness for a plan of this shape, undefined when it has none, or 'undecided' when the plan
 * or the observations fall outside the shape (solve.ts searches those).
 */
export function solveChainOfThree(plan: Plan, table: BracketTable): Assignment | undefined | 'undecided' {
  const copies = copiesOf(plan);
  if (copies === undefined) return 'undecided';
  const roles = rolesOf(plan, copies[0] as Copy, table);
  if (roles === undefined) return 'undecided';
  const n = copies.length;
  const alphas = leading(roles.a, table, table.first, n, 1);
  const deltas = leading(roles.d, table, table.last, n, -1).reverse();
  if (alphas.length < n || deltas.length < n) return undefined;
  if (alphas.some((alpha, k) => alpha.time > (deltas[k] as Timed).time)) return undefined;
  const middles = fillWindows(
    roles.c,
    table,
    alphas.map(({ time }) => time),
    deltas.map(({ time }) => time),
  );
  if (middles === undefined) return undefined;
  // Copies are interchangeable: copy k takes window k.
  const fills = copies.flatMap((copy, k) => [
    [copy.a, (alphas[k] as Timed).index] as const,
    [copy.c, middles[k] as number] as const,
    [copy.d, (deltas[k] as Timed).index] as const,
  ]);
  return assignmentOf(plan, table, fills);
}

/**
 * The plan's copies when it is made of them only: slots of demand 1, constraints of offset 0
 * (FOLLOWEDBY), whose pairs (early slot, late slot) are exactly a -> c, a -> d, c -> d per copy, with
 * the same brackets in every copy.
 */
function copiesOf(plan: Plan): Copy[] | undefined {
  if (plan.constraints.some(({ offset }) => offset !== 0n)) return undefined;
  if (plan.slots.some(({ demand }) => demand !== 1)) return undefined;
  const order = orderOf(plan);
  const copies: Copy[] = [];
  for (const [a, earlier] of order.before.entries()) {
    if (earlier.size > 0) continue;
    const copy = copyLedBy(a, order);
    if (copy === undefined) return undefined;
    copies.push(copy);
  }
  // Each slot above is in one copy only: every slot is in one exactly when they are 3 per copy.
  if (copies.length === 0 || copies.length * 3 !== plan.slots.length) return undefined;
  const [model] = copies as [Copy];
  const oneKind = copies.every((copy) => ROLES.every((role) => sameBrackets(plan, copy[role], model[role])));
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

/** The copy of slot `a`, first in no pair, when its pairs are exactly a -> c, a -> d, c -> d. */
function copyLedBy(a: number, { after, before }: Order): Copy | undefined {
  const next = [...(after[a] as Set<number>)];
  const c = next.find((s) => (after[s] as Set<number>).size > 0);
  const d = next.find((s) => s !== c);
  if (next.length !== 2 || c === undefined || d === undefined) return undefined;
  const exact =
    sameSet(after[c] as Set<number>, [d]) &&
    (after[d] as Set<number>).size === 0 &&
    sameSet(before[c] as Set<number>, [a]) &&
    sameSet(before[d] as Set<number>, [a, c]);
  return exact ? { a, c, d } : undefined;
}

function sameSet(set: ReadonlySet<number>, members: readonly number[]): boolean {
  return set.size === members.length && members.every((member) => set.has(member));
}

function sameBrackets(plan: Plan, slot: number, other: number): boolean {
  const key = (s: number) => JSON.stringify(alternativesKey(plan.slots[s] as Slot));
  return key(slot) === key(other);
}

/**
 * The observations that fit each role, or undefined when one fits two (the argument above needs
 * distinct roles) or a c's first_observed is after its last_observed (it needs a τ in c's interval).
 */
function rolesOf(plan: Plan, copy: Copy, table: BracketTable): Record<Role, number[]> | undefined {
  const roles: Record<Role, number[]> = { a: [], c: [], d: [] };
  for (let index = 0; index < table.observations.length; index++) {
    const slotFits = (role: Role) =>
      (plan.slots[copy[role]] as Slot).alternatives.some((alternative) => fits(alternative, table, index));
    const fitting = ROLES.filter(slotFits);
    const [role] = fitting;
    if (role === undefined) continue;
    if (fitting.length > 1) return undefined;
    if (role === 'c' && (table.first[index] as Instant) > (table.last[index] as Instant)) return undefined;
    roles[role].push(index);
  }
  return roles;
}

/**
 * The first n instances of these observations by `times`, ascending (`direction` 1) or descending
 * (-1); fewer when there are not n. An observation seen k times is k instances.
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
    for (let k = 0; k < count; k++) chosen.push({ index, time: time(index) });
  }
  return chosen;
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
