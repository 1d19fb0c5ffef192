// The cases every format must pass (one suite, every registered format run through it): detection
// of its own golden inputs, and readers that never throw, number their errors right and emit only
// events that materialize into valid STIX, whatever the input holds.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { validateObject } from '../stix/validate/index.js';
import type { LineResult } from './event.js';
import { FIXED_NOW, seededRandom, TESTDATA } from './fixtures.js';
import type { FormatReader } from './format.js';
import { detectFormat, FORMATS } from './formats.js';
import type { MappingTable } from './mapping.js';
import { materialize } from './materialize.js';
import { SURICATA_TABLE } from './suricata/events.js';
import { WINDOWS_TABLE } from './windows/format.js';
import { ZEEK_TABLE } from './zeek/logs.js';

/** A small table for the generic format, so that it runs through the same cases. */
const GENERIC_TABLE = {
  eventType: 'kind',
  time: { field: 'ts', as: 'timestamp' },
  host: 'host',
  events: {
    '*': {
      objects: {
        process: { type: 'process', pid: { field: 'pid', as: 'integer' }, image_ref: { ref: 'image' } },
        image: { type: 'file', name: { field: 'path', as: 'basename' } },
        address: { type: 'ip-addr', value: { field: 'ip', as: 'ip' } },
      },
    },
  },
};

function readerOf(name: string): FormatReader {
  const format = FORMATS.find((candidate) => candidate.name === name);
  assert.ok(format !== undefined);
  return format.reader({ source: 'fuzz', random: seededRandom(), mapping: GENERIC_TABLE });
}

/** Every field path a table reads, to fill records with. */
function fieldsOf(spec: unknown, into = new Set<string>()): Set<string> {
  if (typeof spec === 'string') {
    if (!spec.startsWith('$')) into.add(spec);
  } else if (Array.isArray(spec)) {
    for (const item of spec) fieldsOf(item, into);
  } else if (typeof spec === 'object' && spec !== null) {
    for (const [key, value] of Object.entries(spec)) {
      if (key === 'type' || key === 'as' || key === 'value' || key === 'ref') continue;
      fieldsOf(value, into);
    }
  }
  return into;
}

/** Values of the kinds logs hold, odd ones included. */
const VALUE = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(
    '-',
    '',
    '0x0',
    'T',
    'F',
    '::1',
    '10.0.0.300',
    '192.0.2.1',
    'fe80::1%3',
    'tcp',
    '17',
    'krb,smb',
  ),
  fc.constantFrom(
    'C:\\Windows\\System32\\cmd.exe',
    'C:\\',
    '\\\\srv\\share\\x:ads',
    'HKLM\\SOFTWARE\\x',
    'HKLM',
  ),
  fc.constantFrom(
    'SHA1=ABCD,MD5=00000000000000000000000000000000,IMPHASH=12',
    'DWORD (0x00000001)',
    'a..b',
    '.',
  ),
  fc.constantFrom('type:  5 x..y;::ffff:1.2.3.4;', 'SetValue', 'DeleteKey', '%%14592', 'S-1-16-12288'),
  fc.array(fc.oneof(fc.string(), fc.constantFrom('192.0.2.7', 'a.example', '<a@b.example>')), {
    maxLength: 3,
  }),
  fc.dictionary(
    fc.constantFrom('A', 'AAAA', 'CNAME', 'md5', 'sha256'),
    fc.array(fc.string(), { maxLength: 2 }),
  ),
);

function recordOf(
  table: MappingTable,
  base: fc.Arbitrary<Record<string, unknown>>,
): fc.Arbitrary<Record<string, unknown>> {
  const fields = [...fieldsOf(table.events)];
  return fc
    .tuple(base, fc.dictionary(fc.constantFrom(...fields), VALUE, { maxKeys: 25 }))
    .map(([fixed, free]) => ({ ...free, ...fixed }));
}

/** Records shaped like each mapped format's, with arbitrary values in the fields its table reads. */
const RECORDS: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  windows: recordOf(
    WINDOWS_TABLE,
    fc.record({
      EventID: fc.constantFrom(...Object.keys(WINDOWS_TABLE.events).map((key) => Number(key.split(':')[1]))),
      Channel: fc.constantFrom('Microsoft-Windows-Sysmon/Operational', 'Security'),
      Hostname: fc.constantFrom('WS1', 'ws1.corp.example'),
      UtcTime: fc.constant('2020-10-23 06:36:43.124'),
    }),
  ),
  zeek: recordOf(
    ZEEK_TABLE,
    fc.record({
      _path: fc.constantFrom(...Object.keys(ZEEK_TABLE.events)),
      ts: fc.constant(1588205198.89971),
    }),
  ),
  suricata: recordOf(
    SURICATA_TABLE,
    fc.record({
      event_type: fc.constantFrom(...Object.keys(SURICATA_TABLE.events)),
      timestamp: fc.constant('2023-02-28T11:34:02.133169+0000'),
    }),
  ),
  generic: recordOf(
    GENERIC_TABLE as MappingTable,
    fc.record({ ts: fc.constant('2024-01-01 00:00:00'), host: fc.constant('h') }),
  ),
};

