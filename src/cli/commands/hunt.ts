// `dreamcatcher hunt FILE... [--follow]`: runs telemetry (Sysmon, Zeek, Suricata, generic JSON with a
// mapping, STIX observed-data) through every active indicator the organisation may see; each hit is
// a sighting and an alert. `--json` prints one alert per line.

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SYSTEM } from '../../access/principal.js';
import { DetectionBatcher } from '../../hunt/batch.js';
import { followFile } from '../../hunt/follow.js';
import { Hunter } from '../../hunt/hunter.js';
import { type AlertOutput, stdoutOutput, syslogOutput, webhookOutput } from '../../hunt/outputs.js';
import { MappingError } from '../../observe/mapping.js';
import { materialize } from '../../observe/materialize.js';
import { UnknownFormatError } from '../../observe/read-events.js';
import { TLP2_MARKINGS, type TlpLevel } from '../../stix/tlp.js';
import { CliError, EXIT } from '../exit-codes.js';
import { openInput } from '../input.js';
import { type GlobalOptions, storeOptionsOf } from '../settings.js';
import { withDirectory } from '../with-store.js';
import { defaultWorkerCount, parseWorkerCount } from '../worker-count.js';
import { EvaluationErrorLog } from './hunt-errors.js';

interface HuntFlags {
  follow?: boolean;
  format?: string;
  mapping?: string;
  org: string;
  json?: boolean;
  record: boolean;
  tlp: string;
  window: string;
  webhook?: string[];
  syslog?: string[];
  refresh: string;
  workers?: string;
}

const MAX_ERRORS_SHOWN = 50;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0))
    throw new CliError(`${flag} must be a positive number, not '${text}'`, EXIT.usage);
  return value;
}

/** Worker threads for a hunt: --workers, else the default; none when following files (see below). */
function workerCount(flags: HuntFlags): number {
  if (flags.workers === undefined) return flags.follow === true ? 0 : defaultWorkerCount();
  const count = parseWorkerCount(flags.workers, '--workers');
  // Followed lines trickle in, and a worker's batch would wait for more before being read.
  if (count > 0 && flags.follow === true)
    throw new CliError(
      '--workers cannot be used with --follow: followed lines are read as they come',
      EXIT.usage,
    );
  return count;
}

