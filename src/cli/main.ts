#!/usr/bin/env node
// The `dreamcatcher` command line: composition only. Every failure a person can act on is printed
// as one line with the exit code of exit-codes.ts; anything else is a bug and says so.

import { Command, CommanderError } from 'commander';
import { AccessError } from '../access/errors.js';
import { StoreError, StoreInputError } from '../store/store.js';
import { SyncPeerError } from '../sync/peers.js';
import { registerAudit } from './commands/audit.js';
import { registerCollection } from './commands/collection.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerHunt } from './commands/hunt.js';
import { registerImport } from './commands/import.js';
import { registerOrg } from './commands/org.js';
import { registerPack } from './commands/pack.js';
import { registerPattern } from './commands/pattern.js';
import { registerServe } from './commands/serve.js';
import { registerSync } from './commands/sync.js';
import { registerUser } from './commands/user.js';
import { registerValidate } from './commands/validate.js';
import { CliError, EXIT } from './exit-codes.js';

const program = new Command('dreamcatcher')
  .description('STIX 2.1 threat-intelligence sharing and detection')
  .option('--data <dir>', 'data folder for the embedded database (env DREAMCATCHER_DATA_DIR)', undefined)
  .showHelpAfterError('(run dreamcatcher --help for usage)')
  .exitOverride();

registerServe(program);
registerValidate(program);
registerImport(program);
registerExport(program);
registerPattern(program);
registerOrg(program);
registerUser(program);
registerCollection(program);
registerAudit(program);
registerSync(program);
registerPack(program);
registerHunt(program);
registerDemo(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are not failures; everything else commander reports is a usage error.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (error instanceof CliError) {
    process.stderr.write(`dreamcatcher: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (error instanceof AccessError) {
    process.stderr.write(`dreamcatcher: ${error.message}\n`);
    // A malformed name or role is the command line's fault; a duplicate or a missing one is not.
    process.exitCode = error.code.startsWith('bad-') ? EXIT.usage : EXIT.invalid;
  } else if (error instanceof SyncPeerError) {
    process.stderr.write(`dreamcatcher: ${error.message}\n`);
    process.exitCode = error.code.startsWith('bad-') ? EXIT.usage : EXIT.invalid;
  } else if (error instanceof StoreInputError) {
    process.stderr.write(`dreamcatcher: ${error.message}\n`);
    process.exitCode = EXIT.usage;
  } else if (error instanceof StoreError) {
    process.stderr.write(`dreamcatcher: ${error.message}\n`);
    process.exitCode = EXIT.failure;
  } else {
    process.stderr.write(`dreamcatcher: unexpected failure: ${(error as Error).message}\n`);
    process.exitCode = EXIT.failure;
  }
}
