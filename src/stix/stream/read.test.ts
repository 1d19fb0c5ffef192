import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ReadItem, readStix } from './read.js';

// Three objects with multi-byte UTF-8, escaped quotes and backslashes (one right before a closing
// quote), a \u escape, brackets inside strings and nested arrays.
const TEXTS = [
  String.raw`{"type":"indicator","id":"indicator--1","name":"café ☕ 𝄞","pattern":"[file:name = 'a\"b\\c']","labels":[["x",["y"]],[]]}`,
  String.raw`{"type":"note","id":"note--2","content":"ends in a backslash \\","abstract":"\u00e9t\u00e9 \"quoted\"","nested":{"deep":[1,[2,[3]],{"k":"]}"}]}}`,
  String.raw`{"type":"x-thing","id":"x-thing--3","empty":"","backslashes":"\\\\\\\"","m":[[],[[]],{}]}`,
];
const VALUES = TEXTS.map((text) => JSON.parse(text));

const FORMATS: Record<string, string> = {
  'pretty bundle': `{\n  "type": "bundle",\n  "id": "bundle--1",\n  "objects": [\n    ${TEXTS.join(',\n    ')}\n  ]\n}\n`,
  'bundle with objects first': `{"objects":[${TEXTS.join(',')}],"x_meta":{"objects":[1,{"a":[]}]},"id":"bundle--1","type":"bundle"}`,
  array: `[ ${TEXTS.join(' , ')} ]`,
  'JSON Lines': `${TEXTS.join('\n')}\n`,
  'JSON Lines with BOM and CRLF': `\ufeff${TEXTS.join('\r\n')}\r\n`,
  'concatenated pretty objects': TEXTS.map((text) => JSON.stringify(JSON.parse(text), null, 2)).join('\n'),
};

async function* fromChunks(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

async function readChunks(chunks: readonly Uint8Array[], maxObjectBytes?: number): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readStix(fromChunks(chunks), { maxObjectBytes })) items.push(item);
  return items;
}

function inChunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

function read(input: string, maxObjectBytes?: number): Promise<ReadItem[]> {
  return readChunks([Buffer.from(input)], maxObjectBytes);
}

/** Items reduced to what a test states: objects by value, errors by place and message. */
function summary(items: readonly ReadItem[]): unknown[] {
  return items.map((item) =>
    item.kind === 'object'
      ? { index: item.index, value: item.value }
      : { index: item.index, error: item.message, line: item.line, column: item.column },
  );
}

describe('readStix formats', () => {
  for (const [name, input] of Object.entries(FORMATS)) {
    it(`reads ${name}`, async () => {
      const items = await read(input);
      assert.deepEqual(
        items.map((item) => item.kind === 'object' && item.value),
        VALUES,
      );
      assert.deepEqual(
        items.map((item) => item.index),
        [0, 1, 2],
      );
    });
  }

  it('keeps each element’s text as it appears in the input', async () => {
    const items = await read(FORMATS['pretty bundle'] as string);
    assert.deepEqual(
      items.map((item) => item.kind === 'object' && item.text),
      TEXTS,
    );
  });

  it('gives the line and column where each element starts', async () => {
    const input = `{\n  "type": "bundle",\n  "objects": [\n    {"a": 1},\n  {"b": 2}, {"c": "é"}, {"d": 4}\n  ]\n}`;
    const items = await read(input);
    assert.deepEqual(
      items.map((item) => [item.line, item.column]),
      [
        [4, 5],
        [5, 3],
        [5, 13],
        // Columns count bytes: "é" is two.
        [5, 26],
      ],
    );
  });

  it('reads concatenated bundles and bundles on JSON Lines', async () => {
    const items = await read(
      '{"type":"bundle","objects":[{"a":1}]}\n{"objects":[{"b":2}],"type":"bundle"}\n',
    );
    assert.deepEqual(summary(items), [
      { index: 0, value: { a: 1 } },
      { index: 1, value: { b: 2 } },
    ]);
  });

  it('reads a TAXII envelope, which has "objects" and no type', async () => {
    const items = await read('{"more":false,"next":"abc","objects":[{"a":1},{"b":2}]}');
    assert.deepEqual(summary(items), [
      { index: 0, value: { a: 1 } },
      { index: 1, value: { b: 2 } },
    ]);
  });

  it('reads a top-level object whose "objects" is a dictionary as an ordinary object', async () => {
    const observed = { type: 'observed-data', id: 'observed-data--1', objects: { '0': { type: 'file' } } };
    assert.deepEqual(summary(await read(JSON.stringify(observed))), [{ index: 0, value: observed }]);
  });

  it('yields nothing for an empty input, whitespace only, or a bundle without objects', async () => {
    for (const input of [
      '',
      ' \r\n\t\n',
      '\ufeff',
      '[]',
      '{"type":"bundle","id":"bundle--1"}',
      '{"type":"bundle","id":"bundle--1","objects":[]}',
      '{\n  "objects": [ ],\n  "type": "bundle"\n}\n',
    ]) {
      assert.deepEqual(await read(input), [], JSON.stringify(input));
    }
  });

  it('counts lines the same with CRLF as with LF', async () => {
    const lf = FORMATS['pretty bundle'] as string;
    const crlf = lf.replaceAll('\n', '\r\n');
    const positions = (items: ReadItem[]) => items.map((item) => [item.line, item.column]);
    assert.deepEqual(positions(await read(crlf)), positions(await read(lf)));
    assert.deepEqual(positions(await read(lf)), [
      [5, 5],
      [6, 5],
      [7, 5],
    ]);
  });

  it('does not count a byte order mark as a column', async () => {
    const items = await read('\ufeff[{"a":1}]');
    assert.deepEqual([items[0]?.line, items[0]?.column], [1, 2]);
  });
});

