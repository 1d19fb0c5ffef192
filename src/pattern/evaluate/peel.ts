// A bracket beside a chain: `[c] AND ([a] FOLLOWEDBY [b] FOLLOWEDBY [c]) REPEATS 5 TIMES`, `(chain)
// REPEATS 6 TIMES FOLLOWEDBY [d]`, `[h] FOLLOWEDBY (chain) REPEATS 4 TIMES WITHIN 12 SECONDS`. The
// chain alone is decided exactly (plain-chain.ts, within-around.ts) but not with the bracket beside
// it, and the threshold search gave up on some (in a random mix of 30,000 patterns, 39 of the 155
// it gave up on were chains of three with a bracket or more beside them).
//
// The bracket takes one instance. Beside the chain (AND) it only takes that instance from the
// chain; after it (`chain FOLLOWEDBY [d]`, one constraint whose early side is every other slot)
// it also bounds every instance of the chain, first <= its last; before it, last >= its first.
// So for each instance it may take, the chain is decided over the observations that bound lets
// in, less that instance: some choice gives a match exactly when the pattern has one. Instances of
// observations with the same slots and times are interchangeable, so one of each is tried: at
// most N chains.

import type { Observation } from '../observation.js';
import { type Assignment, assignmentOf, readBack, slotMasksOf } from './assignment.js';
import { type BracketTable, subTable } from './bracket.js';
import type { WorkBudget } from './budget.js';
import { isPlainChain, solvePlainChain } from './plain-chain.js';
import { oncePerPlan, type Plan, type Slot } from './plan.js';
import type { Instant } from './time.js';
import { isChainWithin, solveWithinAround } from './within-around.js';

/** A plan read as one bracket beside the rest. */
interface Peel {
  /** The bracket's slot. */
  slot: number;
  /** Beside the rest (AND), after it (its last bounds their firsts) or before it. */
  side: 'beside' | 'after' | 'before';
  /** The plan without the slot and its constraint (the slots after it one place lower). */
  inner: Plan;
}

/** The part of the budget left the chains may spend together, the other solvers the rest. */
const SHARE = 0.5;

/**
 * Decides the plan: an assignment, undefined when there is none, or 'undecided' when it is not a
 * bracket beside a chain or the chain's solver leaves the observations to the search. `masks`
 * gives per observation the plan's slots it may fill, the constraints aside (solve.ts).
 */
export function solvePeeled(
  plan: Plan,
  table: BracketTable,
  masks: readonly bigint[],
  budget: WorkBudget,
): Assignment | undefined | 'undecided' {
  const peel = peelOf(plan);
  if (peel === undefined) return 'undecided';
  return budget.share(SHARE, () => eachInstance(plan, peel, table, masks, budget));
}

function eachInstance(
  plan: Plan,
  { slot, side, inner }: Peel,
  table: BracketTable,
  masks: readonly bigint[],
  budget: WorkBudget,
): Assignment | undefined | 'undecided' {
  const bit = 1n << BigInt(slot);
  const tried = new Set<string>();
  for (let taken = 0; taken < masks.length; taken++) {
    const mask = masks[taken] as bigint;
    if ((mask & bit) === 0n) continue;
    const first = table.first[taken] as Instant;
    const last = table.last[taken] as Instant;
    const key = `${mask} ${first} ${last}`;
    if (tried.has(key)) continue;
    tried.add(key);
    const admitted = masks.flatMap((other, index) =>
      other !== 0n &&
      (side === 'after'
        ? (table.first[index] as Instant) <= last
        : side === 'before'
          ? (table.last[index] as Instant) >= first
          : true)
        ? [index]
        : [],
    );
    const { rest, indices } = withoutOne(table, taken, admitted);
    budget.spend(masks.length + indices.length * table.satisfied.size);
    const found = isPlainChain(inner)
      ? solvePlainChain(inner, rest)
      : solveWithinAround(inner, rest, slotMasksOf(inner, rest), budget);
    if (found === 'undecided') return 'undecided';
    if (found !== undefined)
      return [...readBack(found, indices), ...assignmentOf(plan, table, [[slot, taken]])];
  }
  return undefined;
}

/**
 * The table of the `admitted` observations (subTable: its index i is `indices[i]` of `table`),
 * with one instance of observation `taken` gone.
 */
function withoutOne(
  table: BracketTable,
  taken: number,
  admitted: readonly number[],
): { rest: BracketTable; indices: number[] } {
  const left = (table.observations[taken] as Observation).numberObserved - 1;
  const indices = admitted.filter((index) => index !== taken || left > 0);
  const rest = subTable(table, indices);
  const at = indices.indexOf(taken);
  if (at !== -1) {
    rest.observations = rest.observations.map((o, i) => (i === at ? { ...o, numberObserved: left } : o));
  }
  return { rest, indices };
}

/** The plan as a bracket of demand 1 beside, after or before a chain, or undefined. */
const peelOf = oncePerPlan((plan): Peel | undefined => {
  for (const [s, slot] of plan.slots.entries()) {
    const side = sideOf(plan, s, slot);
    if (side === undefined) continue;
    const gone = [...slot.early, ...slot.late];
    const inner: Plan = {
      constraints: plan.constraints,
      slots: plan.slots.flatMap((other, o) =>
        o === s
          ? []
          : [
              {
                ...other,
                early: other.early.filter((c) => !gone.includes(c)),
                late: other.late.filter((c) => !gone.includes(c)),
              },
            ],
      ),
    };
    if (isPlainChain(inner) || isChainWithin(inner)) return { slot: s, side, inner };
  }
  return undefined;
});

/**
 * How slot s stands to the others: in no constraint (beside), or alone on the late (early) side
 * of one constraint of offset 0 with every other slot on its other side (after, before).
 */
function sideOf(plan: Plan, s: number, slot: Slot): Peel['side'] | undefined {
  if (slot.demand !== 1 || plan.slots.length < 2) return undefined;
  if (slot.early.length === 0 && slot.late.length === 0) return 'beside';
  const [c, more] = [...slot.early, ...slot.late];
  if (c === undefined || more !== undefined || plan.constraints[c]?.offset !== 0n) return undefined;
  const after = slot.late.includes(c);
  const othersAll = plan.slots.every((other, o) => {
    if (o === s) return true;
    const onEarly = other.early.includes(c);
    const onLate = other.late.includes(c);
    return after ? onEarly && !onLate : onLate && !onEarly;
  });
  return othersAll ? (after ? 'after' : 'before') : undefined;
}
