// Turns a JSON.parse failure on one element into a message and a place in the whole input. V8 names
// the fault's offset ("in JSON at position N") for most errors, but not for "Unexpected token"
// ones, so for those the fault is found by asking JSON.parse about prefixes of the text.

import type { InputPosition } from './item.js';

export interface ParseFailure {
  /** V8's description of the fault without its offset or its quote of the text. */
  reason: string;
  /** Offset of the fault in the text, in UTF-16 code units. */
  offset: number;
}

const POSITION = / in JSON at position (\d+)/;
const END_OF_INPUT = 'Unexpected end of JSON input';

export function describeParseFailure(text: string, error: unknown): ParseFailure {
  if (!(error instanceof SyntaxError))
    return { reason: String((error as Error)?.message ?? error), offset: 0 };
  const reason = withoutQuotedText(error.message);
  const offset = reportedOffset(error.message, text.length);
  return { reason, offset: offset ?? firstFaultOffset(text) };
}

/** The offset V8 names, the end of the text when it ran out, or undefined when it names none. */
function reportedOffset(message: string, length: number): number | undefined {
  const match = POSITION.exec(message);
  if (match) return Number(match[1]);
  return message.startsWith(END_OF_INPUT) ? length : undefined;
}

function withoutQuotedText(message: string): string {
  const reason = message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, (?:\.\.\.)?".*$/s, '')
    .replace(/^".*" is not valid JSON$/s, '');
  return reason === '' ? 'not valid JSON' : reason;
}

/**
 * The offset of the first character that no valid JSON text could continue with. A prefix is still
 * viable when JSON.parse either accepts it or only complains that it ends too early; viability only
 * goes from true to false as the prefix grows, so a binary search finds the fault.
 */
function firstFaultOffset(text: string): number {
  let viable = 0;
  let broken = text.length;
  while (broken - viable > 1) {
    const middle = (viable + broken) >>> 1;
    if (isViablePrefix(text.slice(0, middle))) viable = middle;
    else broken = middle;
  }
  return broken - 1;
}

function isViablePrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    return reportedOffset((error as Error).message, prefix.length) === prefix.length;
  }
}

/** A piece of decoded input and where its first character is in the input. */
export interface TextSegment {
  text: string;
  start: InputPosition;
}

/** Where the character at `offset` of the concatenated segments is in the input. */
export function positionInSegments(segments: readonly TextSegment[], offset: number): InputPosition {
  let remaining = offset;
  for (const segment of segments) {
    if (remaining < segment.text.length) return positionInText(segment.text, remaining, segment.start);
    remaining -= segment.text.length;
  }
  const last = segments[segments.length - 1];
  return last ? positionInText(last.text, last.text.length, last.start) : { line: 1, column: 1 };
}

/** Where the character at `offset` of `text` is in the input, given where the text starts. */
export function positionInText(text: string, offset: number, start: InputPosition): InputPosition {
  const before = text.slice(0, offset);
  let lines = 0;
  let lastNewline = -1;
  for (let at = before.indexOf('\n'); at !== -1; at = before.indexOf('\n', at + 1)) {
    lines++;
    lastNewline = at;
  }
  if (lines === 0) return { line: start.line, column: start.column + Buffer.byteLength(before) };
  return { line: start.line + lines, column: Buffer.byteLength(before.slice(lastNewline + 1)) + 1 };
}
