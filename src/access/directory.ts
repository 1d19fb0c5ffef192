// Organisations, users, API tokens and collection policies, kept as Store records so that both
// backends hold them with the same guarantees as the objects. Every change is an admin action,
// checked with canAdminister and written to the audit log.

import { randomBytes } from 'node:crypto';
import { newId, type RandomBytes } from '../stix/id.js';
import type { StixObject } from '../stix/object.js';
import { formatMillis, toMicros } from '../stix/timestamp.js';
import { type Collection, type Store, StoreInputError } from '../store/store.js';
import { AccessError } from './errors.js';
import { type CollectionPolicy, canAdminister, type Grant, PRIVATE_POLICY } from './policy.js';
import { auditActor, isRole, type Principal, ROLES, type Role } from './principal.js';
import { issueToken, parseToken, secretMatches } from './tokens.js';

export interface Organisation {
  /** The id of the organisation's STIX identity. */
  id: string;
  name: string;
  created: string;
  /** The identity object that names the organisation in STIX (created_by_ref, where_sighted_refs). */
  identity: StixObject;
}

export interface User {
  name: string;
  /** The organisation's id. */
  org: string;
  role: Role;
  created: string;
}

export interface TokenRecord {
  id: string;
  user: string;
  /** SHA-256 of the token's secret, hex. */
  hash: string;
  created: string;
  expires?: string;
  revoked?: string;
}

/** Why credentials were refused; one message for unknown users and wrong tokens alike. */
export type AuthFailure = 'invalid' | 'expired' | 'revoked';

const KIND = {
  org: 'org',
  orgName: 'org-name',
  user: 'user',
  token: 'token',
  policy: 'collection-policy',
} as const;

/** First path segments the server's other routes use; an API root may not take them. */
const RESERVED_API_ROOTS = new Set(['api', 'healthz', 'taxii2']);
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const MAX_ORG_NAME = 128;
// Credentials, collections and their policies are looked up on every request; a short cache keeps
// that off the database, while a revocation, grant or new collection made through this process
// takes effect at once here (and within CACHE_MS on other processes sharing the database).
const CACHE_MS = 5_000;
const MAX_CACHED = 10_000;

export interface DirectoryOptions {
  clock?: () => number;
  random?: RandomBytes;
}

interface CachedPrincipal {
  token: TokenRecord;
  principal: Principal;
  until: number;
}

/** A collection with its policy (PRIVATE_POLICY when none is stored). */
export interface CollectionEntry {
  collection: Collection;
  policy: CollectionPolicy;
}

/** Every collection with its policy, as read from the store at one time. */
interface Catalogue {
  list: readonly CollectionEntry[];
  byId: ReadonlyMap<string, CollectionEntry>;
}

function orgNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

function checkOrgName(name: string): string {
  const trimmed = name.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (trimmed === '' || trimmed.length > MAX_ORG_NAME || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new AccessError(
      `organisation name ${JSON.stringify(name.slice(0, 200))} must be 1 to ${MAX_ORG_NAME} printable characters`,
      'bad-name',
    );
  }
  return trimmed;
}

function checkUserName(name: string): string {
  if (!USER_NAME.test(name)) {
    throw new AccessError(
      `user name ${JSON.stringify(name.slice(0, 200))} must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit`,
      'bad-name',
    );
  }
  return name;
}

/** What a new collection is made of (createCollection, collectionTitled). */
export interface NewCollection {
  title: string;
  description?: string;
  apiRoot?: string;
  public?: boolean;
  grants?: readonly Grant[];
}

export class Directory {
  private readonly clock: () => number;
  private readonly random: RandomBytes;
  private readonly cache = new Map<string, CachedPrincipal>();
  /** Collections and policies, read on every request; kept as briefly as credentials, for the same reason. */
  private catalogue: Promise<Catalogue> | undefined;
  private catalogueUntil = 0;

  constructor(
    private readonly store: Store,
    options: DirectoryOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? randomBytes;
  }

  private requireAdmin(actor: Principal, what: string): void {
    if (!canAdminister(actor)) throw new AccessError(`only an admin may ${what}`, 'forbidden');
  }

  private async audit(actor: Principal, action: string, target: string, details?: unknown): Promise<void> {
    await this.store.appendAudit({
      ...auditActor(actor),
      action,
      target,
      ...(details === undefined ? {} : { details }),
    });
  }

