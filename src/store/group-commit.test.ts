import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommitter, type Settled } from './group-commit.js';

/** A committer over a fake backend that records each group and settles each write as told. */
function recorder(
  maxSize: number,
  settle: (write: string) => Settled<string> = (w) => ({ ok: true, value: w }),
) {
  const groups: string[][] = [];
  const committer = new GroupCommitter<string, string>(async (writes) => {
    groups.push([...writes]);
    return writes.map(settle);
  }, maxSize);
  return { groups, committer };
}

describe('group commit', () => {
  it('commits the writes submitted in one turn of the event loop together, in order', async () => {
    const { groups, committer } = recorder(100);
    const answers = await Promise.all(['a', 'b', 'c'].map((w) => committer.submit(w, 1)));
    assert.deepEqual(answers, ['a', 'b', 'c']);
    assert.deepEqual(groups, [['a', 'b', 'c']]);
  });

  it('takes writes that arrive while a group commits into the next group', async () => {
    const groups: string[][] = [];
    let release: () => void = () => {};
    const committer = new GroupCommitter<string, string>(async (writes) => {
      groups.push([...writes]);
      if (groups.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return writes.map((value) => ({ ok: true as const, value }));
    }, 100);
    const first = committer.submit('a', 1);
    while (groups.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const later = [committer.submit('b', 1), committer.submit('c', 1)];
    release();
    assert.deepEqual(await Promise.all([first, ...later]), ['a', 'b', 'c']);
    assert.deepEqual(groups, [['a'], ['b', 'c']]);
  });

  it('closes a group at maxSize, yet lets one write bigger than that go alone', async () => {
    const { groups, committer } = recorder(10);
    await Promise.all([
      committer.submit('a', 4),
      committer.submit('b', 4),
      committer.submit('c', 4),
      committer.submit('big', 25),
      committer.submit('d', 1),
    ]);
    assert.deepEqual(groups, [['a', 'b'], ['c'], ['big'], ['d']]);
  });

  it("settles each write by its own outcome: one write's failure is not another's", async () => {
    const { committer } = recorder(100, (w) =>
      w === 'bad' ? { ok: false, error: new Error(`refused ${w}`) } : { ok: true, value: w },
    );
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((w) => committer.submit(w, 1)));
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['a', 'refused bad', 'c'],
    );
  });

  it('fails every write of a group whose commit failed, and commits the next group', async () => {
    let calls = 0;
    const committer = new GroupCommitter<string, string>(async (writes) => {
      if (++calls === 1) throw new Error('disk full');
      return writes.map((value) => ({ ok: true as const, value }));
    }, 100);
    const failed = await Promise.allSettled([committer.submit('a', 1), committer.submit('b', 1)]);
    assert.deepEqual(
      failed.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.equal(await committer.submit('c', 1), 'c');
  });

  it('drains: resolves once every write submitted so far has settled', async () => {
    const { committer } = recorder(1);
    const settled: string[] = [];
    for (const w of ['a', 'b', 'c']) void committer.submit(w, 1).then((v) => settled.push(v));
    await committer.drain();
    assert.deepEqual(settled, ['a', 'b', 'c']);
    await committer.drain();
  });
});
