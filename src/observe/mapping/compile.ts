// Compiling a table: every spec checked (a MappingError names the place of the first fault) and
// turned into closures, field paths into lookups, transform names into functions.

import { isScoType } from '../../stix/id.js';
import { isPlainObject } from '../../stix/object.js';
import { TRANSFORMS, type Transform } from '../transforms/index.js';
import { buildNested } from './build.js';
import type {
  CompiledEvent,
  CompiledObject,
  CompiledRef,
  Getter,
  MapperOptions,
  MappingContext,
  Producer,
  Rec,
} from './compiled.js';
import { REQUIREMENTS } from './requirements.js';
import { MappingError } from './table.js';

const VALUE_KEYS = new Set(['field', 'fields', 'value', 'ref']);
const EVENT_KEYS = new Set(['objects', 'time', 'host', 'sensor', 'entity', 'count']);
// Field path segments that would reach into JavaScript's object machinery instead of the record.
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
// STIX 2.1 property names (section 3.1); dictionary keys (hashes, headers, extensions) are freer.
const PROPERTY_NAME = /^[a-z][a-z0-9_]{0,249}$/;
const DICTIONARY_KEY = /^[A-Za-z0-9_-]{1,250}$/;
// Set by materialize, never by a table.
const RESERVED_PROPERTIES = new Set(['id', 'spec_version']);
// Transforms whose every value is a STIX timestamp.
const TIMESTAMP_TRANSFORMS: ReadonlySet<Transform> = new Set(
  ['timestamp', 'epoch', 'epochSeconds', 'epochMillis', 'zeekEnd'].map(
    (name) => TRANSFORMS[name] as Transform,
  ),
);

/** The first value of several getters that is there. */
function firstPresent(getters: readonly Getter[]): Getter {
  return (record, context) => {
    for (const getter of getters) {
      const value = getter(record, context);
      if (value !== undefined && value !== null) return value;
    }
    return undefined;
  };
}

/**
 * A field read once per record: the tables make several properties of one field (Image is a file's
 * name and its folder's path, User three properties of an account), and a keyed load from a parsed
 * line is costly. The value is kept for the record's context, which Mapper.map makes per record.
 */
function oncePerRecord(read: (record: Rec) => unknown): Getter {
  let lastContext: MappingContext | undefined;
  let lastValue: unknown;
  return (record, context) => {
    if (context !== lastContext) {
      lastValue = read(record);
      lastContext = context;
    }
    return lastValue;
  };
}

function yieldsTimestamps(transforms: readonly Transform[]): boolean {
  return TIMESTAMP_TRANSFORMS.has(transforms[transforms.length - 1] as Transform);
}

function walk(value: unknown, steps: readonly string[]): unknown {
  let current = value;
  for (const step of steps) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Rec)[step];
  }
  return current;
}

export class Compiler {
  private readonly nulls: ReadonlySet<string>;

  /** The length of the longest null value: a longer string is no null, and is never hashed to ask. */
  private readonly longestNull: number;

  /** One getter per field path, so that the properties made of one field read it once per record. */
  private readonly fields = new Map<string, Getter>();

  constructor(
    private readonly options: MapperOptions,
    nullValues: readonly string[],
  ) {
    this.nulls = new Set(['', ...nullValues]);
    this.longestNull = Math.max(0, ...nullValues.map((value) => value.length));
  }

  /**
   * The ways to read one name: the key as written (Zeek's keys hold dots), and for a dotted name
   * the nested path.
   */
  private lookups(name: string): ((record: Rec) => unknown)[] {
    if (!name.includes('.')) return [(record) => record[name]];
    const steps = name.split('.');
    return [(record) => record[name], (record) => walk(record, steps)];
  }

  path(path: string, at: string): Getter {
    if (path === '$time') return (_, context) => context.time;
    if (path === '$host') return (_, context) => context.host;
    if (path === '$item') return (_, context) => context.item;
    if (path.startsWith('$item.')) {
      const steps = path.slice('$item.'.length).split('.');
      return (_, context) => walk(context.item, steps);
    }
    if (path.startsWith('$')) throw new MappingError(at, `unknown name ${path} ($time, $host, $item)`);
    if (path === '' || path.split('.').some((step) => step === '' || FORBIDDEN_SEGMENTS.has(step))) {
      throw new MappingError(at, `${JSON.stringify(path)} is not a field path`);
    }
    let getter = this.fields.get(path);
    if (getter === undefined) {
      getter = oncePerRecord(this.fieldReader(path));
      this.fields.set(path, getter);
    }
    return getter;
  }

