// `dreamcatcher pattern` end to end, through the built CLI in a child process.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';

const MAIN = resolve(process.env.DREAMCATCHER_TEST_DIST ?? 'dist', 'src/cli/main.js');

function run(args: string[], input = '', cwd?: string) {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    input,
    encoding: 'utf8',
    cwd: cwd ?? process.cwd(),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const observedData20 = (id: string, name: string, time: string) => ({
  type: 'observed-data',
  id,
  created: time,
  modified: time,
  first_observed: time,
  last_observed: time,
  number_observed: 1,
  objects: { '0': { type: 'file', name } },
});

describe('dreamcatcher pattern check', () => {
  it('prints "valid" and exits 0 for a valid pattern', () => {
    const result = run(['pattern', 'check', "[file:name = 'a.exe']"]);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, 'valid\n');
  });

  it('points at the offending characters and exits 1', () => {
    const result = run(['pattern', 'check', "[file:name = 'a.exe'] WITHIN 0 SECONDS"]);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^error\[qualifier-not-positive\]/);
    assert.match(result.stdout, /\n1 \| \[file:name = 'a\.exe'\] WITHIN 0 SECONDS\n +\| {30}\^\n$/);
  });

  it('reads the version given: EXISTS is STIX 2.1 only', () => {
    assert.equal(run(['pattern', 'check', '[EXISTS file:name]']).status, 0);
    const result = run(['pattern', 'check', '--stix-version', '2.0', '--json', '[EXISTS file:name]']);
    assert.equal(result.status, 1);
    const report = JSON.parse(result.stdout) as { valid: boolean; errors: Array<{ code: string }> };
    assert.equal(report.valid, false);
    assert.equal(report.errors[0]?.code, 'not-in-version');
    assert.deepEqual(JSON.parse(run(['pattern', 'check', '--json', '[EXISTS file:name]']).stdout), {
      valid: true,
      runnable: true,
    });
  });

  it('says when a valid pattern cannot run on the linear-time engine, pointing at the expression', () => {
    // A back reference is PCRE (valid STIX) but has no linear-time evaluation: rejected here, not
    // when the first observation reaches it.
    const pattern = "[file:name = 'a'] AND [file:name MATCHES '^(a)\\\\1$']";
    const result = run(['pattern', 'check', pattern]);
    assert.equal(result.status, 1);
    assert.match(
      result.stdout,
      /^valid STIX 2\.1, but this engine cannot run it:\nerror\[unsupported-regex\]/,
    );
    assert.match(result.stdout, /\n +\| {42}\^{10}\n$/);
    const report = JSON.parse(run(['pattern', 'check', '--json', pattern]).stdout);
    assert.equal(report.valid, true);
    assert.equal(report.runnable, false);
    assert.deepEqual(
      report.errors.map((e: { code: string; start: number; end: number }) => [e.code, e.start, e.end]),
      [['unsupported-regex', 41, 51]],
    );
  });

  it('exits 2 on a bad --stix-version', () => {
    assert.equal(run(['pattern', 'check', '--stix-version', '3.0', "[file:name = 'a']"]).status, 2);
  });
});

describe('dreamcatcher pattern match --jsonl', () => {
  const request = (pattern: string, names: string[], version = '2.0') =>
    JSON.stringify({
      pattern,
      stix_version: version,
      observed_data: names.map((name, i) =>
        observedData20(
          `observed-data--00000000-0000-4000-8000-00000000000${i}`,
          name,
          `2020-01-01T00:00:0${i}Z`,
        ),
      ),
    });

  it('answers every line in order, bad lines with an error', () => {
    const lines = [
      request("[file:name = 'a']", ['a']),
      request("[file:name = 'b']", ['a']),
      'not json',
      '',
      JSON.stringify({ pattern: '[file:name = ', stix_version: '2.0', observed_data: [] }),
      JSON.stringify({
        pattern: "[file:name = 'a']",
        stix_version: '2.0',
        observed_data: [{ type: 'observed-data' }],
      }),
      request("[file:name MATCHES '(a)\\\\1']", ['a']),
      request("[file:name = 'a'] FOLLOWEDBY [file:name = 'b']", ['a', 'b']),
    ];
    const result = run(['pattern', 'match', '--jsonl'], `${lines.join('\n')}\n`);
    assert.equal(result.status, 0);
    const answers = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(answers.length, lines.length);
    assert.deepEqual(answers[0], { match: true });
    assert.deepEqual(answers[1], { match: false });
    for (const i of [2, 3, 4, 5, 6])
      assert.deepEqual(Object.keys(answers[i] as object), ['error'], `line ${i + 1}`);
    assert.match(String(answers[6]?.error), /linear-time engine/);
    assert.deepEqual(answers[7], { match: true });
  });

  it('answers a line before the next one arrives', async () => {
    const child = spawn(process.execPath, [MAIN, 'pattern', 'match', '--jsonl']);
    const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    try {
      child.stdin.write(`${request("[file:name = 'a']", ['a'])}\n`);
      assert.deepEqual(JSON.parse((await answers.next()).value as string), { match: true });
      const dangling = {
        type: 'observed-data',
        id: 'observed-data--00000000-0000-4000-8000-000000000001',
        first_observed: '2020-01-01T00:00:00Z',
        last_observed: '2020-01-01T00:00:00Z',
        number_observed: 1,
        object_refs: ['file--00000000-0000-4000-8000-000000000002'],
      };
      child.stdin.write(
        `${JSON.stringify({ pattern: "[file:name = 'a']", stix_version: '2.1', observed_data: [dangling] })}\n`,
      );
      assert.deepEqual(JSON.parse((await answers.next()).value as string), {
        error:
          'invalid observed_data: observed-data--00000000-0000-4000-8000-000000000001: object_refs names ' +
          'file--00000000-0000-4000-8000-000000000002, which is not in the same bundle',
      });
      child.stdin.end();
      assert.equal((await answers.next()).done, true);
    } finally {
      child.kill();
    }
  });
});

