// Applying a compiled event mapping to one record: objects built in dependency order, left out when
// they hold only constants or lack what STIX requires, keyed "0", "1", ... in table order, then
// references pointed at those keys.

import type { StixObject } from '../../stix/object.js';
import type {
  CompiledEvent,
  CompiledObject,
  CompiledRef,
  MappingContext,
  Producer,
  Rec,
} from './compiled.js';
import { meets, type Requirement } from './requirements.js';

const KEYS = Array.from({ length: 64 }, (_, index) => String(index));

export function buildNested(
  names: readonly string[],
  producers: readonly Producer[],
  requirement: Requirement | undefined,
  record: Rec,
  context: MappingContext,
): Rec | undefined {
  const out: Rec = {};
  let live = false;
  for (let index = 0; index < producers.length; index++) {
    const producer = producers[index] as Producer;
    const value = producer.produce(record, context);
    if (value === undefined) continue;
    out[names[index] as string] = value;
    if (!producer.constant) live = true;
  }
  if (!live || (requirement !== undefined && !meets(out, requirement, undefined))) return undefined;
  return out;
}

type Instance = Rec | Rec[] | undefined;

function buildObject(
  object: CompiledObject,
  record: Rec,
  context: MappingContext,
  built: Instance[],
): Rec | undefined {
  const out: Rec = { type: object.type };
  const { names, producers, refs } = object;
  let live = false;
  for (let index = 0; index < producers.length; index++) {
    const producer = producers[index] as Producer;
    const value = producer.produce(record, context);
    if (value === undefined) continue;
    out[names[index] as string] = value;
    if (!producer.constant) live = true;
  }
  // The names of the references set are gathered only when the requirement names one (network-traffic).
  let present: string[] | undefined;
  for (const ref of refs) {
    for (const target of ref.targets) {
      if (built[target] === undefined) continue;
      live = true;
      if (object.requirementNamesRefs) {
        present ??= [];
        present.push(ref.name);
      }
      break;
    }
  }
  if (!live) return undefined;
  if (object.type === 'ip-addr') {
    if (typeof out.value !== 'string') return undefined;
    out.type = out.value.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
  }
  return object.requirement === undefined || meets(out, object.requirement, present) ? out : undefined;
}

function nextKey(next: number): string {
  return KEYS[next] ?? String(next);
}

export function buildEvent(
  event: CompiledEvent,
  record: Rec,
  context: MappingContext,
): Record<string, StixObject> | undefined {
  const { objects } = event;
  const built: Instance[] = new Array(objects.length);
  for (const index of event.order) {
    const object = objects[index] as CompiledObject;
    if (object.each === undefined) {
      built[index] = buildObject(object, record, context, built);
      continue;
    }
    const items = object.each(record, context);
    if (!Array.isArray(items)) continue;
    const outer = context.item;
    const instances: Rec[] = [];
    for (const item of items) {
      context.item = item;
      const instance = buildObject(object, record, context, built);
      if (instance !== undefined) instances.push(instance);
    }
    context.item = outer;
    if (instances.length > 0) built[index] = instances;
  }
  // Keys in the order the table lists the objects, so the event's main object comes first.
  const out: Record<string, StixObject> = {};
  const keys: (string | string[] | undefined)[] = new Array(objects.length);
  let next = 0;
  for (let index = 0; index < objects.length; index++) {
    const instance = built[index];
    if (instance === undefined) continue;
    if (Array.isArray(instance)) {
      const list: string[] = [];
      for (const each of instance) {
        const key = nextKey(next++);
        out[key] = each as StixObject;
        list.push(key);
      }
      keys[index] = list;
    } else {
      const key = nextKey(next++);
      out[key] = instance as StixObject;
      keys[index] = key;
    }
  }
  if (next === 0) return undefined;
  for (const index of event.referencing) {
    const instance = built[index];
    if (instance === undefined) continue;
    const { refs } = objects[index] as CompiledObject;
    if (!Array.isArray(instance)) {
      setRefs(instance, refs, keys);
      continue;
    }
    for (const target of instance) setRefs(target, refs, keys);
  }
  return out;
}

/** Points an instance's references at the keys their targets got. */
function setRefs(
  target: Rec,
  refs: readonly CompiledRef[],
  keys: readonly (string | string[] | undefined)[],
): void {
  for (const ref of refs) {
    const value = ref.many ? manyKeys(ref.targets, keys) : oneKey(ref.targets, keys);
    if (value !== undefined) target[ref.name] = value;
  }
}

/** The key of the first present target (of a list of instances, the first instance's). */
function oneKey(
  targets: readonly number[],
  keys: readonly (string | string[] | undefined)[],
): string | undefined {
  for (const target of targets) {
    const key = keys[target];
    if (key !== undefined) return typeof key === 'string' ? key : key[0];
  }
  return undefined;
}

function manyKeys(
  targets: readonly number[],
  keys: readonly (string | string[] | undefined)[],
): string[] | undefined {
  let list: string[] | undefined;
  for (const target of targets) {
    const key = keys[target];
    if (key === undefined) continue;
    list ??= [];
    if (typeof key === 'string') list.push(key);
    else list.push(...key);
  }
  return list;
}
