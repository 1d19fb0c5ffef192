// Splits pattern text into tokens, following the lexer rules of STIXPattern.g4: case-sensitive
// keywords, identifiers (object types may hold hyphens), string constants with the two escapes
// \' and \\, t'...' h'...' b'...' constants, signed integers and floats, the comparison
// operators (with == and <> as spellings of = and !=), and skipped whitespace and comments.

import type { Span } from './ast.js';
import { abbreviate, type PatternError, patternError } from './errors.js';
import { KEYWORDS } from './keywords.js';

export type TokenKind =
  | 'identifier'
  | 'keyword'
  | 'string'
  | 'integer'
  | 'float'
  | 'timestamp'
  | 'hex'
  | 'binary'
  | '['
  | ']'
  | '('
  | ')'
  | ':'
  | '.'
  | ','
  | '*'
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'end';

export interface Token extends Span {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /**
   * string: the value with escapes resolved; timestamp, hex, binary: the text between the quotes;
   * other kinds: the same as `text`.
   */
  value: string;
}

export interface LexResult {
  tokens: Token[];
  errors: PatternError[];
}

// The whitespace set of the grammar's WS rule, U+2000 to U+200A included.
const WHITESPACE = new Set([
  ...' \t\r\n\u000B\u000C\u0085\u00a0\u1680\u2028\u2029\u202f\u205f\u3000',
  ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
]);
const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_-]/;
const DIGIT = /[0-9]/;
const WORD_PART = /[A-Za-z0-9_]/;

const PUNCTUATION: Record<string, TokenKind> = {
  '[': '[',
  ']': ']',
  '(': '(',
  ')': ')',
  ':': ':',
  '.': '.',
  ',': ',',
  '*': '*',
};

// Longest first, so that '<=' wins over '<'.
const OPERATORS: [string, TokenKind][] = [
  ['==', '='],
  ['!=', '!='],
  ['<>', '!='],
  ['<=', '<='],
  ['>=', '>='],
  ['=', '='],
  ['<', '<'],
  ['>', '>'],
];

const PREFIXED_LITERALS: Record<string, TokenKind> = { t: 'timestamp', h: 'hex', b: 'binary' };

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const errors: PatternError[] = [];
  let pos = 0;

  const push = (kind: TokenKind, start: number, end: number, value?: string) => {
    const source = text.slice(start, end);
    tokens.push({ kind, text: source, value: value ?? source, start, end });
  };

  while (pos < text.length) {
    const ch = text[pos] as string;
    const next = text[pos + 1];

    if (WHITESPACE.has(ch)) {
      pos++;
    } else if (ch === '/' && next === '*') {
      const close = text.indexOf('*/', pos + 2);
      if (close === -1) {
        errors.push(
          patternError(
            'unterminated-comment',
            "'*/' to close the comment",
            'the end of the pattern',
            at(pos, text.length),
          ),
        );
        pos = text.length;
      } else {
        pos = close + 2;
      }
    } else if (ch === '/' && next === '/') {
      const newline = text.slice(pos).search(/[\r\n]/);
      pos = newline === -1 ? text.length : pos + newline;
    } else if (ch === "'") {
      pos = lexString(text, pos, push, errors);
    } else if (IDENTIFIER_START.test(ch)) {
      const prefixed = PREFIXED_LITERALS[ch];
      if (prefixed !== undefined && next === "'") {
        pos = lexPrefixed(text, pos, prefixed, push, errors);
      } else {
        const end = nextWordEnd(text, pos);
        const word = text.slice(pos, end);
        push(KEYWORDS.has(word) ? 'keyword' : 'identifier', pos, end);
        pos = end;
      }
    } else if (startsNumber(text, pos)) {
      pos = lexNumber(text, pos, push, errors);
    } else if (PUNCTUATION[ch] !== undefined) {
      push(PUNCTUATION[ch], pos, pos + 1);
      pos++;
    } else {
      const operator = OPERATORS.find(([spelling]) => text.startsWith(spelling, pos));
      if (operator !== undefined) {
        push(operator[1], pos, pos + operator[0].length);
        pos += operator[0].length;
      } else {
        const width = (text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
        errors.push(
          patternError('unexpected-character', 'a token', describeCharacter(text, pos), at(pos, pos + width)),
        );
        pos += width;
      }
    }
  }
  tokens.push({ kind: 'end', text: '', value: '', start: text.length, end: text.length });
  return { tokens, errors };
}

type Push = (kind: TokenKind, start: number, end: number, value?: string) => void;

