// 5.1: relationship types defined in the specification SHOULD be used.

import { relationshipType } from '../../vocabulary.js';
import { child, type Path } from '../report.js';
import type { Context } from '../rule-types.js';

export function checkRelationshipTypeKnown(
  value: Record<string, unknown>,
  path: Path,
  context: Context,
): void {
  const type = value.relationship_type;
  if (typeof type === 'string' && !relationshipType.values.has(type)) {
    context.reporter.report(
      'relationship-type-unknown',
      child(path, 'relationship_type'),
      `${type} is not defined by STIX 2.1`,
    );
  }
}
