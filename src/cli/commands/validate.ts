// `dreamcatcher validate FILE...`: checks STIX content as the OASIS validator does and reports
// every problem; exit 0 when valid, 1 when not, 2 on usage errors.

import type { Command } from 'commander';
import { checkStixObject } from '../../stix/accept.js';
import { type Issue, wholeObjectIssue } from '../../stix/issue.js';
import { isPlainObject } from '../../stix/object.js';
import { readStix } from '../../stix/stream/read.js';
import { EXIT } from '../exit-codes.js';
import { type Input, openInput } from '../input.js';
import { formatIssue } from '../report.js';

interface FileReport {
  file: string;
  objects: number;
  errors: number;
  warnings: number;
  issues: Array<Issue & { line: number; column: number }>;
}

function issuesOf(value: unknown): Issue[] {
  const { upgraded, issues } = checkStixObject(value);
  if (!upgraded) return issues;
  const id = isPlainObject(value) && typeof value.id === 'string' ? value.id : undefined;
  const note = 'STIX 2.0 object (no spec_version): validated as upgraded to 2.1';
  return [wholeObjectIssue('warning', 'stix20-upgraded', note, id), ...issues];
}

async function validateFile(input: Input): Promise<FileReport> {
  const report: FileReport = { file: input.name, objects: 0, errors: 0, warnings: 0, issues: [] };
  for await (const item of readStix(input.chunks)) {
    report.objects++;
    const found: Issue[] =
      item.kind === 'error' ? [wholeObjectIssue('error', item.code, item.message)] : issuesOf(item.value);
    for (const issue of found) {
      if (issue.severity === 'error') report.errors++;
      else report.warnings++;
      report.issues.push({ ...issue, line: item.line, column: item.column });
    }
  }
  return report;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'check STIX 2.1 content (bundle, JSON array or JSON Lines; - for stdin) against the specification',
    )
    .argument('<files...>', 'files to check')
    .option('--json', 'print one JSON report for machines')
    .option('--errors-only', 'do not print warnings')
    .action(async (files: string[], options: { json?: boolean; errorsOnly?: boolean }) => {
      // Every file is opened before any is read, so a typo in the last name fails at once.
      const inputs = files.map(openInput);
      const reports: FileReport[] = [];
      for (const input of inputs) reports.push(await validateFile(input));
      const valid = reports.every((r) => r.errors === 0);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ valid, files: reports })}\n`);
      } else {
        for (const report of reports) {
          for (const issue of report.issues) {
            if (options.errorsOnly && issue.severity !== 'error') continue;
            process.stdout.write(
              `${formatIssue({ file: report.file, line: issue.line, column: issue.column }, issue)}\n`,
            );
          }
          const verdict = report.errors === 0 ? 'valid' : 'INVALID';
          process.stdout.write(
            `${report.file}: ${verdict}: ${report.objects} objects, ${report.errors} errors, ${report.warnings} warnings\n`,
          );
        }
      }
      process.exitCode = valid ? EXIT.ok : EXIT.invalid;
    });
}
