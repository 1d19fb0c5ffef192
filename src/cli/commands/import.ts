// `dreamcatcher import FILE|-`: validates and stores STIX content, reporting each rejected object.

import type { Command } from 'commander';
import { importStixBytes, type Rejection } from '../../ingest/import.js';
import { EXIT } from '../exit-codes.js';
import { openInput } from '../input.js';
import { startProgress } from '../progress.js';
import { formatIssue } from '../report.js';
import { type GlobalOptions, openConfiguredStore } from '../settings.js';

interface ImportFlags {
  collection: string;
  json?: boolean;
  warnings?: boolean;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('validate and store STIX content: a bundle, a JSON array or JSON Lines (- for stdin)')
    .argument('<file>', 'file to import, or - for standard input')
    .option(
      '-c, --collection <name>',
      'collection (title or id) to store into; created when missing',
      'default',
    )
    .option('--json', 'print a JSON summary, and rejected objects as JSON lines')
    .option('--warnings', 'also print warnings for objects that were stored')
    .action(async (file: string, flags: ImportFlags, command: Command) => {
      const input = openInput(file);
      const store = await openConfiguredStore(command.optsWithGlobals<GlobalOptions>());
      try {
        const collection =
          (await store.getCollection(flags.collection)) ??
          (await store.createCollection({ title: flags.collection }));
        const progress = startProgress('importing', input.size, !flags.json);
        const started = Date.now();
        const printRejection = (rejection: Rejection) => {
          if (flags.json) {
            process.stdout.write(`${JSON.stringify({ rejected: rejection })}\n`);
            return;
          }
          for (const issue of rejection.issues) {
            const where = { file: input.name, line: rejection.line, column: rejection.column };
            process.stderr.write(
              `${formatIssue(rejection.id === undefined ? where : { ...where, id: rejection.id }, issue)}\n`,
            );
          }
        };
        const summary = await importStixBytes(store, input.chunks, {
          collection: collection.id,
          onRejected: printRejection,
          ...(flags.warnings
            ? {
                onWarnings: (where, warnings) => {
                  for (const w of warnings) {
                    process.stderr.write(`${formatIssue({ file: input.name, ...where }, w)}\n`);
                  }
                },
              }
            : {}),
          onProgress: (s) =>
            progress.update(
              input.bytesRead(),
              `${s.added} added, ${s.unchanged} unchanged, ${s.rejected} rejected`,
            ),
        });
        progress.stop();
        const seconds = (Date.now() - started) / 1000;
        if (flags.json) {
          process.stdout.write(
            `${JSON.stringify({ summary: { ...summary, collection: collection.id, seconds } })}\n`,
          );
        } else {
          process.stdout.write(
            `${input.name}: ${summary.read} read, ${summary.added} added, ${summary.unchanged} unchanged, ` +
              `${summary.rejected} rejected, ${summary.warnings} warnings into '${collection.title}' in ${seconds.toFixed(1)} s\n`,
          );
        }
        process.exitCode = summary.rejected === 0 ? EXIT.ok : EXIT.invalid;
      } finally {
        await store.close();
      }
    });
}
