// Which STIX Patterning version an indicator's pattern is written in, decided in one place for the
// validator and the matcher: `pattern_version` when the indicator names one (4.7), else the
// indicator's own STIX version (a STIX 2.0 indicator has no spec_version).

import type { PatternVersion } from './ast.js';

export function patternVersionOf(indicator: {
  spec_version?: unknown;
  pattern_version?: unknown;
}): PatternVersion {
  if (typeof indicator.pattern_version === 'string') {
    return indicator.pattern_version.startsWith('2.0') ? '2.0' : '2.1';
  }
  return indicator.spec_version === '2.1' ? '2.1' : '2.0';
}
