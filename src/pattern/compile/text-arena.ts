// Strings kept as UTF-8 bytes in large buffers instead of one heap string each: a million short
// strings cost their bytes plus 12 bytes of bookkeeping, not a string header and a pointer each.
// Released records are reclaimed by copying the live ones once they are the smaller part.

const CHUNK_BYTES = 1 << 20;

export class TextArena {
  private chunks: Buffer[] = [Buffer.allocUnsafe(CHUNK_BYTES)];
  private used = 0;
  private chunkOf = new Uint32Array(1024);
  private offsetOf = new Uint32Array(1024);
  private lengthOf = new Uint32Array(1024);
  private handles = 0;
  private readonly freeHandles: number[] = [];
  private liveBytes = 0;
  private storedBytes = 0;

  /** Stores a string; returns the handle to read it by. */
  append(text: string): number {
    const byteLength = Buffer.byteLength(text, 'utf8');
    let chunk = this.chunks[this.chunks.length - 1] as Buffer;
    if (this.used + byteLength > chunk.length) {
      chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, byteLength));
      this.chunks.push(chunk);
      this.used = 0;
    }
    chunk.write(text, this.used, 'utf8');
    const handle = this.freeHandles.pop() ?? this.newHandle();
    this.chunkOf[handle] = this.chunks.length - 1;
    this.offsetOf[handle] = this.used;
    this.lengthOf[handle] = byteLength;
    this.used += byteLength;
    this.liveBytes += byteLength;
    this.storedBytes += byteLength;
    return handle;
  }

  get(handle: number): string {
    const length = this.lengthOf[handle] as number;
    // Compaction skips empty records, so theirs may name a chunk that is gone.
    if (length === 0) return '';
    const chunk = this.chunks[this.chunkOf[handle] as number] as Buffer;
    const offset = this.offsetOf[handle] as number;
    return chunk.toString('utf8', offset, offset + length);
  }

  release(handle: number): void {
    this.liveBytes -= this.lengthOf[handle] as number;
    this.lengthOf[handle] = 0;
    this.freeHandles.push(handle);
    if (this.storedBytes > 4 * CHUNK_BYTES && this.liveBytes < this.storedBytes / 2) this.compact();
  }

  /** Copies the live records into fresh chunks, keeping their handles. */
  private compact(): void {
    const old = this.chunks;
    const oldChunkOf = this.chunkOf.slice(0, this.handles);
    const oldOffsetOf = this.offsetOf.slice(0, this.handles);
    this.chunks = [Buffer.allocUnsafe(CHUNK_BYTES)];
    this.used = 0;
    this.storedBytes = 0;
    for (let handle = 0; handle < this.handles; handle++) {
      const length = this.lengthOf[handle] as number;
      if (length === 0) continue;
      let chunk = this.chunks[this.chunks.length - 1] as Buffer;
      if (this.used + length > chunk.length) {
        chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, length));
        this.chunks.push(chunk);
        this.used = 0;
      }
      const from = old[oldChunkOf[handle] as number] as Buffer;
      const offset = oldOffsetOf[handle] as number;
      from.copy(chunk, this.used, offset, offset + length);
      this.chunkOf[handle] = this.chunks.length - 1;
      this.offsetOf[handle] = this.used;
      this.used += length;
      this.storedBytes += length;
    }
  }

  private newHandle(): number {
    if (this.handles === this.chunkOf.length) {
      this.chunkOf = grow(this.chunkOf);
      this.offsetOf = grow(this.offsetOf);
      this.lengthOf = grow(this.lengthOf);
    }
    return this.handles++;
  }
}

export function grow<T extends Uint32Array | Int32Array | Float64Array | Uint8Array>(array: T): T {
  const grown = new (array.constructor as new (length: number) => T)(array.length * 2);
  grown.set(array);
  return grown;
}
