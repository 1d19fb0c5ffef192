// `dreamcatcher serve`: the HTTP server: REST API and TAXII 2.1 (the console mounts here later).

import type { Command } from 'commander';
import { Directory } from '../../access/directory.js';
import { SYSTEM } from '../../access/principal.js';
import { type AlertOutput, stdoutOutput, syslogOutput, webhookOutput } from '../../hunt/outputs.js';
import { loadPack } from '../../packs/load.js';
import { buildServer } from '../../server/app.js';
import type { Store } from '../../store/store.js';
import { scheduleSync } from '../../sync/scheduler.js';
import { CliError, EXIT } from '../exit-codes.js';
import { describeStore, type GlobalOptions, openConfiguredStore, storeOptionsOf } from '../settings.js';
import { defaultWorkerCount, parseWorkerCount } from '../worker-count.js';

interface ServeFlags {
  host: string;
  port: string;
  logLevel: string;
  rateLimit: string;
  syncInterval: string;
  alertStdout?: boolean;
  alertWebhook?: string[];
  alertSyslog?: string[];
  huntWorkers?: string;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The alert outputs serve was given; a malformed target is a usage error before anything starts. */
function alertOutputs(flags: ServeFlags): AlertOutput[] {
  try {
    return [
      ...(flags.alertStdout === true ? [stdoutOutput(process.stdout, true)] : []),
      ...(flags.alertWebhook ?? []).map((url) => webhookOutput(url)),
      ...(flags.alertSyslog ?? []).map((target) => syslogOutput(target)),
    ];
  } catch (error) {
    throw new CliError(`alert output: ${(error as Error).message}`, EXIT.usage);
  }
}

/**
 * On the very first start there is nobody to log in as and nothing to look at: load the DreamJob
 * pack into its public collection, make an organisation and an admin user, and print the admin's
 * token once, as `user create` would. The pack goes first: "first start" means "no user yet", so a
 * start that died before the admin was made loads it again (loading is idempotent).
 */
async function bootstrap(store: Store, directory: Directory): Promise<void> {
  if ((await directory.listUsers()).length > 0) return;
  const pack = await loadPack(store, 'dreamjob');
  process.stderr.write(
    `dreamcatcher: first start: loaded pack 'dreamjob' (${pack.added} objects) into public collection '${pack.collection.title}'\n`,
  );
  const org = (await directory.findOrg('local')) ?? (await directory.createOrg(SYSTEM, 'local'));
  const { token } = await directory.createUser(SYSTEM, { name: 'admin', org: org.id, role: 'admin' });
  process.stderr.write(
    `dreamcatcher: first start: created organisation 'local' and user 'admin' (role admin).\n` +
      `dreamcatcher: admin API token, shown only now: ${token}\n` +
      `dreamcatcher: e.g. curl -H 'Authorization: Bearer ${token.slice(0, 8)}...' -H 'Accept: application/taxii+json;version=2.1' http://HOST:PORT/taxii2/\n`,
  );
}

function parseRate(text: string): number {
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate < 0) {
    throw new CliError(`--rate-limit must be requests per second (0 for none), not '${text}'`, EXIT.usage);
  }
  return rate;
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
    .description('run the HTTP server (REST API and TAXII 2.1) over the configured store')
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
    .option(
      '--rate-limit <perSecond>',
      'requests per second per token (and per address without one), bursts of twice that; 0 for none (env DREAMCATCHER_RATE_LIMIT)',
      process.env.DREAMCATCHER_RATE_LIMIT ?? '200',
    )
    .option(
      '--sync-interval <seconds>',
      'run every sync peer this often; 0 for never (env DREAMCATCHER_SYNC_INTERVAL)',
      process.env.DREAMCATCHER_SYNC_INTERVAL ?? '300',
    )
    .option('--alert-stdout', 'print an alert (JSON line) for each new sighting from submitted telemetry')
    .option('--alert-webhook <url>', 'POST an alert for each new sighting to this URL (repeatable)', collect)
    .option(
      '--alert-syslog <target>',
      'send an alert for each new sighting to syslog, udp://host:port or tcp://host:port',
      collect,
    )
    .option(
      '--hunt-workers <n>',
      "threads that read and match each organisation's submitted telemetry beside the serving one (0: none); one per core by default, at most 4 (env DREAMCATCHER_HUNT_WORKERS)",
      process.env.DREAMCATCHER_HUNT_WORKERS,
    )
    .action(async (flags: ServeFlags, command: Command) => {
      const port = parsePort(flags.port);
      const huntWorkers =
        flags.huntWorkers === undefined
          ? defaultWorkerCount()
          : parseWorkerCount(flags.huntWorkers, '--hunt-workers');
      const outputs = alertOutputs(flags);
      const rate = parseRate(flags.rateLimit);
      const syncSeconds = Number(flags.syncInterval);
      if (!Number.isFinite(syncSeconds) || syncSeconds < 0) {
        throw new CliError(
          `--sync-interval must be seconds (0 for never), not '${flags.syncInterval}'`,
          EXIT.usage,
        );
      }
      const globals = command.optsWithGlobals<GlobalOptions>();
      const store = await openConfiguredStore(globals, true);
      const directory = new Directory(store);
      await bootstrap(store, directory);
      const app = await buildServer({
        store,
        directory,
        logLevel: flags.logLevel,
        alertOutputs: outputs,
        ...(huntWorkers === 0 ? {} : { huntWorkers: { count: huntWorkers, store: storeOptionsOf(globals) } }),
        ...(rate === 0 ? {} : { rateLimit: { perSecond: rate, burst: Math.max(1, rate * 2) } }),
      });
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
      const sync =
        syncSeconds === 0
          ? undefined
          : scheduleSync(store, directory, syncSeconds * 1000, (report) => {
              if (report.error !== undefined)
                app.log.warn({ sync: report }, `sync with ${report.peer} stopped`);
              else app.log.info({ sync: report }, `sync with ${report.peer} done`);
            });
      const stop = async () => {
        await sync?.stop();
        await app.close();
        await store.close();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