  // --- organisations

  async createOrg(actor: Principal, name: string): Promise<Organisation> {
    this.requireAdmin(actor, 'create organisations');
    const checked = checkOrgName(name);
    const created = formatMillis(this.clock());
    const id = newId('identity', this.random);
    const identity: StixObject = {
      type: 'identity',
      spec_version: '2.1',
      id,
      created,
      modified: created,
      name: checked,
      identity_class: 'organization',
    };
    const org: Organisation = { id, name: checked, created, identity };
    // The name is claimed first, atomically, so two concurrent creations cannot both succeed.
    if (!(await this.store.putRecord(KIND.orgName, orgNameKey(checked), id, { ifAbsent: true }))) {
      throw new AccessError(`an organisation named '${checked}' already exists`, 'exists');
    }
    await this.store.putRecord(KIND.org, id, org);
    await this.audit(actor, 'org.create', id, { name: checked });
    return org;
  }

  async listOrgs(): Promise<Organisation[]> {
    const records = await this.store.listRecords(KIND.org);
    return records.map((record) => record.value as Organisation).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The organisation with this id or name (names compare case-insensitively). */
  async findOrg(nameOrId: string): Promise<Organisation | undefined> {
    const byId = (await this.store.getRecord(KIND.org, nameOrId)) as Organisation | undefined;
    if (byId !== undefined) return byId;
    const id = await this.store.getRecord(KIND.orgName, orgNameKey(nameOrId.trim()));
    return typeof id === 'string'
      ? ((await this.store.getRecord(KIND.org, id)) as Organisation | undefined)
      : undefined;
  }

  async requireOrg(nameOrId: string): Promise<Organisation> {
    const org = await this.findOrg(nameOrId);
    if (org === undefined)
      throw new AccessError(`no organisation named '${nameOrId.slice(0, 200)}'`, 'not-found');
    return org;
  }

  // --- users and tokens

  /** Creates a user and its first token; the token's text is returned here and never again. */
  async createUser(
    actor: Principal,
    input: { name: string; org: string; role: string; expiresInDays?: number },
  ): Promise<{ user: User; token: string; tokenId: string }> {
    this.requireAdmin(actor, 'create users');
    const name = checkUserName(input.name);
    if (!isRole(input.role)) {
      throw new AccessError(
        `role '${input.role.slice(0, 100)}' is not one of ${ROLES.join(', ')}`,
        'bad-role',
      );
    }
    const org = await this.requireOrg(input.org);
    const user: User = { name, org: org.id, role: input.role, created: formatMillis(this.clock()) };
    if (!(await this.store.putRecord(KIND.user, name.toLowerCase(), user, { ifAbsent: true }))) {
      throw new AccessError(`a user named '${name}' already exists`, 'exists');
    }
    await this.audit(actor, 'user.create', name, { org: org.id, role: user.role });
    const token = await this.issue(actor, user, input.expiresInDays);
    return { user, ...token };
  }

  async findUser(name: string): Promise<User | undefined> {
    return (await this.store.getRecord(KIND.user, name.toLowerCase())) as User | undefined;
  }

  async listUsers(): Promise<User[]> {
    return (await this.store.listRecords(KIND.user)).map((record) => record.value as User);
  }

  /** A further token for a user (several may be live, e.g. while one is being replaced). */
  async createToken(
    actor: Principal,
    userName: string,
    expiresInDays?: number,
  ): Promise<{ token: string; tokenId: string }> {
    this.requireAdmin(actor, 'create tokens');
    const user = await this.findUser(userName);
    if (user === undefined) throw new AccessError(`no user named '${userName.slice(0, 100)}'`, 'not-found');
    return this.issue(actor, user, expiresInDays);
  }

  private async issue(
    actor: Principal,
    user: User,
    expiresInDays: number | undefined,
  ): Promise<{ token: string; tokenId: string }> {
    if (expiresInDays !== undefined && !(Number.isFinite(expiresInDays) && expiresInDays > 0)) {
      throw new AccessError(
        `a token's lifetime must be a positive number of days, not ${expiresInDays}`,
        'bad-input',
      );
    }
    const issued = issueToken(this.random);
    const now = this.clock();
    const record: TokenRecord = {
      id: issued.id,
      user: user.name,
      hash: issued.hash,
      created: formatMillis(now),
      ...(expiresInDays === undefined ? {} : { expires: formatMillis(now + expiresInDays * 86_400_000) }),
    };
    await this.store.putRecord(KIND.token, issued.id, record);
    await this.audit(actor, 'token.create', issued.id, {
      user: user.name,
      ...(record.expires === undefined ? {} : { expires: record.expires }),
    });
    return { token: issued.text, tokenId: issued.id };
  }

  async listTokens(userName?: string): Promise<Omit<TokenRecord, 'hash'>[]> {
    const tokens = (await this.store.listRecords(KIND.token)).map((record) => record.value as TokenRecord);
    return tokens
      .filter((token) => userName === undefined || token.user.toLowerCase() === userName.toLowerCase())
      .map(({ hash: _hash, ...rest }) => rest);
  }

  async revokeToken(actor: Principal, tokenId: string): Promise<void> {
    this.requireAdmin(actor, 'revoke tokens');
    const token = (await this.store.getRecord(KIND.token, tokenId)) as TokenRecord | undefined;
    if (token === undefined)
      throw new AccessError(`no token with id '${tokenId.slice(0, 100)}'`, 'not-found');
    this.cache.delete(tokenId);
    if (token.revoked !== undefined) return;
    await this.store.putRecord(KIND.token, tokenId, { ...token, revoked: formatMillis(this.clock()) });
    await this.audit(actor, 'token.revoke', tokenId, { user: token.user });
  }

  /**
   * The principal a token stands for. With `user` (HTTP Basic), the token must also belong to
   * that user. Unknown tokens, wrong secrets and wrong users all fail alike, as 'invalid'.
   */
  async authenticate(tokenText: string, userName?: string): Promise<Principal | AuthFailure> {
    const parsed = parseToken(tokenText);
    if (parsed === undefined) return 'invalid';
    const now = this.clock();
    let entry = this.cache.get(parsed.id);
    if (entry === undefined || entry.until <= now) {
      entry = await this.load(parsed.id, now);
      if (entry === undefined) return 'invalid';
    }
    if (!secretMatches(parsed.secret, entry.token.hash)) return 'invalid';
    if (userName !== undefined && userName.toLowerCase() !== entry.token.user.toLowerCase()) return 'invalid';
    if (entry.token.revoked !== undefined) return 'revoked';
    const expires = entry.token.expires === undefined ? undefined : toMicros(entry.token.expires);
    if (expires !== undefined && expires <= BigInt(Math.floor(now * 1000))) return 'expired';
    return entry.principal;
  }

  private async load(tokenId: string, now: number): Promise<CachedPrincipal | undefined> {
    const token = (await this.store.getRecord(KIND.token, tokenId)) as TokenRecord | undefined;
    if (token === undefined) return undefined;
    const user = await this.findUser(token.user);
    if (user === undefined) return undefined;
    const principal: Principal = Object.freeze({
      kind: 'user',
      user: user.name,
      role: user.role,
      org: user.org,
      tokenId,
    });
    const entry = { token, principal, until: now + CACHE_MS };
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(tokenId, entry);
    return entry;
  }

  // --- collections and their policies

  /** Creates a collection under an API root with its initial policy. */
  async createCollection(
    actor: Principal,
    input: NewCollection,
  ): Promise<{ collection: Collection; policy: CollectionPolicy }> {
    this.requireAdmin(actor, 'create collections');
    if (input.apiRoot !== undefined && RESERVED_API_ROOTS.has(input.apiRoot)) {
      throw new AccessError(
        `'${input.apiRoot}' is a path of the server itself and cannot be an API root`,
        'bad-name',
      );
    }
    for (const grant of input.grants ?? []) await this.requireOrg(grant.org);
    const collection = await this.store.createCollection({
      title: input.title,
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.apiRoot === undefined ? {} : { apiRoot: input.apiRoot }),
    });
    this.catalogue = undefined;
    await this.audit(actor, 'collection.create', collection.id, {
      title: collection.title,
      apiRoot: collection.apiRoot,
    });
    const policy = await this.grant(actor, collection.id, {
      grants: input.grants ?? [],
      public: input.public ?? false,
    });
    return { collection, policy };
  }

