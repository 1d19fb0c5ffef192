// Lines as raw bytes, in batches for the hunt workers. Decoding UTF-8 costs more than JSON.parse on
// Sysmon JSON (which holds non-ASCII text: V8 builds two-byte strings), so the thread that feeds
// the workers does not decode: it finds the line breaks in the bytes (memchr), copies whole lines
// into a batch of its own and hands the batch over without a copy (an ArrayBuffer transfer). A
// worker decodes its batch line by line (decodeBatch), giving the same lines, with the same
// numbers, as linesOf over the same input; a line break never falls inside a UTF-8 sequence.
//
// Memory stays bounded as in linesOf: a line too long to be read is not kept. Its length in
// UTF-16 code units (what readLine bounds) is at least a third of its bytes, so a line of more
// than 3 * maxLineLength bytes is certainly too long: it is dropped here, an empty line stands in
// its place and `overlong` names it. Shorter lines are decoded and readLine measures them.

import { isAscii } from 'node:buffer';

/** What a worker is handed: `count` lines from line number `first`, each ended by "\n". */
export interface LineBatch {
  first: number;
  count: number;
  /** The lines' bytes, in an ArrayBuffer of their own (transferable). */
  bytes: Uint8Array;
  /** Lines dropped for their length (an empty line in `bytes` keeps the numbering). */
  overlong: number[];
}

export interface BatchLimits {
  maxLineLength: number;
  /** Lines per batch. */
  lines: number;
  /** A batch is handed over once it holds this many bytes, however few lines. */
  bytes: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Collects lines into a growable buffer; hands it over when full. */
class BatchBuilder {
  private buffer: Uint8Array;
  private length = 0;
  private lineStart = 0;
  count = 0;
  first: number;
  overlong: number[] = [];

  constructor(
    private readonly capacity: number,
    first: number,
  ) {
    this.buffer = new Uint8Array(capacity);
    this.first = first;
  }

  get bytes(): number {
    return this.length;
  }

  /** Bytes of the line being read so far. */
  get lineBytes(): number {
    return this.length - this.lineStart;
  }

  append(chunk: Uint8Array, start: number, end: number): void {
    const needed = this.length + (end - start);
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(chunk.subarray(start, end), this.length);
    this.length = needed;
  }

  /** Forgets the bytes of the line being read (it is too long). */
  dropLine(): void {
    this.length = this.lineStart;
  }

  endLine(overlong: boolean): void {
    // An overlong line's bytes were dropped already (dropLine): an empty line stands for it.
    if (overlong) this.overlong.push(this.first + this.count);
    if (this.length === this.lineStart || this.buffer[this.length - 1] !== NEWLINE) {
      this.append(NEWLINE_BYTE, 0, 1);
    }
    this.count++;
    this.lineStart = this.length;
  }

  take(): LineBatch {
    // A copy of exactly its length when much is unused: the transfer hands the whole buffer over.
    const bytes =
      this.length * 2 < this.buffer.length
        ? this.buffer.slice(0, this.length)
        : this.buffer.subarray(0, this.length);
    const batch = { first: this.first, count: this.count, bytes, overlong: this.overlong };
    this.buffer = new Uint8Array(this.capacity);
    this.first += this.count;
    this.length = 0;
    this.lineStart = 0;
    this.count = 0;
    this.overlong = [];
    return batch;
  }
}

const NEWLINE_BYTE = new Uint8Array([NEWLINE]);

const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];

/** The lines of a byte (or text) stream in batches, numbered from 1 as linesOf numbers them. */
export async function* lineBatches(
  chunks: AsyncIterable<Uint8Array | string>,
  limits: BatchLimits,
): AsyncGenerator<LineBatch> {
  const maxLineBytes = 3 * limits.maxLineLength;
  const builder = new BatchBuilder(limits.bytes + 64 * 1024, 1);
  let skipping = false;
  function* split(chunk: Uint8Array): Generator<LineBatch> {
    let start = 0;
    while (start < chunk.length) {
      const found = chunk.indexOf(NEWLINE, start);
      const end = found < 0 ? chunk.length : found + 1;
      if (!skipping) {
        builder.append(chunk, start, end);
        // The line break and a carriage return before it are no part of the line's length.
        if (builder.lineBytes > maxLineBytes + 2) {
          builder.dropLine();
          skipping = true;
        }
      }
      start = end;
      if (found < 0) break;
      builder.endLine(skipping);
      skipping = false;
      if (builder.count >= limits.lines || builder.bytes >= limits.bytes) yield builder.take();
    }
  }
  // The input's first bytes, held until they tell whether it starts with a byte order mark.
  let opening: Buffer | undefined = Buffer.alloc(0);
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    if (opening === undefined) {
      yield* split(chunk);
      continue;
    }
    opening = Buffer.concat([opening, chunk]);
    if (opening.length < BYTE_ORDER_MARK.length) continue;
    const marked = BYTE_ORDER_MARK.every((byte, i) => opening?.[i] === byte);
    yield* split(marked ? opening.subarray(BYTE_ORDER_MARK.length) : opening);
    opening = undefined;
  }
  if (opening !== undefined) yield* split(opening);
  if (builder.lineBytes > 0 || skipping) builder.endLine(skipping);
  if (builder.count > 0) yield builder.take();
}

/** The lines of a batch one at a time, as decodeBatch gives them, for a reader that needs only the first. */
export function* linesIn(batch: Pick<LineBatch, 'count' | 'bytes'>): Generator<string> {
  const { bytes } = batch;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = 0;
  for (let i = 0; i < batch.count; i++) {
    const end = lineEnd(text, start);
    yield decodeLine(text, start, end);
    start = end + 1;
  }
}

/** Where the line from `start` ends: every line of a batch ends in "\n" (BatchBuilder.endLine). */
function lineEnd(text: Buffer, start: number): number {
  const end = text.indexOf(NEWLINE, start);
  if (end < 0) throw new Error('a batch holds fewer lines than its count');
  return end;
}

/**
 * The lines of a batch as linesOf gives them: without "\n" or a carriage return before it. Decoded
 * line by line: V8 keeps an ASCII line in one byte a character and copies it straight from the
 * bytes (`latin1`), while one non-ASCII character anywhere makes a decoded text two bytes a
 * character through UTF-8's slow path; Sysmon lines are mostly ASCII, a third hold a "®".
 * UTF-8 resynchronises at every "\n" and "\r" (never part of a sequence), so decoding line by
 * line without them gives what decoding the batch at once and splitting it gives, invalid bytes
 * included.
 */
export function decodeBatch(batch: Pick<LineBatch, 'count' | 'bytes'>): string[] {
  const { bytes } = batch;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lines: string[] = new Array(batch.count);
  let start = 0;
  for (let i = 0; i < batch.count; i++) {
    const end = lineEnd(text, start);
    lines[i] = decodeLine(text, start, end);
    start = end + 1;
  }
  return lines;
}

/** The line between `start` and its "\n" at `end`, without a carriage return before it. */
function decodeLine(text: Buffer, start: number, end: number): string {
  const cut = end > start && text[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
  return text.toString(isAscii(text.subarray(start, cut)) ? 'latin1' : 'utf8', start, cut);
}
