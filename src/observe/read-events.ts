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
export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;
/** How many non-blank lines format detection looks at. */
export const SAMPLE_LINES = 16;

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
  const withoutCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);
  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    // The mark goes before any line is measured: a first line is as long as its text.
    if (first && text !== '') {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      const piece = text.slice(start, end);
      start = end + 1;
      if (overlong) {
        overlong = false;
        yield partial;
      } else {
        yield withoutCr(partial === '' ? piece : partial + piece);
      }
      partial = '';
    }
    if (overlong) continue;
    partial += text.slice(start);
    // Past maxLineLength + 1 characters the line is too long even without a final carriage return.
    if (partial.length > maxLineLength + 1) {
      partial = partial.slice(0, maxLineLength + 1);
      overlong = true;
    }
  }
  if (overlong) {
    yield partial;
  } else {
    partial += decoder.end();
    if (partial !== '') yield withoutCr(partial).slice(0, maxLineLength + 1);
  }
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
  const iterator = lines[Symbol.asyncIterator]();
  const head = await readHead(iterator, options);
  const reader = lineReader({ ...options, format: formatFor(options, head) });
  let lineNumber = 0;
  for (const line of head) {
    lineNumber++;
    const result = reader(line, lineNumber);
    if (result !== undefined) yield result;
  }
  for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
    lineNumber++;
    const result = reader(next.value, lineNumber);
    if (result !== undefined) yield result;
  }
}

/**
 * The lines read ahead to detect the input's format (none when it is named): the first
 * SAMPLE_LINES non-blank ones and the blank ones among them. They are the input's first lines.
 */
async function readHead(
  iterator: AsyncIterator<string>,
  options: Pick<ReadEventsOptions, 'format' | 'mapping'>,
): Promise<string[]> {
  const head: string[] = [];
  if (options.format !== undefined || options.mapping !== undefined) return head;
  let nonBlank = 0;
  while (nonBlank < SAMPLE_LINES) {
    const next = await iterator.next();
    if (next.done === true) break;
    head.push(next.value);
    if (!isBlank(next.value)) nonBlank++;
  }
  return head;
}

/**
 * The name of the format to read an input with: the one named, generic when a mapping is given,
 * else the one its first lines (`head`) look like. Throws UnknownFormatError when none fits.
 */
export function formatFor(
  options: Pick<ReadEventsOptions, 'format' | 'mapping' | 'source' | 'maxLineLength'>,
  head: readonly string[],
): string {
  const name = options.format ?? (options.mapping === undefined ? undefined : 'generic');
  if (name !== undefined) return name;
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const detection = detectFormat(head.filter((line) => line.length <= maxLineLength));
  if (detection.format === undefined) throw new UnknownFormatError(`${options.source}: ${detection.reason}`);
  return detection.format;
}

/** Reads one line: its result, or undefined for a blank line. */
export type LineReader = (line: string, lineNumber: number) => LineResult | undefined;

/**
 * What readEvents does with each line once the format is known, for a caller that hands the lines
 * over itself (a hunt worker gets them in batches). Throws UnknownFormatError for a format that
 * does not exist, and the generic format's MappingError for a broken table.
 */
export function lineReader(options: ReadEventsOptions & { format: string }): LineReader {
  const format = formatNamed(options.format);
  if (format === undefined) throw new UnknownFormatError(`no format named ${JSON.stringify(options.format)}`);
  const reader = format.reader({
    source: options.source,
    ...(options.mapping === undefined ? {} : { mapping: options.mapping }),
    ...(options.random === undefined ? {} : { random: options.random }),
  });
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  return (line, lineNumber) => readLine(reader, line, lineNumber, maxLineLength);
}

/** Blank: empty or only whitespace (the trim runs only for lines that start with whitespace). */
export function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) <= 0x20 && line.trim() === '');
}

/** The error of a line longer than `maxLineLength` characters. */
export function tooLong(lineNumber: number, maxLineLength: number): LineResult {
  return lineError(lineNumber, `line longer than ${maxLineLength} characters`);
}

function readLine(
  reader: FormatReader,
  line: string,
  lineNumber: number,
  maxLineLength: number,
): LineResult | undefined {
  if (line.length > maxLineLength) {
    return tooLong(lineNumber, maxLineLength);
  }
  if (isBlank(line)) return undefined;
  try {
    return reader.line(line, lineNumber);
  } catch (error) {
    // Readers do not throw on bad input (tests hold them to it); should one still, the stream goes on.
    return lineError(lineNumber, `could not read the line: ${(error as Error).message}`);
  }
}
