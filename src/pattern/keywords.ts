// The reserved words of the STIX patterning grammar (STIXPattern.g4, "Keywords"). They are case
// sensitive: operators and qualifiers in upper case, the booleans in lower case. LAST is reserved
// without being used anywhere in the grammar. EXISTS was added by STIX 2.1; it is reserved here
// for 2.0 too, and its use there is reported as a version error rather than a syntax error.

export const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUPERSET',
  'ISSUBSET',
  'EXISTS',
  'LAST',
  'IN',
  'START',
  'STOP',
  'SECONDS',
  'true',
  'false',
  'WITHIN',
  'REPEATS',
  'TIMES',
]);
