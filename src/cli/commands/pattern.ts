// `dreamcatcher pattern check|match`: the STIX pattern engine from the command line.
//   pattern check PATTERN     "valid", or each error under the characters it concerns (a valid
//                             pattern this engine cannot run among them); exit 0 / 1.
//   pattern match --jsonl     one request per stdin line, one answer per line, written as soon as
//                             it is computed (see src/pattern/match-request.ts); exit 0.
//   pattern match --indicators FILE --observations FILE
//                             one JSON line {"indicator", "observed_data"} per matching indicator;
//                             problems on stderr; exit 0, or 1 when some content was invalid.

import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { renderPatternError } from '../../pattern/errors.js';
import { evaluationBlocker } from '../../pattern/evaluate/match.js';
import { IndicatorMatcher } from '../../pattern/indicator-match.js';
import { answerMatchRequest } from '../../pattern/match-request.js';
import { type Observation, observationsFrom21 } from '../../pattern/observation.js';
import { parsePattern } from '../../pattern/parser.js';
import type { StixObject } from '../../stix/object.js';
import { readStix } from '../../stix/stream/read.js';
import { compareTimestamps } from '../../stix/timestamp.js';
import { CliError, EXIT } from '../exit-codes.js';
import { openInput } from '../input.js';

interface CheckFlags {
  stixVersion: string;
  json?: boolean;
}

interface MatchFlags {
  jsonl?: boolean;
  indicators?: string;
  observations?: string;
}

export function registerPattern(program: Command): void {
  const pattern = program
    .command('pattern')
    .description('check STIX patterns and match them against observations');
  pattern
    .command('check')
    .description('check a STIX pattern; exit 0 when valid and this engine can run it, 1 when not')
    .argument('<pattern>', 'the pattern text')
    .option('--stix-version <version>', 'STIX Patterning version: 2.0 or 2.1', '2.1')
    .option('--json', 'print {"valid", "runnable", "errors"} as JSON')
    .action((text: string, flags: CheckFlags) => {
      const version = patternVersion(flags.stixVersion);
      const result = parsePattern(text, { version });
      // Valid STIX the evaluator cannot run (a back reference in a MATCHES) would fail on the
      // first observation it meets: said here, where the author is.
      const blocker = result.ok ? evaluationBlocker(result.pattern) : undefined;
      const errors = result.ok
        ? blocker === undefined
          ? []
          : [
              {
                code: blocker.code,
                message: blocker.message,
                start: blocker.span.start,
                end: blocker.span.end,
              },
            ]
        : result.errors;
      if (flags.json) {
        const report = result.ok ? { valid: true, runnable: blocker === undefined } : { valid: false };
        process.stdout.write(`${JSON.stringify(errors.length === 0 ? report : { ...report, errors })}\n`);
      } else if (result.ok && blocker === undefined) {
        process.stdout.write('valid\n');
      } else {
        const heading = result.ok ? `valid STIX ${version}, but this engine cannot run it:\n` : '';
        process.stdout.write(
          `${heading}${errors.map((error) => renderPatternError(text, error)).join('\n\n')}\n`,
        );
      }
      process.exitCode = errors.length === 0 ? EXIT.ok : EXIT.invalid;
    });
  pattern
    .command('match')
    .description(
      'match patterns against observations: --jsonl answers one {"pattern","stix_version","observed_data"} ' +
        'request per stdin line (a blank or bad line gets an {"error"} answer); --indicators with ' +
        '--observations lists which indicators match',
    )
    .option('--jsonl', 'read requests from stdin, one JSON object per line')
    .option('--indicators <file>', 'indicators: bundle, JSON array or JSON Lines (- for stdin)')
    .option('--observations <file>', 'observed-data and the SCOs they reference, same formats')
    .action(async (flags: MatchFlags) => {
      if (flags.jsonl) {
        if (flags.indicators !== undefined || flags.observations !== undefined) {
          throw new CliError(
            '--jsonl reads requests from stdin; it takes no --indicators or --observations',
            EXIT.usage,
          );
        }
        await answerLines();
        return;
      }
      if (flags.indicators === undefined || flags.observations === undefined) {
        throw new CliError('give --jsonl, or both --indicators FILE and --observations FILE', EXIT.usage);
      }
      process.exitCode = await matchFiles(flags.indicators, flags.observations);
    });
}

function patternVersion(text: string): '2.0' | '2.1' {
  if (text !== '2.0' && text !== '2.1')
    throw new CliError(`--stix-version must be 2.0 or 2.1, not ${text}`, EXIT.usage);
  return text;
}

/** Each answer is written before the next line is read, so a driver may wait for it. */
async function answerLines(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) process.stdout.write(`${JSON.stringify(answerMatchRequest(line))}\n`);
}

async function matchFiles(indicatorsPath: string, observationsPath: string): Promise<number> {
  const indicatorsInput = openInput(indicatorsPath);
  const observationsInput = openInput(observationsPath);
  let invalid = false;
  const report = (where: string, message: string): void => {
    invalid = true;
    process.stderr.write(`${where}: ${message}\n`);
  };
  const observationObjects: unknown[] = [];
  for await (const item of readStix(observationsInput.chunks)) {
    if (item.kind === 'error') report(`${observationsInput.name}:${item.line}:${item.column}`, item.message);
    else observationObjects.push(item.value);
  }
  const read = observationsFrom21(observationObjects);
  for (const error of read.errors) report(observationsInput.name, error.message);
  const observations = [...read.observations].sort(byTime);
  // All indicators first: they are matched together, each observation probing them once.
  const matcher = new IndicatorMatcher<string>();
  for await (const item of readStix(indicatorsInput.chunks)) {
    const where = `${indicatorsInput.name}:${item.line}:${item.column}`;
    if (item.kind === 'error') {
      report(where, item.message);
      continue;
    }
    const object = item.value as StixObject;
    if (object.type !== 'indicator') continue;
    const outcome = matcher.add(object, where);
    if (outcome?.kind === 'error') report(`${where}: ${outcome.indicator}`, outcome.message);
  }
  for (const { outcome, tag: where } of matcher.match(observations)) {
    if (outcome.kind === 'match') {
      process.stdout.write(
        `${JSON.stringify({ indicator: outcome.indicator, observed_data: outcome.observedData })}\n`,
      );
    } else if (outcome.kind === 'error') {
      report(`${where}: ${outcome.indicator}`, outcome.message);
    }
  }
  return invalid ? EXIT.invalid : EXIT.ok;
}

function byTime(a: Observation, b: Observation): number {
  return compareTimestamps(a.firstObserved, b.firstObserved);
}
