import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readStix } from './read.js';

// Inputs far larger than the allowed growth, generated as they are read (never held whole), with
// chunk boundaries falling anywhere inside objects.

const MB = 1024 * 1024;
const CHUNK_BYTES = MB + 7;

const OBJECT = JSON.stringify({
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  name: 'Café résumé ☕ 𝄞',
  description: 'lorem ipsum "dolor" \\ sit amet '.repeat(24),
  pattern: "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
  pattern_type: 'stix',
  valid_from: '2024-01-01T00:00:00Z',
});

/** `head`, then `unit` repeated `count` times, then `tail`, as chunks of CHUNK_BYTES. */
async function* repeated(head: string, unit: string, count: number, tail: string): AsyncGenerator<Buffer> {
  yield Buffer.from(head);
  const unitBytes = Buffer.byteLength(unit);
  // Long enough that a chunk can start at any offset within one unit.
  const period = Buffer.from(unit.repeat(Math.ceil(CHUNK_BYTES / unitBytes) + 1));
  const total = unitBytes * count;
  for (let at = 0; at < total; at += CHUNK_BYTES) {
    const start = at % unitBytes;
    yield period.subarray(start, start + Math.min(CHUNK_BYTES, total - at));
  }
  yield Buffer.from(tail);
}

async function readMeasuringRss(source: AsyncIterable<Buffer>) {
  const before = process.memoryUsage.rss();
  let peak = before;
  async function* sampled(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      peak = Math.max(peak, process.memoryUsage.rss());
      yield chunk;
    }
  }
  let objects = 0;
  const errors: string[] = [];
  for await (const item of readStix(sampled())) {
    if (item.kind === 'object') objects++;
    else errors.push(item.message);
  }
  return { objects, errors, growthMb: (Math.max(peak, process.memoryUsage.rss()) - before) / MB };
}

describe('readStix memory', () => {
  it('reads a ~200 MB single-line bundle with RSS growing by less than 100 MB', async () => {
    const count = Math.ceil((200 * MB) / (OBJECT.length + 1));
    const source = repeated(
      '{"type":"bundle","id":"bundle--1","objects":[',
      `${OBJECT},`,
      count - 1,
      `${OBJECT}]}`,
    );
    const { objects, errors, growthMb } = await readMeasuringRss(source);
    assert.deepEqual(errors, []);
    assert.equal(objects, count);
    assert.ok(growthMb < 100, `RSS grew by ${growthMb.toFixed(0)} MB`);
    console.log(`single-line bundle: RSS grew by ${growthMb.toFixed(0)} MB`);
  });

  it('skips a 256 MB element over the limit without keeping it', async () => {
    const source = repeated('[{"a":1},{"big":"', 'x'.repeat(4096), (256 * MB) / 4096, '"},{"c":3}]');
    const { objects, errors, growthMb } = await readMeasuringRss(source);
    assert.deepEqual(errors, ['object at line 1 column 10 is larger than the 16777216-byte limit']);
    assert.equal(objects, 2);
    assert.ok(growthMb < 100, `RSS grew by ${growthMb.toFixed(0)} MB`);
  });
});
