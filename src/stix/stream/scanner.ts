// The byte-level scanner behind readStix. It never parses the whole document: it follows strings,
// escapes and bracket nesting across chunk boundaries to find where each element begins and ends,
// keeps only the current element's bytes, and hands just that text to JSON.parse.
//
// The input is a sequence of top-level values. A top-level array is a collection: each of its
// elements is read. A top-level object whose "objects" property is an array is a container (a STIX
// bundle, or a TAXII envelope): that array's elements are read as they stream past, and the rest of
// the container is checked when it closes. Any other top-level object is itself an element.
//
// Lines mode: when the first top-level value starts and ends on one line, the input is taken as JSON
// Lines, and from then on a line break inside a value ends that value as an error, so one bad line
// never swallows the lines after it.

import { isPlainObject } from '../object.js';
import type { InputPosition, ReadErrorCode, ReadItem } from './item.js';
import { describeParseFailure, type ParseFailure, positionInSegments, positionInText } from './json-error.js';

const TAB = 0x09;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];
const OBJECTS_KEY = [...Buffer.from('objects')];
const EMPTY = Buffer.alloc(0);
/** Stands in for a container's "objects" array when the container's own properties are checked. */
const EMPTY_ARRAY_TEXT = Buffer.from('[]');

/** Bracket kinds on the nesting stack. */
const OBJECT = 1;
const ARRAY = 2;

/** skipString's answers besides the index of the closing quote. */
const CHUNK_ENDS_IN_STRING = -1;
const LINE_BREAKS_STRING = -2;

const Phase = {
  /** Between top-level values. */
  Root: 0,
  /** Between the elements of an array being read (top-level, or a container's "objects"). */
  Items: 1,
  /** Inside a value: an element, or a container's own properties. */
  Value: 2,
  /** Inside a bare word (number, literal or junk) standing as an array element. */
  Token: 3,
  /** After `"objects":` in a top-level object, waiting to see whether an array follows. */
  ObjectsValue: 4,
  /** Lines mode, after an error: skipping to the next line. */
  SkipLine: 5,
  /** The structure is lost; nothing more can be read. */
  Done: 6,
} as const;
type Phase = (typeof Phase)[keyof typeof Phase];

/** What an array being read expects next. */
const Expect = { FirstElement: 0, Element: 1, Separator: 2 } as const;
type Expect = (typeof Expect)[keyof typeof Expect];

interface Envelope {
  start: InputPosition;
  /** The container's text without its "objects" arrays, each replaced by `[]`. */
  segments: Array<{ bytes: Buffer; start: InputPosition }>;
  bytes: number;
}

export class StixScanner {
  private readonly maxObjectBytes: number;
  /** Items complete but not yet handed out: rarely more than one. */
  private readonly queue: ReadItem[] = [];
  private buf: Buffer = EMPTY;
  /** Index in buf where scanning goes on. */
  private at = 0;
  /** Offset in the input of buf[0]. */
  private base = 0;
  private line = 1;
  /** Offset in the input of the first byte of the current line. */
  private lineStart = 0;
  /** Index in buf of the first newline at or after the last string start; buf.length if none. */
  private newlineAt = -1;

  private phase: Phase = Phase.Root;
  private depth = 0;
  private kinds: Uint8Array = new Uint8Array(64);
  /** Depth of the array whose elements are being read; 0 for top-level values. */
  private collectionDepth = 0;
  private expect: Expect = Expect.FirstElement;
  private inString = false;
  /** The chunk ended inside a string right after a backslash: the next byte is escaped. */
  private escaped = false;
  private byteOrderMarkBytes = 0;
  private linesMode: boolean | undefined;

  private rootStart: InputPosition = { line: 1, column: 1 };
  private rootKind: 'array' | 'object' = 'object';
  private elementStart: InputPosition = { line: 1, column: 1 };
  /** The current element is no longer kept: it was reported as too large or as not an object. */
  private elementDiscarded = false;
  private nextIndex = 0;

  /** Input offset from which bytes are kept; -1 when nothing is. */
  private retainFrom = -1;
  private retainStart: InputPosition = { line: 1, column: 1 };
  /** Copies of the kept bytes of earlier chunks. */
  private retained: Buffer[] = [];
  private retainedBytes = 0;
  private envelope: Envelope | null = null;