describe('dreamcatcher pattern match --indicators --observations', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dc-pattern-'));
    const indicator = (n: number, pattern: string, extra: Record<string, unknown> = {}) => ({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--00000000-0000-4000-8000-00000000000${n}`,
      created: '2020-01-01T00:00:00.000Z',
      modified: '2020-01-01T00:00:00.000Z',
      pattern,
      pattern_type: 'stix',
      valid_from: '2020-01-01T00:00:00Z',
      ...extra,
    });
    const indicators = [
      indicator(1, "[file:name = 'evil.exe']"),
      indicator(2, "[file:name = 'evil.exe'] FOLLOWEDBY [ipv4-addr:value ISSUBSET '198.51.100.0/24']"),
      indicator(3, "[file:name = 'absent.exe']"),
      indicator(4, 'title: x', { pattern_type: 'sigma' }),
      indicator(5, '[file:name = '),
    ];
    writeFileSync(join(dir, 'indicators.jsonl'), `${indicators.map((i) => JSON.stringify(i)).join('\n')}\n`);
    const sco = (type: string, n: number, props: Record<string, unknown>) => ({
      type,
      spec_version: '2.1',
      id: `${type}--00000000-0000-4000-8000-0000000000${n}`,
      ...props,
    });
    const od = (n: number, time: string, refs: string[]) => ({
      type: 'observed-data',
      spec_version: '2.1',
      id: `observed-data--00000000-0000-4000-8000-0000000000${n}`,
      created: time,
      modified: time,
      first_observed: time,
      last_observed: time,
      number_observed: 1,
      object_refs: refs,
    });
    const file = sco('file', 11, { name: 'evil.exe' });
    const ip = sco('ipv4-addr', 12, { value: '198.51.100.20' });
    const bundle = {
      type: 'bundle',
      id: 'bundle--00000000-0000-4000-8000-000000000099',
      // Out of time order on purpose: the command orders observations by time.
      objects: [od(22, '2020-01-01T00:05:00Z', [ip.id]), od(21, '2020-01-01T00:00:00Z', [file.id]), file, ip],
    };
    writeFileSync(join(dir, 'observations.json'), JSON.stringify(bundle));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one line per matching indicator and reports the bad one', () => {
    const result = run(
      ['pattern', 'match', '--indicators', 'indicators.jsonl', '--observations', 'observations.json'],
      '',
      dir,
    );
    assert.equal(result.status, 1);
    assert.deepEqual(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
      [
        {
          indicator: 'indicator--00000000-0000-4000-8000-000000000001',
          observed_data: ['observed-data--00000000-0000-4000-8000-000000000021'],
        },
        {
          indicator: 'indicator--00000000-0000-4000-8000-000000000002',
          observed_data: [
            'observed-data--00000000-0000-4000-8000-000000000021',
            'observed-data--00000000-0000-4000-8000-000000000022',
          ],
        },
      ],
    );
    assert.match(
      result.stderr,
      /indicators\.jsonl:5:1: indicator--00000000-0000-4000-8000-000000000005: invalid STIX 2\.1 pattern/,
    );
  });

  it('exits 2 without both files, or with a missing one', () => {
    assert.equal(run(['pattern', 'match', '--indicators', 'indicators.jsonl'], '', dir).status, 2);
    assert.equal(
      run(['pattern', 'match', '--indicators', 'nope.json', '--observations', 'observations.json'], '', dir)
        .status,
      2,
    );
  });
});
