// The closed set of things that can be wrong with a STIX pattern. Each error names what was
// expected and what was found, and the source offsets [start, end) it concerns (UTF-16 code
// units), so the API can return it as data and the CLI can point at the exact characters.

import type { Span } from './ast.js';

export const PATTERN_ERROR_CODES = [
  // lexical (lexer.ts)
  'empty-pattern',
  'unexpected-character',
  'unterminated-string',
  'invalid-string-escape',
  'unterminated-comment',
  'invalid-number',
  // syntactic (parser.ts)
  'unexpected-token',
  'unexpected-end',
  'missing-brackets',
  'keyword-case',
  'nesting-too-deep',
  'invalid-property-name',
  // semantic (check.ts)
  'invalid-object-type',
  'constant-type-mismatch',
  'mixed-set-types',
  'invalid-timestamp',
  'invalid-hex',
  'invalid-binary',
  'invalid-ip-address',
  'invalid-regex',
  'integer-out-of-range',
  'float-out-of-range',
  'qualifier-not-positive',
  'qualifier-not-integer',
  'start-not-before-stop',
  'duplicate-qualifier',
  'not-in-version',
] as const;

export type PatternErrorCode = (typeof PATTERN_ERROR_CODES)[number];

export interface PatternError extends Span {
  code: PatternErrorCode;
  /** One line: "expected X, found Y". */
  message: string;
}

export function patternError(
  code: PatternErrorCode,
  expected: string,
  found: string,
  span: Span,
): PatternError {
  return { code, message: `expected ${expected}, found ${found}`, start: span.start, end: span.end };
}

/**
 * Source text for a message, kept on one line: control characters and line breaks written as
 * escapes, and anything past 40 characters cut.
 */
export function abbreviate(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return Array.from(shown, (ch) => (breaksLine(ch) ? escapeCharacter(ch) : ch)).join('');
}

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function breaksLine(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f || code === 0x85 || code === 0x2028 || code === 0x2029;
}

function escapeCharacter(ch: string): string {
  return NAMED_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Renders an error for a person: the message, the line of the pattern holding the error's start,
 * and carets under the offending characters (one caret for an empty span, e.g. at the end).
 */
export function renderPatternError(text: string, error: Span & { code: string; message: string }): string {
  const start = Math.min(Math.max(error.start, 0), text.length);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', start);
  const lineEnd = newline === -1 ? text.length : newline;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const lineNumber = countNewlines(text, lineStart) + 1;
  const column = columnWidth(text.slice(lineStart, start));
  const caretEnd = Math.min(Math.max(error.end, start), lineStart + line.length);
  const carets = '^'.repeat(Math.max(1, columnWidth(text.slice(start, caretEnd))));
  // Tabs before the error are repeated in the caret line so the carets line up under them.
  const indent = Array.from(text.slice(lineStart, start), (ch) => (ch === '\t' ? '\t' : ' ')).join('');
  const gutter = ' '.repeat(String(lineNumber).length);
  return [
    `error[${error.code}]: ${error.message}`,
    `${gutter}--> ${lineNumber}:${column + 1}`,
    `${gutter} |`,
    `${lineNumber} | ${line}`,
    `${gutter} | ${indent}${carets}`,
  ].join('\n');
}

function countNewlines(text: string, before: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < before; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Columns a person sees: one per code point, so a surrogate pair takes one column. */
function columnWidth(segment: string): number {
  return Array.from(segment).length;
}