  constructor(maxObjectBytes: number) {
    this.maxObjectBytes = maxObjectBytes;
  }

  /** True once the structure is broken beyond recovery; further input is ignored. */
  get done(): boolean {
    return this.phase === Phase.Done;
  }

  /** Takes the next chunk of input; call next() until it returns undefined before pushing another. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0 || this.phase === Phase.Done) return;
    this.buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.at = 0;
    this.newlineAt = -1;
  }

  /**
   * The next item the input so far completes, or undefined when the chunk is used up. Items are
   * handed out one at a time, so that each is done with before the next is parsed and dies young.
   */
  next(): ReadItem | undefined {
    const buf = this.buf;
    const n = buf.length;
    while (this.queue.length === 0 && this.at < n) this.at = this.scan(buf, this.at, n);
    if (this.queue.length === 0 && n > 0) {
      this.keepRetainedTail(buf, n);
      this.base += n;
      this.buf = EMPTY;
      this.at = 0;
    }
    return this.queue.shift();
  }

  /** Reports what the end of input leaves unfinished, for next() to hand out. */
  finish(): void {
    if (this.phase === Phase.Root || this.phase === Phase.SkipLine || this.phase === Phase.Done) return;
    const end = { line: this.line, column: this.base - this.lineStart + 1 };
    if (this.isRetainingElement()) {
      this.emitInvalid(this.takeRetained(EMPTY, 0).toString('utf8'), this.elementStart);
    } else {
      const kind = this.envelope ? 'bundle' : this.rootKind;
      this.emitError(
        `input ends before the ${kind} that starts at ${where(this.rootStart)} is closed`,
        end,
        false,
      );
    }
    this.phase = Phase.Done;
  }

  /** Scans from buf[i] in the current phase until the phase changes or something is complete. */
  private scan(buf: Buffer, i: number, n: number): number {
    switch (this.phase) {
      case Phase.Root:
        return this.scanRoot(buf, i, n);
      case Phase.Items:
        return this.scanItems(buf, i, n);
      case Phase.Value:
        return this.scanValue(buf, i, n);
      case Phase.Token:
        return this.scanToken(buf, i, n);
      case Phase.ObjectsValue:
        return this.scanObjectsValue(buf, i, n);
      case Phase.SkipLine:
        return this.skipLine(buf, i, n);
      default:
        return n;
    }
  }

  private scanRoot(buf: Buffer, i: number, n: number): number {
    for (; i < n; i++) {
      const b = buf[i] as number;
      if (b === SPACE || b === TAB || b === CARRIAGE_RETURN) continue;
      if (b === NEWLINE) {
        this.newLine(i);
        continue;
      }
      if (this.base + i === this.byteOrderMarkBytes && b === BYTE_ORDER_MARK[this.byteOrderMarkBytes]) {
        this.byteOrderMarkBytes++;
        this.lineStart = this.base + i + 1;
        continue;
      }
      this.rootStart = this.positionAt(i);
      if (b === OPEN_OBJECT) {
        this.rootKind = 'object';
        this.beginElement(i, true);
        this.phase = Phase.Value;
        return i;
      }
      if (b === OPEN_ARRAY) {
        this.rootKind = 'array';
        this.openArrayOfElements(1);
        return i + 1;
      }
      const message = startsScalar(b)
        ? `top-level value at ${where(this.rootStart)} is not a JSON object or array`
        : `not JSON: unexpected ${describeByte(b)} at ${where(this.rootStart)}`;
      this.emitError(message, this.rootStart, true, startsScalar(b) ? 'not-an-object' : 'malformed-json');
      return this.abandon(i);
    }
    return n;
  }