  /**
   * The collection with this title (or id: store.getCollection takes either), made as
   * createCollection makes it when there is none. Another
   * process making it at the same moment (two server nodes starting, two hunters opening) is no
   * error: its collection is taken. `created` says whether this call made it.
   */
  async collectionTitled(
    actor: Principal,
    input: NewCollection,
  ): Promise<{ collection: Collection; created: boolean }> {
    const existing = await this.store.getCollection(input.title);
    if (existing !== undefined) return { collection: existing, created: false };
    try {
      return { collection: (await this.createCollection(actor, input)).collection, created: true };
    } catch (error) {
      if (!(error instanceof StoreInputError && error.code === 'duplicate-title')) throw error;
      const made = await this.store.getCollection(input.title);
      if (made === undefined) throw error;
      return { collection: made, created: false };
    }
  }

  /** Every collection with its policy, in the store's listing order. */
  async collections(): Promise<readonly CollectionEntry[]> {
    return (await this.currentCatalogue()).list;
  }

  /** The collection with this id (a title does not stand for it) and its policy. */
  async collection(id: string): Promise<CollectionEntry | undefined> {
    const known = (await this.currentCatalogue()).byId.get(id);
    if (known !== undefined) return known;
    // Made since the catalogue was read, by another process or straight through the store: the
    // next call reads them all again, so that it is listed too.
    const found = await this.store.getCollection(id);
    if (found === undefined || found.id !== id) return undefined;
    this.catalogue = undefined;
    return { collection: found, policy: await this.storedPolicy(id) };
  }

