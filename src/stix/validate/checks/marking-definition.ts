// Marking definitions (7.2.1): the deprecated definition_type/definition pair is required when no
// extension defines the marking, the definition must match its type, TLP markings must be the
// standard ones exactly, and a marking definition must not mark itself (3.2 object_marking_refs).

import { isPlainObject } from '../../object.js';
import { compareTimestamps, isTimestamp } from '../../timestamp.js';
import { child, type Path } from '../report.js';
import type { Context } from '../rule-types.js';
import { TLP_2_EXTENSION, TLP_MARKINGS } from '../tlp-markings.js';

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]))
  );
}

/** Equal to the standard definition, reading `created` as an instant whatever its precision. */
function matchesStandard(
  value: Record<string, unknown>,
  standard: Readonly<Record<string, unknown>>,
): boolean {
  const keys = Object.keys(value);
  if (keys.length !== Object.keys(standard).length) return false;
  return keys.every((key) => {
    if (key !== 'created') return sameJson(value[key], standard[key]);
    const created = value.created;
    return isTimestamp(created) && compareTimestamps(created, standard.created as string) === 0;
  });
}

function claimsTlp(value: Record<string, unknown>): boolean {
  return (
    value.definition_type === 'tlp' ||
    (isPlainObject(value.extensions) && value.extensions[TLP_2_EXTENSION] !== undefined)
  );
}

function checkTlp(value: Record<string, unknown>, path: Path, context: Context): void {
  const standard = typeof value.id === 'string' ? TLP_MARKINGS.get(value.id) : undefined;
  if (standard !== undefined) {
    if (!matchesStandard(value, standard)) {
      context.reporter.report(
        'tlp-definition-mismatch',
        path,
        `${String(standard.name)} must be exactly its standard definition`,
      );
    }
  } else if (claimsTlp(value)) {
    context.reporter.report(
      'tlp-marking-nonstandard',
      path,
      'only the standard TLP marking definitions may be used',
    );
  }
}

function checkDefinition(value: Record<string, unknown>, path: Path, context: Context): void {
  const { definition_type: type, definition } = value;
  if (value.extensions === undefined && (type === undefined || definition === undefined)) {
    context.reporter.report(
      'marking-definition-incomplete',
      path,
      'definition_type and definition are required without extensions',
    );
    return;
  }
  const field = type === 'statement' ? 'statement' : type === 'tlp' ? 'tlp' : undefined;
  if (field !== undefined && !(isPlainObject(definition) && typeof definition[field] === 'string')) {
    context.reporter.report(
      'marking-definition-content-invalid',
      child(path, 'definition'),
      `a ${type} definition needs a ${field} string`,
    );
  }
}

function checkNotSelfMarked(value: Record<string, unknown>, path: Path, context: Context): void {
  const id = value.id;
  const refs = value.object_marking_refs;
  if (Array.isArray(refs) && refs.includes(id)) {
    context.reporter.report(
      'marking-circular-ref',
      child(path, 'object_marking_refs'),
      'a marking definition cannot mark itself',
    );
  }
  const granular = value.granular_markings;
  if (
    Array.isArray(granular) &&
    granular.some((marking) => isPlainObject(marking) && marking.marking_ref === id)
  ) {
    context.reporter.report(
      'marking-circular-ref',
      child(path, 'granular_markings'),
      'a marking definition cannot mark itself',
    );
  }
}

export function checkMarkingDefinition(value: Record<string, unknown>, path: Path, context: Context): void {
  checkDefinition(value, path, context);
  checkTlp(value, path, context);
  checkNotSelfMarked(value, path, context);
}