  private scanItems(buf: Buffer, i: number, n: number): number {
    for (; i < n; i++) {
      const b = buf[i] as number;
      switch (b) {
        case SPACE:
        case TAB:
        case CARRIAGE_RETURN:
          break;
        case NEWLINE:
          if (this.linesMode) return this.breakLine(buf, i);
          this.newLine(i);
          break;
        case COMMA:
          if (this.expect === Expect.Separator) this.expect = Expect.Element;
          else
            this.emitError(
              `expected an element before ',' at ${where(this.positionAt(i))}`,
              this.positionAt(i),
              false,
            );
          break;
        case CLOSE_ARRAY:
          if (this.expect === Expect.Element) {
            this.emitError(
              `expected an element before ']' at ${where(this.positionAt(i))}`,
              this.positionAt(i),
              false,
            );
          }
          return this.closeArrayOfElements(i);
        case CLOSE_OBJECT:
        case COLON:
          this.emitError(
            `unexpected ${describeByte(b)} at ${where(this.positionAt(i))}`,
            this.positionAt(i),
            false,
          );
          return this.abandon(i);
        default:
          if (this.expect === Expect.Separator) {
            this.emitError(`expected ',' or ']' at ${where(this.positionAt(i))}`, this.positionAt(i), false);
          }
          this.beginElement(i, b === OPEN_OBJECT);
          this.phase = b === OPEN_OBJECT || b === OPEN_ARRAY || b === QUOTE ? Phase.Value : Phase.Token;
          return i;
      }
    }
    return n;
  }

  /** The hot loop: inside a value, only strings, brackets, newlines and (for containers) colons matter. */
  private scanValue(buf: Buffer, i: number, n: number): number {
    const floor = this.collectionDepth;
    if (this.inString) {
      const from = this.escaped ? 1 : 0;
      this.inString = false;
      this.escaped = false;
      const close = this.skipString(buf, from, 0, n);
      if (close < 0) return close === LINE_BREAKS_STRING ? this.breakLine(buf, this.newlineAt) : n;
      if (this.depth === floor) return this.endElement(buf, close + 1);
      i = close + 1;
    }
    let depth = this.depth;
    let kinds = this.kinds;
    for (; i < n; i++) {
      switch (buf[i]) {
        case QUOTE: {
          const close = this.skipString(buf, i + 1, i + 1, n);
          if (close < 0) {
            this.depth = depth;
            return close === LINE_BREAKS_STRING ? this.breakLine(buf, this.newlineAt) : n;
          }
          if (depth === floor) {
            this.depth = depth;
            return this.endElement(buf, close + 1);
          }
          i = close;
          break;
        }
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          depth++;
          if (depth === kinds.length) kinds = this.growKinds();
          kinds[depth] = buf[i] === OPEN_OBJECT ? OBJECT : ARRAY;
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (kinds[depth] !== (buf[i] === CLOSE_OBJECT ? OBJECT : ARRAY))
            return this.mismatchedBracket(buf, i);
          depth--;
          if (depth === floor) {
            this.depth = depth;
            return this.endElement(buf, i + 1);
          }
          break;
        case NEWLINE:
          if (this.linesMode) {
            this.depth = depth;
            return this.breakLine(buf, i);
          }
          this.line++;
          this.lineStart = this.base + i + 1;
          break;
        case COLON:
          if (depth === 1 && floor === 0 && this.followsObjectsKey(i)) {
            this.depth = depth;
            this.phase = Phase.ObjectsValue;
            return i + 1;
          }
          break;
      }
    }
    this.depth = depth;
    return n;
  }

  /**
   * Finds the quote closing the string whose body continues at `bodyStart`, searching from `from`
   * (past an escaped first byte). Returns its index, CHUNK_ENDS_IN_STRING, or in lines mode
   * LINE_BREAKS_STRING when a raw newline (never valid in a JSON string) comes first.
   */
  private skipString(buf: Buffer, from: number, bodyStart: number, n: number): number {
    let close = buf.indexOf(QUOTE, from);
    while (close !== -1 && isEscaped(buf, close, from)) close = buf.indexOf(QUOTE, close + 1);
    const end = close === -1 ? n : close;
    // Valid JSON has no raw newline in a string, so this is usually one lookup per line.
    if (this.newlineAt < bodyStart) this.newlineAt = nextNewline(buf, bodyStart, n);
    while (this.newlineAt < end) {
      if (this.linesMode) return LINE_BREAKS_STRING;
      this.newLine(this.newlineAt);
      this.newlineAt = nextNewline(buf, this.newlineAt + 1, n);
    }
    if (close !== -1) return close;
    this.inString = true;
    this.escaped = isEscaped(buf, n, from);
    return CHUNK_ENDS_IN_STRING;
  }

  private scanToken(buf: Buffer, i: number, n: number): number {
    for (; i < n; i++) {
      if (endsToken(buf[i] as number)) {
        this.afterElement();
        return i;
      }
    }
    return n;
  }