  /** Reads a field path from the record, a null value as undefined. */
  private fieldReader(path: string): (record: Rec) => unknown {
    const { nulls, longestNull } = this;
    // Values are fresh strings from JSON.parse: a Set lookup would hash the whole of each (a
    // command line, a path) only to find it is no "-".
    const isNull = (value: unknown) =>
      typeof value === 'string' && value.length <= longestNull && nulls.has(value);
    const lookups = (this.options.alternateNames?.(path) ?? [path]).flatMap((name) => this.lookups(name));
    if (lookups.length === 1) {
      const lookup = lookups[0] as (record: Rec) => unknown;
      return (record) => {
        const value = lookup(record);
        return isNull(value) ? undefined : value;
      };
    }
    // The records of one stream spell a field one way: the lookup that found it last is tried first.
    let last = 0;
    return (record) => {
      const value = (lookups[last] as (record: Rec) => unknown)(record);
      if (value !== undefined && value !== null && !isNull(value)) return value;
      for (let index = 0; index < lookups.length; index++) {
        if (index === last) continue;
        const other = (lookups[index] as (record: Rec) => unknown)(record);
        if (other === undefined || other === null || isNull(other)) continue;
        last = index;
        return other;
      }
      return undefined;
    };
  }

  private transforms(as: unknown, at: string): Transform[] {
    const names = as === undefined ? ['string'] : typeof as === 'string' ? [as] : as;
    if (!Array.isArray(names) || names.length === 0) {
      throw new MappingError(at, '"as" is a transform name or a non-empty list of them');
    }
    return names.map((name) => {
      const transform =
        typeof name === 'string' && Object.hasOwn(TRANSFORMS, name) ? TRANSFORMS[name] : undefined;
      if (transform === undefined) throw new MappingError(at, `unknown transform ${JSON.stringify(name)}`);
      return transform;
    });
  }

  /** A value spec: a getter of the final value, undefined when absent. */
  value(spec: unknown, at: string): Producer {
    if (typeof spec === 'string') return this.field({ field: spec }, at);
    if (!isPlainObject(spec)) throw new MappingError(at, 'expected a field path or {field|fields|value}');
    const unknown = Object.keys(spec).filter((key) => !['field', 'fields', 'value', 'as'].includes(key));
    if (unknown.length > 0) throw new MappingError(at, `unknown key ${JSON.stringify(unknown[0])}`);
    if ('value' in spec) {
      const constant = spec.value;
      if (!['string', 'number', 'boolean'].includes(typeof constant) || 'as' in spec) {
        throw new MappingError(at, '"value" is a string, number or boolean, without "as"');
      }
      return { produce: () => constant, constant: true };
    }
    return this.field(spec, at);
  }

