import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type MappedEvent, Mapper, MappingError } from './mapping.js';

const TIME = '2024-01-01T00:00:00Z';

function mapped(table: unknown, record: Record<string, unknown>, eventType?: string): MappedEvent {
  const result = new Mapper(table).map(record, eventType);
  assert.ok(result !== undefined && !('error' in result), JSON.stringify(result));
  return result;
}

function objectsOf(table: unknown, record: Record<string, unknown>): unknown {
  return mapped(table, record).objects;
}

function table(objects: unknown, extra: Record<string, unknown> = {}): unknown {
  return { time: { field: 'ts', as: 'timestamp' }, events: { '*': { objects } }, ...extra };
}

describe('Mapper: compiling a table', () => {
  const faults: [string, unknown, RegExp][] = [
    ['not an object', 42, /^\$: /],
    ['an unknown top-level key', { events: {}, evnts: {} }, /^\$\.evnts: unknown key/],
    ['no events', { events: {} }, /^\$\.events: /],
    [
      'an unknown transform',
      table({ f: { type: 'file', name: { field: 'n', as: 'basenam' } } }),
      /objects\.f\.name\.as: unknown transform "basenam"/,
    ],
    [
      'a type that is no SCO',
      table({ f: { type: 'malware', name: 'n' } }),
      /objects\.f\.type: "malware" is not a STIX 2\.1 SCO type/,
    ],
    [
      'a reference to nothing',
      table({ p: { type: 'process', image_ref: { ref: 'image' } } }),
      /objects\.p\.image_ref: no object named "image"/,
    ],
    [
      'a reference property not named so',
      table({ p: { type: 'process', image: { ref: 'p' } } }),
      /a reference property ends with _ref or _refs/,
    ],
    [
      'references in a circle',
      table({
        a: { type: 'process', parent_ref: { ref: 'b' } },
        b: { type: 'process', parent_ref: { ref: 'a' } },
      }),
      /references go round in a circle: a -> b -> a/,
    ],
    [
      'both field and fields',
      table({ f: { type: 'file', name: { field: 'a', fields: ['b'], as: 'windowsJoin' } } }),
      /exactly one of "field" and "fields"/,
    ],
    [
      'a several-field transform on one field',
      table({ f: { type: 'file', name: { field: 'a', as: 'windowsJoin' } } }),
      /reads "fields", not "field"/,
    ],
    [
      'an engine-set property',
      table({ f: { type: 'file', id: 'x' } }),
      /objects\.f\.id: id is set by the engine/,
    ],
    [
      '"each" on a nested object',
      table({ f: { type: 'file', hashes: { each: 'x', MD5: 'm' } } }),
      /"each" belongs on an object or a list element/,
    ],
    ['an unknown $ name', table({ f: { type: 'file', name: '$now' } }), /unknown name \$now/],
    [
      'a path into the prototype',
      table({ f: { type: 'file', name: 'a.__proto__.b' } }),
      /is not a field path/,
    ],
    [
      'a reference inside an extension',
      table({ f: { type: 'file', extensions: { x: { y_ref: { ref: 'f' } } } } }),
      /allowed only among an object's own properties/,
    ],
    [
      'a constant that is an object',
      table({ f: { type: 'file', name: { value: { a: 1 } } } }),
      /"value" is a string, number or boolean/,
    ],
  ];
  for (const [what, spec, message] of faults) {
    it(`refuses ${what}, saying where`, () => {
      assert.throws(
        () => new Mapper(spec),
        (error: unknown) => error instanceof MappingError && message.test(error.message),
      );
    });
  }
});

