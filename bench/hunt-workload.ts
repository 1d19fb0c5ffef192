// The hunt benchmark's data: Sysmon events in the flattened layout NXLog and HELK write, made by
// varying the real Sysmon lines of OTRF's datasets (../shared/telemetry/windows, read, never
// copied), and the simple indicators of pattern-workload.ts as STIX indicators. About `hitRate` of
// the events carry the hash, domain, address or file name of one of the indicators, in the field
// Sysmon would write it to; the rest carry only values no indicator has.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StixObject } from '../src/stix/object.js';
import { TLP_GREEN } from '../src/stix/tlp.js';
import { random } from './harness.js';
import {
  blockOf,
  domainOf,
  FAMILIES,
  FEED_START,
  fileNameOf,
  hexValue,
  INDICATOR_TYPES,
  ipv4Of,
  PATTERN_PREFIXES,
  simpleValueOf,
  uuidOf,
  YEAR_MS,
} from './pattern-workload.js';

type Rec = Record<string, unknown>;

/**
 * Simple indicator n (pattern-workload.ts's value n) as a feed shares it, about 600 bytes of JSON:
 * valid from 2024 or 2025, so the events of 2026 below fall inside its validity.
 */
export function huntIndicator(n: number, author: string): StixObject {
  const pick = random(0x1d1c ^ n);
  const created = new Date(FEED_START + Math.floor(pick() * YEAR_MS)).toISOString();
  const { kind, value } = simpleValueOf(n);
  const family = FAMILIES[Math.floor(pick() * FAMILIES.length)] as string;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuidOf(n, 'a')}`,
    created,
    modified: created,
    created_by_ref: author,
    name: `${family} ${kind} ${value.slice(0, 40)}`,
    indicator_types: [INDICATOR_TYPES[Math.floor(pick() * INDICATOR_TYPES.length)] as string],
    pattern: `[${PATTERN_PREFIXES[kind]} '${value}']`,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: created,
    labels: [family],
    confidence: 50 + Math.floor(pick() * 50),
    object_marking_refs: [TLP_GREEN.id as string],
  };
}

// ---------------------------------------------------------------------------------------------
// The events.

/** The Sysmon lines of the datasets in the flat layout, parsed (Security events and other layouts are left out). */
export function sysmonTemplates(folder: string): Rec[] {
  const templates: Rec[] = [];
  for (const file of readdirSync(folder).sort()) {
    if (!file.endsWith('.json')) continue;
    for (const line of readFileSync(join(folder, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const event = JSON.parse(line) as Rec;
      // The flat layout only: Sysmon's fields beside SourceName and EventID at the top level.
      if (event.SourceName === 'Microsoft-Windows-Sysmon' && typeof event.EventID === 'number')
        templates.push(event);
    }
  }
  if (templates.length === 0) throw new Error(`no Sysmon events in ${folder}`);
  return templates;
}

/** Where an indicator's value can be written: the templates with that field, by kind. */
interface Carriers {
  hashes: Rec[];
  dns: Rec[];
  network: Rec[];
  fileCreate: Rec[];
}

function carriersOf(templates: readonly Rec[]): Carriers {
  const carriers: Carriers = { hashes: [], dns: [], network: [], fileCreate: [] };
  for (const t of templates) {
    if (typeof t.Hashes === 'string' && /SHA256=/.test(t.Hashes)) carriers.hashes.push(t);
    if (t.EventID === 22 && typeof t.QueryName === 'string') carriers.dns.push(t);
    if (t.EventID === 3 && typeof t.DestinationIp === 'string') carriers.network.push(t);
    if (t.EventID === 11 && typeof t.TargetFilename === 'string') carriers.fileCreate.push(t);
  }
  for (const [name, list] of Object.entries(carriers)) {
    if ((list as Rec[]).length === 0) throw new Error(`no Sysmon template for ${name}`);
  }
  return carriers;
}

export interface SysmonWorkload {
  /** Sysmon lines read from the datasets. */
  templates: number;
  /** Events written. */
  events: number;
  /** Events that carry an indicator's value. */
  planted: number;
}

const EVENT_START = Date.UTC(2026, 10, 1);
/** Hosts the events are spread over (the entities of temporal patterns). */
const HOSTS = 200;
/** Binaries, domains and addresses seen in everyday events: they repeat, as they do in real logs. */
const BINARIES = 20_000;
const DOMAINS = 5_000;
const ADDRESSES = 5_000;
/** Numbers from here on name no indicator (the indicators are numbered from 0). */
const EVERYDAY = 2_000_000_000;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** "2020-10-23 06:36:43.542", Sysmon's UtcTime. */
function utcTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
}

function guid(n: number): string {
  const hex = hexValue(n, 20);
  return `{39e4a257-${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 20)}0700}`.toUpperCase();
}

/** Sysmon's hash list with the digests of `hashes` where the template has that algorithm. */
function hashList(template: string, digests: Record<string, string>): string {
  return template.replace(/(SHA1|MD5|SHA256|IMPHASH)=[0-9A-Fa-f]+/g, (_, algorithm: string) => {
    return `${algorithm}=${(digests[algorithm] as string).toUpperCase()}`;
  });
}

function everydayDigests(binary: number): Record<string, string> {
  const n = EVERYDAY + binary;
  return {
    SHA1: hexValue(n, 40),
    MD5: hexValue(n + 1, 32),
    SHA256: hexValue(n + 2, 64),
    IMPHASH: hexValue(n + 3, 32),
  };
}

function directoryOf(path: string): string {
  const at = path.lastIndexOf('\\');
  return at < 0 ? 'C:\\Windows\\Temp' : path.slice(0, at);
}

/**
 * `count` Sysmon lines (JSON, without line breaks), made from the templates in turn with their
 * host, times, process ids, hashes, domains, addresses and file names varied; about `hitRate` of
 * them carry the value of one of the first `indicatorCount` simple indicators. Calls `write` with
 * batches of lines joined by "\n", each ending in "\n".
 */
export function writeSysmonEvents(
  templates: readonly Rec[],
  count: number,
  indicatorCount: number,
  hitRate: number,
  seed: number,
  write: (text: string) => void,
): SysmonWorkload {
  const next = random(seed);
  const carriers = carriersOf(templates);
  const choose = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  let planted = 0;
  let batch: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = EVENT_START + i * 20 + Math.floor(next() * 20);
    let event: Rec;
    if (next() < hitRate) {
      event = plantHit(carriers, choose, next, indicatorCount);
      planted++;
    } else {
      event = { ...choose(templates) };
      vary(event, next);
    }
    const host = Math.floor(next() * HOSTS);
    event.Hostname = `WKS-${pad(host, 4)}.corp.example`;
    if (typeof event.ProcessId === 'string') event.ProcessId = String(1000 + Math.floor(next() * 30_000));
    if (typeof event.ProcessGuid === 'string') event.ProcessGuid = guid(EVERYDAY + i);
    const stamp = new Date(at).toISOString();
    if ('TimeCreated' in event) event.TimeCreated = stamp;
    if ('@timestamp' in event) event['@timestamp'] = stamp;
    if ('UtcTime' in event) event.UtcTime = utcTime(at);
    batch.push(JSON.stringify(event));
    if (batch.length === 2000) {
      write(`${batch.join('\n')}\n`);
      batch = [];
    }
  }
  if (batch.length > 0) write(`${batch.join('\n')}\n`);
  return { templates: templates.length, events: count, planted };
}

/** Everyday values in place of the template's own, so the events are not a few thousand repeated. */
function vary(event: Rec, next: () => number): void {
  if (typeof event.Hashes === 'string')
    event.Hashes = hashList(event.Hashes, everydayDigests(Math.floor(next() * BINARIES)));
  if (event.EventID === 22 && typeof event.QueryName === 'string' && next() < 0.7) {
    const d = Math.floor(next() * DOMAINS);
    event.QueryName = `cdn${d % 97}.${hexValue(EVERYDAY + d, 6)}-updates.net`;
  }
  if (event.EventID === 3 && typeof event.DestinationIp === 'string' && next() < 0.7) {
    // Everyday destinations: the addresses of a few content networks.
    const a = Math.floor(next() * ADDRESSES);
    event.DestinationIp = `${[13, 20, 23, 40, 52, 104, 151][a % 7]}.${(a >> 3) & 255}.${(a >> 6) & 255}.${a & 255}`;
  }
  if (event.EventID === 11 && typeof event.TargetFilename === 'string' && next() < 0.5) {
    event.TargetFilename = `${directoryOf(event.TargetFilename)}\\tmp${hexValue(EVERYDAY + Math.floor(next() * 1e6), 6)}.tmp`;
  }
}

/** An event carrying the value of a random indicator of a kind Sysmon can show (not URLs). */
function plantHit(
  carriers: Carriers,
  choose: <T>(items: readonly T[]) => T,
  next: () => number,
  indicatorCount: number,
): Rec {
  for (;;) {
    const n = Math.floor(next() * indicatorCount);
    const { kind, value } = simpleValueOf(n);
    switch (kind) {
      case 'sha256':
      case 'sha1':
      case 'md5': {
        const event = { ...choose(carriers.hashes) };
        const digests = everydayDigests(Math.floor(next() * BINARIES));
        digests[{ sha256: 'SHA256', sha1: 'SHA1', md5: 'MD5' }[kind]] = value;
        // The template must name that algorithm for the hit to land.
        const algorithm = kind === 'sha256' ? 'SHA256=' : kind === 'sha1' ? 'SHA1=' : 'MD5=';
        if (!String(event.Hashes).includes(algorithm)) continue;
        event.Hashes = hashList(String(event.Hashes), digests);
        return event;
      }
      case 'domain': {
        const event = { ...choose(carriers.dns) };
        event.QueryName = domainOf(n);
        return event;
      }
      case 'ipv4':
      case 'cidr': {
        const event = { ...choose(carriers.network) };
        event.DestinationIp = kind === 'ipv4' ? ipv4Of(n) : `${blockOf(n).slice(0, -4)}${n & 255}`;
        return event;
      }
      case 'file-name': {
        const event = { ...choose(carriers.fileCreate) };
        event.TargetFilename = `${directoryOf(String(event.TargetFilename))}\\${fileNameOf(n)}`;
        return event;
      }
      case 'url':
        continue;
    }
  }
}
