// 4.7: an indicator's `pattern` is "the detection pattern for this Indicator" written in the
// language `pattern_type` names. For the STIX language we can check it fully: syntax and the
// semantic rules of section 9, in the version the indicator declares.

import { patternVersionOf } from '../../../pattern/indicator-version.js';
import { parsePattern } from '../../../pattern/parser.js';
import { child, type Path } from '../report.js';
import type { Context } from '../rule-types.js';

export function checkStixPattern(value: Record<string, unknown>, path: Path, context: Context): void {
  const { pattern, pattern_type: patternType } = value;
  if (patternType !== 'stix' || typeof pattern !== 'string') return;
  const parsed = parsePattern(pattern, { version: patternVersionOf(value) });
  if (parsed.ok) return;
  for (const error of parsed.errors) {
    context.reporter.report(
      'pattern-invalid',
      child(path, 'pattern'),
      `at offset ${error.start}: ${error.message} [${error.code}]`,
    );
  }
}