const STIX_OBSERVED_DATA = fc.record({
  type: fc.constant('observed-data'),
  id: fc.constant('observed-data--1a2b3c4d-0000-4000-8000-000000000001'),
  first_observed: fc.constant('2024-01-01T00:00:00Z'),
  last_observed: fc.constant('2024-01-01T00:00:00Z'),
  number_observed: fc.constant(1),
  objects: fc.dictionary(
    fc.constantFrom('0', '1', '2'),
    fc.record({
      type: fc.constantFrom('ipv4-addr', 'domain-name', 'file', 'process', 'x-custom', 'Not A Type'),
      value: fc.constantFrom('192.0.2.1', 'a.example'),
      name: fc.string({ minLength: 1 }),
      pid: fc.nat(),
      parent_ref: fc.constantFrom('0', '1', '2', '9'),
      child_refs: fc.array(fc.constantFrom('0', '1', '2', 'process--1a2b3c4d-0000-4000-8000-000000000001')),
    }),
    { minKeys: 1 },
  ),
});

describe('the stix format', () => {
  // STIX content is taken as it comes (hunting a bundle does not judge it): materializing what it
  // holds must still never throw, whatever its references and types.
  it('materializes whatever observed-data it reads without throwing', () => {
    fc.assert(
      fc.property(STIX_OBSERVED_DATA, (record) => {
        const result = readerOf('stix').line(JSON.stringify(record), 1);
        for (const event of result.kind === 'events' ? result.events : []) {
          materialize(event, { now: () => FIXED_NOW, random: seededRandom(3) });
        }
      }),
      { numRuns: 300 },
    );
  });
});

function validationErrors(result: LineResult): string[] {
  if (result.kind !== 'events') return [];
  return result.events.flatMap((event) =>
    materialize(event, { now: () => FIXED_NOW, random: seededRandom(3) }).flatMap((object) =>
      validateObject(object)
        .filter((issue) => issue.severity === 'error')
        .map((issue) => `${object.type} ${issue.path}: ${issue.message}`),
    ),
  );
}

describe('format detection', () => {
  for (const format of ['windows', 'zeek', 'suricata', 'stix']) {
    const folder = join(TESTDATA, format);
    for (const file of readdirSync(folder).filter(
      (name) => /\.in\.(jsonl|json|tsv)$/.test(name) && !name.includes('errors'),
    )) {
      it(`tells ${format}/${file}`, () => {
        const lines = readFileSync(join(folder, file), 'utf8').split('\n').slice(0, 16);
        assert.deepEqual(detectFormat(lines), { format });
      });
    }
  }

  it('says why nothing fits', () => {
    const detection = detectFormat(['{"hello": "world"}']);
    assert.equal(detection.format, undefined);
    assert.match(
      'reason' in detection ? detection.reason : '',
      /none of zeek, suricata, windows, stix recognises/,
    );
  });
});

describe('every format', () => {
  for (const format of FORMATS) {
    describe(format.name, () => {
      it('reports a line that is not JSON with its line number', () => {
        const result = readerOf(format.name).line('] not JSON [', 7);
        assert.equal(result.kind, 'error');
        assert.equal(result.kind === 'error' && result.line, 7);
      });

      it('never throws on any text or any JSON', () => {
        fc.assert(
          fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
            const reader = readerOf(format.name);
            const result = reader.line(text, 3);
            if (result.kind === 'error') assert.equal(result.line, 3);
            assert.deepEqual(validationErrors(result), []);
          }),
          { numRuns: 300 },
        );
      });

      const records = RECORDS[format.name];
      if (records === undefined) return;
      it('emits only events that materialize into valid STIX, whatever its fields hold', () => {
        fc.assert(
          fc.property(records, (record) => {
            const result = readerOf(format.name).line(JSON.stringify(record), 1);
            assert.deepEqual(validationErrors(result), []);
          }),
          { numRuns: 400 },
        );
      });
    });
  }
});
