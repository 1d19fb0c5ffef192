// Problems found in STIX content: a closed set of stable codes, each with a message and the JSON
// path of what it concerns, so the CLI can render them for a person and the API return them as data.

export type Severity = 'error' | 'warning';

export interface Issue {
  /** Stable, machine-readable kind, e.g. 'required-property-missing'. Never reworded. */
  code: string;
  severity: Severity;
  /** One line for a person, naming the offending value where that helps. */
  message: string;
  /** JSONPath of the offending value from the object's root, e.g. "$.external_references[0].url". */
  path: string;
  /** The id of the object the problem is in, when it has one that could be read. */
  objectId?: string;
}

/** A problem with a whole object (path `$`), as entry points report what is not about one property. */
export function wholeObjectIssue(
  severity: Severity,
  code: string,
  message: string,
  objectId?: string,
): Issue {
  return { code, severity, message, path: '$', ...(objectId === undefined ? {} : { objectId }) };
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

/** Appends a property name or index to a JSONPath, quoting names that are not identifiers. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
