import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRootExtractor, RootIndex } from '../../src/text/index.js';

test('two forms of one word that the light stemmer keeps apart share a root', () => {
  const rootsOf = createRootExtractor();
  assert.deepEqual(rootsOf('تتركز'), ['ركز']);
  assert.deepEqual(rootsOf('يتركز'), ['ركز']);
  assert.ok(rootsOf('تاسيس').includes('اسس'));
  assert.ok(rootsOf('تاسس').includes('اسس'));
});

test('only plain Arabic stems have a root, and a word the extractor fails on has none', () => {
  const rootsOf = createRootExtractor();
  for (const term of ['ab', 'abc', '1958', '=يتركز', '^تركز', 'ي']) assert.deepEqual(rootsOf(term), [], term);
  // The package throws on this one (a word longer than its patterns).
  assert.deepEqual(rootsOf('استراتيجيات'), []);
});

test("a stem's related terms are the index's other terms with its root", () => {
  const roots = RootIndex.fromTerms([
    'يتركز',
    'تركيز',
    'تتركز',
    'قاعد',
    '=يتركز',
    '^تركيز',
    '2019',
    'استراتيجيات',
  ]);
  assert.deepEqual([...roots.related('تتركز')].sort(), ['تركيز', 'يتركز']);
  // A stem the index lacks still finds the ones it has.
  assert.deepEqual([...roots.related('مرتكز')].sort(), ['تتركز', 'تركيز', 'يتركز']);
  assert.deepEqual([...roots.related('استراتيجيات')], []);
});

test('a word whose first root letter is و finds it where the extractor misses it', () => {
  const rootsOf = createRootExtractor();
  // ميلاد and يولد are of ولد: "تاريخ ميلاد" is answered by "ولد في".
  for (const word of ['ميلاد', 'يولد', 'ميعاد'])
    assert.ok(
      rootsOf(word).some((r) => r.startsWith('و')),
      word,
    );
  assert.ok(rootsOf('ميلاد').includes('ولد'));
  assert.ok(RootIndex.fromTerms(['ولد', 'مواليد', 'قاعد']).related('ميلاد').has('ولد'));
  // Other words are left to the extractor.
  assert.deepEqual(rootsOf('تتركز'), ['ركز']);
});
