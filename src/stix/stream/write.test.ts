import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { bundleWriter, jsonLinesWriter, type StixWriter } from './write.js';

/** A sink that keeps what it is given and, with a tiny buffer, asks for back-pressure at once. */
function sink(): { stream: Writable; text: () => string; drains: () => number } {
  const parts: string[] = [];
  let drains = 0;
  const stream = new Writable({
    highWaterMark: 4,
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk.toString());
      setImmediate(done);
    },
  });
  stream.on('drain', () => drains++);
  return { stream, text: () => parts.join(''), drains: () => drains };
}

async function writeAll(writer: StixWriter, texts: readonly string[]): Promise<void> {
  for (const text of texts) await writer.write(text);
  await writer.end();
}

const TEXTS = ['{"type":"x","id":"x--1"}', '{"type":"x","id":"x--2","name":"é"}'];
const UUID = '7e3c8a4b-4d0f-4c67-9a1e-2f5b6c7d8e9f';

describe('bundleWriter', () => {
  it('writes the stored texts unchanged inside a bundle', async () => {
    const out = sink();
    await writeAll(bundleWriter(out.stream, { newUuid: () => UUID }), TEXTS);
    assert.equal(out.text(), `{"type":"bundle","id":"bundle--${UUID}","objects":[${TEXTS.join(',')}]}\n`);
    assert.deepEqual(
      JSON.parse(out.text()).objects,
      TEXTS.map((text) => JSON.parse(text)),
    );
  });

  it('writes a bundle with no objects', async () => {
    const out = sink();
    await writeAll(bundleWriter(out.stream, { newUuid: () => UUID }), []);
    assert.equal(out.text(), `{"type":"bundle","id":"bundle--${UUID}","objects":[]}\n`);
  });

  it('makes a fresh random id by default', async () => {
    const out = sink();
    await writeAll(bundleWriter(out.stream), []);
    assert.match(
      JSON.parse(out.text()).id,
      /^bundle--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('waits for the stream to drain instead of piling up writes', async () => {
    const out = sink();
    const writer = bundleWriter(out.stream, { newUuid: () => UUID });
    for (const text of TEXTS) {
      await writer.write(text);
      assert.equal(out.stream.writableNeedDrain, false);
    }
    await writer.end();
    assert.ok(out.drains() >= TEXTS.length);
  });

  it('rejects when the stream fails', async () => {
    const failing = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error('disk full'));
      },
    });
    failing.on('error', () => {});
    const writer = bundleWriter(failing);
    await assert.rejects(writeAll(writer, ['x'.repeat(100_000)]), /disk full/);
  });
});

describe('jsonLinesWriter', () => {
  it('writes one text per line', async () => {
    const out = sink();
    await writeAll(jsonLinesWriter(out.stream), TEXTS);
    assert.equal(out.text(), `${TEXTS.join('\n')}\n`);
  });

  it('compacts a pretty-printed text so that it stays on one line', async () => {
    const out = sink();
    await writeAll(jsonLinesWriter(out.stream), ['{\n  "type": "x",\n  "name": "a\\nb"\n}']);
    assert.equal(out.text(), '{"type":"x","name":"a\\nb"}\n');
  });
});
