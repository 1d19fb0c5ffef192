// What every entry point does with an object it is handed: STIX 2.0 content is upgraded to 2.1
// first (the validator only knows 2.1), then validated. Import and `validate` share it so the two
// can never disagree about what is acceptable.

import { hasErrors, type Issue, wholeObjectIssue } from './issue.js';
import { isPlainObject, type StixObject } from './object.js';
import { isStix20, upgradeFrom20 } from './upgrade.js';
import { validateObject } from './validate/index.js';

export interface Checked {
  /** The object to store (upgraded when it was STIX 2.0); absent when any issue is an error. */
  object: StixObject | undefined;
  /** Whether the object was STIX 2.0 and has been upgraded. */
  upgraded: boolean;
  issues: Issue[];
}

export function checkStixObject(value: unknown): Checked {
  if (!isPlainObject(value)) {
    return {
      object: undefined,
      upgraded: false,
      issues: [wholeObjectIssue('error', 'not-an-object', 'expected a JSON object')],
    };
  }
  let object = value as StixObject;
  const upgraded = isStix20(object);
  if (upgraded) {
    const result = upgradeFrom20(object);
    if (!result.ok) {
      const id = typeof object.id === 'string' ? object.id : undefined;
      const issue = wholeObjectIssue('error', 'stix20-not-upgradable', result.reason, id);
      return { object: undefined, upgraded: false, issues: [issue] };
    }
    object = result.object;
  }
  const issues = validateObject(object);
  return { object: hasErrors(issues) ? undefined : object, upgraded, issues };
}
