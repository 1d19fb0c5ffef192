// `dreamcatcher demo`: replays a short synthetic DreamJob intrusion on one workstation (Sysmon
// events, from the coding-challenge lure to the DLL side-load and the C2 beacon) through the running
// server's telemetry endpoint, and prints the sightings and alerts it produced and the campaign they
// point to. Without --token it makes itself a member account in the local data folder.

import type { Command } from 'commander';
import { SYSTEM } from '../../access/principal.js';
import type { Alert } from '../../detect/alert.js';
import { DEMO_HOST, demoTelemetry } from '../../packs/dreamjob/demo-telemetry.js';
import { CliError, EXIT } from '../exit-codes.js';
import { withDirectory } from '../with-store.js';

interface DemoFlags {
  url: string;
  token?: string;
  json?: boolean;
}

interface TelemetryAnswer {
  events: number;
  detections: number;
  sightings_created: number;
  alerts: Alert[];
}

const DEMO_ORG = 'Demo Aerospace';
const DEMO_USER = 'demo-sensor';

/** A token for the demo's own member organisation, made through the local data folder. */
async function demoToken(command: Command): Promise<string> {
  return withDirectory(command, async ({ directory }) => {
    const org = (await directory.findOrg(DEMO_ORG)) ?? (await directory.createOrg(SYSTEM, DEMO_ORG));
    const user = await directory.findUser(DEMO_USER);
    if (user === undefined) {
      return (
        await directory.createUser(SYSTEM, {
          name: DEMO_USER,
          org: org.id,
          role: 'analyst',
          expiresInDays: 1,
        })
      ).token;
    }
    return (await directory.createToken(SYSTEM, DEMO_USER, 1)).token;
  });
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('replay a synthetic DreamJob intrusion through the running server and show what it detects')
    .option(
      '--url <url>',
      'the running server',
      `http://127.0.0.1:${process.env.DREAMCATCHER_PORT ?? '8470'}`,
    )
    .option('--token <token>', "a member's API token (made in the local data folder when absent)")
    .option('--json', "print the server's answer as JSON")
    .action(async (flags: DemoFlags, command: Command) => {
      const token = flags.token ?? (await demoToken(command));
      const lines = demoTelemetry(new Date(Date.now() - 10 * 60_000));
      let response: Response;
      try {
        response = await fetch(new URL('/api/v1/telemetry?source=demo&tlp=green', flags.url), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
          body: `${lines.join('\n')}\n`,
        });
      } catch (error) {
        throw new CliError(
          `cannot reach the server at ${flags.url} (${(error as Error).message}): start it first with npm start`,
          EXIT.failure,
        );
      }
      const text = await response.text();
      if (!response.ok)
        throw new CliError(
          `the server refused the demo: HTTP ${response.status} ${text.slice(0, 300)}`,
          EXIT.failure,
        );
      const answer = JSON.parse(text) as TelemetryAnswer;
      if (flags.json === true) {
        process.stdout.write(`${text}\n`);
        return;
      }
      const out: string[] = [
        `Replayed ${answer.events} Sysmon events from ${DEMO_HOST}: ${answer.detections} detections, ${answer.sightings_created} sightings.`,
        '',
      ];
      const bySighting = new Map<string, Alert[]>();
      for (const alert of answer.alerts) {
        const key = alert.sighting?.id ?? alert.indicator.id;
        bySighting.set(key, [...(bySighting.get(key) ?? []), alert]);
      }
      for (const [sighting, alerts] of bySighting) {
        const last = alerts.at(-1) as Alert;
        out.push(`${last.indicator.name ?? last.indicator.id}`);
        out.push(`  sighting ${sighting}, seen ${last.sighting?.count ?? alerts.length}x on ${last.host}`);
        const evidence = [
          ...new Set(
            alerts.flatMap((alert) =>
              alert.evidence.map((e) => `${e.event_type ?? e.format} line ${e.line}`),
            ),
          ),
        ];
        out.push(`  evidence: ${evidence.join(', ')}`);
      }
      const campaigns = new Set(
        answer.alerts.flatMap((alert) =>
          alert.indicates.filter((i) => i.type === 'campaign').map((i) => i.name ?? i.id),
        ),
      );
      const groups = new Set(
        answer.alerts.flatMap((alert) =>
          alert.indicates.filter((i) => i.type === 'intrusion-set').map((i) => i.name ?? i.id),
        ),
      );
      const malware = new Set(
        answer.alerts.flatMap((alert) =>
          alert.indicates.filter((i) => i.type === 'malware').map((i) => i.name ?? i.id),
        ),
      );
      out.push('');
      out.push(
        `Points to: campaign ${[...campaigns].join(', ') || '(none)'}; intrusion set ${[...groups].join(', ') || '(none)'}; malware ${[...malware].join(', ') || '(none)'}.`,
      );
      out.push('The sightings are stored in the "sightings" collection and shared over TAXII as TLP:GREEN.');
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