/** Reads '...' from the opening quote at `start`; returns the position after it. */
function lexString(text: string, start: number, push: Push, errors: PatternError[]): number {
  // Most strings hold no escape: their first quote ends them, and their value is one slice of the
  // text, not a string grown a character at a time (a server lexes every indicator it is sent).
  const close = text.indexOf("'", start + 1);
  const inside = close === -1 ? '' : text.slice(start + 1, close);
  if (close !== -1 && !inside.includes('\\')) {
    push('string', start, close + 1, inside);
    return close + 1;
  }
  let value = '';
  let pos = start + 1;
  while (pos < text.length) {
    const ch = text[pos] as string;
    if (ch === "'") {
      push('string', start, pos + 1, value);
      return pos + 1;
    }
    if (ch === '\\') {
      const escaped = text[pos + 1];
      if (escaped === "'" || escaped === '\\') {
        value += escaped;
      } else if (escaped !== undefined) {
        // 9.2: a string constant has only the escapes \' and \\.
        errors.push(
          patternError(
            'invalid-string-escape',
            "\\' or \\\\",
            `'\\${abbreviate(escaped)}'`,
            at(pos, pos + 2),
          ),
        );
      }
      pos += 2;
    } else {
      value += ch;
      pos++;
    }
  }
  errors.push(
    patternError(
      'unterminated-string',
      "a closing ' for the string",
      'the end of the pattern',
      at(start, text.length),
    ),
  );
  return text.length;
}

/** Reads t'...', h'...' or b'...'; the text between the quotes is checked later (check.ts). */
function lexPrefixed(
  text: string,
  start: number,
  kind: TokenKind,
  push: Push,
  errors: PatternError[],
): number {
  const close = text.indexOf("'", start + 2);
  if (close === -1) {
    errors.push(
      patternError(
        'unterminated-string',
        `a closing ' for the ${kind} constant`,
        'the end of the pattern',
        at(start, text.length),
      ),
    );
    return text.length;
  }
  push(kind, start, close + 1, text.slice(start + 2, close));
  return close + 1;
}

function startsNumber(text: string, pos: number): boolean {
  const signed = text[pos] === '+' || text[pos] === '-' ? pos + 1 : pos;
  const first = text[signed] ?? '';
  return DIGIT.test(first) || (first === '.' && DIGIT.test(text[signed + 1] ?? ''));
}

/**
 * IntPosLiteral / IntNegLiteral: [+-]? ('0' | [1-9][0-9]*); FloatPosLiteral / FloatNegLiteral:
 * [+-]? [0-9]* '.' [0-9]+. A number running into letters or digits it cannot hold (`007`,
 * `1e5`, `5SECONDS`) is one invalid number rather than two tokens.
 */
function lexNumber(text: string, start: number, push: Push, errors: PatternError[]): number {
  let pos = text[start] === '+' || text[start] === '-' ? start + 1 : start;
  const digitsStart = pos;
  while (DIGIT.test(text[pos] ?? '')) pos++;
  const intDigits = text.slice(digitsStart, pos);
  let kind: TokenKind = 'integer';
  if (text[pos] === '.' && DIGIT.test(text[pos + 1] ?? '')) {
    kind = 'float';
    pos++;
    while (DIGIT.test(text[pos] ?? '')) pos++;
  }
  let end = pos;
  while (WORD_PART.test(text[end] ?? '')) end++;
  // The grammar's lexer ends a number where its digits end, so `5AND` and `5SECONDS` are a number
  // and a keyword. Any other word after a number is a syntax error there too; it is reported
  // here as one malformed number, which says more about `1e5` or `10kb`.
  if (
    end > pos &&
    IDENTIFIER_START.test(text[pos] as string) &&
    KEYWORDS.has(text.slice(pos, nextWordEnd(text, pos)))
  ) {
    end = pos;
  }
  if (end > pos || (kind === 'integer' && intDigits.length > 1 && intDigits.startsWith('0'))) {
    errors.push(
      patternError(
        'invalid-number',
        'an integer or a decimal number',
        `'${abbreviate(text.slice(start, end))}'`,
        at(start, end),
      ),
    );
    return end;
  }
  push(kind, start, pos);
  return pos;
}

function nextWordEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && IDENTIFIER_PART.test(text[end] as string)) end++;
  return end;
}

function describeCharacter(text: string, pos: number): string {
  const codePoint = text.codePointAt(pos) ?? 0;
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0xa0)
    ? `character U+${hex}`
    : `character '${String.fromCodePoint(codePoint)}'`;
}

function at(start: number, end: number): Span {
  return { start, end };
}
