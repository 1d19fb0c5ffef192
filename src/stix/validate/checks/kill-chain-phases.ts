// 2.11: kill_chain_name and phase_name SHOULD be lowercase and use hyphens as word separators.

import { child, type Path } from '../report.js';
import type { Context } from '../rule-types.js';

const LOWERCASE_HYPHENATED = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function checkKillChainPhaseFormat(
  phase: Record<string, unknown>,
  path: Path,
  context: Context,
): void {
  for (const key of ['kill_chain_name', 'phase_name']) {
    const name = phase[key];
    if (typeof name === 'string' && !LOWERCASE_HYPHENATED.test(name)) {
      context.reporter.report(
        'kill-chain-phase-format',
        child(path, key),
        `${JSON.stringify(name)} SHOULD be lowercase-hyphenated`,
      );
    }
  }
}
