// 4.1.1 and 4.19.1: when an external reference names a CAPEC or CVE entry, source_name is
// "capec" or "cve" and external_id has that catalogue's form.

import { child, type Path } from '../report.js';
import type { Context } from '../rule-types.js';

const CAPEC_ID = /^CAPEC-\d+$/;
const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

export function checkCatalogueIds(reference: Record<string, unknown>, path: Path, context: Context): void {
  const id = reference.external_id;
  if (typeof id !== 'string') return;
  if (reference.source_name === 'capec' && !CAPEC_ID.test(id)) {
    context.reporter.report(
      'capec-id-invalid',
      child(path, 'external_id'),
      `${JSON.stringify(id)} is not CAPEC-[id]`,
    );
  } else if (reference.source_name === 'cve' && !CVE_ID.test(id)) {
    context.reporter.report(
      'cve-id-invalid',
      child(path, 'external_id'),
      `${JSON.stringify(id)} is not a CVE identifier`,
    );
  }
}