  private field(spec: Rec, at: string): Producer {
    const hasField = 'field' in spec;
    if (hasField === 'fields' in spec) throw new MappingError(at, 'give exactly one of "field" and "fields"');
    const transforms = this.transforms(spec.as, `${at}.as`);
    const rest = transforms.slice(1).map((transform, index) => {
      if (transform.arity !== 'one')
        throw new MappingError(`${at}.as`, `transform ${index + 2} reads several fields`);
      return transform.run as (value: unknown) => unknown;
    });
    const head = transforms[0] as Transform;
    const finish = (value: unknown): unknown => {
      let current = value;
      for (const run of rest) {
        if (current === undefined) return undefined;
        current = run(current);
      }
      return current;
    };
    if (hasField) {
      const paths = typeof spec.field === 'string' ? [spec.field] : spec.field;
      if (!Array.isArray(paths) || paths.length === 0 || !paths.every((path) => typeof path === 'string')) {
        throw new MappingError(at, '"field" is a field path or a non-empty list of them');
      }
      if (head.arity !== 'one')
        throw new MappingError(`${at}.as`, 'this transform reads "fields", not "field"');
      const getters = paths.map((path) => this.path(path, `${at}.field`));
      const get = getters.length === 1 ? (getters[0] as Getter) : firstPresent(getters);
      const run = head.run;
      const produce: Getter =
        rest.length === 0
          ? (record, context) => {
              const raw = get(record, context);
              return raw === undefined || raw === null ? undefined : run(raw);
            }
          : (record, context) => {
              const raw = get(record, context);
              return raw === undefined || raw === null ? undefined : finish(run(raw));
            };
      return { produce, constant: false, timestamps: yieldsTimestamps(transforms), raw: get };
    }
    const paths = spec.fields;
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((path) => typeof path === 'string')) {
      throw new MappingError(at, '"fields" is a non-empty list of field paths');
    }
    if (head.arity !== 'many') throw new MappingError(`${at}.as`, 'this transform reads one "field"');
    const getters = paths.map((path) => this.path(path, `${at}.fields`));
    const run = head.run;
    return {
      produce: (record, context) => {
        const values = new Array<unknown>(getters.length);
        let any = false;
        for (let index = 0; index < getters.length; index++) {
          const value = (getters[index] as Getter)(record, context);
          values[index] = value;
          if (value !== undefined && value !== null) any = true;
        }
        return any ? finish(run(values)) : undefined;
      },
      constant: false,
      timestamps: yieldsTimestamps(transforms),
    };
  }

  /** A property of a nested object or list element (no references there). */
  property(spec: unknown, name: string, at: string): Producer {
    if (Array.isArray(spec)) return this.list(spec, name, at);
    if (isPlainObject(spec) && 'ref' in spec) {
      throw new MappingError(at, "references are allowed only among an object's own properties");
    }
    if (isPlainObject(spec) && !Object.keys(spec).some((key) => VALUE_KEYS.has(key))) {
      if ('each' in spec)
        throw new MappingError(`${at}.each`, '"each" belongs on an object or a list element');
      return this.nested(spec, name, at);
    }
    return this.value(spec, at);
  }

  /** A nested object; `name` is the property holding it, whose requirement it must meet. */
  private nested(spec: Rec, name: string, at: string): Producer {
    const members = this.members(spec, at, DICTIONARY_KEY, new Set(['each']));
    const names = members.map(([member]) => member);
    const producers = members.map(([, producer]) => producer);
    const requirement = REQUIREMENTS[name];
    return {
      produce: (record, context) => buildNested(names, producers, requirement, record, context),
      constant: false,
    };
  }

  private members(spec: Rec, at: string, names: RegExp, skip: ReadonlySet<string>): [string, Producer][] {
    const members: [string, Producer][] = [];
    for (const [key, member] of Object.entries(spec)) {
      if (skip.has(key)) continue;
      if (!names.test(key))
        throw new MappingError(`${at}.${key}`, `${JSON.stringify(key)} is no STIX property name`);
      members.push([key, this.property(member, key, `${at}.${key}`)]);
    }
    return members;
  }

  /** A list: elements in order, lists produced by an element spliced in, duplicates dropped. */
  private list(spec: readonly unknown[], name: string, at: string): Producer {
    const elements = spec.map((element, index) => {
      const where = `${at}[${index}]`;
      if (
        isPlainObject(element) &&
        'each' in element &&
        !Object.keys(element).some((key) => VALUE_KEYS.has(key))
      ) {
        const each = this.value(element.each, `${where}.each`).produce;
        return { each, producer: this.nested(element, name, where) };
      }
      return { each: undefined, producer: this.property(element, name, where) };
    });
    const constant = elements.every(({ each, producer }) => each === undefined && producer.constant);
    return {
      produce: (record, context) => {
        const out: unknown[] = [];
        for (const { each, producer } of elements) {
          if (each === undefined) {
            addTo(out, producer.produce(record, context));
            continue;
          }
          const items = each(record, context);
          if (!Array.isArray(items)) continue;
          const outer = context.item;
          for (const item of items) {
            context.item = item;
            addTo(out, producer.produce(record, context));
          }
          context.item = outer;
        }
        return out.length === 0 ? undefined : out;
      },
      constant,
    };
  }

  event(spec: unknown, at: string): CompiledEvent {
    if (!isPlainObject(spec)) throw new MappingError(at, 'an event mapping is an object with "objects"');
    for (const key of Object.keys(spec)) {
      if (!EVENT_KEYS.has(key)) throw new MappingError(`${at}.${key}`, 'unknown key');
    }
    if (!isPlainObject(spec.objects) || Object.keys(spec.objects).length === 0) {
      throw new MappingError(`${at}.objects`, 'expected a non-empty object of object specs');
    }
    const names = Object.keys(spec.objects);
    const objects = names.map((name) =>
      this.object((spec.objects as Rec)[name], names, `${at}.objects.${name}`),
    );
    const optional = (key: string) =>
      spec[key] === undefined ? undefined : this.value(spec[key], `${at}.${key}`).produce;
    return {
      objects,
      order: dependencyOrder(objects, names, `${at}.objects`),
      referencing: objects.flatMap((object, index) => (object.refs.length > 0 ? [index] : [])),
      time: spec.time === undefined ? undefined : this.value(spec.time, `${at}.time`),
      host: optional('host'),
      sensor: optional('sensor'),
      entity: optional('entity'),
      count: optional('count'),
    };
  }

  private object(spec: unknown, names: readonly string[], at: string): CompiledObject {
    if (!isPlainObject(spec)) throw new MappingError(at, 'an object spec is an object with "type"');
    const type = spec.type;
    if (typeof type !== 'string' || (type !== 'ip-addr' && !isScoType(type))) {
      throw new MappingError(
        `${at}.type`,
        `${JSON.stringify(type)} is not a STIX 2.1 SCO type (or "ip-addr")`,
      );
    }
    const refs: CompiledRef[] = [];
    const owned: Rec = {};
    for (const [key, member] of Object.entries(spec)) {
      if (key === 'type' || key === 'each') continue;
      if (RESERVED_PROPERTIES.has(key)) throw new MappingError(`${at}.${key}`, `${key} is set by the engine`);
      if (!isPlainObject(member) || !('ref' in member)) {
        owned[key] = member;
        continue;
      }
      const many = key.endsWith('_refs');
      if (!many && !key.endsWith('_ref')) {
        throw new MappingError(`${at}.${key}`, 'a reference property ends with _ref or _refs');
      }
      const targets = typeof member.ref === 'string' ? [member.ref] : member.ref;
      if (!Array.isArray(targets) || targets.length === 0 || Object.keys(member).length !== 1) {
        throw new MappingError(`${at}.${key}`, '"ref" names an object of this event, or lists several');
      }
      refs.push({
        name: key,
        many,
        targets: targets.map((target) => {
          const index = typeof target === 'string' ? names.indexOf(target) : -1;
          if (index < 0) throw new MappingError(`${at}.${key}`, `no object named ${JSON.stringify(target)}`);
          return index;
        }),
      });
    }
    const members = this.members(owned, at, PROPERTY_NAME, new Set());
    // ipv4-addr and ipv6-addr require the same.
    const requirement = REQUIREMENTS[type === 'ip-addr' ? 'ipv4-addr' : type];
    const required = [...(requirement?.all ?? []), ...(requirement?.any ?? [])];
    return {
      type,
      each: spec.each === undefined ? undefined : this.value(spec.each, `${at}.each`).produce,
      names: members.map(([name]) => name),
      producers: members.map(([, producer]) => producer),
      refs,
      requirement,
      requirementNamesRefs: refs.some((ref) => required.includes(ref.name)),
    };
  }
}

/** Adds a value, or the values of a list, to a list; values already there are not added twice. */
function addTo(list: unknown[], value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    if (typeof value === 'object' || !list.includes(value)) list.push(value);
    return;
  }
  for (const item of value) {
    if (typeof item === 'object' || !list.includes(item)) list.push(item);
  }
}

/** Object indices with every referenced object before the objects that reference it. */
function dependencyOrder(objects: readonly CompiledObject[], names: readonly string[], at: string): number[] {
  const order: number[] = [];
  const state = new Array<'visiting' | 'done' | undefined>(objects.length);
  const visit = (index: number, path: readonly number[]) => {
    if (state[index] === 'done') return;
    if (state[index] === 'visiting') {
      const cycle = [...path.slice(path.indexOf(index)), index].map((i) => names[i]).join(' -> ');
      throw new MappingError(at, `references go round in a circle: ${cycle}`);
    }
    state[index] = 'visiting';
    for (const ref of (objects[index] as CompiledObject).refs) {
      for (const target of ref.targets) visit(target, [...path, index]);
    }
    state[index] = 'done';
    order.push(index);
  };
  for (let index = 0; index < objects.length; index++) visit(index, []);
  return order;
}
