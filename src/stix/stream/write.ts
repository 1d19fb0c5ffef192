// Streaming writers for export: stored JSON texts go out one at a time as they are, never parsed
// and serialized again, and a slow reader on the other end slows the writer down instead of
// filling memory.

import { randomUUID } from 'node:crypto';
import { once } from 'node:events';

export interface StixWriter {
  /** Writes one object's JSON text; resolves when the stream can take more. */
  write(json: string): Promise<void>;
  /**
   * Writes what closes the document and resolves once the stream has taken it. The stream itself
   * stays open: it belongs to the caller, who may be writing to stdout or an HTTP response.
   */
  end(): Promise<void>;
}

export interface BundleWriterOptions {
  /** Makes the bundle's UUID; tests pass a fixed one. */
  newUuid?: () => string;
}

/** `{"type":"bundle","id":"bundle--<uuid>","objects":[...]}` followed by a newline. */
export function bundleWriter(out: NodeJS.WritableStream, options: BundleWriterOptions = {}): StixWriter {
  const id = `bundle--${(options.newUuid ?? randomUUID)()}`;
  const head = `{"type":"bundle","id":"${id}","objects":[`;
  let written = 0;
  return {
    write(json) {
      return send(out, `${written++ === 0 ? head : ','}${json}`);
    },
    end() {
      return send(out, `${written === 0 ? head : ''}]}\n`, true);
    },
  };
}

/** One object per line. A multi-line text (kept pretty-printed from its source) is compacted first. */
export function jsonLinesWriter(out: NodeJS.WritableStream): StixWriter {
  return {
    write(json) {
      return send(out, `${json.includes('\n') ? JSON.stringify(JSON.parse(json)) : json}\n`);
    },
    end() {
      return send(out, '', true);
    },
  };
}

/** Writes text, waiting for 'drain' when the stream's buffer is full, or for the flush when `flush`. */
async function send(out: NodeJS.WritableStream, text: string, flush = false): Promise<void> {
  if (flush) {
    await new Promise<void>((resolve, reject) => {
      out.write(text, (error) => (error ? reject(error) : resolve()));
    });
    return;
  }
  if (!out.write(text)) await once(out, 'drain');
}
