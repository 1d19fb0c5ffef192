// The STIX 2.1 validator: the spec's MUST rules as errors, its SHOULD rules, open vocabularies and
// deprecated mechanisms as warnings, each with a stable code and the JSONPath of what it concerns.
// Objects must already be STIX 2.1 (upgrading 2.0 content happens before). STIX patterns are not
// parsed here.

import type { Issue } from '../issue.js';
import { validateBundleValue } from './bundle.js';
import { validateStixObject } from './object.js';
import { Reporter, ROOT } from './report.js';

export { CODES, type Code } from './codes.js';

/** Validates one STIX object; paths start at the object's root ('$'). */
export function validateObject(value: unknown): Issue[] {
  const reporter = new Reporter();
  validateStixObject(value, ROOT, reporter);
  return reporter.issues;
}

/** Validates a bundle and every object in it; paths start at the bundle's root ('$.objects[3].created'). */
export function validateBundle(value: unknown): Issue[] {
  const reporter = new Reporter();
  validateBundleValue(value, reporter);
  return reporter.issues;
}
