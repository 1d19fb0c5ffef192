// 7.3.1: extension_properties "MUST only be used when the extension_types property includes a
// value of toplevel-property-extension".

import { child, type Path } from '../report.js';
import type { Context } from '../rule-types.js';

export function checkExtensionProperties(value: Record<string, unknown>, path: Path, context: Context): void {
  if (value.extension_properties === undefined) return;
  const types = value.extension_types;
  if (!Array.isArray(types) || !types.includes('toplevel-property-extension')) {
    context.reporter.report(
      'extension-properties-not-allowed',
      child(path, 'extension_properties'),
      'extension_properties needs toplevel-property-extension in extension_types',
    );
  }
}
