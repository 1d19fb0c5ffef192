// `hunt --follow`: the bytes of a file as it grows, like `tail -f`, from its start. A file that is
// truncated or replaced (log rotation) is read again from its start.

import { open, stat } from 'node:fs/promises';

export interface FollowOptions {
  pollMs?: number;
  /** Stops following; checked between polls. */
  signal?: AbortSignal;
}

const CHUNK = 256 * 1024;

export async function* followFile(path: string, options: FollowOptions = {}): AsyncGenerator<Buffer> {
  const pollMs = options.pollMs ?? 500;
  let position = 0;
  let inode: number | undefined;
  while (options.signal?.aborted !== true) {
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined) {
      if ((inode !== undefined && info.ino !== inode) || info.size < position) position = 0;
      inode = info.ino;
      if (info.size > position) {
        const handle = await open(path, 'r');
        try {
          while (position < info.size) {
            const buffer = Buffer.alloc(Math.min(CHUNK, info.size - position));
            const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
            if (bytesRead === 0) break;
            position += bytesRead;
            yield buffer.subarray(0, bytesRead);
          }
        } finally {
          await handle.close();
        }
        continue;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
