// JSON Canonicalization Scheme (RFC 8785): one exact text for a JSON value, so that equal data hashes
// equally. STIX 2.1 section 2.9 feeds it the ID contributing properties of an SCO to derive its UUIDv5.
//
// The scheme is ECMAScript's own JSON serialization with three rules added, which is why this file
// leans on the engine: numbers print as Number.prototype.toString does (RFC 8785 section 3.2.2.3),
// strings escape as JSON.stringify does (section 3.2.2.2), object members are sorted by their UTF-16
// code units (section 3.2.3), and the input must be I-JSON (section 3.1: no NaN or Infinity, no lone
// surrogates), which JSON.stringify would otherwise quietly turn into null or "\udxxx".

import { childPath } from './issue.js';

/** A value that has no canonical JSON form, with the JSONPath of where it sits in the input. */
export class CanonicalizationError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${message} at ${path}`);
    this.name = 'CanonicalizationError';
  }
}

/** Returns the RFC 8785 canonical JSON text of a JSON value (null, boolean, number, string, array, plain object). */
export function canonicalize(value: unknown): string {
  return serialize(value, '$', new Set());
}

// In a `u` regular expression a well-formed surrogate pair is one code point, so only lone
// surrogates fall in this range.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function serializeString(text: string, path: string): string {
  if (LONE_SURROGATE.test(text)) {
    throw new CanonicalizationError('string holds a lone UTF-16 surrogate, which I-JSON forbids', path);
  }
  return JSON.stringify(text);
}

function isPlainRecord(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function serialize(value: unknown, path: string, ancestors: Set<object>): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new CanonicalizationError(`${value} is not a finite number, which JSON cannot represent`, path);
    }
    // Number.prototype.toString is the ECMAScript serialization RFC 8785 adopts; it also prints -0 as 0.
    return String(value);
  }
  if (typeof value === 'string') return serializeString(value, path);
  if (typeof value !== 'object') {
    throw new CanonicalizationError(`a ${typeof value} is not a JSON value`, path);
  }
  if (ancestors.has(value)) throw new CanonicalizationError('the value contains itself', path);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (let index = 0; index < value.length; index++) {
        items.push(serialize(value[index], childPath(path, index), ancestors));
      }
      return `[${items.join(',')}]`;
    }
    if (!isPlainRecord(value)) {
      throw new CanonicalizationError(
        `a ${value.constructor?.name ?? 'exotic object'} is not a JSON value`,
        path,
      );
    }
    // Default sort order compares UTF-16 code units, exactly what RFC 8785 section 3.2.3 asks for.
    const members = Object.keys(value)
      .sort()
      .map((key) => {
        const member = serialize(value[key], childPath(path, key), ancestors);
        return `${serializeString(key, childPath(path, key))}:${member}`;
      });
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}
