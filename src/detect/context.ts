// What an indicator points to, for alerts: the malware, campaigns and attack patterns it
// `indicates`, the intrusion sets those are `attributed-to`, and the campaigns and intrusion sets
// that `use` the malware it indicates. Read through the same scopes as the indicators, so an alert
// never names intelligence its organisation may not see.

import type { StixObject } from '../stix/object.js';
import { compareTimestamps } from '../stix/timestamp.js';
import type { Scope, Store, StoredVersion } from '../store/store.js';

export interface Indicated {
  id: string;
  type: string;
  name?: string;
  /** How it was reached from the indicator, e.g. 'indicates', 'indicates > attributed-to'. */
  via: string;
}

/** A relationship as the context keeps it, under its id, so that a later version replaces it. */
interface Edge {
  type: string;
  source: string;
  target: string;
  /** Its `modified`; a revoked version keeps its place with no edge. */
  version: string;
  revoked: boolean;
}

/** Types worth naming in an alert: who is behind it and with what. */
export const THREAT_TYPES: ReadonlySet<string> = new Set([
  'malware',
  'campaign',
  'intrusion-set',
  'threat-actor',
  'attack-pattern',
  'tool',
]);

export class ThreatContext {
  private readonly relationships = new Map<string, Edge>();
  /** Object id to the relationships leaving it (by relationship id), and those arriving. */
  private readonly outgoing = new Map<string, Map<string, Edge>>();
  private readonly incoming = new Map<string, Map<string, Edge>>();
  private readonly names = new Map<string, { type: string; name?: string } | null>();

  constructor(
    private readonly store: Store,
    private readonly scopes: readonly Scope[],
  ) {}

  /**
   * One stored version of any type (the hunter's StoreTail reads them); only relationships are
   * parsed. A new version of a threat object (a campaign renamed) drops the name held for it.
   */
  apply(item: StoredVersion): void {
    if (THREAT_TYPES.has(item.type)) this.names.delete(item.id);
    if (item.type !== 'relationship') return;
    const held = this.relationships.get(item.id);
    if (held !== undefined && compareTimestamps(held.version, item.version) > 0) return;
    const relationship = JSON.parse(item.json) as StixObject;
    const { source_ref: source, target_ref: target, relationship_type: type } = relationship;
    if (typeof source !== 'string' || typeof target !== 'string' || typeof type !== 'string') return;
    if (held !== undefined) {
      this.outgoing.get(held.source)?.delete(item.id);
      this.incoming.get(held.target)?.delete(item.id);
    }
    const edge: Edge = {
      type,
      source,
      target,
      version: item.version,
      revoked: relationship.revoked === true,
    };
    this.relationships.set(item.id, edge);
    if (edge.revoked) return;
    edgesOf(this.outgoing, source).set(item.id, edge);
    edgesOf(this.incoming, target).set(item.id, edge);
  }

  /** Drops the relationship or name with this id, whatever version it had (its versions were deleted). */
  forget(id: string): void {
    this.names.delete(id);
    const held = this.relationships.get(id);
    if (held === undefined) return;
    this.relationships.delete(id);
    this.outgoing.get(held.source)?.delete(id);
    this.incoming.get(held.target)?.delete(id);
  }

  async explain(indicatorId: string): Promise<Indicated[]> {
    const found = new Map<string, Indicated>();
    const add = async (id: string, via: string): Promise<Indicated | undefined> => {
      if (found.has(id)) return undefined;
      const named = await this.nameOf(id);
      if (named === null || !THREAT_TYPES.has(named.type)) return undefined;
      const item: Indicated = {
        id,
        type: named.type,
        via,
        ...(named.name === undefined ? {} : { name: named.name }),
      };
      found.set(id, item);
      return item;
    };
    for (const edge of this.outgoing.get(indicatorId)?.values() ?? []) {
      if (edge.type !== 'indicates') continue;
      const target = await add(edge.target, 'indicates');
      if (target === undefined) continue;
      for (const next of this.outgoing.get(target.id)?.values() ?? []) {
        if (next.type === 'attributed-to') await add(next.target, `indicates > ${target.type} attributed-to`);
      }
      if (target.type === 'malware' || target.type === 'tool') {
        for (const user of this.incoming.get(target.id)?.values() ?? []) {
          if (user.type === 'uses') await add(user.source, `indicates > ${target.type} used by`);
        }
      }
    }
    return [...found.values()];
  }

  private async nameOf(id: string): Promise<{ type: string; name?: string } | null> {
    const cached = this.names.get(id);
    if (cached !== undefined) return cached;
    const [latest] = (await this.store.get(id, { scopes: this.scopes, versions: ['last'] })).slice(-1);
    const object = latest === undefined ? undefined : (JSON.parse(latest.json) as StixObject);
    const named =
      object === undefined
        ? null
        : { type: String(object.type), ...(typeof object.name === 'string' ? { name: object.name } : {}) };
    this.names.set(id, named);
    return named;
  }
}

function edgesOf(map: Map<string, Map<string, Edge>>, key: string): Map<string, Edge> {
  let edges = map.get(key);
  if (edges === undefined) {
    edges = new Map();
    map.set(key, edges);
  }
  return edges;
}
