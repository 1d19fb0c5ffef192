// What the adapters emit is what STIX patterns are written against: property names and value forms
// as STIX 2.1 defines them, references that resolve, one entity per host for temporal patterns.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StreamMatcher } from '../pattern/compile/stream.js';
import { matchPattern } from '../pattern/evaluate/match.js';
import type { Observation } from '../pattern/observation.js';
import { parsePattern } from '../pattern/parser.js';
import type { ObservedEvent } from './event.js';
import { eventsOf, readFile, readJson, TELEMETRY, TESTDATA } from './fixtures.js';

function pattern(text: string) {
  const parsed = parsePattern(text);
  assert.ok(parsed.ok, text);
  return parsed.pattern;
}

async function events(file: string, format: string): Promise<ObservedEvent[]> {
  const path = join(TESTDATA, format, file);
  const mapping =
    format === 'generic' ? { mapping: readJson(path.replace('.in.jsonl', '.mapping.json')) } : {};
  return eventsOf(await readFile(path, { format, ...mapping }));
}

function matches(text: string, observations: readonly Observation[]): boolean {
  return matchPattern(pattern(text), observations) !== undefined;
}

const CASES: [file: string, format: string, pattern: string][] = [
  ['sysmon-1.in.jsonl', 'windows', "[process:image_ref.name = 'bitsadmin.exe']"],
  [
    'sysmon-1.in.jsonl',
    'windows',
    "[process:parent_ref.image_ref.name = 'cmd.exe' AND process:command_line LIKE '%/transfer%']",
  ],
  [
    'sysmon-1.in.jsonl',
    'windows',
    "[file:hashes.'SHA-256' = 'eaae8536d554d0e86d8540a8b34db2649bd884843f389495d0b6e91636c6cf54']",
  ],
  ['sysmon-1.in.jsonl', 'windows', "[process:extensions.'windows-process-ext'.integrity_level = 'high']"],
  ['sysmon-1.in.jsonl', 'windows', "[file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32']"],
  ['sysmon-1.in.jsonl', 'windows', "[user-account:account_login = 'wardog']"],
  [
    'sysmon-3.in.jsonl',
    'windows',
    "[network-traffic:dst_ref.value = '239.255.255.250' AND network-traffic:dst_port = 1900]",
  ],
  [
    'sysmon-3.in.jsonl',
    'windows',
    "[process:opened_connection_refs[*].dst_ref.value ISSUBSET '239.0.0.0/8']",
  ],
  ['security-4688.in.jsonl', 'windows', "[process:image_ref.name = 'bitsadmin.exe' AND process:pid = 9260]"],
  [
    'sysmon-13-run-key.in.jsonl',
    'windows',
    "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run' AND windows-registry-key:values[*].name = 'Updater']",
  ],
  [
    'sysmon-22-cname.in.jsonl',
    'windows',
    "[domain-name:resolves_to_refs[*].value = 'github.map.fastly.net']",
  ],
  ['dns.in.jsonl', 'zeek', "[domain-name:value = 'newyork.dmevals.local']"],
  ['dns.in.jsonl', 'zeek', "[domain-name:resolves_to_refs[*].value = '10.0.0.4']"],
  ['http.in.jsonl', 'zeek', "[url:value = 'http://192.168.0.4/webdav/python.exe']"],
  [
    'http.in.jsonl',
    'zeek',
    "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'[*] LIKE 'Microsoft-WebDAV%']",
  ],
  ['x509.in.jsonl', 'zeek', "[x509-certificate:serial_number = '06:74:3f:c4:95:e5:4b:7b']"],
  ['pe-join.in.jsonl', 'zeek', "[file:extensions.'windows-pebinary-ext'.sections[*].name = 'UPX0']"],
  [
    'tls.in.jsonl',
    'suricata',
    "[x509-certificate:hashes.'SHA-1' = '0f2da8fcda2774db0ceed39b7583d45d30d04cec']",
  ],
  [
    'tls.in.jsonl',
    'suricata',
    "[network-traffic:dst_ref.value ISSUBSET '193.200.130.0/24' AND network-traffic:dst_port = 443]",
  ],
  ['tls.in.jsonl', 'suricata', "[domain-name:value = 'cv.mathming.ltd']"],
  ['edr.in.jsonl', 'generic', "[mutex:name = 'Global\\\\SyncMutex_7A2C']"],
];

describe('STIX patterns against adapter output', () => {
  for (const [file, format, text] of CASES) {
    it(`${format}/${file}: ${text}`, async () => {
      const observations = (await events(file, format)).map((event) => event.observation);
      assert.ok(
        observations.some((observation) => matches(text, [observation])),
        'no observation matches',
      );
    });
  }

  it('does not match what is not there', async () => {
    const observations = (await events('sysmon-1.in.jsonl', 'windows')).map((event) => event.observation);
    assert.equal(matches("[process:image_ref.name = 'mimikatz.exe']", observations), false);
    assert.equal(
      matches("[process:name = 'bitsadmin.exe']", observations),
      false,
      'STIX 2.1 processes have no name',
    );
  });
});

describe('temporal patterns per entity', () => {
  const text =
    "[process:image_ref.name = 'cmd.exe'] FOLLOWEDBY [process:image_ref.name = 'bitsadmin.exe'] WITHIN 5 SECONDS";

  it('complete on one host of a real attack log', async () => {
    const path = join(TELEMETRY, 'windows/cmd_bitsadmin_download_psh_script_2020-10-2302365189.json');
    const all = eventsOf(await readFile(path));
    assert.deepEqual([...new Set(all.map((event) => event.entity))], ['workstation5']);
    const matcher = new StreamMatcher([{ id: 'cmd-then-bitsadmin', pattern: pattern(text) }]);
    // The stream matcher wants each entity's observations in time order; the log is not quite.
    const ordered = [...all].sort((a, b) =>
      a.observation.firstObserved < b.observation.firstObserved ? -1 : 1,
    );
    const hits = ordered.flatMap((event) => matcher.push(event.entity, event.observation));
    assert.ok(hits.length > 0);
    assert.ok(hits.every((hit) => hit.entity === 'workstation5'));
  });

  it('do not complete across hosts', async () => {
    const sysmon1 = await events('sysmon-1.in.jsonl', 'windows');
    const sysmon7 = await events('sysmon-7.in.jsonl', 'windows');
    const cmd = sysmon7[0] as ObservedEvent;
    const bitsadmin = sysmon1[0] as ObservedEvent;
    const matcher = new StreamMatcher([{ id: 'cmd-then-bitsadmin', pattern: pattern(text) }]);
    assert.deepEqual(matcher.push('workstation5', cmd.observation), []);
    assert.deepEqual(matcher.push('workstation6', bitsadmin.observation), []);
    assert.equal(matcher.push('workstation5', bitsadmin.observation).length, 1);
  });
});