  async policyOf(collection: string): Promise<CollectionPolicy> {
    return (await this.collection(collection))?.policy ?? PRIVATE_POLICY;
  }

  private async storedPolicy(collection: string): Promise<CollectionPolicy> {
    return (
      ((await this.store.getRecord(KIND.policy, collection)) as CollectionPolicy | undefined) ??
      PRIVATE_POLICY
    );
  }

  /** The catalogue read at most CACHE_MS ago; callers meanwhile share one reading. */
  private currentCatalogue(): Promise<Catalogue> {
    const now = this.clock();
    if (this.catalogue === undefined || this.catalogueUntil <= now) {
      const reading = this.readCatalogue();
      this.catalogue = reading;
      this.catalogueUntil = now + CACHE_MS;
      // A failed reading is not kept: its callers see the failure, the next caller reads again.
      reading.catch(() => {
        if (this.catalogue === reading) this.catalogue = undefined;
      });
    }
    return this.catalogue;
  }

  private async readCatalogue(): Promise<Catalogue> {
    const [collections, policies] = await Promise.all([
      this.store.listCollections(),
      this.store.listRecords(KIND.policy),
    ]);
    const policyById = new Map(policies.map((record) => [record.key, record.value as CollectionPolicy]));
    const list = collections.map((collection) => ({
      collection,
      policy: policyById.get(collection.id) ?? PRIVATE_POLICY,
    }));
    return { list, byId: new Map(list.map((entry) => [entry.collection.id, entry])) };
  }

  /**
   * Changes what organisations may do in a collection: each grant replaces that organisation's
   * previous one (a grant with no right removes it); `public` is changed when given.
   */
  async grant(
    actor: Principal,
    collection: string,
    change: { grants?: readonly Grant[]; public?: boolean },
  ): Promise<CollectionPolicy> {
    this.requireAdmin(actor, 'change collection rights');
    if ((await this.store.getCollection(collection)) === undefined) {
      throw new AccessError(`no collection '${collection.slice(0, 200)}'`, 'not-found');
    }
    // Read from the store, not the cache, so that a grant made on another node is not undone.
    const current = await this.storedPolicy(collection);
    const changed = new Map(current.grants.map((grant) => [grant.org, grant]));
    for (const grant of change.grants ?? []) {
      if ((await this.store.getRecord(KIND.org, grant.org)) === undefined) {
        throw new AccessError(`no organisation with id '${grant.org.slice(0, 100)}'`, 'not-found');
      }
      if (grant.read || grant.write || grant.red)
        changed.set(grant.org, { ...grant, read: grant.read || grant.red });
      else changed.delete(grant.org);
    }
    const policy: CollectionPolicy = {
      public: change.public ?? current.public,
      grants: [...changed.values()].sort((a, b) => a.org.localeCompare(b.org)),
    };
    await this.store.putRecord(KIND.policy, collection, policy);
    this.catalogue = undefined;
    await this.audit(actor, 'collection.grant', collection, change);
    return policy;
  }
}