describe('Mapper: applying a table', () => {
  it('keys objects in table order and points references at the keys', () => {
    const objects = objectsOf(
      table({
        process: { type: 'process', pid: { field: 'pid', as: 'integer' }, image_ref: { ref: 'image' } },
        image: {
          type: 'file',
          name: { field: 'path', as: 'basename' },
          parent_directory_ref: { ref: 'folder' },
        },
        folder: { type: 'directory', path: { field: 'path', as: 'dirname' } },
      }),
      { ts: TIME, pid: '42', path: 'C:\\Windows\\cmd.exe' },
    );
    assert.deepEqual(objects, {
      '0': { type: 'process', pid: 42, image_ref: '1' },
      '1': { type: 'file', name: 'cmd.exe', parent_directory_ref: '2' },
      '2': { type: 'directory', path: 'C:\\Windows' },
    });
  });

  it('leaves out objects with nothing but constants, and the references to them', () => {
    const connection = {
      type: 'network-traffic',
      src_ref: { ref: 'source' },
      protocols: [{ value: 'tcp' }],
    };
    const spec = table({ connection, source: { type: 'ip-addr', value: { field: 'src', as: 'ip' } } });
    assert.equal(new Mapper(spec).map({ ts: TIME }, undefined), undefined);
    assert.deepEqual(objectsOf(spec, { ts: TIME, src: '10.0.0.1' }), {
      '0': { type: 'network-traffic', protocols: ['tcp'], src_ref: '1' },
      '1': { type: 'ipv4-addr', value: '10.0.0.1' },
    });
  });

  it('leaves out objects STIX would refuse: a file without name or hashes, an HTTP request without its line', () => {
    const objects = objectsOf(
      table({
        file: { type: 'file', size: { field: 'size', as: 'integer' } },
        connection: {
          type: 'network-traffic',
          dst_ref: { ref: 'server' },
          protocols: { field: 'proto', as: 'protocols' },
          extensions: { 'http-request-ext': { request_method: 'method', request_value: 'uri' } },
        },
        server: { type: 'ip-addr', value: { field: 'dst', as: 'ip' } },
      }),
      { ts: TIME, size: '12', proto: 'tcp', method: 'GET', dst: '::1' },
    );
    assert.deepEqual(objects, {
      '0': { type: 'network-traffic', protocols: ['tcp'], dst_ref: '1' },
      '1': { type: 'ipv6-addr', value: '::1' },
    });
  });

  it('makes one object per item with each, and references all of them', () => {
    const objects = objectsOf(
      table({
        domain: {
          type: 'domain-name',
          value: { field: 'q', as: 'domain' },
          resolves_to_refs: { ref: 'answers' },
        },
        answers: { type: 'ip-addr', each: { field: 'a', as: 'ipList' }, value: '$item' },
      }),
      { ts: TIME, q: 'Example.COM.', a: ['192.0.2.1', 'cname.example', '2001:db8::1'] },
    );
    assert.deepEqual(objects, {
      '0': { type: 'domain-name', value: 'example.com', resolves_to_refs: ['1', '2'] },
      '1': { type: 'ipv4-addr', value: '192.0.2.1' },
      '2': { type: 'ipv6-addr', value: '2001:db8::1' },
    });
  });

  it('builds lists of nested objects, one per item', () => {
    const objects = objectsOf(
      table({
        file: {
          type: 'file',
          name: 'n',
          extensions: {
            'windows-pebinary-ext': {
              pe_type: { value: 'dll' },
              sections: [{ each: { field: 's', as: 'list' }, name: '$item' }],
            },
          },
        },
      }),
      { ts: TIME, n: 'a.dll', s: ['.text', '.data'] },
    );
    assert.deepEqual(objects, {
      '0': {
        type: 'file',
        name: 'a.dll',
        extensions: {
          'windows-pebinary-ext': { pe_type: 'dll', sections: [{ name: '.text' }, { name: '.data' }] },
        },
      },
    });
  });

  it('splices and deduplicates lists of values', () => {
    const objects = objectsOf(
      table({
        c: {
          type: 'network-traffic',
          src_ref: { ref: 's' },
          protocols: [
            { field: 'proto', as: 'protocols' },
            { field: 'service', as: 'protocols' },
            { value: 'tls' },
          ],
        },
        s: { type: 'ip-addr', value: 'ip' },
      }),
      { ts: TIME, ip: '192.0.2.1', proto: 'TCP', service: 'ssl,http' },
    );
    assert.deepEqual((objects as Record<string, { protocols?: unknown }>)['0']?.protocols, [
      'tcp',
      'tls',
      'http',
    ]);
  });

  it('reads dotted keys as written or as a path, whichever the record has', () => {
    const spec = table({ a: { type: 'ipv4-addr', value: 'id.orig_h' } });
    assert.deepEqual(objectsOf(spec, { ts: TIME, 'id.orig_h': '192.0.2.1' }), {
      '0': { type: 'ipv4-addr', value: '192.0.2.1' },
    });
    assert.deepEqual(objectsOf(spec, { ts: TIME, id: { orig_h: '192.0.2.2' } }), {
      '0': { type: 'ipv4-addr', value: '192.0.2.2' },
    });
  });

  it('tries alternate names, and null values fall through to the next', () => {
    const mapper = new Mapper(
      table({ a: { type: 'ipv4-addr', value: 'id.orig_h' } }, { nullValues: ['-'] }),
      {
        alternateNames: (path) => [path, path.replaceAll('.', '_')],
      },
    );
    const value = (record: Record<string, unknown>) => {
      const result = mapper.map({ ts: TIME, ...record }, undefined);
      return result !== undefined && !('error' in result) ? result.objects['0']?.value : result;
    };
    assert.equal(value({ id_orig_h: '192.0.2.3' }), '192.0.2.3');
    assert.equal(value({ 'id.orig_h': '-', id_orig_h: '192.0.2.4' }), '192.0.2.4');
    assert.equal(value({ 'id.orig_h': '192.0.2.5' }), '192.0.2.5');
    assert.equal(value({ 'id.orig_h': '-' }), undefined);
  });

  it('reads a field once for all the properties made of it, afresh for every record', () => {
    const mapper = new Mapper(
      table({
        file: {
          type: 'file',
          name: { field: 'path', as: 'basename' },
          parent_directory_ref: { ref: 'folder' },
        },
        folder: { type: 'directory', path: { field: 'path', as: 'dirname' } },
      }),
    );
    const objects = (record: Record<string, unknown>) => {
      const result = mapper.map(record, undefined);
      return result !== undefined && !('error' in result) ? result.objects : result;
    };
    const record: Record<string, unknown> = { ts: TIME, path: 'C:\\a\\x.exe' };
    assert.deepEqual(objects(record), {
      '0': { type: 'file', name: 'x.exe', parent_directory_ref: '1' },
      '1': { type: 'directory', path: 'C:\\a' },
    });
    // The same record object, changed: a value kept from the last mapping would name x.exe again.
    record.path = 'D:\\b\\y.dll';
    assert.deepEqual(objects(record), {
      '0': { type: 'file', name: 'y.dll', parent_directory_ref: '1' },
      '1': { type: 'directory', path: 'D:\\b' },
    });
    assert.deepEqual(objects({ ts: TIME }), undefined);
  });

  it('picks the event mapping by event type, "*" for the others', () => {
    const mapper = new Mapper({
      eventType: 'kind',
      time: { field: 'ts', as: 'timestamp' },
      events: {
        dns: { objects: { d: { type: 'domain-name', value: 'q' } } },
        '*': { objects: { m: { type: 'mutex', name: 'q' } } },
      },
    });
    const typeOf = (kind: string) => {
      const record = { kind, ts: TIME, q: 'x.example' };
      const result = mapper.map(record, mapper.eventTypeOf(record));
      return result !== undefined && !('error' in result) ? result.objects['0']?.type : undefined;
    };
    assert.equal(typeOf('dns'), 'domain-name');
    assert.equal(typeOf('other'), 'mutex');
  });

  it("gives time, host, sensor, entity and count; the entity is the event's own when it has one", () => {
    const mapper = new Mapper({
      eventType: 'kind',
      time: { field: 'ts', as: 'epoch' },
      host: 'host',
      sensor: 'sensor',
      count: { field: 'n', as: 'integer' },
      events: {
        a: { objects: { m: { type: 'mutex', name: 'name' } }, entity: 'user' },
        '*': { objects: { m: { type: 'mutex', name: 'name' } } },
      },
    });
    const record = { ts: 1700000000.25, host: 'H1', sensor: 'S', n: '3', name: 'm', user: 'u1' };
    assert.deepEqual(mapper.map({ ...record, kind: 'a' }, 'a'), {
      objects: { '0': { type: 'mutex', name: 'm' } },
      time: '2023-11-14T22:13:20.25Z',
      count: 3,
      host: 'H1',
      sensor: 'S',
      entity: 'u1',
    });
    const other = mapper.map({ ...record, n: 0 }, 'b');
    assert.ok(other !== undefined && !('error' in other));
    assert.equal(other.count, 1, 'a count below 1 is no count');
    assert.equal(other.entity, undefined);
  });

  it('reports an event without a readable time, unless it has nothing observable anyway', () => {
    const spec = table({ m: { type: 'mutex', name: 'name' } });
    assert.deepEqual(new Mapper(spec).map({ name: 'm' }, undefined), { error: 'no event time' });
    assert.deepEqual(new Mapper(spec).map({ name: 'm', ts: 'soon' }, undefined), {
      error: 'event time "soon" is no time',
    });
    assert.equal(new Mapper(spec).map({ ts: 'soon' }, undefined), undefined);
    const untransformed = {
      time: 'ts',
      events: { '*': { objects: { m: { type: 'mutex', name: 'name' } } } },
    };
    assert.deepEqual(new Mapper(untransformed).map({ name: 'm', ts: 'soon' }, undefined), {
      error: 'event time "soon" is no timestamp',
    });
    assert.equal(mapped(untransformed, { name: 'm', ts: TIME }).time, TIME);
  });

  it('takes the time, host and sensor the format found itself', () => {
    const result = new Mapper({ events: { '*': { objects: { m: { type: 'mutex', name: 'name' } } } } }).map(
      { name: 'm' },
      undefined,
      { time: TIME, host: 'h', sensor: 's' },
    );
    assert.deepEqual(result, {
      objects: { '0': { type: 'mutex', name: 'm' } },
      time: TIME,
      count: 1,
      host: 'h',
      sensor: 's',
    });
  });
});

describe('docs/telemetry.md', () => {
  it('shows a table that compiles and maps what it says', () => {
    const readme = readFileSync('docs/telemetry.md', 'utf8');
    const json = /```json\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(json !== undefined, 'no JSON example');
    const mapper = new Mapper(JSON.parse(json));
    const record = {
      event_type: 'dns_query',
      timestamp_ms: 1698998401002,
      hostname: 'h',
      query: 'a.example',
      answers: ['192.0.2.1'],
    };
    const result = mapper.map(record, mapper.eventTypeOf(record));
    assert.ok(result !== undefined && !('error' in result));
    assert.deepEqual(result.objects, {
      '0': { type: 'domain-name', value: 'a.example', resolves_to_refs: ['1'] },
      '1': { type: 'ipv4-addr', value: '192.0.2.1' },
    });
  });
});
