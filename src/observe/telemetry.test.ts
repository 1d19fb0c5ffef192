// Every file of the shared real telemetry goes through format detection and its reader: nothing
// throws, every non-blank line gets one result, no line of these clean files is an error, and every
// file yields events, except logs whose records name nothing observable on their own. The counts
// per file are printed as diagnostics.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { readFile, TELEMETRY } from './fixtures.js';

function filesUnder(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

// The dataset's README describes the data; it is none.
const files = filesUnder(TELEMETRY).filter((path) => !path.endsWith('.md'));
// Zeek's packet filter log names no host; a pe.log record names its file by Zeek's file id only,
// which identifies nothing without the files.log record it joins (zeek/format.ts).
const NOTHING_OBSERVABLE = ['packet_filter.log', 'pe.log'];

describe('the shared telemetry', () => {
  it('holds files of every format', () => {
    assert.ok(files.length >= 30, `${files.length} files`);
  });

  for (const path of files) {
    const name = relative(TELEMETRY, path);
    it(name, async (t) => {
      const results = await readFile(path);
      const lines = readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '').length;
      const count = (kind: string) => results.filter((result) => result.kind === kind).length;
      const formats = new Set(
        results.flatMap((result) =>
          result.kind === 'events' ? result.events.map((e) => e.provenance.format) : [],
        ),
      );
      t.diagnostic(
        `${name}: ${lines} lines, ${count('events')} with events, ${count('skip')} skipped, ${count('error')} errors (${[...formats].join(', ')})`,
      );
      assert.equal(results.length, lines, 'one result per non-blank line');
      assert.deepEqual(
        results.filter((result) => result.kind === 'error'),
        [],
      );
      if (NOTHING_OBSERVABLE.some((log) => name.endsWith(log))) return;
      assert.ok(count('events') > 0, 'no events');
      const folder = name.split('/')[0] as string;
      assert.deepEqual([...formats], [folder], 'read as the format of its folder');
    });
  }
});
