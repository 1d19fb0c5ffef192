import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EvaluationErrorLog } from './hunt-errors.js';

describe('EvaluationErrorLog', () => {
  it('shows the first failure of each indicator, then one count per indicator at the end', () => {
    const lines: string[] = [];
    const log = new EvaluationErrorLog((line) => lines.push(line));
    for (let i = 0; i < 1000; i++) log.add('indicator--a', 'MATCHES: unsupported regex');
    log.add('indicator--b', 'bad value');
    assert.deepEqual(lines, [
      'dreamcatcher: indicator--a skipped on an event: MATCHES: unsupported regex\n',
      'dreamcatcher: indicator--b skipped on an event: bad value\n',
    ]);
    log.summarize();
    assert.deepEqual(lines.slice(2), [
      'dreamcatcher: indicator--a skipped on 1000 events\n',
      'dreamcatcher: 2 indicators could not be evaluated on 1001 event evaluations\n',
    ]);
  });

  it('names at most 50 indicators however many fail, and says nothing when none did', () => {
    const lines: string[] = [];
    const log = new EvaluationErrorLog((line) => lines.push(line));
    log.summarize();
    assert.equal(lines.length, 0);
    for (let i = 0; i < 60; i++) {
      log.add(`indicator--${i}`, 'bad');
      log.add(`indicator--${i}`, 'bad');
    }
    log.summarize();
    assert.equal(lines.filter((line) => line.includes('on an event')).length, 50);
    assert.equal(lines.filter((line) => line.includes('on 2 events')).length, 50);
    assert.match(lines.at(-1) ?? '', /60 indicators could not be evaluated on 120 .*\(the first 50 named\)/);
  });
});
