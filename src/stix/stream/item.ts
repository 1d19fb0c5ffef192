// What the reader hands out: one item per element of the input, in input order. A bad element is an
// item too, so a consumer reports it and carries on with the next one.

/** Where something is in the input: 1-based line, and 1-based column counted in bytes of UTF-8. */
export interface InputPosition {
  line: number;
  column: number;
}

/** Why an element could not be read: a closed set, reported as the rejection code. */
export type ReadErrorCode = 'malformed-json' | 'not-an-object' | 'not-a-bundle' | 'too-large';

export type ReadItem =
  | {
      kind: 'object';
      /** The element as JSON.parse returns it: always a plain object. */
      value: unknown;
      /** The element's source text, exactly as it appeared in the input (whitespace included). */
      text: string;
      /** Ordinal of the element among all elements of the input, from 0. */
      index: number;
      line: number;
      column: number;
    }
  | {
      kind: 'error';
      code: ReadErrorCode;
      /** One line for a person, naming the line and column it concerns. */
      message: string;
      /** Ordinal of the element the error concerns; for an error outside any element, the next ordinal. */
      index: number;
      line: number;
      column: number;
    };
