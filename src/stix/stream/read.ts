// `readStix`: STIX content in, one item per element out, in constant memory.
//
// What it accepts, told apart by the input itself (scanner.ts has the how):
// - a bundle: its "objects" are streamed, whatever the order of its keys. Any top-level object
//   whose "objects" property is an array is read this way, so a TAXII 2.1 envelope (no "type")
//   works too; one whose "type" is set to something other than "bundle" still has its objects
//   read, followed by an error naming the type. A bundle with no "objects" yields nothing.
// - a JSON array of objects;
// - JSON Lines, or JSON objects one after another (pretty-printed or not), each an element.
// Several of these may follow one another; an empty input yields nothing.
//
// Errors: every element yields an item, an object or an error, with the line and column of the
// element or of the fault (columns count bytes). A bad element is reported and reading goes on:
// at the next line in JSON Lines (when the first value fits on one line, the input is taken as
// JSON Lines), at the next element of an array whose brackets still match. When the structure is
// lost (brackets that do not match, text that is not JSON, a top-level scalar) one error ends the
// reading. An element over the size limit is reported and skipped without being kept; so is a
// bundle whose own properties (everything but "objects") are over the limit.
//
// An object item's `text` is the element's source text verbatim, whitespace included.

import { createReadStream, fstatSync } from 'node:fs';
import type { ReadItem } from './item.js';
import { StixScanner } from './scanner.js';

export type { InputPosition, ReadErrorCode, ReadItem } from './item.js';

export const DEFAULT_MAX_OBJECT_BYTES = 16 * 1024 * 1024;
/** Large reads keep per-chunk overhead negligible; an element spanning chunks is the rare case. */
const READ_CHUNK_BYTES = 1024 * 1024;

export interface ReadOptions {
  /** An element larger than this is reported and skipped without being kept. */
  maxObjectBytes?: number;
}

/**
 * Reads STIX objects from a byte stream. Every element yields an item, an object or an error, and
 * a bad element never stops the good ones after it unless the structure around it is lost.
 */
export async function* readStix(
  source: AsyncIterable<Buffer | Uint8Array>,
  options: ReadOptions = {},
): AsyncGenerator<ReadItem> {
  const scanner = new StixScanner(options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES);
  for await (const chunk of source) {
    scanner.push(chunk);
    for (let item = scanner.next(); item !== undefined; item = scanner.next()) yield item;
    if (scanner.done) return;
  }
  scanner.finish();
  for (let item = scanner.next(); item !== undefined; item = scanner.next()) yield item;
}

/** A file's bytes in large chunks, for readStix. */
export function fileChunks(path: string): AsyncIterable<Buffer> {
  return createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
}

/**
 * Standard input's bytes. A redirected file is read like any file, in large chunks; a pipe or a
 * terminal goes through process.stdin, since reading fd 0 directly fails on a non-blocking pipe
 * shared with a parent process.
 */
export function stdinChunks(): AsyncIterable<Buffer> {
  return fstatSync(0).isFile()
    ? createReadStream('', { fd: 0, highWaterMark: READ_CHUNK_BYTES, autoClose: false })
    : process.stdin;
}

export function readStixFile(path: string, options?: ReadOptions): AsyncGenerator<ReadItem> {
  return readStix(fileChunks(path), options);
}

export function readStixStdin(options?: ReadOptions): AsyncGenerator<ReadItem> {
  return readStix(stdinChunks(), options);
}