  private scanObjectsValue(buf: Buffer, i: number, n: number): number {
    for (; i < n; i++) {
      const b = buf[i] as number;
      if (b === SPACE || b === TAB || b === CARRIAGE_RETURN) continue;
      if (b === NEWLINE) {
        if (this.linesMode) return this.breakLine(buf, i);
        this.newLine(i);
        continue;
      }
      this.phase = Phase.Value;
      // Not an array (observed-data's "objects" is a dictionary): an ordinary property.
      if (b !== OPEN_ARRAY || this.elementDiscarded) return i;
      return this.beginContainer(buf, i) ? i + 1 : i;
    }
    return n;
  }

  private skipLine(buf: Buffer, i: number, n: number): number {
    const newline = buf.indexOf(NEWLINE, i);
    if (newline === -1) return n;
    this.newLine(newline);
    this.phase = Phase.Root;
    return newline + 1;
  }

  private openArrayOfElements(depth: number): void {
    this.depth = depth;
    this.kinds[depth] = ARRAY;
    this.collectionDepth = depth;
    this.expect = Expect.FirstElement;
    this.phase = Phase.Items;
  }

  private closeArrayOfElements(i: number): number {
    this.depth--;
    this.collectionDepth = 0;
    if (this.depth === 0) {
      this.endRootValue();
    } else {
      // A container's "objects" array closed: its own properties go on.
      this.phase = Phase.Value;
      this.elementDiscarded = false;
      this.retain(i + 1);
    }
    return i + 1;
  }

  /**
   * `"objects":` then `[` in a top-level object: the bytes so far become the container's first part.
   * False when they are already over the limit: the object is then skipped whole, as it would be
   * had a chunk ended before this point.
   */
  private beginContainer(buf: Buffer, i: number): boolean {
    const kept = this.retainedBytes + i - Math.max(0, this.retainFrom - this.base);
    if (kept + (this.envelope?.bytes ?? 0) > this.maxObjectBytes) {
      this.discardTooLarge();
      return false;
    }
    const start = this.retainStart;
    const bytes = Buffer.from(this.takeRetained(buf, i));
    if (!this.envelope) this.envelope = { start: this.elementStart, segments: [], bytes: 0 };
    this.envelope.segments.push({ bytes, start }, { bytes: EMPTY_ARRAY_TEXT, start: this.positionAt(i) });
    this.envelope.bytes += bytes.length;
    this.openArrayOfElements(2);
    return true;
  }

  /** Whether the colon at buf[i] follows the key "objects"; looks back through the kept bytes. */
  private followsObjectsKey(i: number): boolean {
    if (this.retainFrom < 0) return false;
    let at = this.base + i - 1;
    while (isWhitespace(this.byteAt(at))) at--;
    if (this.byteAt(at) !== QUOTE) return false;
    for (let k = 0; k < OBJECTS_KEY.length; k++) {
      if (this.byteAt(at - OBJECTS_KEY.length + k) !== OBJECTS_KEY[k]) return false;
    }
    return this.byteAt(at - 8) === QUOTE && this.byteAt(at - 9) !== BACKSLASH;
  }

  private byteAt(at: number): number {
    if (at < this.retainFrom) return -1;
    if (at >= this.base) return this.buf[at - this.base] ?? -1;
    let offset = at - this.retainFrom;
    for (const piece of this.retained) {
      if (offset < piece.length) return piece[offset] as number;
      offset -= piece.length;
    }
    return -1;
  }

  private beginElement(i: number, isObject: boolean): void {
    this.elementStart = this.positionAt(i);
    this.elementDiscarded = !isObject;
    if (isObject) this.retain(i);
    else
      this.emitError(
        `element at ${where(this.elementStart)} is not a JSON object`,
        this.elementStart,
        true,
        'not-an-object',
      );
  }

  private endElement(buf: Buffer, end: number): number {
    if (this.isEnvelopeLevel()) this.endEnvelope(buf, end);
    else if (!this.elementDiscarded) this.emitElement(this.takeRetained(buf, end));
    this.afterElement();
    return end;
  }

  private afterElement(): void {
    if (this.collectionDepth === 0) {
      this.endRootValue();
    } else {
      this.phase = Phase.Items;
      this.expect = Expect.Separator;
    }
  }

  private endRootValue(): void {
    if (this.linesMode === undefined) this.linesMode = this.line === this.rootStart.line;
    this.phase = Phase.Root;
  }

