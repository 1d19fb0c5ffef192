// `dreamcatcher serve`: the HTTP server (REST API now; TAXII and the console mount here later).

import type { Command } from 'commander';
import { buildServer } from '../../server/app.js';
import { CliError, EXIT } from '../exit-codes.js';
import { describeStore, type GlobalOptions, openConfiguredStore } from '../settings.js';

interface ServeFlags {
  host: string;
  port: string;
  logLevel: string;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port must be a whole number from 0 to 65535, not '${text}'`, EXIT.usage);
  }
  return port;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP server (REST API) over the configured store')
    .option(
      '--host <host>',
      'address to listen on (env DREAMCATCHER_HOST)',
      process.env.DREAMCATCHER_HOST ?? '127.0.0.1',
    )
    .option(
      '--port <port>',
      'port to listen on, 0 for any free one (env DREAMCATCHER_PORT)',
      process.env.DREAMCATCHER_PORT ?? '8470',
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace', 'info')
    .action(async (flags: ServeFlags, command: Command) => {
      const port = parsePort(flags.port);
      const globals = command.optsWithGlobals<GlobalOptions>();
      const store = await openConfiguredStore(globals);
      const app = await buildServer({ store, logLevel: flags.logLevel });
      try {
        const address = await app.listen({ host: flags.host, port });
        app.log.info(`dreamcatcher listening on ${address} with ${describeStore(globals)}`);
      } catch (error) {
        await app.close();
        await store.close();
        const code = (error as NodeJS.ErrnoException).code;
        const reason =
          code === 'EADDRINUSE'
            ? 'the port is in use'
            : code === 'EADDRNOTAVAIL'
              ? 'no such local address'
              : (error as Error).message;
        throw new CliError(`cannot listen on ${flags.host}:${port}: ${reason}`, EXIT.failure);
      }
      const stop = async () => {
        await app.close();
        await store.close();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
