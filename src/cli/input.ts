// Opens the files a command reads, as byte streams for the STIX reader, counting bytes so a
// progress bar can show how far through the input the command is.

import { statSync } from 'node:fs';
import { fileChunks, stdinChunks } from '../stix/stream/read.js';
import { CliError, EXIT } from './exit-codes.js';

export interface Input {
  name: string;
  /** Size in bytes when known (regular files), for progress. */
  size: number | undefined;
  chunks: AsyncIterable<Buffer>;
  bytesRead(): number;
}

/** `-` is standard input. Missing or unreadable files are usage errors, found before any work. */
export function openInput(path: string): Input {
  let size: number | undefined;
  if (path !== '-') {
    try {
      const stat = statSync(path);
      if (!stat.isFile()) throw new CliError(`${path}: not a file`, EXIT.usage);
      size = stat.size;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(
        `${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
        EXIT.usage,
      );
    }
  }
  const stream = path === '-' ? stdinChunks() : fileChunks(path);
  let bytes = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of stream) {
      bytes += chunk.length;
      yield chunk;
    }
  }
  return { name: path === '-' ? '<stdin>' : path, size, chunks: counted(), bytesRead: () => bytes };
}
