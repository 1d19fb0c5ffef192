// `dreamcatcher collection create|list|grant`: collections, the API roots they are served under,
// and which organisations may read, write or receive RED content in each.

import type { Command } from 'commander';
import type { Directory } from '../../access/directory.js';
import type { CollectionPolicy, Grant } from '../../access/policy.js';
import { SYSTEM } from '../../access/principal.js';
import type { Collection } from '../../store/store.js';
import { CliError, EXIT } from '../exit-codes.js';
import { print, withDirectory } from '../with-store.js';

interface GrantFlags {
  read?: string[];
  write?: string[];
  red?: string[];
  revoke?: string[];
}

function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

/** One grant per organisation named in the flags, organisations given by name or id. */
async function grantsOf(
  directory: Directory,
  flags: GrantFlags,
  current: readonly Grant[] = [],
): Promise<Grant[]> {
  const byOrg = new Map<string, Grant>();
  const touch = async (name: string, change: Partial<Grant>) => {
    const org = await directory.requireOrg(name);
    const base = byOrg.get(org.id) ??
      current.find((grant) => grant.org === org.id) ?? { org: org.id, read: false, write: false, red: false };
    byOrg.set(org.id, { ...base, ...change });
  };
  for (const name of flags.read ?? []) await touch(name, { read: true });
  for (const name of flags.write ?? []) await touch(name, { write: true });
  for (const name of flags.red ?? []) await touch(name, { read: true, red: true });
  for (const name of flags.revoke ?? []) await touch(name, { read: false, write: false, red: false });
  return [...byOrg.values()];
}

function grantOptions(command: Command): Command {
  return command
    .option('--read <orgs>', 'organisations that may read (up to TLP:AMBER+STRICT); comma list', collect)
    .option('--write <orgs>', 'organisations that may add objects; comma list', collect)
    .option('--red <orgs>', 'organisations that may also read TLP:RED; comma list', collect);
}

export function registerCollection(program: Command): void {
  const collection = program.command('collection').description('manage collections and who may use them');

  grantOptions(
    collection
      .command('create <title>')
      .description('create a collection; prints its id')
      .option('--api-root <root>', 'the TAXII API root to serve it under', 'api1')
      .option('--description <text>', 'what the collection holds')
      .option('--public', 'anyone may read its TLP:CLEAR objects, any member its GREEN ones'),
  )
    .option('--json', 'print the collection and its policy as JSON')
    .action(
      async (
        title: string,
        flags: GrantFlags & { apiRoot: string; description?: string; public?: boolean; json?: boolean },
        command: Command,
      ) => {
        await withDirectory(command, async ({ directory }) => {
          const created = await directory.createCollection(SYSTEM, {
            title,
            apiRoot: flags.apiRoot,
            ...(flags.description === undefined ? {} : { description: flags.description }),
            public: flags.public === true,
            grants: await grantsOf(directory, flags),
          });
          print(flags.json === true, created, () => [created.collection.id]);
        });
      },
    );

  collection
    .command('list')
    .description('list collections with their API root and policy')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      await withDirectory(command, async ({ directory }) => {
        const names = new Map((await directory.listOrgs()).map((org) => [org.id, org.name]));
        const rows: (Collection & { policy: CollectionPolicy })[] = [];
        for (const { collection, policy } of await directory.collections())
          rows.push({ ...collection, policy });
        print(flags.json === true, rows, () =>
          rows.map((row) => {
            const grants = row.policy.grants.map((grant) => {
              const rights = [grant.read ? 'read' : '', grant.write ? 'write' : '', grant.red ? 'red' : '']
                .filter((right) => right !== '')
                .join('+');
              return `${names.get(grant.org) ?? grant.org}:${rights}`;
            });
            return [
              row.id,
              row.title,
              `/${row.apiRoot}/`,
              row.policy.public ? 'public' : 'private',
              grants.join(','),
            ]
              .join('\t')
              .trimEnd();
          }),
        );
      });
    });

  grantOptions(
    collection
      .command('grant <collection>')
      .description("change organisations' rights on a collection (title or id)")
      .option('--revoke <orgs>', 'organisations that lose every right; comma list', collect)
      .option('--public', 'make the collection public')
      .option('--private', 'make the collection private'),
  )
    .option('--json', 'print the new policy as JSON')
    .action(
      async (
        name: string,
        flags: GrantFlags & { public?: boolean; private?: boolean; json?: boolean },
        command: Command,
      ) => {
        if (flags.public === true && flags.private === true) {
          throw new CliError('--public and --private exclude each other', EXIT.usage);
        }
        await withDirectory(command, async ({ store, directory }) => {
          const found = await store.getCollection(name);
          if (found === undefined) throw new CliError(`no collection '${name}'`, EXIT.usage);
          const current = await directory.policyOf(found.id);
          const policy = await directory.grant(SYSTEM, found.id, {
            grants: await grantsOf(directory, flags, current.grants),
            ...(flags.public === true ? { public: true } : flags.private === true ? { public: false } : {}),
          });
          print(flags.json === true, policy, () => [`${found.id}\t${policy.public ? 'public' : 'private'}`]);
        });
      },
    );
}
