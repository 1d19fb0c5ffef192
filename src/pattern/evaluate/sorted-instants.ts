// Ordering and binary search over instants, for the searches that sweep observations by time.

import type { Instant } from './time.js';

export function compareInstants(a: Instant, b: Instant): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first position in `sorted` whose value is >= `value`. */
export function lowerBound(sorted: readonly Instant[], value: Instant): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as Instant) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first position in `sorted` whose value is > `value`. */
export function upperBound(sorted: readonly Instant[], value: Instant): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as Instant) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
