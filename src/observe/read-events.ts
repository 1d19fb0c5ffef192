// Streaming: bytes to lines, lines to events, in constant memory. Line numbers are 1-based and count
// every line, blank ones too, so an error points at the line an editor shows. A bad line yields an
// error result and the stream goes on; a line over the length bound is such a bad line, and no more
// of it is kept than its first characters and the chunk being read.

import { StringDecoder } from 'node:string_decoder';
import type { RandomBytes } from '../stix/id.js';
import type { LineResult } from './event.js';
import { lineError } from './event-builder.js';
import type { FormatReader } from './format.js';
import { detectFormat, formatNamed } from './formats.js';

/** Lines longer than this many characters are reported, not read. */
const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;
/** How many non-blank lines format detection looks at. */
const SAMPLE_LINES = 16;

/**
 * The lines of a byte (or text) stream, without their line breaks (LF or CRLF) and without a leading
 * byte order mark. A line longer than `maxLineLength` is cut to `maxLineLength + 1` characters, so
 * that readEvents reports it without the rest ever being held.
 */
export async function* linesOf(
  chunks: AsyncIterable<Buffer | Uint8Array | string>,
  maxLineLength: number = DEFAULT_MAX_LINE_LENGTH,
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  let overlong = false;
  let first = true;
  const finish = (line: string): string => {
    let text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (first) {
      first = false;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    return text;
  };
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      const piece = text.slice(start, end);
      start = end + 1;
      if (overlong) {
        overlong = false;
        yield finish(partial);
      } else {
        yield finish(partial === '' ? piece : partial + piece);
      }
      partial = '';
    }
    if (overlong) continue;
    partial += text.slice(start);
    if (partial.length > maxLineLength) {
      partial = partial.slice(0, maxLineLength + 1);
      overlong = true;
    }
  }
  partial += decoder.end();
  if (partial !== '' || overlong) yield finish(partial.slice(0, maxLineLength + 1));
}

export interface ReadEventsOptions {
  /** A format's name; detected from the first lines when not given (generic when a mapping is). */
  format?: string;
  /** The file or stream name every event's provenance carries. */
  source: string;
  /** The generic format's mapping table, parsed JSON. */
  mapping?: unknown;
  /** Seeds observation ids (tests). */
  random?: RandomBytes;
  maxLineLength?: number;
}

/** The input's format could not be told, or the named one does not exist. */
export class UnknownFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownFormatError';
  }
}

/**
 * One result per non-blank line, in order. Throws UnknownFormatError when no format fits (before any
 * result), and the generic format's MappingError for a broken table; never for a bad line.
 */
export async function* readEvents(
  lines: AsyncIterable<string>,
  options: ReadEventsOptions,
): AsyncGenerator<LineResult> {
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const iterator = lines[Symbol.asyncIterator]();
  // Lines read ahead for detection; they are read first.
  const head: string[] = [];
  let nonBlank = 0;
  if (options.format === undefined && options.mapping === undefined) {
    while (nonBlank < SAMPLE_LINES) {
      const next = await iterator.next();
      if (next.done === true) break;
      head.push(next.value);
      if (!isBlank(next.value)) nonBlank++;
    }
  }
  const reader = readerFor(options, head, maxLineLength);
  let lineNumber = 0;
  for (const line of head) {
    lineNumber++;
    const result = readLine(reader, line, lineNumber, maxLineLength);
    if (result !== undefined) yield result;
  }
  for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
    lineNumber++;
    const result = readLine(reader, next.value, lineNumber, maxLineLength);
    if (result !== undefined) yield result;
  }
}

function readerFor(options: ReadEventsOptions, head: readonly string[], maxLineLength: number): FormatReader {
  let name = options.format ?? (options.mapping === undefined ? undefined : 'generic');
  if (name === undefined) {
    const detection = detectFormat(head.filter((line) => line.length <= maxLineLength));
    if (detection.format === undefined)
      throw new UnknownFormatError(`${options.source}: ${detection.reason}`);
    name = detection.format;
  }
  const format = formatNamed(name);
  if (format === undefined) throw new UnknownFormatError(`no format named ${JSON.stringify(name)}`);
  return format.reader({
    source: options.source,
    ...(options.mapping === undefined ? {} : { mapping: options.mapping }),
    ...(options.random === undefined ? {} : { random: options.random }),
  });
}

/** Blank: empty or only whitespace (the trim runs only for lines that start with whitespace). */
function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) <= 0x20 && line.trim() === '');
}

function readLine(
  reader: FormatReader,
  line: string,
  lineNumber: number,
  maxLineLength: number,
): LineResult | undefined {
  if (line.length > maxLineLength) {
    return lineError(lineNumber, `line longer than ${maxLineLength} characters`);
  }
  if (isBlank(line)) return undefined;
  try {
    return reader.line(line, lineNumber);
  } catch (error) {
    // Readers do not throw on bad input (tests hold them to it); should one still, the stream goes on.
    return lineError(lineNumber, `could not read the line: ${(error as Error).message}`);
  }
}
