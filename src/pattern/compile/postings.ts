// A posting list maps one index key to the entries that hold it. Most keys belong to exactly one
// entry, so a list of one is stored as the bare number and only shared keys pay for an array.

export type Postings = number | number[];

export function withPosting(postings: Postings | undefined, entry: number): Postings {
  if (postings === undefined) return entry;
  if (typeof postings === 'number') return postings === entry ? postings : [postings, entry];
  if (!postings.includes(entry)) postings.push(entry);
  return postings;
}

/** The list without `entry`, or undefined when nothing is left. */
export function withoutPosting(postings: Postings | undefined, entry: number): Postings | undefined {
  if (postings === undefined || postings === entry) return undefined;
  if (typeof postings === 'number') return postings;
  const at = postings.indexOf(entry);
  if (at !== -1) postings.splice(at, 1);
  if (postings.length === 1) return postings[0];
  return postings.length === 0 ? undefined : postings;
}

export function forEachPosting(postings: Postings, visit: (entry: number) => void): void {
  if (typeof postings === 'number') visit(postings);
  else for (const entry of postings) visit(entry);
}
