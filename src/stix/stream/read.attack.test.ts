import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import { readStixFile } from './read.js';

// MITRE ATT&CK Enterprise 18.1: a 46 MB pretty-printed bundle, read where it lies (cwd is the repo).
const ATTACK = path.resolve('../shared/intel/attack/enterprise-attack-18.1-rebuilt-from-mitre-cti.json');

it('reads the ATT&CK Enterprise bundle to exactly 24,771 objects and no errors', async () => {
  let objects = 0;
  const errors: string[] = [];
  const types = new Set<string>();
  for await (const item of readStixFile(ATTACK)) {
    if (item.kind === 'error') {
      errors.push(item.message);
      continue;
    }
    assert.equal(item.index, objects);
    types.add((item.value as { type: string }).type);
    objects++;
  }
  assert.deepEqual(errors, []);
  assert.equal(objects, 24_771);
  for (const type of ['attack-pattern', 'intrusion-set', 'malware', 'relationship', 'marking-definition']) {
    assert.ok(types.has(type), type);
  }
});
