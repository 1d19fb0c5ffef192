// LIKE (STIX 2.1 section 9.5) as a test on NFC-normalized text. LIKE patterns are literal pieces
// between "%" wildcards ('%.com', 'HKEY_LOCAL_MACHINE\\Run%'), which a left-to-right scan of the
// text decides far faster than the RE2 automaton, with the same answer. "_" stands for one code
// point, which is one code unit in a text without surrogates; a text with them, or a pattern whose
// pieces hold them, runs on RE2 (regex.ts).

import { compileLike, matchesWhole } from './regex.js';

const SURROGATE = /[\uD800-\uDFFF]/;
const ANY_ONE = 0x5f; // "_"
/**
 * A middle piece holding "_" is searched for position by position, in time text length times
 * piece length; longer pieces go to RE2, whose time is linear whatever a peer's pattern holds.
 */
const LONGEST_SCANNED_PIECE = 64;

/** The test for a LIKE pattern; the text it is given must already be NFC-normalized. */
export function likeTest(pattern: string): (text: string) => boolean {
  const normalized = pattern.normalize('NFC');
  const regex = compileLike(pattern);
  if (SURROGATE.test(normalized)) return (text) => matchesWhole(regex, text);
  const pieces = normalized.split('%');
  const scanned = pieces.slice(1, -1).filter((piece) => piece.includes('_'));
  if (scanned.some((piece) => piece.length > LONGEST_SCANNED_PIECE))
    return (text) => matchesWhole(regex, text);
  // Pieces without surrogates are only ever found at code point boundaries.
  if (!normalized.includes('_')) return (text) => piecesInOrder(text, pieces);
  return (text) => (SURROGATE.test(text) ? matchesWhole(regex, text) : piecesInOrder(text, pieces));
}

/**
 * Whether text is pieces[0], then any text, pieces[1], ..., then the last piece. The pieces have a
 * fixed length, so taking each middle piece at its leftmost place after the previous one leaves
 * the most room for the rest.
 */
function piecesInOrder(text: string, pieces: readonly string[]): boolean {
  const head = pieces[0] as string;
  if (pieces.length === 1) return text.length === head.length && pieceAt(text, head, 0);
  const tail = pieces[pieces.length - 1] as string;
  const end = text.length - tail.length;
  if (end < head.length || !pieceAt(text, head, 0) || !pieceAt(text, tail, end)) return false;
  let at = head.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] as string;
    const found = findPiece(text, piece, at, end);
    if (found === -1) return false;
    at = found + piece.length;
  }
  return true;
}

/** Whether the piece, "_" matching any one code unit, lies in text at `at`. */
function pieceAt(text: string, piece: string, at: number): boolean {
  for (let i = 0; i < piece.length; i++) {
    const wanted = piece.charCodeAt(i);
    if (wanted !== ANY_ONE && wanted !== text.charCodeAt(at + i)) return false;
  }
  return true;
}

/** The first place from `from` where the piece lies wholly before `end`, or -1. */
function findPiece(text: string, piece: string, from: number, end: number): number {
  if (!piece.includes('_')) {
    const found = text.indexOf(piece, from);
    return found === -1 || found + piece.length > end ? -1 : found;
  }
  for (let at = from; at + piece.length <= end; at++) if (pieceAt(text, piece, at)) return at;
  return -1;
}
