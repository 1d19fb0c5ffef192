// 4.14.1: object_refs "MUST contain at least one SCO reference if defined". References to custom
// types may be SCOs, so only a list made entirely of spec-defined non-SCO types is rejected.

import { parseIdentifier } from '../formats.js';
import { isSpecDefinedType, SCO_TYPES } from '../object-kinds.js';
import { child, type Path } from '../report.js';
import type { Context } from '../rule-types.js';

function mayBeSco(reference: unknown): boolean {
  const type = typeof reference === 'string' ? parseIdentifier(reference)?.type : undefined;
  return type === undefined || SCO_TYPES.has(type) || !isSpecDefinedType(type);
}

export function checkObservedDataHasSco(value: Record<string, unknown>, path: Path, context: Context): void {
  const refs = value.object_refs;
  if (Array.isArray(refs) && refs.length > 0 && !refs.some(mayBeSco)) {
    context.reporter.report(
      'observed-data-no-sco',
      child(path, 'object_refs'),
      'object_refs references no SCO',
    );
  }
}
