// Golden tests: each testdata/<format>/<name>.in.jsonl (JSON lines; .in.tsv for Zeek's TSV, .in.json
// for a pretty-printed STIX bundle) is read with the format its folder names (the generic format
// with the table <name>.mapping.json beside it), and what the reader yields, line by line, must
// equal <name>.out.json. The comparison is of the JSON values, so the formatter may lay the files
// out as it likes; a difference shows as a diff of the two values. With UPDATE_GOLDEN=1 the
// expected files are rewritten from what the code does now, so a change in behaviour shows up as a
// diff under testdata/. Every event must also materialize into STIX that the validator passes
// without error.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validateObject } from '../stix/validate/index.js';
import { eventsOf, FIXED_NOW, readFile, readJson, seededRandom, TESTDATA } from './fixtures.js';
import { materialize } from './materialize.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const INPUT = /\.in\.(jsonl|json|tsv)$/;

const cases = readdirSync(TESTDATA).flatMap((format) =>
  readdirSync(join(TESTDATA, format))
    .filter((file) => INPUT.test(file))
    .sort()
    .map((file) => ({ format, file, path: join(TESTDATA, format, file) })),
);

function expectGolden(path: string, actual: unknown): void {
  if (UPDATE) {
    writeFileSync(path, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  assert.ok(existsSync(path), `${path} is missing; run the tests with UPDATE_GOLDEN=1 to write it`);
  // Through JSON, so that what the reader yields compares as what a file can hold.
  assert.deepEqual(JSON.parse(JSON.stringify(actual)), readJson(path));
}

describe('golden telemetry', () => {
  for (const { format, file, path } of cases) {
    it(`${format}/${file}`, async () => {
      const mappingPath = path.replace(INPUT, '.mapping.json');
      const results = await readFile(path, {
        format,
        random: seededRandom(),
        ...(existsSync(mappingPath) ? { mapping: readJson(mappingPath) } : {}),
      });
      expectGolden(path.replace(INPUT, '.out.json'), results);
      for (const event of eventsOf(results)) {
        const objects = materialize(event, { now: () => FIXED_NOW, random: seededRandom(7) });
        const errors = objects.flatMap((object) =>
          validateObject(object)
            .filter((issue) => issue.severity === 'error')
            .map((issue) => `line ${event.provenance.line}: ${object.type} ${issue.path}: ${issue.message}`),
        );
        assert.deepEqual(errors, []);
      }
    });
  }

  it('cover every event type the adapters promise', () => {
    const seen = new Set<string>();
    for (const { path } of cases) {
      if (UPDATE) return;
      const results = readJson(path.replace(INPUT, '.out.json')) as { kind: string; events?: unknown[] }[];
      for (const event of eventsOf(results as never)) {
        if (event.provenance.eventType !== undefined) seen.add(event.provenance.eventType);
      }
    }
    const promised = [
      ...[1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 17, 18, 22, 23, 25, 26].map((id) => `sysmon:${id}`),
      ...[4624, 4688, 4698, 5156].map((id) => `security:${id}`),
      ...['conn', 'dns', 'http', 'files', 'ssl', 'x509', 'pe', 'notice', 'smb_files'].map(
        (log) => `zeek:${log}`,
      ),
      ...['alert', 'dns', 'http', 'tls', 'fileinfo', 'flow'].map((type) => `suricata:${type}`),
    ];
    assert.deepEqual(
      promised.filter((type) => !seen.has(type)),
      [],
    );
  });

  it('cover Zeek TSV for conn, dns, http and files', () => {
    const tsv = new Set(cases.filter(({ file }) => file.endsWith('.in.tsv')).map(({ file }) => file));
    for (const log of ['conn', 'dns', 'http', 'files'])
      assert.ok(tsv.has(`${log}-tsv.in.tsv`), `no ${log}-tsv.in.tsv`);
  });
});