describe('readStix chunk boundaries', () => {
  for (const [name, input] of Object.entries(FORMATS)) {
    const bytes = Buffer.from(input);

    it(`${name}: a cut at every byte offset gives the same items as one chunk`, async () => {
      const whole = await readChunks([bytes]);
      assert.equal(whole.length, TEXTS.length);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const items = await readChunks([bytes.subarray(0, cut), bytes.subarray(cut)]);
        assert.deepEqual(items, whole, `cut at byte ${cut}`);
      }
    });

    it(`${name}: 1-, 2- and 7-byte chunks give the same items as one chunk`, async () => {
      const whole = await readChunks([bytes]);
      for (const size of [1, 2, 7]) {
        assert.deepEqual(await readChunks(inChunksOf(bytes, size)), whole, `${size}-byte chunks`);
      }
    });
  }

  it('accepts plain Uint8Array chunks as well as Buffers', async () => {
    const bytes = new Uint8Array(Buffer.from(FORMATS.array as string));
    assert.deepEqual(
      (await readChunks(inChunksOf(bytes, 5))).map((item) => item.kind === 'object' && item.value),
      VALUES,
    );
  });
});

describe('readStix errors', () => {
  it('places a fault V8 gives no position for ("Unexpected token") exactly, and reads on', async () => {
    const input = `{\n  "type": "bundle",\n  "id": "bundle--1",\n  "objects": [\n    {"type": "x", "id": "x--1"},\n    {"type": "x", "id": tru},\n    {"type": "x", "id": "x--3"}\n  ]\n}\n`;
    assert.deepEqual(summary(await read(input)), [
      { index: 0, value: { type: 'x', id: 'x--1' } },
      { index: 1, error: "invalid JSON at line 6 column 28: Unexpected token '}'", line: 6, column: 28 },
      { index: 2, value: { type: 'x', id: 'x--3' } },
    ]);
  });

  it('places a fault V8 gives a position for, in a multi-line element', async () => {
    const input = '[\n  {\n    "a": 1,\n    "b": [1 2]\n  },\n  {"c": 3}\n]';
    assert.deepEqual(summary(await read(input)), [
      {
        index: 0,
        error: "invalid JSON at line 4 column 13: Expected ',' or ']' after array element",
        line: 4,
        column: 13,
      },
      { index: 1, value: { c: 3 } },
    ]);
  });

  it('counts columns in bytes', async () => {
    assert.deepEqual(summary(await read('[{"name":"é","x":1,,}]')), [
      {
        index: 0,
        error: 'invalid JSON at line 1 column 21: Expected double-quoted property name',
        line: 1,
        column: 21,
      },
    ]);
  });

  it('recovers after a bad JSON Lines line', async () => {
    const input = '{"a":1}\n{"a":1,}\n{"b":\n{"c":3}\n# not json\n{"d":"x\n{"e":5}\n';
    assert.deepEqual(summary(await read(input)), [
      { index: 0, value: { a: 1 } },
      {
        index: 1,
        error: 'invalid JSON at line 2 column 8: Expected double-quoted property name',
        line: 2,
        column: 8,
      },
      {
        index: 2,
        error: 'invalid JSON at line 3 column 6: Unexpected end of JSON input',
        line: 3,
        column: 6,
      },
      { index: 3, value: { c: 3 } },
      { index: 4, error: "not JSON: unexpected '#' at line 5 column 1", line: 5, column: 1 },
      { index: 5, error: 'invalid JSON at line 6 column 8: Unterminated string', line: 6, column: 8 },
      { index: 6, value: { e: 5 } },
    ]);
  });

  it('recovers after bad elements of an array whose structure is intact', async () => {
    const input = '[{"a":1}, {"b":tru}, 42, "s", [1, {}], null, {"c":3},, {"d":4} {"e":5},]';
    assert.deepEqual(summary(await read(input)), [
      { index: 0, value: { a: 1 } },
      { index: 1, error: "invalid JSON at line 1 column 19: Unexpected token '}'", line: 1, column: 19 },
      { index: 2, error: 'element at line 1 column 22 is not a JSON object', line: 1, column: 22 },
      { index: 3, error: 'element at line 1 column 26 is not a JSON object', line: 1, column: 26 },
      { index: 4, error: 'element at line 1 column 31 is not a JSON object', line: 1, column: 31 },
      { index: 5, error: 'element at line 1 column 40 is not a JSON object', line: 1, column: 40 },
      { index: 6, value: { c: 3 } },
      { index: 7, error: "expected an element before ',' at line 1 column 54", line: 1, column: 54 },
      { index: 7, value: { d: 4 } },
      { index: 8, error: "expected ',' or ']' at line 1 column 64", line: 1, column: 64 },
      { index: 8, value: { e: 5 } },
      { index: 9, error: "expected an element before ']' at line 1 column 72", line: 1, column: 72 },
    ]);
  });

  it('stops with one error when brackets no longer match', async () => {
    assert.deepEqual(summary(await read('[{"a":1}, {"b":[1}, {"c":3}]')), [
      { index: 0, value: { a: 1 } },
      {
        index: 1,
        error: "invalid JSON at line 1 column 18: Expected ',' or ']' after array element",
        line: 1,
        column: 18,
      },
    ]);
    assert.deepEqual(summary(await read('[{"a":1} } {"c":3}]')), [
      { index: 0, value: { a: 1 } },
      { index: 1, error: "unexpected '}' at line 1 column 10", line: 1, column: 10 },
    ]);
  });

  it('stops with one error at the end of input inside an unterminated string', async () => {
    assert.deepEqual(summary(await read('[{"a":1},\n {"b":"x}]')), [
      { index: 0, value: { a: 1 } },
      { index: 1, error: 'invalid JSON at line 2 column 11: Unterminated string', line: 2, column: 11 },
    ]);
    // A quote missing mid-input misaligns every string after it; the first fault is still named.
    assert.deepEqual(summary(await read('[{"a":1},\n {"b":"x, {"c":3}]\n')), [
      { index: 0, value: { a: 1 } },
      {
        index: 1,
        error: "invalid JSON at line 2 column 13: Expected ',' or '}' after property value",
        line: 2,
        column: 13,
      },
    ]);
  });

  it('reports an array or bundle left open at the end of input', async () => {
    assert.deepEqual(summary(await read('[{"a":1},')), [
      { index: 0, value: { a: 1 } },
      {
        index: 1,
        error: 'input ends before the array that starts at line 1 column 1 is closed',
        line: 1,
        column: 10,
      },
    ]);
    assert.deepEqual(summary(await read('{"type":"bundle","objects":[{"a":1}]')), [
      { index: 0, value: { a: 1 } },
      {
        index: 1,
        error: 'input ends before the bundle that starts at line 1 column 1 is closed',
        line: 1,
        column: 37,
      },
    ]);
  });

  it('rejects top-level text that is not JSON, and a top-level scalar, with one error', async () => {
    assert.deepEqual(summary(await read('hello\n{"a":1}')), [
      { index: 0, error: "not JSON: unexpected 'h' at line 1 column 1", line: 1, column: 1 },
    ]);
    assert.deepEqual(summary(await read('  "text"\n{"a":1}')), [
      {
        index: 0,
        error: 'top-level value at line 1 column 3 is not a JSON object or array',
        line: 1,
        column: 3,
      },
    ]);
  });

  it('reads the objects of a container whose type is not "bundle", then reports the type', async () => {
    assert.deepEqual(summary(await read('{"type":"grouping","objects":[{"a":1}]}')), [
      { index: 0, value: { a: 1 } },
      {
        index: 1,
        error: 'top-level object at line 1 column 1 has an "objects" array but type "grouping", not "bundle"',
        line: 1,
        column: 1,
      },
    ]);
  });

  it('reports malformed bundle properties where they are, around the objects', async () => {
    const input = '{\n  "type": "bundle",\n  "objects": [{"a": 1}],\n  "id": "bundle--1",\n}';
    assert.deepEqual(summary(await read(input)), [
      { index: 0, value: { a: 1 } },
      {
        index: 1,
        error: 'invalid JSON at line 5 column 1: Expected double-quoted property name',
        line: 5,
        column: 1,
      },
    ]);
  });

  it('rejects a bundle whose "objects" is not an array', async () => {
    assert.deepEqual(summary(await read('{"type":"bundle","objects":{"a":1}}\n{"b":2}')), [
      {
        index: 0,
        error: 'bundle at line 1 column 1 has an "objects" property that is not an array',
        line: 1,
        column: 1,
      },
      { index: 1, value: { b: 2 } },
    ]);
  });
});

