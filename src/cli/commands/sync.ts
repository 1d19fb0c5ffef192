// `dreamcatcher sync add|list|run|remove`: TAXII 2.1 peers to pull from and push to. `serve` runs
// every peer on a schedule too (--sync-interval).

import type { Command } from 'commander';
import { addPeer, checkApiRootUrl, getPeer, listPeers, removePeer, type SyncPeer } from '../../sync/peers.js';
import { runPeer } from '../../sync/run.js';
import { CliError, EXIT } from '../exit-codes.js';
import { print, withDirectory } from '../with-store.js';

interface AddFlags {
  collection: string;
  into: string;
  token: string;
  pull: boolean;
  pushAs?: string;
  json?: boolean;
}

export function registerSync(program: Command): void {
  const sync = program.command('sync').description('exchange objects with other TAXII 2.1 servers');

  sync
    .command('add <name> <url>')
    .description("add a peer: URL is the peer's API root, e.g. https://cert.example/api1/")
    .requiredOption('--collection <id>', "the peer's collection id")
    .requiredOption('--into <collection>', 'the local collection (title or id) to pull into and push from')
    .requiredOption('--token <token>', 'the API token the peer issued to this server')
    .option('--no-pull', 'do not pull from the peer')
    .option(
      '--push-as <org>',
      'push local objects to the peer as this organisation may see them here (never AMBER+STRICT or RED)',
    )
    .option('--json', 'print the peer as JSON (without its token)')
    .action(async (name: string, url: string, flags: AddFlags, command: Command) => {
      const apiRoot = checkApiRootUrl(url);
      await withDirectory(command, async ({ store, directory }) => {
        const local = await store.getCollection(flags.into);
        if (local === undefined) throw new CliError(`no local collection '${flags.into}'`, EXIT.usage);
        if (flags.pushAs !== undefined) await directory.requireOrg(flags.pushAs);
        const peer: SyncPeer = {
          name,
          apiRoot,
          remoteCollection: flags.collection,
          localCollection: local.id,
          token: flags.token,
          pull: flags.pull,
          ...(flags.pushAs === undefined ? {} : { pushAs: flags.pushAs }),
        };
        await addPeer(store, peer);
        const { token: _token, ...shown } = peer;
        print(flags.json === true, shown, () => [name]);
      });
    });

  sync
    .command('list')
    .description('list peers with their cursors and last run')
    .option('--json', 'print JSON (without tokens)')
    .action(async (flags: { json?: boolean }, command: Command) => {
      await withDirectory(command, async ({ store }) => {
        const peers = (await listPeers(store)).map(({ token: _token, ...rest }) => rest);
        print(flags.json === true, peers, () =>
          peers.map((peer) =>
            [
              peer.name,
              peer.apiRoot,
              peer.remoteCollection,
              peer.pull ? `pulled to ${peer.pullCursor ?? '(start)'}` : 'no pull',
              peer.pushAs === undefined ? 'no push' : `pushed to ${peer.pushCursor ?? '(start)'}`,
              peer.lastError ? `error: ${peer.lastError}` : '',
            ]
              .join('\t')
              .trimEnd(),
          ),
        );
      });
    });

  sync
    .command('run [name]')
    .description('sync every peer (or one) now')
    .option('--json', 'print one JSON report per peer')
    .action(async (name: string | undefined, flags: { json?: boolean }, command: Command) => {
      await withDirectory(command, async ({ store, directory }) => {
        const peers = name === undefined ? await listPeers(store) : [await getPeer(store, name)];
        let failed = false;
        for (const peer of peers) {
          const report = await runPeer(store, directory, peer);
          failed ||= report.error !== undefined;
          print(flags.json === true, report, () => [
            `${report.peer}: ` +
              [
                report.pull === undefined
                  ? ''
                  : `pulled ${report.pull.added} new, ${report.pull.unchanged} known, ${report.pull.rejected.length} rejected`,
                report.push === undefined
                  ? ''
                  : `pushed ${report.push.pushed}, ${report.push.failures.length} refused by the peer`,
                report.error === undefined ? '' : `stopped: ${report.error}`,
              ]
                .filter((part) => part !== '')
                .join('; '),
            ...(report.pull?.rejected ?? []).map((item) => `  rejected ${item.id}: ${item.reason}`),
            ...(report.push?.failures ?? []).map((item) => `  refused ${item.id}: ${item.reason}`),
          ]);
        }
        if (failed) process.exitCode = EXIT.failure;
      });
    });

  sync
    .command('remove <name>')
    .description('forget a peer and its cursors')
    .action(async (name: string, _flags: unknown, command: Command) => {
      await withDirectory(command, ({ store }) => removePeer(store, name));
    });
}
