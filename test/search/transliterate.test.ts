import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Bm25Builder, Bm25Index } from '../../src/index/bm25.js';
import { indexTerms } from '../../src/index/terms.js';
import { loadLexicon } from '../../src/search/lexicon.js';
import { planQuery } from '../../src/search/plan.js';
import { arabicSpellings, speltName, type Vocabulary } from '../../src/search/transliterate.js';
import { createAnalyzer } from '../../src/text/index.js';

const analyzer = createAnalyzer();
const { stem } = analyzer;

/** The vocabulary of an index of these passages, as ingestion builds it. */
function vocabularyOf(passages: readonly string[]): Bm25Index {
  const builder = new Bm25Builder();
  passages.forEach((text, i) => builder.add(i, indexTerms(analyzer, text)));
  return Bm25Index.fromBuffer(builder.toBuffer());
}

const index = vocabularyOf([
  'قال وزير الخارجية السوري وليد المعلم إن على القوات الأمريكية الخروج من التنف.',
  'أعلن المتحدث ريدور خليل استعداد القوات لتحرير المختطفين من السويداء.',
  'انفجار على طريق قاعدة للتحالف قرب عين عيسى، وعمل المعلم في المدرسة.',
  'هجوم بسيارة مفخخة قرب سد عويرض في البادية.',
  'ورد المتحدث كينو غابرييل على تهديد الأسد، وقال جابرييل إن القوات باقية.',
  'ولد الطفل في عين المكان، والرايات السوداء.',
  'وقال الجنرال جوزيف دانفورد إن ترامب لم يقرر، وأضافت هيذر نويرت أن يحيى رحيم صفوي هدد، ونقل عبد الله العريان.',
]);

const surfaces = (word: string, vocab: Vocabulary = index) =>
  arabicSpellings(word, vocab, stem).map((s) => s.surface);

test('a name in Latin letters is found by the Arabic spellings the index holds', () => {
  assert.equal(surfaces('Walid')[0], 'وليد', 'a name’s i is long: وليد before ولد');
  assert.ok(surfaces('al-Muallem').includes('المعلم'), 'the article read with its word; ua is عَ');
  assert.ok(surfaces('Sweida').includes('السويداء'), 'ei is ي; a final a may be اء; the article added');
  assert.deepEqual(surfaces('Uwayrid'), ['عويرض'], 'an initial u may be ع; d may be ض');
  assert.deepEqual(surfaces('Gabriel').sort(), ['جابرييل', 'غابرييل'], 'g is غ or ج');
  assert.ok(surfaces('Issa').includes('عيسي'), 'an initial i may be عي; ى is normalised to ي');
  assert.deepEqual(surfaces('Redur'), ['ريدور']);
});

test('English names are spelt as English says them: s as ز, u as ا, th as ذ; a Persian v is و', () => {
  assert.ok(surfaces('Joseph').includes('جوزيف'));
  assert.ok(surfaces('Dunford').includes('دانفورد'));
  assert.ok(surfaces('Trump').includes('ترامب'));
  assert.ok(surfaces('Heather').includes('هيذر'));
  assert.ok(surfaces('Safavi').includes('صفوي'));
  // "Abdullah" is two words in Arabic, عبد الله.
  const abdullah = speltName('Abdullah al-Aryan', index, stem);
  assert.ok(abdullah?.forms.some((f) => f.join(' ') === analyzer.tokens('عبد الله العريان').join(' ')));
});

test('an acronym, a short word and a word the index does not hold have no spelling', () => {
  assert.deepEqual(surfaces('RAF'), []);
  assert.deepEqual(surfaces('Al'), []);
  assert.deepEqual(surfaces('Venediktov'), []);
  // «ان» is a stopword, never a word of a passage: "Ain" is not it.
  assert.ok(!surfaces('Ain').includes('ان'));
});

test('the spelling stops where no term of the index goes on, so a long word costs few lookups', () => {
  let lookups = 0;
  const counted: Vocabulary = {
    df: (term) => ((lookups += 1), index.df(term)),
    hasPrefix: (prefix) => ((lookups += 1), index.hasPrefix(prefix)),
  };
  // Every vowel of it has two to four spellings: hundreds of thousands of spellings in all.
  assert.deepEqual(surfaces('Abuelaiuoeiaoudaiea', counted), []);
  assert.ok(lookups < 100, `${lookups} lookups`);
});

test('a name of several words is held as one unit of its words’ spellings, or not at all', () => {
  const muallem = speltName('Walid al-Muallem', index, stem);
  assert.ok(muallem);
  assert.ok(
    muallem.forms.some((f) => f.join(' ') === [stem('وليد'), stem('المعلم')].join(' ')),
    JSON.stringify(muallem.forms),
  );
  assert.ok(muallem.forms.every((f) => f.length === 2));
  // "al Tanf", written apart, is one word with its article.
  assert.equal(speltName('Al Tanf', index, stem)?.forms[0]?.length, 1);
  const ain = speltName('Ain Issa', index, stem);
  assert.ok(ain?.forms.some((f) => f.join(' ') === analyzer.tokens('عين عيسى').join(' ')));
  assert.equal(speltName('Kino Venediktov', index, stem), undefined, 'a word of it the index lacks');
});

test('an English question looks for a name the lexicon lacks in Arabic, and says so only if it is not there', () => {
  const plan = (question: string, withIndex = true) =>
    planQuery(question, {
      lexicon: loadLexicon('data/lexicon.json'),
      analyzer,
      crossLingualDense: false,
      ...(withIndex ? { df: (t: string) => index.df(t), hasPrefix: (p: string) => index.hasPrefix(p) } : {}),
    });
  const asked = plan('What did Walid al-Muallem demand of the US forces?');
  assert.equal(asked.unknownNames, undefined);
  const name = asked.concepts.find((c) => c.display === 'Walid al-Muallem');
  assert.ok(name?.name, JSON.stringify(asked.concepts));
  assert.equal(name.spelt?.[0]?.[0], 'وليد', 'its spellings, for the English answer to gloss');
  assert.ok(asked.terms.some((t) => t.term === stem('المعلم')));
  assert.match(asked.denseText, /وليد المعلم/u);
  // Its Latin words are not asked about as words of their own.
  assert.ok(!asked.concepts.some((c) => c.label === 'walid' || c.label === 'muallem'));
  // Without the index, or where the index does not hold it, the name is unknown as before.
  assert.deepEqual(plan('What did Walid al-Muallem demand?', false).unknownNames, ['Walid al-Muallem']);
  assert.deepEqual(plan('What did Alexander Venediktov say?').unknownNames, ['Alexander Venediktov']);
});
