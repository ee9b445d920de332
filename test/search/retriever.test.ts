import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PassageRow } from '../../src/index/index.js';
import { collapseDuplicates, coverageOf, fuse, type RetrievedPassage } from '../../src/search/retriever.js';

test('reciprocal rank fusion rewards agreement between dense and lexical lists', () => {
  const fused = fuse(
    [
      { label: 1, score: 0.9 },
      { label: 2, score: 0.8 },
    ],
    [
      { label: 2, score: 12 },
      { label: 3, score: 10 },
    ],
  );
  assert.equal(fused[0]!.label, 2);
  assert.deepEqual(
    fused.map((f) => [f.label, f.denseRank, f.bm25Rank]),
    [
      [2, 2, 1],
      [1, 1, null],
      [3, null, 2],
    ],
  );
});

test('coverage weighs concepts by rarity and accepts any form of a concept', () => {
  const idf = (t: string) => (t === 'rare' ? 4 : 1);
  const concepts = [
    { label: 'rare', weight: 1, forms: [['rare']] },
    { label: 'place', weight: 1, forms: [['dayr', 'zawr'], ['dirazor']] },
  ];
  assert.equal(coverageOf(concepts, new Set(['rare', 'dirazor']), idf), 1);
  assert.equal(coverageOf(concepts, new Set(['dirazor']), idf), 1 / 5);
  assert.equal(coverageOf(concepts, new Set(['rare', 'dayr']), idf), 4.5 / 5);
  assert.equal(coverageOf([], new Set(['x']), idf), 0);
});

const row = (label: number, articleId: string, terms: string): PassageRow => ({
  label,
  articleId,
  ordinal: 0,
  start: 0,
  end: terms.length,
  text: terms,
  terms,
  title: null,
  source: articleId,
  published: null,
  publishedPrecision: 'unknown',
  url: null,
  language: 'ar',
});
const hit = (r: PassageRow, score: number): RetrievedPassage => ({
  row: r,
  score,
  coverage: 1,
  denseRank: null,
  bm25Rank: null,
  alsoIn: [],
});

test('near-duplicate passages collapse into one result listing the other outlets', () => {
  const statement = 'تحالف يحتفظ حق دفاع نفس قوات شريك ضد تهديد';
  const out = collapseDuplicates([
    hit(row(1, 'a', statement), 3),
    hit(row(2, 'b', statement + ' سيواصل'), 2),
    hit(row(3, 'c', 'قصف مدفعي على البوكمال'), 1),
    hit(row(4, 'a', statement), 0.5),
  ]);
  assert.deepEqual(
    out.map((p) => p.row.label),
    [1, 3],
  );
  assert.deepEqual(
    out[0]!.alsoIn.map((r) => r.articleId),
    ['b'],
  );
});
