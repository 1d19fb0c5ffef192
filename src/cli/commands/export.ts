// `dreamcatcher export`: writes stored objects as a bundle or JSON Lines, streamed.

import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { Directory } from '../../access/directory.js';
import { actingFor } from '../../access/principal.js';
import { readableScopes } from '../../access/scopes.js';
import { exportStix } from '../../ingest/export.js';
import { isTimestamp } from '../../stix/timestamp.js';
import type { ListQuery, Scope, Store } from '../../store/store.js';
import { CliError, EXIT } from '../exit-codes.js';
import { type GlobalOptions, openConfiguredStore } from '../settings.js';

interface ExportFlags {
  type?: string[];
  collection?: string;
  addedAfter?: string;
  marking?: string;
  format: string;
  allVersions?: boolean;
  output?: string;
  forOrg?: string;
}

/**
 * What a member of an organisation with the reader role may read, through the same decision as
 * TAXII and the REST API: a file prepared for that organisation holds exactly what it could fetch.
 */
async function scopesFor(store: Store, orgName: string): Promise<Scope[]> {
  const directory = new Directory(store);
  const org = await directory.requireOrg(orgName);
  const reader = actingFor(org.id, 'reader', `export:${org.name}`);
  return readableScopes(directory, reader);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').filter((v) => v !== '')];
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write stored objects as a STIX bundle or JSON Lines')
    .option('-t, --type <types>', 'only these object types (comma list, repeatable)', collect)
    .option('-c, --collection <name>', 'only this collection (title or id)')
    .option('--added-after <timestamp>', 'only objects added after this STIX timestamp')
    .option('--marking <id>', 'only objects marked with this marking-definition id')
    .option('--format <format>', 'bundle or jsonl', 'bundle')
    .option('--all-versions', 'every stored version, not only the latest')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option(
      '--for-org <org>',
      'only what a reader of this organisation may see (its grants, TLP audiences, its own objects)',
    )
    .action(async (flags: ExportFlags, command: Command) => {
      if (flags.format !== 'bundle' && flags.format !== 'jsonl') {
        throw new CliError(`--format must be bundle or jsonl, not '${flags.format}'`, EXIT.usage);
      }
      if (flags.addedAfter !== undefined && !isTimestamp(flags.addedAfter)) {
        throw new CliError(
          `--added-after: '${flags.addedAfter}' is not a STIX timestamp (e.g. 2026-01-31T00:00:00Z)`,
          EXIT.usage,
        );
      }
      const store = await openConfiguredStore(command.optsWithGlobals<GlobalOptions>());
      try {
        let collection: string | undefined;
        if (flags.collection !== undefined) {
          const found = await store.getCollection(flags.collection);
          if (found === undefined) throw new CliError(`no collection '${flags.collection}'`, EXIT.usage);
          collection = found.id;
        }
        const scopes = flags.forOrg === undefined ? undefined : await scopesFor(store, flags.forOrg);
        const query: ListQuery = {
          versions: flags.allVersions ? ['all'] : ['last'],
          ...(scopes === undefined ? {} : { scopes }),
          ...(collection === undefined ? {} : { collection }),
          ...(flags.type === undefined ? {} : { types: flags.type }),
          ...(flags.addedAfter === undefined ? {} : { addedAfter: flags.addedAfter }),
        };
        const out = flags.output === undefined ? process.stdout : createWriteStream(flags.output);
        const written = await exportStix(store, out, {
          query,
          format: flags.format,
          ...(flags.marking === undefined ? {} : { marking: flags.marking }),
        });
        if (out !== process.stdout)
          await new Promise<void>((resolve, reject) =>
            out.end((e?: Error | null) => (e ? reject(e) : resolve())),
          );
        process.stderr.write(`exported ${written} objects\n`);
      } finally {
        await store.close();
      }
    });
}
