// `dreamcatcher org create|list`: the organisations that share on this server.

import type { Command } from 'commander';
import { SYSTEM } from '../../access/principal.js';
import { print, withDirectory } from '../with-store.js';

export function registerOrg(program: Command): void {
  const org = program.command('org').description('manage organisations (each is a STIX identity)');

  org
    .command('create <name>')
    .description('create an organisation; prints its id')
    .option('--json', 'print the organisation as JSON')
    .action(async (name: string, flags: { json?: boolean }, command: Command) => {
      await withDirectory(command, async ({ directory }) => {
        const created = await directory.createOrg(SYSTEM, name);
        print(flags.json === true, created, () => [created.id]);
      });
    });

  org
    .command('list')
    .description('list the organisations')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      await withDirectory(command, async ({ directory }) => {
        const orgs = await directory.listOrgs();
        print(flags.json === true, orgs, () => orgs.map((item) => `${item.id}\t${item.name}`));
      });
    });
}
