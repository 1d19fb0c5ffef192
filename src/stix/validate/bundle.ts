// Validation of a bundle (section 8): a container, not a STIX Object, whose objects are each
// validated with paths from the bundle's root.

import { isPlainObject } from '../object.js';
import { checkId, validateStixObject } from './object.js';
import { child, type Reporter, ROOT } from './report.js';

export function validateBundleValue(value: unknown, reporter: Reporter): void {
  if (!isPlainObject(value)) {
    reporter.report('not-an-object', ROOT, 'a bundle is a JSON object');
    return;
  }
  if (value.type === undefined)
    reporter.report('required-property-missing', child(ROOT, 'type'), 'type is required');
  else if (value.type !== 'bundle')
    reporter.report('not-a-bundle', child(ROOT, 'type'), 'type must be "bundle"');
  if (value.id === undefined)
    reporter.report('required-property-missing', child(ROOT, 'id'), 'id is required');
  else checkId(value.id, 'bundle', ROOT, reporter);
  // 3.2: spec_version is not applicable to bundles (it was in STIX 2.0).
  if (value.spec_version !== undefined) {
    reporter.report(
      'property-not-applicable',
      child(ROOT, 'spec_version'),
      'spec_version is not applicable to bundles',
    );
  }
  const objects = value.objects;
  if (objects === undefined) return;
  const at = child(ROOT, 'objects');
  if (!Array.isArray(objects)) {
    reporter.report('not-a-list', at, 'objects must be a list');
    return;
  }
  if (objects.length === 0) reporter.report('list-empty', at, 'empty lists are not allowed');
  const bundleId = reporter.objectId;
  for (let i = 0; i < objects.length; i++) {
    reporter.objectId = undefined;
    validateStixObject(objects[i], child(at, i), reporter);
  }
  reporter.objectId = bundleId;
}
