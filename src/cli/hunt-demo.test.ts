// End to end from the command line: `hunt` over files (demo telemetry and real Sysmon logs) and
// `demo` against a running server, as README tells a newcomer to try them.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Alert } from '../detect/alert.js';
import { demoTelemetry } from '../packs/dreamjob/demo-telemetry.js';

const MAIN = resolve(process.env.DREAMCATCHER_TEST_DIST ?? 'dist', 'src/cli/main.js');
const SYSMON = resolve(
  '../shared/telemetry/windows/cmd_bitsadmin_download_psh_script_2020-10-2302365189.json',
);

describe('dreamcatcher hunt and demo', () => {
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
    dir = mkdtempSync(join(tmpdir(), 'dc-cli-hunt-'));
    writeFileSync(
      join(dir, 'ws-eng-07.jsonl'),
      `${demoTelemetry(new Date(Date.now() - 3_600_000)).join('\n')}\n{oops\n`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('hunts files with the loaded pack: one JSON alert per hit, with the log line of every event', () => {
    assert.equal(run(['pack', 'load', 'dreamjob']).status, 0);
    const hunted = run(['hunt', '--json', 'ws-eng-07.jsonl', SYSMON]);
    assert.equal(hunted.status, 1, 'a bad line is reported and makes the exit 1');
    assert.match(hunted.stderr, /ws-eng-07\.jsonl:11: /);
    assert.match(hunted.stderr, /\d+ events in .* detections, \d+ new sightings/);
    const alerts = hunted.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Alert);
    assert.ok(alerts.length > 5);
    assert.ok(
      alerts.every((alert) =>
        alert.evidence.every((e) => e.source.endsWith('ws-eng-07.jsonl') && e.line > 0),
      ),
    );
    assert.ok(alerts.some((alert) => alert.indicates.some((item) => item.name === 'Operation DreamJob')));
    const clean = run(['hunt', '--no-record', SYSMON]);
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.stdout, '', 'a benign Atomic Red Team log sets off no DreamJob indicator');
    assert.equal(run(['hunt', 'no-such-file.json']).status, 2);
    assert.equal(run(['hunt', '--format', 'nope', 'ws-eng-07.jsonl']).status, 2);
    assert.doesNotMatch(hunted.stderr, /temporal patterns/);
    // Backwards in time, the demo's temporal patterns see events out of order: said, not silent.
    writeFileSync(
      join(dir, 'backwards.jsonl'),
      `${demoTelemetry(new Date(Date.now() - 3_600_000))
        .reverse()
        .join('\n')}\n`,
    );
    const backwards = run(['hunt', '--no-record', 'backwards.jsonl']);
    assert.match(
      backwards.stderr,
      /temporal patterns: 0 observations dropped by the pending cap, [1-9]\d* out of time order/,
    );
  });

  it('replays the demo through the running server and points to the campaign', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [MAIN, 'serve', '--port', '0', '--sync-interval', '0'],
      {
        cwd: dir,
        env: env(),
      },
    );
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
      const demo = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
        const proc = spawn(process.execPath, [MAIN, 'demo', '--url', address], { cwd: dir, env: env() });
        let stdout = '';
        let stderr = '';
        proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        proc.once('exit', (status) => done({ status, stdout, stderr }));
      });
      assert.equal(demo.status, 0, demo.stderr);
      assert.match(demo.stdout, /Replayed 10 Sysmon events from WS-ENG-07: \d+ detections, \d+ sightings/);
      assert.match(demo.stdout, /Points to: campaign Operation DreamJob; intrusion set Lazarus Group/);
      assert.match(demo.stdout, /SHA-1 c830b895fb934291507e490280164cc4234929f0/);
    } finally {
      child.kill('SIGTERM');
    }
    const unreachable = run(['demo', '--url', 'http://127.0.0.1:1']);
    assert.equal(unreachable.status, 3);
    assert.match(unreachable.stderr, /start it first/);
  });
});
