import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyze, createAnalyzer, normalize, tokens } from '../../src/text/index.js';

const seed = readFileSync(new URL('fixtures/seed-000.txt', import.meta.url), 'utf8');

describe('tokens', () => {
  it('normalizes, drops stopwords and stems by script', () => {
    assert.deepEqual(tokens('ماذا قال كيربي عن الهجوم على قاعدة التحالف؟'), [
      'قال',
      'كيرب',
      'هجوم',
      'قاعد',
      'تحالف',
    ]);
    assert.deepEqual(tokens('What did Kirby say about the rockets fired at the bases?'), [
      'kirbi',
      'say',
      'rocket',
      'fire',
      'base',
    ]);
  });

  it('keeps digits as they are, after mapping Arabic-Indic digits', () => {
    assert.deepEqual(tokens('خلال الـ24 ساعة، ٨ قذائف'), ['24', 'ساع', '8', 'قذايف']);
  });

  it('matches query and article spellings that differ only in letter forms', () => {
    assert.deepEqual(tokens('المیادین الھجوم الیوم'), tokens('الميادين الهجوم اليوم'));
  });

  it('returns nothing for empty, punctuation-only or stopword-only text', () => {
    assert.deepEqual(tokens(''), []);
    assert.deepEqual(tokens('؟!…“”'), []);
    assert.deepEqual(tokens('من هو الذي في'), []);
  });

  it('tokenises a seed article plausibly', () => {
    const out = tokens(seed);
    assert.ok(out.length > 500 && out.length < 1500, `count ${out.length}`);
    const counts = new Map<string, number>();
    for (const t of out) counts.set(t, (counts.get(t) ?? 0) + 1);
    // The article is about the coalition, Iran-backed militias and Deir ez-Zor.
    for (const key of ['تحالف', 'ميليش', 'دير', 'زور', 'مياد', 'قاعد', 'قذايف']) {
      assert.ok((counts.get(key) ?? 0) >= 2, `${key}: ${counts.get(key) ?? 0}`);
    }
    assert.equal(counts.get('تحالف'), Math.max(...counts.values())); // the most frequent term
    for (const stop of ['في', 'من', 'علي', 'الي', 'ال']) assert.ok(!counts.has(stop), stop);
    assert.ok(counts.has('2022') && counts.has('24'));
  });
});

describe('analyze', () => {
  it('reports surface form, stem and script per term', () => {
    assert.deepEqual(analyze('قاعدة Rockets ٢٠٢٢'), [
      { surface: 'قاعده', stem: 'قاعد', script: 'arabic' },
      { surface: 'rockets', stem: 'rocket', script: 'latin' },
      { surface: '2022', stem: '2022', script: 'digit' },
    ]);
  });

  it('surfaces are normalized forms', () => {
    for (const t of analyze(seed)) assert.equal(normalize(t.surface), t.surface);
  });
});

describe('createAnalyzer', () => {
  it('gives the same terms as the uncached functions', () => {
    const a = createAnalyzer({ stemCacheSize: 100 });
    assert.deepEqual(a.tokens(seed), tokens(seed));
    assert.deepEqual(a.tokens(seed), tokens(seed)); // again, now from a full, evicting cache
    assert.deepEqual(a.analyze('قاعدة'), analyze('قاعدة'));
  });

  it('stems single tokens by script', () => {
    const a = createAnalyzer();
    assert.equal(a.stem('التحالف'), 'تحالف');
    assert.equal(a.stem('killed'), 'kill');
    assert.equal(a.stem('24'), '24');
    assert.equal(a.stem('бтр'), 'бтр');
  });
});
