// Zeek logs, native TSV (with their "#" headers) or JSON lines, any log in one stream. The log a
// record belongs to is the TSV header's #path, a JSON record's "_path" (or OTRF's "@stream"), or
// else the fields it has (logs.ts). files.log and pe.log describe one file in two records; the
// reader joins them by file id, so the second of the pair yields the file with what both say.

import { isPlainObject } from '../../stix/object.js';
import type { LineResult } from '../event.js';
import { EventBuilder, lineError, SKIP } from '../event-builder.js';
import type { DetectionSample, Format, FormatReader, ReaderOptions } from '../format.js';
import { parseJsonLine } from '../format.js';
import { Mapper } from '../mapping.js';
import { LOG_SIGNATURES, ZEEK_TABLE } from './logs.js';
import { newHeader, readHeaderLine, readRecord, type TsvHeader } from './tsv.js';

type Rec = Record<string, unknown>;

/** Zeek's JSON writer keeps dotted names; some shippers replace the dots with underscores. */
function zeekNames(path: string): readonly string[] {
  return path.includes('.') ? [path, path.replaceAll('.', '_')] : [path];
}

const SIGNATURES = LOG_SIGNATURES.map(
  ([path, fields]) => [path, fields.flatMap((field) => zeekNames(field))] as const,
);

function logOf(record: Rec): string | undefined {
  const named = record._path ?? record['@stream'];
  if (typeof named === 'string') return named;
  for (const [path, fields] of SIGNATURES) {
    if (fields.some((field) => record[field] !== undefined)) return path;
  }
  return undefined;
}

// What each half of a files/pe pair lends the other.
const FILE_FIELDS = ['filename', 'md5', 'sha1', 'sha256', 'mime_type', 'total_bytes'];
const PE_FIELDS = ['machine', 'compile_ts', 'is_exe', 'section_names'];
/** File ids remembered for the join; a pair is logged within moments, so few are needed. */
const JOIN_LIMIT = 4096;

class FileJoin {
  private readonly seen = new Map<string, Rec>();

  /** Lends the record the fields of its other half, if seen, and remembers it for the other half. */
  join(log: 'files' | 'pe', record: Rec): void {
    const fileId = log === 'files' ? record.fuid : record.id;
    if (typeof fileId !== 'string') return;
    const other = this.seen.get(`${log === 'files' ? 'pe' : 'files'}:${fileId}`);
    if (other !== undefined) {
      for (const field of log === 'files' ? PE_FIELDS : FILE_FIELDS) {
        if (record[field] === undefined && other[field] !== undefined) record[field] = other[field];
      }
    }
    if (this.seen.size >= JOIN_LIMIT) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.set(`${log}:${fileId}`, record);
  }
}

let mapper: Mapper | undefined;

class ZeekReader implements FormatReader {
  private readonly builder: EventBuilder;
  private header: TsvHeader = newHeader();
  private readonly files = new FileJoin();

  constructor(options: ReaderOptions) {
    this.builder = new EventBuilder('zeek', options.source, options.random);
  }

  line(text: string, lineNumber: number): LineResult {
    let record: Rec;
    let log: string | undefined;
    if (text.startsWith('#')) {
      // A new log begins with #separator; its other header lines follow.
      if (text.startsWith('#separator')) this.header = newHeader();
      const problem = readHeaderLine(this.header, text);
      return problem === undefined ? SKIP : lineError(lineNumber, problem);
    }
    if (text.startsWith('{')) {
      const parsed = parseJsonLine(text);
      if ('error' in parsed) return lineError(lineNumber, parsed.error);
      if (!isPlainObject(parsed.value)) return lineError(lineNumber, 'expected a JSON object');
      record = parsed.value;
      log = logOf(record);
    } else {
      const read = readRecord(this.header, text);
      if (typeof read === 'string') return lineError(lineNumber, read);
      record = read;
      log = this.header.path ?? logOf(record);
    }
    if (log === 'files' || log === 'pe') this.files.join(log, record);
    mapper ??= new Mapper(ZEEK_TABLE, { alternateNames: zeekNames });
    const mapped = mapper.map(record, log);
    if (mapped === undefined) return SKIP;
    if ('error' in mapped) return lineError(lineNumber, mapped.error);
    const eventType = log === undefined ? undefined : `zeek:${log}`;
    return { kind: 'events', events: [this.builder.event(mapped, lineNumber, eventType)] };
  }
}

/** Fields that say a record with a "ts" is Zeek's: a connection or file id, an endpoint, a log. */
const ZEEK_MARKS = ['uid', 'fuid', 'id.orig_h', 'id_orig_h'];

function looksLikeZeek(line: string, value: unknown): boolean {
  if (line.startsWith('#separator') || line.startsWith('#fields')) return true;
  if (!isPlainObject(value) || value.ts === undefined) return false;
  return ZEEK_MARKS.some((field) => value[field] !== undefined) || logOf(value) !== undefined;
}

export const ZEEK: Format = {
  name: 'zeek',
  detect: (sample: DetectionSample) =>
    sample.lines.filter((line, index) => looksLikeZeek(line, sample.values[index])).length,
  reader: (options) => new ZeekReader(options),
};
