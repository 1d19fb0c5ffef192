// `dreamcatcher pack list|load`: the knowledge packs shipped with dreamcatcher, STIX content the
// project authors, each loaded into a collection of its own.

import type { Command } from 'commander';
import { findPack, PACKS } from '../../packs/index.js';
import { loadPack } from '../../packs/load.js';
import { CliError, EXIT } from '../exit-codes.js';
import { print, withDirectory } from '../with-store.js';

export function registerPack(program: Command): void {
  const pack = program.command('pack').description('knowledge packs shipped with dreamcatcher');

  pack
    .command('list')
    .description('list the packs: name, number of objects, title')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      const rows = PACKS.map((item) => ({
        name: item.name,
        objects: item.objects().length,
        title: item.title,
      }));
      print(flags.json === true, rows, () => rows.map((row) => `${row.name}\t${row.objects}\t${row.title}`));
    });

  pack
    .command('load <name>')
    .description(
      'store a pack in its collection (created public when missing); loading it again adds nothing',
    )
    .option('-c, --collection <name>', 'collection (title or id) to load into; the pack name by default')
    .option('--json', 'print the outcome as JSON')
    .action(async (name: string, flags: { collection?: string; json?: boolean }, command: Command) => {
      if (findPack(name) === undefined) {
        throw new CliError(`no knowledge pack named '${name}' (see: dreamcatcher pack list)`, EXIT.usage);
      }
      await withDirectory(command, async ({ store }) => {
        const result = await loadPack(
          store,
          name,
          flags.collection === undefined ? {} : { collection: flags.collection },
        );
        print(flags.json === true, result, () => [
          `${result.pack}: ${result.added} added, ${result.unchanged} unchanged, ${result.conflicts.length} conflicting into '${result.collection.title}' (${result.collection.id}${result.createdCollection ? ', created public' : ''})`,
        ]);
        if (result.conflicts.length > 0) {
          if (flags.json !== true) {
            for (const conflict of result.conflicts)
              process.stderr.write(`${conflict.id}: ${conflict.message}\n`);
          }
          process.exitCode = EXIT.invalid;
        }
      });
    });
}