export function registerHunt(program: Command): void {
  program
    .command('hunt <files...>')
    .description(
      'run telemetry through the indicators: sightings and alerts for every hit ("-" reads standard input)',
    )
    .option('--follow', 'keep reading the files as they grow, like tail -f')
    .option('--format <format>', 'windows, zeek, suricata, generic or stix (detected when absent)')
    .option('--mapping <file>', 'mapping table for generic JSON lines')
    .option('--org <org>', 'the organisation hunting: its indicators, its sightings', 'local')
    .option('--json', 'one JSON alert per line on standard output')
    .option('--no-record', 'do not store sightings, only report')
    .option('--tlp <level>', 'TLP of the sightings shared: clear, green, amber, amber+strict or red', 'amber')
    .option(
      '--window <minutes>',
      'hits of one indicator on one host closer than this update one sighting',
      '60',
    )
    .option('--webhook <url>', 'also POST each alert as JSON to this URL (repeatable)', collect)
    .option(
      '--syslog <target>',
      'also send each alert to syslog, udp://host:port or tcp://host:port (repeatable)',
      collect,
    )
    .option('--refresh <seconds>', 'with --follow, pick up new intelligence this often', '30')
    .option(
      '--workers <n>',
      'threads that read and match lines beside the main one (0: all on one thread); one per core by default, none with --follow',
    )
    .action(async (files: string[], flags: HuntFlags, command: Command) => {
      if (!(flags.tlp in TLP2_MARKINGS)) {
        throw new CliError(
          `--tlp must be clear, green, amber, amber+strict or red, not '${flags.tlp}'`,
          EXIT.usage,
        );
      }
      const windowMs = positive(flags.window, '--window') * 60_000;
      const refreshMs = positive(flags.refresh, '--refresh') * 1000;
      const workers = workerCount(flags);
      let mapping: unknown;
      if (flags.mapping !== undefined) {
        try {
          mapping = JSON.parse(readFileSync(flags.mapping, 'utf8'));
        } catch (error) {
          throw new CliError(`--mapping ${flags.mapping}: ${(error as Error).message}`, EXIT.usage);
        }
      }
      const inputs = flags.follow === true ? [] : files.map((file) => openInput(file));
      // Standard output shows every hit; webhooks and syslog get one alert per new sighting.
      const screen = stdoutOutput(process.stdout, flags.json === true);
      const outputs: AlertOutput[] = [];
      try {
        for (const url of flags.webhook ?? []) outputs.push(webhookOutput(url));
        for (const target of flags.syslog ?? []) outputs.push(syslogOutput(target));
      } catch (error) {
        throw new CliError((error as Error).message, EXIT.usage);
      }

      await withDirectory(command, async ({ store, directory }) => {
        const org =
          (await directory.findOrg(flags.org)) ??
          (flags.org === 'local' ? await directory.createOrg(SYSTEM, 'local') : undefined);
        if (org === undefined) throw new CliError(`no organisation '${flags.org}'`, EXIT.usage);
        const evaluationErrors = new EvaluationErrorLog((line) => process.stderr.write(line));
        const hunter = await Hunter.open({
          store,
          directory,
          org,
          record: flags.record,
          windowMs,
          outputs,
          materialize: (event) => materialize(event),
          onOutputError: (name, error) =>
            process.stderr.write(`dreamcatcher: alert to ${name} failed: ${error.message}\n`),
          onEvaluationError: (id, message) => evaluationErrors.add(id, message),
          ...(workers === 0
            ? {}
            : {
                workers: { count: workers, store: storeOptionsOf(command.optsWithGlobals<GlobalOptions>()) },
              }),
        });
        process.stderr.write(`hunting with ${hunter.stats.indicators} indicators of ${org.name}\n`);
        const stop = new AbortController();
        process.once('SIGINT', () => stop.abort());
        process.once('SIGTERM', () => stop.abort());
        let errors = 0;
        let lastRefresh = Date.now();
        const started = process.hrtime.bigint();

        const huntOne = async (source: string, chunks: AsyncIterable<Buffer>) => {
          const batcher = new DetectionBatcher(hunter, {
            marking: TLP2_MARKINGS[flags.tlp as TlpLevel].id as string,
            onAlerts: async (alerts) => {
              for (const alert of alerts) await screen.send(alert);
            },
          });
          try {
            for await (const batch of hunter.hunt(chunks, {
              source,
              ...(flags.format === undefined ? {} : { format: flags.format }),
              ...(mapping === undefined ? {} : { mapping }),
            })) {
              for (const { line, message } of batch.errors) {
                errors += 1;
                if (errors <= MAX_ERRORS_SHOWN) process.stderr.write(`${source}:${line}: ${message}\n`);
              }
              if (batch.detections.length > 0) await batcher.add(batch.detections);
              if (flags.follow === true && Date.now() - lastRefresh > refreshMs) {
                lastRefresh = Date.now();
                await hunter.refresh();
              }
            }
            await batcher.flush();
          } catch (error) {
            // What was found before the failure is still recorded.
            await batcher.flush();
            if (error instanceof UnknownFormatError || error instanceof MappingError) {
              throw new CliError(
                `${error.message}; name one with --format${error instanceof MappingError ? ' or fix --mapping' : ''}`,
                EXIT.usage,
              );
            }
            throw error;
          }
        };

        try {
          if (flags.follow === true) {
            await Promise.all(files.map((file) => huntOne(file, followFile(file, { signal: stop.signal }))));
          } else {
            for (const input of inputs) await huntOne(input.name, input.chunks);
          }
        } finally {
          await hunter.close();
        }
        for (const output of outputs) await output.close();
        evaluationErrors.summarize();
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const { events, detections, sightingsCreated, sightingsUpdated } = hunter.stats;
        process.stderr.write(
          `${events} events in ${seconds.toFixed(1)} s (${Math.round(events / Math.max(seconds, 1e-9))}/s): ` +
            `${detections} detections, ${sightingsCreated} new sightings, ${sightingsUpdated} updated` +
            `${errors === 0 ? '' : `, ${errors} bad lines skipped${errors > MAX_ERRORS_SHOWN ? ` (first ${MAX_ERRORS_SHOWN} shown)` : ''}`}\n`,
        );
        const { dropped, outOfOrder } = hunter.temporalState();
        if (dropped > 0 || outOfOrder > 0) {
          process.stderr.write(
            `temporal patterns: ${dropped} observations dropped by the pending cap, ${outOfOrder} out of ` +
              'time order: matches of FOLLOWEDBY, WITHIN and REPEATS patterns may have been missed\n',
          );
        }
        if (errors > 0) process.exitCode = EXIT.invalid;
      });
    });
}
