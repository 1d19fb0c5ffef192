// Opens the configured store (and the directory over it) for one command, and closes it however the
// command ends.

import type { Command } from 'commander';
import { Directory } from '../access/directory.js';
import type { Store } from '../store/store.js';
import { type GlobalOptions, openConfiguredStore } from './settings.js';

export async function withDirectory<T>(
  command: Command,
  work: (context: { store: Store; directory: Directory }) => Promise<T>,
): Promise<T> {
  const store = await openConfiguredStore(command.optsWithGlobals<GlobalOptions>());
  try {
    return await work({ store, directory: new Directory(store) });
  } finally {
    await store.close();
  }
}

/** Prints a value for scripts (--json) or lines for a person. */
export function print(json: boolean, value: unknown, lines: () => string[]): void {
  process.stdout.write(
    json
      ? `${JSON.stringify(value)}\n`
      : lines()
          .map((line) => `${line}\n`)
          .join(''),
  );
}
