import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { matchPattern } from '../pattern/evaluate/match.js';
import { parsePattern } from '../pattern/parser.js';
import { scoId } from '../stix/id.js';
import type { StixObject } from '../stix/object.js';
import { validateObject } from '../stix/validate/index.js';
import type { ObservedEvent } from './event.js';
import { eventsOf, FIXED_NOW, linesFrom, readFile, seededRandom, TESTDATA } from './fixtures.js';
import { materialize } from './materialize.js';
import { readEvents } from './read-events.js';

async function firstEvent(file: string, format: string): Promise<ObservedEvent> {
  const [event] = eventsOf(await readFile(join(TESTDATA, format, file), { format, random: seededRandom() }));
  assert.ok(event !== undefined);
  return event;
}

function byType(objects: readonly StixObject[], type: string): StixObject[] {
  return objects.filter((object) => object.type === type);
}

describe('materialize', () => {
  it('gives SCOs the ids of STIX 2.1 section 2.9, references rewritten to them', async () => {
    const objects = materialize(await firstEvent('sysmon-1.in.jsonl', 'windows'), {
      now: () => FIXED_NOW,
      random: seededRandom(5),
    });
    const image = objects.find((object) => object.type === 'file' && object.name === 'bitsadmin.exe');
    assert.ok(image !== undefined);
    const folder = objects.find((object) => object.id === image.parent_directory_ref);
    assert.deepEqual(folder, {
      type: 'directory',
      spec_version: '2.1',
      id: scoId({ type: 'directory', path: 'C:\\Windows\\System32' }),
      path: 'C:\\Windows\\System32',
    });
    const { type, id, spec_version: _version, ...properties } = image;
    assert.equal(id, scoId({ type, ...properties }));
    const process = objects.find((object) => object.type === 'process' && object.pid === 9260) as StixObject;
    assert.equal(process.image_ref, image.id);
    assert.match(process.id, /^process--[0-9a-f-]{14}4/, 'processes have no contributing properties: UUIDv4');
  });

  it('names the same observable with the same id, whichever event saw it', async () => {
    const sysmon1 = materialize(await firstEvent('sysmon-1.in.jsonl', 'windows'));
    const security4688 = materialize(await firstEvent('security-4688.in.jsonl', 'windows'));
    const idsOf = (objects: StixObject[]) => new Set(byType(objects, 'directory').map((object) => object.id));
    assert.ok(
      [...idsOf(sysmon1)].some((id) => idsOf(security4688).has(id)),
      'C:\\Windows\\System32 once',
    );
  });

  it('keeps the observation id and times, lists every SCO, and carries the provenance', async () => {
    const event = await firstEvent('dns.in.jsonl', 'zeek');
    const [observedData, ...scos] = materialize(event, { now: () => FIXED_NOW });
    assert.deepEqual(observedData, {
      type: 'observed-data',
      spec_version: '2.1',
      id: event.observation.id,
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      first_observed: event.observation.firstObserved,
      last_observed: event.observation.lastObserved,
      number_observed: 1,
      object_refs: scos.map((sco) => sco.id),
      x_dreamcatcher_provenance: {
        source: 'src/observe/testdata/zeek/dns.in.jsonl',
        line: 1,
        format: 'zeek',
        event_type: 'zeek:dns',
        host: '10.0.1.4',
        sensor: 'simplerockbuild.simplerock.lan',
        entity: '10.0.1.4',
      },
    });
    assert.equal(scos.length, Object.keys(event.observation.objects).length);
    for (const object of [observedData, ...scos]) {
      assert.deepEqual(
        validateObject(object).filter((issue) => issue.severity === 'error'),
        [],
      );
    }
  });

  it('round-trips through the stix format: same objects, same host and entity', async () => {
    const event = await firstEvent('sysmon-3.in.jsonl', 'windows');
    const bundle = {
      type: 'bundle',
      id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
      objects: materialize(event),
    };
    const results = [];
    for await (const result of readEvents(linesFrom([JSON.stringify(bundle)]), {
      source: 'bundle',
      format: 'stix',
    })) {
      results.push(result);
    }
    const [again] = eventsOf(results);
    assert.ok(again !== undefined);
    assert.equal(again.entity, event.entity);
    assert.equal(again.provenance.host, event.provenance.host);
    assert.equal(again.observation.id, event.observation.id);
    assert.equal(
      Object.keys(again.observation.objects).length,
      Object.keys(event.observation.objects).length,
    );
    const parsed = parsePattern(
      "[network-traffic:dst_ref.value = '239.255.255.250' AND network-traffic:src_port = 61628]",
    );
    assert.ok(parsed.ok);
    assert.ok(matchPattern(parsed.pattern, [again.observation]) !== undefined);
  });

  it('copes with STIX 2.0 content: a reference circle, a dangling reference, a type 2.1 cannot name', () => {
    const event: ObservedEvent = {
      observation: {
        id: 'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf',
        firstObserved: '2015-12-21T19:00:00Z',
        lastObserved: '2015-12-21T19:00:00Z',
        numberObserved: 1,
        objects: {
          '0': { type: 'process', pid: 1, parent_ref: '1', child_refs: ['1', '7'] },
          '1': { type: 'process', pid: 2, parent_ref: '0' },
          '2': { type: 'x-weird thing', name: 'x' },
        } as never,
      },
      provenance: { source: 's', line: 1, format: 'stix' },
      entity: 's',
    };
    const objects = materialize(event, { random: seededRandom(9) });
    const [first, second] = byType(objects, 'process');
    assert.ok(first !== undefined && second !== undefined);
    assert.equal(first.parent_ref, second.id);
    assert.deepEqual(first.child_refs, [second.id]);
    assert.equal(second.parent_ref, first.id);
    assert.equal(objects.length, 3, 'the observed-data and the two processes');
  });
});
