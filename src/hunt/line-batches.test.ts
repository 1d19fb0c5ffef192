import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { linesOf } from '../observe/read-events.js';
import { decodeBatch, lineBatches, linesIn } from './line-batches.js';

/** What a reader is given of each line: its text, or that it is too long to read. */
type Seen = string | { overlong: true };

async function* chunked(bytes: Buffer, cuts: readonly number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= at || cut >= bytes.length) continue;
    yield bytes.subarray(at, cut);
    at = cut;
  }
  if (at < bytes.length) yield bytes.subarray(at);
}

async function byLinesOf(bytes: Buffer, cuts: readonly number[], max: number): Promise<Seen[]> {
  const seen: Seen[] = [];
  for await (const line of linesOf(chunked(bytes, cuts), max))
    seen.push(line.length > max ? { overlong: true } : line);
  return seen;
}

async function byBatches(
  bytes: Buffer,
  cuts: readonly number[],
  max: number,
  lines: number,
): Promise<Seen[]> {
  const seen: Seen[] = [];
  for await (const batch of lineBatches(chunked(bytes, cuts), { maxLineLength: max, lines, bytes: 64 })) {
    assert.equal(batch.first, seen.length + 1, 'batches follow each other');
    const decoded = decodeBatch(batch);
    assert.equal(decoded.length, batch.count);
    assert.deepEqual([...linesIn(batch)], decoded, 'one at a time as all at once');
    decoded.forEach((line, i) => {
      const overlong = batch.overlong.includes(batch.first + i) || line.length > max;
      seen.push(overlong ? { overlong: true } : line);
    });
  }
  return seen;
}

describe('line batches', () => {
  it('give the lines linesOf gives, however the bytes are cut (property)', async () => {
    const piece = fc.oneof(
      fc.constantFrom('a', 'b', ' ', '{}', '\r', '\r\n', '\n', '\n\n', 'é', '€', '😀', '\uFEFF'),
      fc.string({ maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(piece, { maxLength: 40 }),
        fc.array(fc.nat(200), { maxLength: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        async (bom, pieces, cuts, max, lines) => {
          const bytes = Buffer.from(`${bom ? '\uFEFF' : ''}${pieces.join('')}`, 'utf8');
          assert.deepEqual(await byBatches(bytes, cuts, max, lines), await byLinesOf(bytes, cuts, max));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('decode line by line as the whole batch decodes, invalid UTF-8 included (property)', () => {
    const line = fc.oneof(
      fc
        .string({ unit: 'binary', maxLength: 8 })
        .map((text) => Buffer.from(text.replaceAll('\n', ''), 'utf8')),
      fc.uint8Array({ maxLength: 8 }).map((bytes) => Buffer.from(bytes.filter((byte) => byte !== 0x0a))),
      fc.constantFrom(
        Buffer.from('\r'),
        Buffer.from('é\r\r'),
        Buffer.from('a\rb'),
        Buffer.from([0xe2, 0x82, 0x0d]),
        Buffer.from([0xc3]),
        Buffer.from([0xf0, 0x9f, 0x98]),
        Buffer.from([0xed, 0xa0, 0x80, 0x0d]),
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (lines) => {
        const bytes = new Uint8Array(Buffer.concat(lines.flatMap((bytes) => [bytes, Buffer.from('\n')])));
        const whole = Buffer.from(bytes).toString('utf8').split('\n').slice(0, lines.length);
        const expected = whole.map((text) => (text.endsWith('\r') ? text.slice(0, -1) : text));
        assert.deepEqual(decodeBatch({ count: lines.length, bytes }), expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps no more of a line too long to read than a chunk', async () => {
    const huge = Buffer.from(`first\n${'x'.repeat(5_000_000)}\nlast`, 'utf8');
    const chunks = (async function* () {
      for (let at = 0; at < huge.length; at += 65_536) yield huge.subarray(at, at + 65_536);
    })();
    const batches = [];
    for await (const batch of lineBatches(chunks, { maxLineLength: 1000, lines: 512, bytes: 1 << 20 })) {
      assert.ok(batch.bytes.length < 10_000, `a batch of ${batch.bytes.length} bytes`);
      batches.push(batch);
    }
    assert.deepEqual(
      batches.flatMap((batch) => decodeBatch(batch)),
      ['first', '', 'last'],
    );
    assert.deepEqual(
      batches.flatMap((batch) => batch.overlong),
      [2],
    );
  });
});
