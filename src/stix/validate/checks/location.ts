// 4.10.1: country SHOULD be an ISO 3166-1 alpha-2 code.

import { child, type Path } from '../report.js';
import type { Context } from '../rule-types.js';

const ALPHA_2 = /^[A-Za-z]{2}$/;

export function checkCountryCode(value: Record<string, unknown>, path: Path, context: Context): void {
  const country = value.country;
  if (typeof country === 'string' && !ALPHA_2.test(country)) {
    context.reporter.report(
      'country-code-format',
      child(path, 'country'),
      `${JSON.stringify(country)} is not an alpha-2 code`,
    );
  }
}
