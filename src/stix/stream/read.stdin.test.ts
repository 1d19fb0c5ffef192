import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { it } from 'node:test';

// readStixStdin in a child process, fed by a pipe and by a redirected file (a 329-object bundle).
const ATTACK_SUBSET = '../shared/intel/attack/dreamjob-attack-subset.json';
const READ_URL = new URL('./read.js', import.meta.url).href;
const SCRIPT = `
  const { readStixStdin } = await import(${JSON.stringify(READ_URL)});
  const counts = { object: 0, error: 0 };
  for await (const item of readStixStdin()) counts[item.kind]++;
  console.log(JSON.stringify(counts));
`;

function runWithStdin(stdin: 'pipe' | number, input?: string): unknown {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    input,
    stdio: [stdin, 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  assert.equal(child.status, 0);
  return JSON.parse(child.stdout);
}

it('reads standard input from a pipe and from a redirected file', () => {
  const input = '{"a":1}\n{"b":\n{"c":3}\n';
  assert.deepEqual(runWithStdin('pipe', input), { object: 2, error: 1 });
  assert.deepEqual(runWithStdin(openSync(ATTACK_SUBSET, 'r')), { object: 329, error: 0 });
});
