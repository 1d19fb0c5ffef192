// End to end: setting up sharing from the command line, as an automated deployment would, then
// using what was set up over HTTP.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const MAIN = resolve(process.env.DREAMCATCHER_TEST_DIST ?? 'dist', 'src/cli/main.js');
const TAXII = 'application/taxii+json;version=2.1';

describe('dreamcatcher org, user, token, collection, audit, sync', () => {
  let dir: string;
  const env = () => ({
    ...process.env,
    DREAMCATCHER_DATA_DIR: join(dir, 'data'),
    DREAMCATCHER_DATABASE_URL: '',
  });
  const run = (args: string[]) => {
    const result = spawnSync(process.execPath, [MAIN, ...args], { cwd: dir, encoding: 'utf8', env: env() });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dc-cli-access-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves TAXII to the admin created on first start and to users made by the CLI', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [MAIN, 'serve', '--port', '0', '--sync-interval', '0'],
      {
        cwd: dir,
        env: env(),
      },
    );
    try {
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const address = await new Promise<string>((resolveAddress, reject) => {
        let out = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /listening on (http:\/\/[\d.:]+)/.exec(out);
          if (found) resolveAddress(found[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const adminToken = /admin API token, shown only now: (dct_\S+)/.exec(stderr)?.[1];
      assert.ok(adminToken, stderr);
      assert.match(stderr, /loaded pack 'dreamjob' \(\d+ objects\) into public collection 'dreamjob'/);
      // The pack is TLP:CLEAR in a public collection: a newcomer sees it without any token.
      const collections = (await (
        await fetch(`${address}/api1/collections/`, { headers: { accept: TAXII } })
      ).json()) as {
        collections: { id: string; title: string }[];
      };
      const dreamjob = collections.collections.find((c) => c.title === 'dreamjob');
      assert.ok(dreamjob);
      const campaigns = (await (
        await fetch(`${address}/api1/collections/${dreamjob.id}/objects/?match[type]=campaign`, {
          headers: { accept: TAXII },
        })
      ).json()) as { objects: { name: string }[] };
      assert.deepEqual(
        campaigns.objects.map((c) => c.name),
        ['Operation DreamJob'],
      );
      const discovery = await fetch(`${address}/taxii2/`, {
        headers: { accept: TAXII, authorization: `Bearer ${adminToken}` },
      });
      assert.equal(discovery.status, 200);

      // Set up while the server runs, as a deployment script would.
      const org = run(['org', 'create', 'ACME Aerospace']);
      assert.equal(org.status, 0, org.stderr);
      const orgs = JSON.parse(run(['org', 'list', '--json']).stdout) as { id: string; name: string }[];
      assert.deepEqual(
        orgs.map((org) => org.name),
        ['ACME Aerospace', 'local'],
      );
      const created = run([
        'collection',
        'create',
        'intel',
        '--read',
        'ACME Aerospace',
        '--write',
        'ACME Aerospace',
      ]);
      assert.equal(created.status, 0, created.stderr);
      const collectionId = created.stdout.trim();
      const user = JSON.parse(
        run(['user', 'create', 'ana', '--org', 'ACME Aerospace', '--role', 'analyst', '--json']).stdout,
      ) as { token: string; tokenId: string; user: { role: string } };
      assert.equal(user.user.role, 'analyst');

      const headers = { accept: TAXII, authorization: `Bearer ${user.token}` };
      const collection = await fetch(`${address}/api1/collections/${collectionId}/`, { headers });
      assert.equal(collection.status, 200);
      assert.deepEqual(
        ((await collection.json()) as { can_read: boolean; can_write: boolean }).can_write,
        true,
      );

      const revoked = run(['token', 'revoke', user.tokenId]);
      // Says why when it fails: it failed once in CI (exit 2) and passed on every rerun.
      assert.equal(revoked.status, 0, `exit ${revoked.status}: ${revoked.stderr}${revoked.stdout}`);
      // Another process revoked it: this server's credential cache forgets within seconds.
      await new Promise((wait) => setTimeout(wait, 5_500));
      assert.equal((await fetch(`${address}/api1/collections/`, { headers })).status, 401);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('lists collections with their policy, changes grants, and reports mistakes with clear exits', () => {
    const listed = JSON.parse(run(['collection', 'list', '--json']).stdout) as {
      title: string;
      apiRoot: string;
      policy: { grants: { read: boolean; write: boolean; red: boolean }[] };
    }[];
    assert.deepEqual(
      listed.map((c) => [c.title, c.apiRoot, c.policy.grants.length]),
      [
        ['dreamjob', 'api1', 0],
        ['intel', 'api1', 1],
      ],
    );
    const granted = JSON.parse(
      run(['collection', 'grant', 'intel', '--red', 'ACME Aerospace', '--json']).stdout,
    ) as {
      grants: { red: boolean; write: boolean }[];
    };
    assert.deepEqual(
      granted.grants.map((g) => [g.red, g.write]),
      [[true, true]],
    );
    assert.equal(run(['org', 'create', 'acme aerospace']).status, 1, 'names are unique, case aside');
    assert.equal(run(['user', 'create', 'bob', '--org', 'Nobody', '--role', 'analyst']).status, 1);
    assert.equal(run(['user', 'create', 'bob', '--org', 'local', '--role', 'wizard']).status, 2);
    assert.equal(run(['collection', 'create', 'x', '--api-root', 'taxii2']).status, 2);
    assert.equal(run(['collection', 'grant', 'nope', '--read', 'local']).status, 2);
  });

  it('exports for an organisation exactly what it may read', () => {
    const marked = (n: number, marking: string) => ({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      created: '2026-01-05T00:00:00.000Z',
      modified: '2026-01-05T00:00:00.000Z',
      pattern: `[domain-name:value = 'c2-${n}.example.com']`,
      pattern_type: 'stix',
      valid_from: '2026-01-05T00:00:00Z',
      object_marking_refs: [marking],
    });
    const amber = marked(1, 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421');
    const red = marked(2, 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1');
    writeFileSync(join(dir, 'marked.jsonl'), `${JSON.stringify(amber)}\n${JSON.stringify(red)}\n`);
    assert.equal(run(['import', 'marked.jsonl', '--collection', 'intel']).status, 0);
    const exported = (org: string) =>
      run(['export', '--format', 'jsonl', '--collection', 'intel', '--for-org', org])
        .stdout.trim()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as { id: string }).id);
    run(['collection', 'grant', 'intel', '--read', 'ACME Aerospace', '--revoke', 'local']);
    assert.deepEqual(exported('ACME Aerospace').sort(), [amber.id, red.id].sort(), 'a RED recipient');
    assert.deepEqual(exported('local'), [], 'no grant, not public');
    assert.equal(run(['export', '--for-org', 'Nobody']).status, 1);
  });

  it('keeps an audit log of every admin action', () => {
    const lines = run(['audit', '--json'])
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number; action: string; actor: string });
    const actions = lines.map((entry) => entry.action);
    for (const action of [
      'org.create',
      'user.create',
      'token.create',
      'collection.create',
      'collection.grant',
      'token.revoke',
    ]) {
      assert.ok(actions.includes(action), action);
    }
    assert.deepEqual(
      lines.map((entry) => entry.seq),
      lines.map((_, index) => index + 1),
    );
    const after3 = run(['audit', '--after', '3', '--limit', '2', '--json']).stdout.trim().split('\n');
    assert.deepEqual(
      after3.map((line) => (JSON.parse(line) as { seq: number }).seq),
      [4, 5],
    );
  });

  it('adds and lists sync peers without ever printing their tokens', () => {
    const added = run([
      'sync',
      'add',
      'cert',
      'https://cert.example/api1',
      '--collection',
      'abc',
      '--into',
      'intel',
      '--token',
      'SECRET-T',
    ]);
    assert.equal(added.status, 0, added.stderr);
    const listed = run(['sync', 'list', '--json']);
    const peers = JSON.parse(listed.stdout) as { name: string; apiRoot: string }[];
    assert.deepEqual(
      peers.map((peer) => [peer.name, peer.apiRoot]),
      [['cert', 'https://cert.example/api1/']],
    );
    assert.doesNotMatch(listed.stdout + run(['sync', 'list']).stdout, /SECRET-T/);
    assert.equal(
      run([
        'sync',
        'add',
        'cert',
        'https://cert.example/api1/',
        '--collection',
        'a',
        '--into',
        'intel',
        '--token',
        't',
      ]).status,
      1,
    );
    assert.equal(
      run(['sync', 'add', 'x', 'ftp://cert.example/', '--collection', 'a', '--into', 'intel', '--token', 't'])
        .status,
      2,
    );
  });
});