  private emitElement(bytes: Buffer): void {
    if (bytes.length > this.maxObjectBytes) {
      this.emitTooLarge(this.elementStart, true);
      return;
    }
    const text = bytes.toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.emitInvalid(text, this.elementStart, error);
      return;
    }
    if (this.collectionDepth === 0 && isPlainObject(value) && value.type === 'bundle') {
      // A bundle whose "objects" was not streamed: either it has none, or they are not an array.
      if ('objects' in value) {
        const start = this.elementStart;
        this.emitError(
          `bundle at ${where(start)} has an "objects" property that is not an array`,
          start,
          true,
          'not-a-bundle',
        );
      }
      return;
    }
    const { line, column } = this.elementStart;
    this.queue.push({ kind: 'object', value, text, index: this.nextIndex++, line, column });
  }

  /** The container closed: check its own properties, now that its objects have gone out. */
  private endEnvelope(buf: Buffer, end: number): void {
    const envelope = this.envelope as Envelope;
    const start = this.retainStart;
    const tail = this.takeRetained(buf, end);
    this.envelope = null;
    if (envelope.bytes + tail.length > this.maxObjectBytes) {
      this.emitTooLarge(envelope.start, false);
      return;
    }
    const segments = [...envelope.segments, { bytes: tail, start }].map((segment) => ({
      text: segment.bytes.toString('utf8'),
      start: segment.start,
    }));
    const text = segments.map((segment) => segment.text).join('');
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const failure = describeParseFailure(text, error);
      this.emitFailure(failure, positionInSegments(segments, failure.offset), false);
      return;
    }
    if (value.type !== undefined && value.type !== 'bundle') {
      this.emitError(
        `top-level object at ${where(envelope.start)} has an "objects" array but type ${JSON.stringify(value.type)}, not "bundle"`,
        envelope.start,
        false,
        'not-a-bundle',
      );
    }
  }

  private mismatchedBracket(buf: Buffer, i: number): number {
    if (this.isRetainingElement()) {
      this.emitInvalid(this.takeRetained(buf, i + 1).toString('utf8'), this.elementStart);
    } else {
      const at = this.positionAt(i);
      this.emitError(`unexpected ${describeByte(buf[i] as number)} at ${where(at)}`, at, false);
    }
    return this.abandon(i + 1);
  }

  /** Lines mode: a line ended inside a value. Report it and read on from the next line. */
  private breakLine(buf: Buffer, newline: number): number {
    if (this.isRetainingElement()) {
      // Without the newline, JSON.parse places the fault at the line's end, where the value was cut.
      this.emitInvalid(this.takeRetained(buf, newline).toString('utf8'), this.elementStart);
    } else if (this.phase !== Phase.Value || this.isEnvelopeLevel()) {
      const at = this.positionAt(newline);
      this.emitError(
        `the value that starts at ${where(this.rootStart)} is not closed at the end of its line`,
        at,
        false,
      );
    }
    this.newLine(newline);
    this.resetToRoot();
    return newline + 1;
  }

  /** The structure cannot be followed any more: in lines mode skip to the next line, else stop. */
  private abandon(i: number): number {
    if (this.linesMode) {
      this.resetToRoot();
      this.phase = Phase.SkipLine;
    } else {
      this.stopRetaining();
      this.phase = Phase.Done;
    }
    return i;
  }

  private resetToRoot(): void {
    this.phase = Phase.Root;
    this.depth = 0;
    this.collectionDepth = 0;
    this.inString = false;
    this.escaped = false;
    this.envelope = null;
    this.elementDiscarded = false;
    this.stopRetaining();
  }

  private retain(i: number): void {
    this.retainFrom = this.base + i;
    this.retainStart = this.positionAt(i);
    this.retained = [];
    this.retainedBytes = 0;
  }

  private stopRetaining(): void {
    this.retainFrom = -1;
    this.retained = [];
    this.retainedBytes = 0;
  }

  /** The kept bytes up to buf[end]; stops keeping. */
  private takeRetained(buf: Buffer, end: number): Buffer {
    const tail = buf.subarray(Math.max(0, this.retainFrom - this.base), end);
    const bytes = this.retained.length === 0 ? tail : Buffer.concat([...this.retained, tail]);
    this.stopRetaining();
    return bytes;
  }

  /**
   * At a chunk's end, copies what is kept of it: the source may reuse its buffers, and a copy of the
   * tail lets the whole chunk go. An element growing past the limit stops being kept here.
   */
  private keepRetainedTail(buf: Buffer, n: number): void {
    if (this.retainFrom < 0) return;
    const from = Math.max(0, this.retainFrom - this.base);
    if (from < n) {
      this.retained.push(Buffer.from(buf.subarray(from, n)));
      this.retainedBytes += n - from;
    }
    const envelopeBytes = this.isEnvelopeLevel() ? (this.envelope as Envelope).bytes : 0;
    if (this.retainedBytes + envelopeBytes > this.maxObjectBytes) this.discardTooLarge();
  }

  /** What is being kept grew past the limit: report it once, and skip the rest of it unkept. */
  private discardTooLarge(): void {
    if (this.isEnvelopeLevel()) {
      this.emitTooLarge((this.envelope as Envelope).start, false);
      this.envelope = null;
    } else {
      this.emitTooLarge(this.elementStart, true);
    }
    this.elementDiscarded = true;
    this.stopRetaining();
  }

  private isEnvelopeLevel(): boolean {
    return this.envelope !== null && this.collectionDepth === 0;
  }

  private isRetainingElement(): boolean {
    return this.retainFrom >= 0 && !this.isEnvelopeLevel();
  }

  private growKinds(): Uint8Array {
    const grown = new Uint8Array(this.kinds.length * 2);
    grown.set(this.kinds);
    this.kinds = grown;
    return grown;
  }

  private newLine(i: number): void {
    this.line++;
    this.lineStart = this.base + i + 1;
  }

  private positionAt(i: number): InputPosition {
    return { line: this.line, column: this.base + i - this.lineStart + 1 };
  }

  private emitTooLarge(start: InputPosition, isElement: boolean): void {
    this.emitError(
      `object at ${where(start)} is larger than the ${this.maxObjectBytes}-byte limit`,
      start,
      isElement,
      'too-large',
    );
  }

  /** An element's text that JSON.parse rejects (or, for a text cut short, would reject). */
  private emitInvalid(text: string, start: InputPosition, error?: unknown): void {
    const failure = error === undefined ? parseFailure(text) : describeParseFailure(text, error);
    this.emitFailure(failure, positionInText(text, failure.offset, start), true);
  }

  private emitFailure(failure: ParseFailure, at: InputPosition, isElement: boolean): void {
    this.emitError(`invalid JSON at ${where(at)}: ${failure.reason}`, at, isElement);
  }

  private emitError(
    message: string,
    at: InputPosition,
    isElement: boolean,
    code: ReadErrorCode = 'malformed-json',
  ): void {
    const index = isElement ? this.nextIndex++ : this.nextIndex;
    this.queue.push({ kind: 'error', code, message, index, line: at.line, column: at.column });
  }
}

