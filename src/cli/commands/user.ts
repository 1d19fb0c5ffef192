// `dreamcatcher user create|list` and `dreamcatcher token create|list|revoke`. A token is printed
// once, when it is made; the server keeps only its digest.

import type { Command } from 'commander';
import { ROLES, SYSTEM } from '../../access/principal.js';
import { CliError, EXIT } from '../exit-codes.js';
import { print, withDirectory } from '../with-store.js';

function days(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0)) {
    throw new CliError(`--expires-in must be a positive number of days, not '${text}'`, EXIT.usage);
  }
  return value;
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('manage users and their API tokens');

  user
    .command('create <name>')
    .description('create a user and print its first API token (shown only this once)')
    .requiredOption('--org <org>', 'organisation name or id')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--expires-in <days>', 'the token expires after this many days')
    .option('--json', 'print {user, token, tokenId} as JSON')
    .action(
      async (
        name: string,
        flags: { org: string; role: string; expiresIn?: string; json?: boolean },
        command: Command,
      ) => {
        const expiresInDays = days(flags.expiresIn);
        await withDirectory(command, async ({ directory }) => {
          const created = await directory.createUser(SYSTEM, {
            name,
            org: flags.org,
            role: flags.role,
            ...(expiresInDays === undefined ? {} : { expiresInDays }),
          });
          print(flags.json === true, created, () => [created.token]);
        });
      },
    );

  user
    .command('list')
    .description('list users')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      await withDirectory(command, async ({ directory }) => {
        const users = await directory.listUsers();
        print(flags.json === true, users, () =>
          users.map((item) => `${item.name}\t${item.role}\t${item.org}`),
        );
      });
    });

  const token = program.command('token').description('manage API tokens');

  token
    .command('create <user>')
    .description('issue a further token for a user (shown only this once)')
    .option('--expires-in <days>', 'the token expires after this many days')
    .option('--json', 'print {token, tokenId} as JSON')
    .action(async (userName: string, flags: { expiresIn?: string; json?: boolean }, command: Command) => {
      const expiresInDays = days(flags.expiresIn);
      await withDirectory(command, async ({ directory }) => {
        const issued = await directory.createToken(SYSTEM, userName, expiresInDays);
        print(flags.json === true, issued, () => [issued.token]);
      });
    });

  token
    .command('list')
    .description('list tokens (ids and dates, never secrets)')
    .option('--user <name>', 'only this user')
    .option('--json', 'print JSON')
    .action(async (flags: { user?: string; json?: boolean }, command: Command) => {
      await withDirectory(command, async ({ directory }) => {
        const tokens = await directory.listTokens(flags.user);
        print(flags.json === true, tokens, () =>
          tokens.map(
            (item) =>
              `${item.id}\t${item.user}\tcreated ${item.created}` +
              (item.expires === undefined ? '' : `\texpires ${item.expires}`) +
              (item.revoked === undefined ? '' : `\trevoked ${item.revoked}`),
          ),
        );
      });
    });

  token
    .command('revoke <id>')
    .description('revoke a token at once')
    .action(async (id: string, _flags: unknown, command: Command) => {
      await withDirectory(command, async ({ directory }) => {
        await directory.revokeToken(SYSTEM, id);
      });
    });
}
