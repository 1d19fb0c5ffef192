// `dreamcatcher audit`: the append-only log of every write and admin action, oldest first.

import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { withDirectory } from '../with-store.js';

const PAGE = 1000;

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('print the audit log: every write and every admin action')
    .option('--after <seq>', 'only entries after this sequence number', '0')
    .option('--limit <n>', 'at most this many entries')
    .option('--json', 'one JSON object per line')
    .action(async (flags: { after: string; limit?: string; json?: boolean }, command: Command) => {
      const after = Number(flags.after);
      const limit = flags.limit === undefined ? Number.POSITIVE_INFINITY : Number(flags.limit);
      if (!Number.isSafeInteger(after) || after < 0) {
        throw new CliError(`--after must be a sequence number, not '${flags.after}'`, EXIT.usage);
      }
      if (!(limit === Number.POSITIVE_INFINITY || (Number.isSafeInteger(limit) && limit > 0))) {
        throw new CliError(`--limit must be a positive whole number, not '${flags.limit}'`, EXIT.usage);
      }
      await withDirectory(command, async ({ store }) => {
        let cursor = after;
        let left = limit;
        while (left > 0) {
          const entries = await store.listAudit({ after: cursor, limit: Math.min(PAGE, left) });
          for (const entry of entries) {
            const details = entry.details === undefined ? '' : `\t${JSON.stringify(entry.details)}`;
            process.stdout.write(
              flags.json === true
                ? `${JSON.stringify(entry)}\n`
                : `${entry.seq}\t${entry.time}\t${entry.actor}\t${entry.action}\t${entry.target}${details}\n`,
            );
          }
          const last = entries.at(-1);
          if (last === undefined || entries.length < Math.min(PAGE, left)) break;
          cursor = last.seq;
          left -= entries.length;
        }
      });
    });
}