function parseFailure(text: string): ParseFailure {
  try {
    JSON.parse(text);
  } catch (error) {
    return describeParseFailure(text, error);
  }
  return { reason: 'value is not closed', offset: text.length };
}

/** Whether the quote at buf[at] is escaped: preceded by an odd run of backslashes after `floor`. */
function isEscaped(buf: Buffer, at: number, floor: number): boolean {
  let k = at - 1;
  while (k >= floor && buf[k] === BACKSLASH) k--;
  return ((at - 1 - k) & 1) === 1;
}

function nextNewline(buf: Buffer, from: number, n: number): number {
  const at = buf.indexOf(NEWLINE, from);
  return at === -1 ? n : at;
}

function isWhitespace(b: number): boolean {
  return b === SPACE || b === NEWLINE || b === CARRIAGE_RETURN || b === TAB;
}

function endsToken(b: number): boolean {
  switch (b) {
    case COMMA:
    case CLOSE_ARRAY:
    case CLOSE_OBJECT:
    case OPEN_ARRAY:
    case OPEN_OBJECT:
    case QUOTE:
    case COLON:
      return true;
    default:
      return isWhitespace(b);
  }
}

function startsScalar(b: number): boolean {
  return b === QUOTE || b === 0x2d || (b >= 0x30 && b <= 0x39) || b === 0x74 || b === 0x66 || b === 0x6e;
}

function describeByte(b: number): string {
  return b > 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16).padStart(2, '0')}`;
}

function where(at: InputPosition): string {
  return `line ${at.line} column ${at.column}`;
}
