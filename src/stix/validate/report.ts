// Collects the issues of one validation. Paths are kept as a chain of keys and only rendered as
// JSONPath text when an issue is reported, because valid content (the common case) never needs them.

import { childPath, type Issue } from '../issue.js';
import { CODES, type Code } from './codes.js';

/** A position in the JSON document: the root ('$') or a key or index below a parent. */
export interface Path {
  readonly parent: Path | undefined;
  readonly key: string | number;
}

export const ROOT: Path = { parent: undefined, key: '$' };

export function child(parent: Path, key: string | number): Path {
  return { parent, key };
}

export function renderPath(path: Path): string {
  return path.parent === undefined ? String(path.key) : childPath(renderPath(path.parent), path.key);
}

export class Reporter {
  readonly issues: Issue[] = [];
  /** The id of the object being validated, once it has been read. */
  objectId: string | undefined;

  report(code: Code, path: Path, message: string): void {
    const issue: Issue = { code, severity: CODES[code].severity, message, path: renderPath(path) };
    if (this.objectId !== undefined) issue.objectId = this.objectId;
    this.issues.push(issue);
  }
}