describe('readStix size limit', () => {
  const big = JSON.stringify({ type: 'note', content: 'x'.repeat(200) });
  const input = `[{"a":1},\n  ${big},\n  {"c":3}]`;
  const expected = [
    { index: 0, value: { a: 1 } },
    { index: 1, error: 'object at line 2 column 3 is larger than the 64-byte limit', line: 2, column: 3 },
    { index: 2, value: { c: 3 } },
  ];

  it('reports and skips an element over the limit, in one chunk or many', async () => {
    const bytes = Buffer.from(input);
    for (const size of [bytes.length, 16, 1]) {
      assert.deepEqual(
        summary(await readChunks(inChunksOf(bytes, size), 64)),
        expected,
        `${size}-byte chunks`,
      );
    }
  });

  it('keeps line numbers right across a skipped element with newlines in its strings', async () => {
    const broken = `[\n{"content":"${'x'.repeat(100)}\n${'y'.repeat(100)}"},\n{"c":3}]`;
    const items = await readChunks(inChunksOf(Buffer.from(broken), 16), 64);
    assert.deepEqual(summary(items), [
      { index: 0, error: 'object at line 2 column 1 is larger than the 64-byte limit', line: 2, column: 1 },
      { index: 1, value: { c: 3 } },
    ]);
    assert.equal(items[1]?.line, 4);
  });

  it('skips a bundle whose properties before "objects" are over the limit, however it is cut', async () => {
    const bundle = Buffer.from(
      `{"type":"bundle","x_notes":"${'x'.repeat(100)}","objects":[{"a":1}]}\n{"c":3}`,
    );
    for (const size of [bundle.length, 60, 16, 1]) {
      assert.deepEqual(
        summary(await readChunks(inChunksOf(bundle, size), 64)),
        [
          {
            index: 0,
            error: 'object at line 1 column 1 is larger than the 64-byte limit',
            line: 1,
            column: 1,
          },
          { index: 1, value: { c: 3 } },
        ],
        `${size}-byte chunks`,
      );
    }
  });

  it('reports bundle properties after "objects" that are over the limit, however it is cut', async () => {
    const bundle = Buffer.from(`{"type":"bundle","objects":[{"a":1}],"x_notes":"${'x'.repeat(100)}"}`);
    for (const size of [bundle.length, 16, 1]) {
      assert.deepEqual(
        summary(await readChunks(inChunksOf(bundle, size), 64)),
        [
          { index: 0, value: { a: 1 } },
          {
            index: 1,
            error: 'object at line 1 column 1 is larger than the 64-byte limit',
            line: 1,
            column: 1,
          },
        ],
        `${size}-byte chunks`,
      );
    }
  });

  it('applies to a top-level object in JSON Lines', async () => {
    assert.deepEqual(summary(await read(`{"a":1}\n${big}\n{"c":3}\n`, 64)), [
      { index: 0, value: { a: 1 } },
      { index: 1, error: 'object at line 2 column 1 is larger than the 64-byte limit', line: 2, column: 1 },
      { index: 2, value: { c: 3 } },
    ]);
  });
});
