// Helpers shared by the pattern tests: comparing trees regardless of where they came from, and
// checking that every node's offsets describe the text it was parsed from.

import { isDeepStrictEqual } from 'node:util';
import type { Pattern } from './ast.js';
import { parsePattern } from './parser.js';
import { printPattern } from './print.js';

const SOURCE_KEYS = new Set(['start', 'end', 'text']);

/** A copy of the tree without offsets and constants' source text: what printing preserves. */
export function withoutSource(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSource);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !SOURCE_KEYS.has(key))
      .map(([key, value]) => [key, withoutSource(value)]),
  );
}

/** A copy of the tree without offsets, keeping constants' source text: the golden AST form. */
export function withoutOffsets(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutOffsets);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== 'start' && key !== 'end')
      .map(([key, value]) => [key, withoutOffsets(value)]),
  );
}

interface Spanned {
  kind: string;
  start: number;
  end: number;
  text?: string;
  name?: string;
}

/**
 * Problems with the offsets of a parsed tree: a node outside the text or outside its parent,
 * a constant whose span is not its source text, a name whose span does not spell it.
 */
export function spanProblems(text: string, pattern: Pattern): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, parent: Spanned | undefined, where: string): void => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) visit(child, parent, `${where}[${i}]`);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const spanned = node as Spanned;
    let container = parent;
    if (typeof spanned.start === 'number' && typeof spanned.end === 'number') {
      const { start, end } = spanned;
      if (!(start >= 0 && start <= end && end <= text.length))
        problems.push(`${where}: [${start}, ${end}) is outside the text`);
      if (parent !== undefined && (start < parent.start || end > parent.end)) {
        problems.push(`${where}: [${start}, ${end}) is outside its parent [${parent.start}, ${parent.end})`);
      }
      const source = text.slice(start, end);
      if (typeof spanned.text === 'string' && source !== spanned.text)
        problems.push(`${where}: spans ${source}, not ${spanned.text}`);
      if (spanned.kind === 'object-type' && source !== spanned.name)
        problems.push(`${where}: spans ${source}`);
      if (spanned.kind === 'property' && source !== spanned.name && !source.startsWith("'")) {
        problems.push(`${where}: spans ${source}, not the name ${spanned.name}`);
      }
      container = spanned;
    }
    for (const [key, value] of Object.entries(node)) visit(value, container, `${where}.${key}`);
  };
  visit(pattern, undefined, 'pattern');
  return problems;
}

/**
 * Why printing the pattern and parsing the result does not give the same tree back, or
 * undefined when it does.
 */
export function roundTripProblem(pattern: Pattern, version: '2.0' | '2.1'): string | undefined {
  const printed = printPattern(pattern);
  const again = parsePattern(printed, { version });
  if (!again.ok) return `the printed pattern does not parse: ${printed}\n${JSON.stringify(again.errors)}`;
  const before = withoutSource(pattern);
  const after = withoutSource(again.pattern);
  if (!isDeepStrictEqual(before, after)) {
    return `the printed pattern parses to another tree: ${printed}\n${JSON.stringify(before)}\n${JSON.stringify(after)}`;
  }
  if (printPattern(again.pattern) !== printed) return `printing is not stable: ${printed}`;
  return undefined;
}
