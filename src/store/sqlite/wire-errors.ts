// Errors as they cross between a SQLite store and its threads (put-writer.ts, page-reader.ts):
// structured clone keeps an Error's message but not its class, and callers tell a StoreError
// from a StoreInputError from a bug by class and code.

import { StoreError, StoreInputError } from '../store.js';

/** An error as structured clone keeps it: its class, message and code, and for a bug its name and stack. */
export interface WireError {
  kind: 'store' | 'input' | 'other';
  message: string;
  code?: string;
  name?: string;
  stack?: string;
}

export function toWire(error: unknown): WireError {
  if (error instanceof StoreError) return { kind: 'store', message: error.message, code: error.code };
  if (error instanceof StoreInputError) return { kind: 'input', message: error.message, code: error.code };
  if (!(error instanceof Error)) return { kind: 'other', message: String(error) };
  return {
    kind: 'other',
    message: error.message,
    name: error.name,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
  };
}

export function fromWire(error: WireError): Error {
  if (error.kind === 'store') return new StoreError(error.message, error.code as StoreError['code']);
  if (error.kind === 'input')
    return new StoreInputError(error.message, error.code as StoreInputError['code']);
  const other = new Error(error.message);
  if (error.name !== undefined) other.name = error.name;
  if (error.stack !== undefined) other.stack = error.stack;
  return other;
}
