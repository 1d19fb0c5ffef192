import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LineResult } from './event.js';
import { linesFrom, seededRandom } from './fixtures.js';
import { MappingError } from './mapping.js';
import { linesOf, type ReadEventsOptions, readEvents, UnknownFormatError } from './read-events.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Buffer | string> {
  yield* parts;
}

const SYSMON_5 = JSON.stringify({
  EventID: 5,
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  Hostname: 'WS1',
  UtcTime: '2020-10-23 06:36:43.124',
  ProcessId: '11152',
  Image: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe',
});

function read(lines: readonly string[], options: Partial<ReadEventsOptions> = {}): Promise<LineResult[]> {
  return collect(readEvents(linesFrom(lines), { source: 'test', random: seededRandom(), ...options }));
}

function kinds(results: readonly LineResult[]): string[] {
  return results.map((result) =>
    result.kind === 'events'
      ? `events@${result.events[0]?.provenance.line}`
      : result.kind === 'error'
        ? `error@${result.line}`
        : 'skip',
  );
}

describe('linesOf', () => {
  it('splits on LF and CRLF, across chunks, without a leading byte order mark', async () => {
    const lines = await collect(linesOf(chunks('\uFEFFa\r\nb', 'c\n\nd\r', '\ne')));
    assert.deepEqual(lines, ['a', 'bc', '', 'd', 'e']);
  });

  it('decodes a character split between chunks', async () => {
    const bytes = Buffer.from('é€\n', 'utf8');
    const lines = await collect(
      linesOf(chunks(bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3))),
    );
    assert.deepEqual(lines, ['é€']);
  });

  it('cuts an overlong line to one character past the bound, and goes on with the next', async () => {
    const long = 'x'.repeat(50);
    const lines = await collect(
      linesOf(chunks(long.slice(0, 20), long.slice(20), '\nshort\n', 'y'.repeat(30)), 10),
    );
    assert.deepEqual(lines, ['x'.repeat(11), 'short', 'y'.repeat(11)]);
  });

  it('measures a line without its byte order mark and its final carriage return', async () => {
    assert.deepEqual(await collect(linesOf(chunks('\uFEFFabc\n'), 2)), ['abc'], 'too long: reported');
    assert.deepEqual(await collect(linesOf(chunks('\uFEFFab', '\n'), 2)), ['ab'], 'the mark is no character');
    assert.deepEqual(await collect(linesOf(chunks('ab\r', '\n'), 2)), ['ab'], 'CRLF cut between chunks');
    const [withCr] = await collect(linesOf(chunks('ab\r', 'x\n'), 2));
    assert.ok(withCr !== undefined && withCr.length > 2, 'a carriage return within the line counts');
  });
});

describe('readEvents', () => {
  it('yields one result per non-blank line, numbering lines as an editor does', async () => {
    const results = await read(['', SYSMON_5, '   ', '{broken', SYSMON_5], { format: 'windows' });
    assert.deepEqual(kinds(results), ['events@2', 'error@4', 'events@5']);
  });

  it('reports a line over the bound and goes on', async () => {
    const maxLineLength = SYSMON_5.length + 10;
    const results = await read([SYSMON_5, 'a'.repeat(maxLineLength + 1), SYSMON_5], { maxLineLength });
    assert.deepEqual(kinds(results), ['events@1', 'error@2', 'events@3']);
    const error = results[1];
    assert.ok(error?.kind === 'error' && /longer than/.test(error.message));
  });

  it('detects the format from the first lines, looking past blank and overlong ones', async () => {
    const maxLineLength = SYSMON_5.length + 10;
    const results = await read(['', 'x'.repeat(maxLineLength + 1), SYSMON_5], { maxLineLength });
    assert.deepEqual(kinds(results), ['error@2', 'events@3']);
  });

  it('reads with the generic format when a mapping is given', async () => {
    const mapping = {
      time: { field: 't', as: 'epoch' },
      events: { '*': { objects: { m: { type: 'mutex', name: 'm' } } } },
    };
    const results = await read(['{"t": 1700000000, "m": "Global\\\\x"}'], { mapping });
    assert.equal(results[0]?.kind === 'events' && results[0].events[0]?.provenance.format, 'generic');
  });

  it('refuses an input no format recognises, before any result, saying what it saw', async () => {
    await assert.rejects(
      read(['hello world', 'second line']),
      (error: unknown) =>
        error instanceof UnknownFormatError &&
        /recognises the first 2 lines/.test(error.message) &&
        /hello world/.test(error.message),
    );
    await assert.rejects(read([]), UnknownFormatError);
  });

  it('refuses a format that does not exist, and a broken mapping table', async () => {
    await assert.rejects(read([SYSMON_5], { format: 'evtx' }), /no format named "evtx"/);
    await assert.rejects(read([SYSMON_5], { mapping: { events: {} } }), MappingError);
    await assert.rejects(read([SYSMON_5], { format: 'generic' }), MappingError);
  });

  it('gives the same observation ids for the same seed, and different ones otherwise', async () => {
    const idOf = async (seed: number) => {
      const results = await read([SYSMON_5, SYSMON_5], { format: 'windows', random: seededRandom(seed) });
      return results.map((result) =>
        result.kind === 'events' ? result.events[0]?.observation.id : undefined,
      );
    };
    const [first, second] = await idOf(1);
    assert.notEqual(first, second);
    assert.match(
      first as string,
      /^observed-data--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.deepEqual(await idOf(1), [first, second]);
    assert.notDeepEqual(await idOf(2), [first, second]);
  });
});
