import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ARTICLE_BM25, Bm25Builder, Bm25Index, type Bm25Params } from '../../src/index/bm25.js';
import { tmpDir } from '../helpers/tmp.js';

function build(docs: string[][]): Bm25Index {
  const b = new Bm25Builder();
  docs.forEach((d, i) => b.add(100 + i, d));
  return Bm25Index.fromBuffer(b.toBuffer());
}

test('ranks by term frequency and rarity, returns labels', () => {
  const idx = build([['a', 'b'], ['a', 'c', 'c'], ['d'], ['a']]);
  const hits = idx.search([{ term: 'c', weight: 1 }], 5);
  assert.deepEqual(
    hits.map((h) => h.label),
    [101],
  );
  const both = idx.search(
    [
      { term: 'a', weight: 1 },
      { term: 'b', weight: 1 },
    ],
    5,
  );
  assert.equal(both[0]!.label, 100, 'the document with both terms comes first');
  assert.equal(both.length, 3);
  assert.ok(both.every((h, i) => i === 0 || h.score <= both[i - 1]!.score));
});

test('the article index does not let a long article outrank a short one about the question', () => {
  const words = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const first = (params: Bm25Params) => {
    const b = new Bm25Builder();
    b.add(1, ['x', 'y', ...words('about', 6)]); // short, about x and y
    b.add(2, ['x', 'x', 'x', 'y', 'y', 'y', ...words('news', 20)]); // long, x and y among much else
    for (let i = 0; i < 6; i++) b.add(10 + i, words(`other${i}-`, 10));
    const idx = Bm25Index.fromBuffer(b.toBuffer(params));
    return idx.search(
      [
        { term: 'x', weight: 1 },
        { term: 'y', weight: 1 },
      ],
      1,
    )[0]!.label;
  };
  assert.equal(first(ARTICLE_BM25), 1);
  assert.equal(
    first({ ...ARTICLE_BM25, b: 0.75 }),
    2,
    'the usual normalisation would rank the long one first',
  );
});

test('a rare term outweighs a common one', () => {
  const idx = build([['common', 'rare'], ['common'], ['common'], ['common', 'common']]);
  assert.ok(idx.idf('rare') > idx.idf('common'));
  assert.equal(idx.df('common'), 4);
  assert.equal(idx.df('missing'), 0);
});

test('weights scale contributions and k limits results; scores reset between queries', () => {
  const idx = build([['x'], ['y'], ['x', 'y']]);
  const first = idx.search([{ term: 'x', weight: 2 }], 1);
  assert.equal(first.length, 1);
  const again = idx.search([{ term: 'x', weight: 2 }], 1);
  assert.deepEqual(again, first);
  assert.deepEqual(idx.search([{ term: 'zzz', weight: 1 }], 3), []);
});

test('round-trips Arabic vocabulary and rejects damaged files', () => {
  const b = new Bm25Builder();
  b.add(7, ['قاعد', 'تحالف']);
  const buf = b.toBuffer();
  const idx = Bm25Index.fromBuffer(buf);
  assert.equal(idx.search([{ term: 'تحالف', weight: 1 }], 1)[0]!.label, 7);
  assert.deepEqual([...idx.terms()], ['تحالف', 'قاعد']);
  assert.throws(() => Bm25Index.fromBuffer(Buffer.from('nope')), /not a BM25/);
  assert.throws(() => Bm25Index.fromBuffer(buf.subarray(0, 40)), /truncated|vocabulary|JSON/);
});

test('tells whether some term begins with a prefix, at either end of the vocabulary and between terms', () => {
  const idx = build([['=السويداء', 'سويد', 'ab', 'abd'], ['zz']]);
  for (const yes of ['', '=', '=السو', '=السويداء', 'سو', 'a', 'ab', 'abd', 'z', 'zz'])
    assert.equal(idx.hasPrefix(yes), true, yes);
  // "abc" lies between "ab" and "abd"; "b" between "abd" and "zz"; the others outside the vocabulary.
  for (const no of ['=السويدا ', 'abc', 'b', 'zzz', '0', 'سويدا', '~'])
    assert.equal(idx.hasPrefix(no), false, no);
  assert.equal(Bm25Index.fromBuffer(new Bm25Builder().toBuffer()).hasPrefix('a'), false, 'no terms');
});

test('writes the same file part by part as it builds in memory', (t) => {
  const b = new Bm25Builder();
  b.add(3, ['قاعد', 'تحالف', 'قاعد']);
  b.add(9, ['هجوم']);
  const dir = tmpDir('bm25-');
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'articles.bm25');
  b.writeFile(file, ARTICLE_BM25);
  assert.deepEqual(fs.readFileSync(file), b.toBuffer(ARTICLE_BM25));
  assert.equal(
    Bm25Index.fromBuffer(fs.readFileSync(file)).search([{ term: 'هجوم', weight: 1 }], 1)[0]!.label,
    9,
  );
});

test('a write that takes only part of what it is given (a disk filling up) is carried on, not cut short', (t) => {
  const b = new Bm25Builder();
  for (let i = 0; i < 300; i++) b.add(i, [`t${i % 37}`, 'قاعد', `u${i}`]);
  const dir = tmpDir('bm25-');
  const file = path.join(dir, 'articles.bm25');
  // write(2) may write fewer bytes than asked, as it does when the disk fills up part of the way:
  // the rest must be written by another call, which then either writes it or fails (ENOSPC).
  const real = fs.writeSync.bind(fs) as (fd: number, b: Buffer, o: number, l: number) => number;
  const writes = t.mock.method(fs, 'writeSync', (fd: number, buf: Buffer, offset = 0, length?: number) =>
    real(fd, buf, offset, Math.min(length ?? buf.length - offset, 100)),
  );
  b.writeFile(file, ARTICLE_BM25);
  writes.mock.restore();
  const whole = b.toBuffer(ARTICLE_BM25);
  assert.equal(fs.statSync(file).size, whole.length, 'every byte written');
  assert.deepEqual(fs.readFileSync(file), whole);
  assert.ok(writes.mock.callCount() > whole.length / 100, `${writes.mock.callCount()} writes`);
});

// Past doc 2¹⁵ a packed posting (doc·2¹⁶ + tf) no longer fits a small integer.
test('keeps doc numbers past 2¹⁵ and caps a term frequency at 65535', () => {
  const b = new Bm25Builder();
  for (let i = 0; i < 40_000; i++) b.add(i, i % 1000 === 0 ? ['نادر'] : ['شائع']);
  b.add(
    50_000,
    Array.from({ length: 70_000 }, () => 'نادر'),
  );
  const idx = Bm25Index.fromBuffer(b.toBuffer());
  const hits = idx.search([{ term: 'نادر', weight: 1 }], 50);
  assert.equal(hits.length, 41);
  assert.equal(hits[0]!.label, 50_000);
  assert.deepEqual(
    hits
      .slice(1)
      .map((h) => h.label)
      .sort((x, y) => x - y),
    Array.from({ length: 40 }, (_, i) => i * 1000),
  );
});
