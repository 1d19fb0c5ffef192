// A WITHIN around the whole plan: `([a] FOLLOWEDBY [b] FOLLOWEDBY [c]) WITHIN 300 SECONDS`, the
// commonest temporal pattern there is, `([a] FOLLOWEDBY [b]) REPEATS 5 TIMES WITHIN 60 SECONDS`,
// `(([a] FOLLOWEDBY [b] FOLLOWEDBY [c]) WITHIN 5 SECONDS) REPEATS 4 TIMES WITHIN 60 SECONDS`. It
// bounds every slot on both sides, which joins all the copies into one part: plain-chain.ts and
// sweep.ts, which decide the plan without it, do not take it, and the threshold search (solve.ts)
// gave up on some (3 of 60 random near-misses of chains of three, REPEATS 4-8; 43 of 485 of
// REPEATS of windowed chains of three in a broad random mix).
//
// The WITHIN holds exactly when some threshold t has first <= t <= last + w for every instance
// used (take t the latest first), and then it says nothing more: the plan's other constraints are
// those of the plan without it. So for each first_observed taken as t, the plan without the WITHIN
// is decided over the observations inside alone: by plain-chain.ts for a chain, exact (O(N)
// chains of O(N log N)), or by the sweep, exact where it decides. The thresholds together get
// half of the budget left (WorkBudget.share), the threshold search the rest; where plain-chain.ts
// or the sweep leaves the observations inside to the search, the whole plan is left to it.

import type { Observation } from '../observation.js';
import { type Assignment, readBack } from './assignment.js';
import { type BracketTable, subTable } from './bracket.js';
import type { WorkBudget } from './budget.js';
import { isPlainChain, solvePlainChain } from './plain-chain.js';
import { oncePerPlan, type Plan } from './plan.js';
import { compareInstants } from './sorted-instants.js';
import { sweepPlan } from './sweep.js';
import { sweepableOf } from './sweep-kinds.js';
import type { Instant } from './time.js';

/** The part of the budget left that the thresholds may spend together, the search the rest. */
const SHARE = 0.5;

/** A plan read as a plan inside a WITHIN: the plan without that WITHIN, and its offset. */
interface Around {
  inner: Plan;
  offset: bigint;
  /** Which decides the plan without the WITHIN. */
  by: 'chain' | 'sweep';
}

/**
 * Decides the plan: an assignment, undefined when there is none, or 'undecided' when the plan has
 * no WITHIN around it all, or what is inside is a shape or observations neither plain-chain.ts nor
 * the sweep decides, or the sweeps spent their share. `masks` gives per observation the plan's
 * slots it may fill, the WITHIN aside, and no match's latest first_observed is before `floor`
 * (solve.ts).
 */
export function solveWithinAround(
  plan: Plan,
  table: BracketTable,
  masks: readonly bigint[],
  budget: WorkBudget,
  floor?: Instant,
): Assignment | undefined | 'undecided' {
  const reading = readingOf(plan);
  if (reading === undefined) return 'undecided';
  return budget.share(SHARE, () => byThreshold(plan, reading, table, masks, budget, floor));
}

function byThreshold(
  plan: Plan,
  { inner, offset, by }: Around,
  table: BracketTable,
  masks: readonly bigint[],
  budget: WorkBudget,
  floor: Instant | undefined,
): Assignment | undefined | 'undecided' {
  const byFirst = masks
    .flatMap((mask, index) => (mask === 0n ? [] : [index]))
    .sort((a, b) => compareInstants(table.first[a] as Instant, table.first[b] as Instant));
  const useful = usefulThresholds(inner, by, table, masks, byFirst);
  // The observations inside, kept as the threshold grows: those whose first it passes come in,
  // those whose last + offset it passes go out.
  let inside: number[] = [];
  let next = 0;
  for (const index of byFirst) {
    const threshold = table.first[index] as Instant;
    if (floor !== undefined && threshold < floor) continue;
    if (useful !== undefined && !useful.has(threshold)) continue;
    if (next > 0 && (table.first[byFirst[next - 1] as number] as Instant) === threshold) continue;
    const entering: number[] = [];
    for (; next < byFirst.length && (table.first[byFirst[next] as number] as Instant) <= threshold; next++)
      entering.push(byFirst[next] as number);
    inside = [...inside, ...entering].filter((i) => threshold <= (table.last[i] as Instant) + offset);
    budget.spend(inside.length * (table.satisfied.size + 4));
    if (!enoughFor(plan, inside, masks, table)) continue;
    // A witness, or 'undecided' for observations the inner solver does not take: either ends it.
    const sub = subTable(table, inside);
    const found = by === 'chain' ? solvePlainChain(inner, sub) : sweepPlan(inner, sub, budget);
    if (found === 'undecided') return 'undecided';
    if (found !== undefined) return readBack(found, inside);
  }
  return undefined;
}

/**
 * The thresholds worth trying, undefined for all. Over points a copy of a chain has nondecreasing
 * times along its positions (earlier firsts <= later lasts, each a point), so the latest first of
 * a match is the time of an instance of some copy's last position: a slot on no early side.
 */
function usefulThresholds(
  inner: Plan,
  by: Around['by'],
  table: BracketTable,
  masks: readonly bigint[],
  candidates: readonly number[],
): Set<Instant> | undefined {
  if (by !== 'chain' || candidates.some((i) => table.first[i] !== table.last[i])) return undefined;
  const last = inner.slots.reduce(
    (mask, slot, s) => (slot.early.length === 0 ? mask | (1n << BigInt(s)) : mask),
    0n,
  );
  return new Set(
    candidates.flatMap((i) => (((masks[i] as bigint) & last) === 0n ? [] : [table.first[i] as Instant])),
  );
}

/** Whether the plan is a plain chain inside a WITHIN around it all, which this module decides exactly. */
export function isChainWithin(plan: Plan): boolean {
  return readingOf(plan)?.by === 'chain';
}

/**
 * The plan without a WITHIN around all its slots, when it has one and a solver takes the rest;
 * once per plan, which also keeps the plan without the WITHIN one object, as plain-chain.ts and
 * sweep-kinds.ts read each plan they are given once.
 */
const readingOf = oncePerPlan((plan): Around | undefined => {
  const around = plan.constraints.findIndex((_, c) =>
    plan.slots.every((slot) => slot.early.includes(c) && slot.late.includes(c)),
  );
  if (around === -1) return undefined;
  const offset = (plan.constraints[around] as Plan['constraints'][number]).offset;
  // The WITHIN's constraint stays in the list, unused, so the others keep their numbers.
  const inner: Plan = {
    constraints: plan.constraints.map((constraint, c) => (c === around ? { offset: 0n } : constraint)),
    slots: plan.slots.map((slot) => ({
      ...slot,
      early: slot.early.filter((c) => c !== around),
      late: slot.late.filter((c) => c !== around),
    })),
  };
  if (isPlainChain(inner)) return { inner, offset, by: 'chain' };
  return sweepableOf(inner) === undefined ? undefined : { inner, offset, by: 'sweep' };
});

/** Whether each slot, alone, could get its demand from these observations (a cheap necessary test). */
function enoughFor(
  plan: Plan,
  inside: readonly number[],
  masks: readonly bigint[],
  table: BracketTable,
): boolean {
  return plan.slots.every((slot, s) => {
    const bit = 1n << BigInt(s);
    let instances = 0;
    for (const index of inside) {
      if (((masks[index] as bigint) & bit) !== 0n)
        instances += (table.observations[index] as Observation).numberObserved;
      if (instances >= slot.demand) return true;
    }
    return false;
  });
}
