// What an indicator points to, for alerts: the malware, campaigns and attack patterns it
// `indicates`, the intrusion sets those are `attributed-to`, and the campaigns and intrusion sets
// that `use` the malware it indicates. Read through the same scopes as the indicators, so an alert
// never names intelligence its organisation may not see.

import type { StixObject } from '../stix/object.js';
import type { Scope, Store } from '../store/store.js';

export interface Indicated {
  id: string;
  type: string;
  name?: string;
  /** How it was reached from the indicator, e.g. 'indicates', 'indicates > attributed-to'. */
  via: string;
}

interface Edge {
  type: string;
  other: string;
}

const PAGE = 1000;
/** Types worth naming in an alert: who is behind it and with what. */
const THREAT_TYPES = new Set([
  'malware',
  'campaign',
  'intrusion-set',
  'threat-actor',
  'attack-pattern',
  'tool',
]);

export class ThreatContext {
  private cursor: string | undefined;
  private readonly outgoing = new Map<string, Edge[]>();
  private readonly incoming = new Map<string, Edge[]>();
  private readonly names = new Map<string, { type: string; name?: string } | null>();

  constructor(
    private readonly store: Store,
    private readonly scopes: readonly Scope[],
  ) {}

  /** Reads relationships added since the last refresh. */
  async refresh(): Promise<void> {
    for (;;) {
      const page = await this.store.list(
        {
          types: ['relationship'],
          scopes: this.scopes,
          ...(this.cursor === undefined ? {} : { addedAfter: this.cursor }),
        },
        { limit: PAGE },
      );
      for (const item of page.items) {
        const relationship = JSON.parse(item.json) as StixObject;
        const source = relationship.source_ref;
        const target = relationship.target_ref;
        const type = relationship.relationship_type;
        if (typeof source !== 'string' || typeof target !== 'string' || typeof type !== 'string') continue;
        if (relationship.revoked === true) continue;
        push(this.outgoing, source, { type, other: target });
        push(this.incoming, target, { type, other: source });
      }
      const last = page.items.at(-1);
      if (last !== undefined) this.cursor = last.dateAdded;
      if (page.next === undefined) break;
    }
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
    for (const edge of this.outgoing.get(indicatorId) ?? []) {
      if (edge.type !== 'indicates') continue;
      const target = await add(edge.other, 'indicates');
      if (target === undefined) continue;
      for (const next of this.outgoing.get(target.id) ?? []) {
        if (next.type === 'attributed-to') await add(next.other, `indicates > ${target.type} attributed-to`);
      }
      if (target.type === 'malware' || target.type === 'tool') {
        for (const user of this.incoming.get(target.id) ?? []) {
          if (user.type === 'uses') await add(user.other, `indicates > ${target.type} used by`);
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

function push(map: Map<string, Edge[]>, key: string, edge: Edge): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [edge]);
  else list.push(edge);
}
