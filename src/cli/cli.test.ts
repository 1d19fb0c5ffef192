// End to end: the built CLI as a person or a script runs it, in a fresh data folder.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const MAIN = resolve(process.env.DREAMCATCHER_TEST_DIST ?? 'dist', 'src/cli/main.js');

const identity = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--b8ea7f3e-7c5b-4b4b-9d56-6d3f0c2f3a11',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'ESET',
  identity_class: 'organization',
};
const malware = {
  type: 'malware',
  spec_version: '2.1',
  id: 'malware--3a7a8f6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'LightlessCan',
  is_family: true,
  created_by_ref: identity.id,
};

describe('dreamcatcher CLI', () => {
  let dir: string;
  let run: (
    args: string[],
    options?: { input?: string; env?: Record<string, string> },
  ) => {
    status: number | null;
    stdout: string;
    stderr: string;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dc-cli-'));
    writeFileSync(join(dir, 'good.jsonl'), `${JSON.stringify(identity)}\n${JSON.stringify(malware)}\n`);
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--0d1c2b3a-4f5e-4d6c-8b7a-695847362514',
        objects: [identity, { ...malware, created: 'yesterday' }],
      }),
    );
    run = (args, options = {}) => {
      const result = spawnSync(process.execPath, [MAIN, ...args], {
        cwd: dir,
        input: options.input ?? '',
        encoding: 'utf8',
        env: {
          ...process.env,
          DREAMCATCHER_DATA_DIR: join(dir, 'data'),
          DREAMCATCHER_DATABASE_URL: '',
          ...options.env,
        },
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every command in --help, and exits 2 on a usage error', () => {
    const help = run(['--help']);
    assert.equal(help.status, 0);
    for (const command of ['serve', 'validate', 'import', 'export'])
      assert.match(help.stdout, new RegExp(command));
    assert.equal(run(['frobnicate']).status, 2);
    assert.equal(run(['import']).status, 2);
    assert.equal(run(['validate', 'no-such-file.json']).status, 2);
  });

  it('validates: 0 for valid content, 1 with the problem located, --json for machines', () => {
    const good = run(['validate', 'good.jsonl']);
    assert.equal(good.status, 0, good.stdout + good.stderr);
    const bad = run(['validate', 'bad.json']);
    assert.equal(bad.status, 1);
    assert.match(
      bad.stdout,
      /bad\.json:\d+:\d+: error \[[a-z0-9-]+\] malware--3a7a8f6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b \$\.created/,
    );
    const json = JSON.parse(run(['validate', '--json', 'bad.json']).stdout) as {
      valid: boolean;
      files: Array<{ errors: number; issues: Array<{ path: string }> }>;
    };
    assert.equal(json.valid, false);
    assert.ok(json.files[0]?.issues.some((i) => i.path === '$.created'));
    assert.equal(run(['validate', '-'], { input: JSON.stringify(identity) }).status, 0);
  });

  it('imports, idempotently, reports rejects with exit 1, and exports what it stored', () => {
    const first = run(['import', 'good.jsonl', '--json']);
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(
      { added: JSON.parse(first.stdout).summary.added, rejected: JSON.parse(first.stdout).summary.rejected },
      { added: 2, rejected: 0 },
    );
    const again = JSON.parse(run(['import', 'good.jsonl', '--json']).stdout).summary;
    assert.deepEqual([again.added, again.unchanged], [0, 2]);
    const bad = run(['import', 'bad.json', '--collection', 'other']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /\$\.created/);
    assert.match(bad.stdout, /1 unchanged|1 added/);

    const bundle = JSON.parse(run(['export', '--collection', 'default']).stdout) as {
      type: string;
      objects: Array<{ id: string }>;
    };
    assert.equal(bundle.type, 'bundle');
    assert.deepEqual(bundle.objects.map((o) => o.id).sort(), [identity.id, malware.id].sort());
    const lines = run(['export', '--format', 'jsonl', '--type', 'malware']).stdout.trim().split('\n');
    assert.deepEqual(lines, [JSON.stringify(malware)]);
    assert.equal(run(['export', '--format', 'xml']).status, 2);
  });

  it('fails with exit 3 and a clear message when the database cannot be used', () => {
    const scheme = run(['export'], { env: { DREAMCATCHER_DATABASE_URL: 'mysql://localhost/x' } });
    assert.equal(scheme.status, 3);
    assert.match(scheme.stderr, /mysql/);
    const down = run(['export'], {
      env: { DREAMCATCHER_DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' },
    });
    assert.equal(down.status, 3);
    assert.match(down.stderr, /127\.0\.0\.1:1/);
    assert.doesNotMatch(down.stderr, /secret/);
    assert.doesNotMatch(down.stderr, /\n\s+at /, 'no stack trace');
  });

  it('serves /healthz on the port it was given', async () => {
    const child: ChildProcess = spawn(process.execPath, [MAIN, 'serve', '--port', '0'], {
      cwd: dir,
      env: { ...process.env, DREAMCATCHER_DATA_DIR: join(dir, 'data'), DREAMCATCHER_DATABASE_URL: '' },
    });
    try {
      const address = await new Promise<string>((resolveAddress, reject) => {
        let out = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /listening on (http:\/\/[\d.:]+)/.exec(out);
          if (found) resolveAddress(found[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const res = await fetch(`${address}/healthz`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'ok', backend: 'sqlite' });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
