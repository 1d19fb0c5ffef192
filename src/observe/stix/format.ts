// STIX content as it is: bundles (one per line or pretty-printed over many), JSON lines of STIX 2.1
// objects, and STIX 2.0 observed-data with embedded objects. Every observed-data becomes an event;
// observationsFrom21 reads both versions. In JSON lines, an observed-data's object_refs resolve
// against the SCOs of earlier lines (a bounded pool), so producers must write SCOs first; in a
// bundle, any order. An observed-data that dreamcatcher materialized carries its provenance
// (x_dreamcatcher_provenance): its host and entity are kept, so temporal state stays per host.

import { observationsFrom21 } from '../../pattern/observation.js';
import { isScoType } from '../../stix/id.js';
import { isPlainObject } from '../../stix/object.js';
import type { LineResult, ObservedEvent } from '../event.js';
import { lineError, SKIP } from '../event-builder.js';
import type { DetectionSample, Format, FormatReader, ReaderOptions } from '../format.js';
import { parseJsonLine } from '../format.js';

type Rec = Record<string, unknown>;

/** SCOs kept from earlier lines for later observed-data to reference. */
const POOL_LIMIT = 100_000;
/** A pretty-printed value is gathered in memory up to this many characters. */
const MAX_VALUE_LENGTH = 64 * 1024 * 1024;

/** How much deeper in brackets a line leaves its value (strings skipped). */
function depthChange(line: string): number {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) depth++;
    else if (code === 0x7d || code === 0x5d) depth--;
  }
  return depth;
}

interface Pending {
  start: number;
  parts: string[] | undefined;
  length: number;
  depth: number;
}

/** The objects an observed-data references, taken in transitively from the pool. */
function referenced(observedData: Rec, pool: ReadonlyMap<string, Rec>): Rec[] {
  const found = new Map<string, Rec>();
  const pending: unknown[] = [observedData.object_refs];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      const object = pool.get(next);
      if (object !== undefined && !found.has(next)) {
        found.set(next, object);
        pending.push(object);
      }
    } else if (Array.isArray(next)) {
      pending.push(...next);
    } else if (isPlainObject(next)) {
      for (const [key, value] of Object.entries(next)) {
        if (key.endsWith('_ref') || key.endsWith('_refs') || typeof value === 'object') pending.push(value);
      }
    }
  }
  return [...found.values()];
}

/** The observed-data objects of a value, by id, to read what materialize wrote on them. */
function observedDataById(value: unknown, into: Map<string, Rec>): void {
  for (const item of Array.isArray(value) ? value : [value]) {
    if (!isPlainObject(item)) continue;
    if (item.type === 'observed-data' && typeof item.id === 'string') into.set(item.id, item);
    else if (Array.isArray(item.objects)) observedDataById(item.objects, into);
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

class StixReader implements FormatReader {
  private readonly pool = new Map<string, Rec>();
  private pending: Pending | undefined;

  constructor(private readonly options: ReaderOptions) {}

  line(text: string, lineNumber: number): LineResult {
    if (this.pending !== undefined) return this.continueValue(text);
    const parsed = parseJsonLine(text);
    if (!('error' in parsed)) return this.value(parsed.value, lineNumber);
    const depth = depthChange(text);
    if (depth <= 0) return lineError(lineNumber, parsed.error);
    // The first line of a pretty-printed value: gather lines until its brackets close.
    this.pending = { start: lineNumber, parts: [text], length: text.length, depth };
    return SKIP;
  }

  private continueValue(text: string): LineResult {
    const pending = this.pending as Pending;
    pending.depth += depthChange(text);
    pending.length += text.length + 1;
    if (pending.parts !== undefined) {
      // Past the bound the text is dropped, but its brackets still tell where the value ends.
      if (pending.length > MAX_VALUE_LENGTH) pending.parts = undefined;
      else pending.parts.push(text);
    }
    if (pending.depth > 0) return SKIP;
    this.pending = undefined;
    if (pending.parts === undefined) {
      return lineError(pending.start, `a JSON value longer than ${MAX_VALUE_LENGTH} characters`);
    }
    const parsed = parseJsonLine(pending.parts.join('\n'));
    return 'error' in parsed
      ? lineError(pending.start, parsed.error)
      : this.value(parsed.value, pending.start);
  }

  private value(value: unknown, line: number): LineResult {
    let content: unknown = value;
    if (isPlainObject(value) && value.type === 'observed-data') {
      content = [value, ...referenced(value, this.pool)];
    } else if (isPlainObject(value) && !Array.isArray(value.objects)) {
      if (typeof value.type !== 'string' || typeof value.id !== 'string') {
        return lineError(line, 'expected a STIX object, a bundle, or a list of them');
      }
      if (isScoType(value.type)) this.remember(value.id, value);
      return SKIP;
    } else if (!isPlainObject(value) && !Array.isArray(value)) {
      return lineError(line, 'expected a STIX object, a bundle, or a list of them');
    }
    const read = observationsFrom21(content);
    const problems = [...new Set(read.errors.map((error) => error.message))];
    if (read.observations.length === 0)
      return problems.length === 0 ? SKIP : lineError(line, problems.join('; '));
    const raw = new Map<string, Rec>();
    observedDataById(content, raw);
    const events = read.observations.map((observation) =>
      this.event(observation, raw.get(observation.id), line),
    );
    return problems.length === 0 ? { kind: 'events', events } : { kind: 'events', events, problems };
  }

  private event(
    observation: ObservedEvent['observation'],
    observedData: Rec | undefined,
    line: number,
  ): ObservedEvent {
    const earlier = observedData?.x_dreamcatcher_provenance;
    const host = isPlainObject(earlier) ? text(earlier.host) : undefined;
    const sensor = isPlainObject(earlier) ? text(earlier.sensor) : undefined;
    const entity = isPlainObject(earlier) ? text(earlier.entity) : undefined;
    const event: ObservedEvent = {
      observation,
      provenance: { source: this.options.source, line, format: 'stix', eventType: 'stix:observed-data' },
      entity: entity ?? host?.toLowerCase() ?? this.options.source,
    };
    if (host !== undefined) event.provenance.host = host;
    if (sensor !== undefined) event.provenance.sensor = sensor;
    return event;
  }

  private remember(id: string, object: Rec): void {
    if (this.pool.size >= POOL_LIMIT) {
      const oldest = this.pool.keys().next().value;
      if (oldest !== undefined) this.pool.delete(oldest);
    }
    this.pool.set(id, object);
  }
}

function looksLikeStix(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(looksLikeStix);
  if (!isPlainObject(value) || typeof value.type !== 'string') return false;
  return value.type === 'bundle' || (typeof value.id === 'string' && value.id.startsWith(`${value.type}--`));
}

const STIX_TYPE_LINE = /"type"\s*:\s*"(?:bundle|observed-data)"/;

export const STIX: Format = {
  name: 'stix',
  detect: (sample: DetectionSample) => {
    const claimed = sample.values.filter(looksLikeStix).length;
    // A pretty-printed bundle: its first line is a lone bracket, its type a few lines down.
    const first = sample.lines[0]?.trim();
    if (
      claimed === 0 &&
      (first === '{' || first === '[') &&
      sample.lines.some((line) => STIX_TYPE_LINE.test(line))
    ) {
      return 1;
    }
    return claimed;
  },
  reader: (options) => new StixReader(options),
};
