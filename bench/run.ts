// `npm run bench [name...]`: runs every benchmark (or the named ones) and prints each figure with
// its same-run baseline. Each bench runs in its own child process so peak memory is its own.

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Bench, formatFigure } from './harness.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .sort();

const [, , first, ...rest] = process.argv;
if (first === '--child') {
  const mod = (await import(new URL(rest[0] as string, import.meta.url).href)) as { bench: Bench };
  for (const figure of await mod.bench.run()) console.log(formatFigure(figure));
} else {
  const wanted = [first, ...rest].filter((x): x is string => x !== undefined);
  let failed = false;
  for (const file of files) {
    const name = file.replace(/\.bench\.js$/, '');
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    console.log(`# ${name}`);
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', fileURLToPath(import.meta.url), '--child', file],
      {
        stdio: 'inherit',
      },
    );
    if (child.status !== 0) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}
