import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadLexicon } from '../../src/search/lexicon.js';
import {
  CARRIED_WEIGHT,
  asksForOthers,
  asksOf,
  followUp,
  otherStems,
  planQuery,
  withoutPrefix,
  type PlanOptions,
} from '../../src/search/plan.js';
import {
  TermView,
  collapseDuplicates,
  coverageOf,
  defines,
  fuse,
  nearIdentical,
} from '../../src/search/retriever.js';
import { createAnalyzer } from '../../src/text/index.js';
import { prng } from '../helpers/random.js';

/**
 * A question's plan as the retriever makes it: the product's lexicon, the offline embedder, and
 * what the index would tell (its document frequencies, its terms of a stem's root).
 */
const planOf = (question: string, index: Pick<PlanOptions, 'df' | 'related'> = {}) =>
  planQuery(question, {
    lexicon: loadLexicon('data/lexicon.json'),
    analyzer: createAnalyzer(),
    crossLingualDense: false,
    ...index,
  });

/** A form matcher over a bag of words, as a passage without positions would give. */
const bag = (words: string[]) => (form: readonly string[]) =>
  form.filter((t) => words.includes(t)).length / form.length;

test('reciprocal rank fusion rewards agreement; a lexical hit outranks a dense one at the same rank', () => {
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
      [3, null, 2],
      [1, 1, null],
    ],
  );
});

test('coverage weighs concepts by rarity and accepts any form of a concept', () => {
  const idf = (t: string) => (t === 'rare' ? 4 : 1);
  const concepts = [
    { label: 'rare', weight: 1, forms: [['rare']] },
    { label: 'place', weight: 1, forms: [['dayr', 'zawr'], ['dirazor']] },
  ];
  assert.equal(coverageOf(concepts, bag(['rare', 'dirazor']), idf), 1);
  assert.equal(coverageOf(concepts, bag(['dirazor']), idf), 1 / 5);
  assert.equal(coverageOf(concepts, bag(['rare', 'dayr']), idf), 4.5 / 5);
  assert.equal(
    coverageOf([], () => 1, idf),
    0,
  );
});

const cand = (articleId: string, terms: string) => ({ articleId, terms: new Set(terms.split(' ')) });

test('near-duplicate passages collapse into one result listing the other outlets', () => {
  const statement = 'تحالف يحتفظ حق دفاع نفس قوات شريك ضد تهديد';
  const a = cand('a', statement);
  const b = cand('b', statement + ' سيواصل');
  const c = cand('c', 'قصف مدفعي على البوكمال');
  const sameArticle = cand('a', statement);
  const out = collapseDuplicates([a, b, c, sameArticle], 5);
  assert.deepEqual(
    out.map((g) => g.best),
    [a, c],
  );
  assert.deepEqual(out[0]!.alsoIn, [b]);
});

test('only k groups are kept, but later copies still count as corroboration', () => {
  const a = cand('a', 'قصف مدفعي على البوكمال فجرا');
  const other = cand('b', 'غارة جوية على الميادين');
  const copy = cand('c', 'قصف مدفعي على البوكمال فجرا');
  const out = collapseDuplicates([a, other, copy], 1);
  assert.equal(out.length, 1);
  assert.deepEqual(out[0]!.alsoIn, [copy]);
});

test('a question word that is also a lexicon form (كم: how many / km) is not taken for a name', () => {
  const plan = planOf('كم عدد القذائف التي سقطت على القاعدة؟');
  assert.ok(!plan.entities.some((e) => e.id === 'kilometer'));
  assert.ok(!plan.terms.some((t) => t.term.startsWith('كيلومتر')));
});

test("a link in a question is neither searched for nor taken for the question's language", () => {
  const asked = 'ما الذي حدث في قاعدة التنف؟ https://www.enabbaladi.net/archives/541234-attack-on-the-base';
  const plan = planOf(asked);
  assert.equal(plan.language, 'ar');
  assert.deepEqual(plan.terms, planOf('ما الذي حدث في قاعدة التنف؟').terms);
  assert.equal(planOf('What happened at Al-Tanf? t.me/deirezzor24/1234').concepts.length, 2);
  assert.deepEqual(planOf('https://example.com/x').concepts, []);
});

test('a name the lexicon knows is one concept in an Arabic question, satisfied by any of its spellings', async () => {
  const analyzer = createAnalyzer();
  const plan = planOf('ما هي مساحة الولايات المتحدة الأمريكية؟');
  assert.equal(plan.concepts.length, 2, JSON.stringify(plan.concepts));
  const us = plan.concepts.find((c) => c.label.includes('الولايات'))!;
  assert.ok(us.forms.some((f) => f.join(' ') === analyzer.tokens('أمريكا').join(' ')));
  // A passage that names the country another way covers the whole question.
  const { indexTerms } = await import('../../src/index/index.js');
  const passage = new TermView(
    indexTerms(analyzer, 'تبلغ مساحة الولايات المتحدة 9.8 مليون كم مربع').join(' '),
  );
  assert.equal(
    coverageOf(
      plan.concepts,
      (f, name) => passage.match(f, name),
      () => 1,
    ),
    1,
  );
});

test('an article opening is its first content words, stems only', async () => {
  const { leadTerms } = await import('../../src/search/retriever.js');
  const { indexTerms } = await import('../../src/index/index.js');
  const analyzer = createAnalyzer();
  const terms = indexTerms(
    analyzer,
    'النمسا دولة غير ساحلية في وسط أوروبا، عاصمتها فيينا، ويحدها من الشمال ألمانيا والتشيك.',
  ).join(' ');
  const lead = leadTerms(terms);
  assert.equal(lead.set.size, 8);
  assert.ok(lead.set.has(analyzer.stem('النمسا')));
  assert.ok(![...lead.set].some((t) => t.startsWith('=')));
  assert.ok(!lead.set.has(analyzer.stem('ألمانيا')), 'words past the opening are not in it');
});

test('a name of several words counts only where its words stand together', async () => {
  const { indexTerms } = await import('../../src/index/index.js');
  const analyzer = createAnalyzer();
  const view = (text: string) => new TermView(indexTerms(analyzer, text).join(' '));
  const omar = analyzer.tokens('حقل العمر النفطي');
  // The name itself, and with a word between its parts.
  assert.equal(view('ويعد حقل العمر النفطي 10كم شرقي الميادين').match(omar, true), 1);
  assert.equal(view('قصف قرب حقل العمر الكبير النفطي').match(analyzer.tokens('حقل العمر'), true), 1);
  // Its generic words elsewhere, or its parts far apart, are not the name.
  const elsewhere = view('ويقع الحقل النفطي البحري في مقابل أبوظبي');
  assert.ok(elsewhere.match(omar, true) < 0.5, String(elsewhere.match(omar, true)));
  const scattered = view('توفي الحقل عن العمر المديد بعد نقل النفط والغاز إلى المصافي في البلاد');
  assert.equal(scattered.match(omar, true), 0.5);
  // Incident words are not names: each word present counts as before.
  assert.equal(elsewhere.match(analyzer.tokens('قصف جوي'), false), 0);
  assert.equal(view('وجاء القصف أثناء قيام مجموعة').match(analyzer.tokens('قصف جوي'), false), 0.5);
});

test('a passage opens with what a question asks about only when its first words name it', async () => {
  const { indexTerms } = await import('../../src/index/index.js');
  const analyzer = createAnalyzer();
  const view = (text: string) => new TermView(indexTerms(analyzer, text).join(' '));
  const concept = (words: string) => ({ label: words, weight: 1, forms: [analyzer.tokens(words)] });
  const cancer = [concept('السرطان')];
  assert.equal(view('السرطان هو نمو الخلايا وانتشارها').opening(cancer), 1);
  assert.equal(view('يستطيع السرطان أن يصيب كل المراحل العمرية').opening(cancer), 0);
  // Each concept by any of its forms, the whole subject at the start.
  const name = [concept('العربي'), concept('بن'), concept('مهيدي')];
  assert.equal(view('العربي بن مهيدي أحد شهداء الثورة الجزائرية').opening(name), 3);
  assert.equal(view('ولد العربي بن مهيدي في عين مليلة').opening(name), 0);
  const base = [
    { label: 'التنف', weight: 1, forms: [analyzer.tokens('التنف'), analyzer.tokens('قاعدة التنف')] },
  ];
  assert.equal(view('قاعدة التنف هي قاعدة للتحالف الدولي').opening(base), 2);
  // A definition goes on to say something; a headline that is only the name does not.
  assert.equal(defines(view('قاعدة التنف هي قاعدة للتحالف الدولي'), base), true);
  assert.equal(defines(view('قاعدة “التنف”'), base), false);
});

test("an English question's 'fighter' is found as عنصر too, as the articles say it", () => {
  const analyzer = createAnalyzer();
  const fighter = planOf('Which faction lost a fighter in the second strike?').concepts.find(
    (c) => c.label === 'fighter',
  );
  const firsts = fighter?.forms.map((f) => f[0]) ?? [];
  assert.ok(firsts.includes(analyzer.stem('مقاتل')), JSON.stringify(fighter));
  assert.ok(firsts.includes(analyzer.stem('عنصر')), JSON.stringify(fighter));
});

test('an English question names what the lexicon does not know as runs of capitalised words', () => {
  const unknown = (q: string) => planOf(q).unknownNames ?? [];
  assert.deepEqual(unknown('Who won the 2018 FIFA World Cup?'), ['FIFA World Cup']);
  assert.deepEqual(unknown('Who attacked Pearl Harbor in 1941?'), ['Pearl Harbor']);
  // Apart by a comma, two names; at the start, a question word; a title is not a name.
  assert.deepEqual(unknown('Were 107mm rockets (Grad, Katyusha?) fired?'), ['Grad', 'Katyusha']);
  assert.deepEqual(unknown('Taliban fighters attacked whom?'), []);
  assert.deepEqual(unknown('What did the General say about Green Village?'), []);
  // A title the lexicon knows as a word does not make the name after it known.
  assert.deepEqual(unknown('How big is the ISIS pocket, according to General Smithson?'), ['Smithson']);
  // Next to a name the lexicon knows, the words are that name: the person is al-Anbazi.
  assert.deepEqual(unknown('Who was killed besides Mohammed Khlaif al-Anbazi al-Bukairi?'), []);
  // What the lexicon knows is not unknown, in any case it writes it; nor is an Arabic question.
  assert.deepEqual(unknown('What did CENTCOM say about the HQs in Deir Ezzor?'), []);
  assert.equal(planOf('من فاز بكأس العالم 2018؟').unknownNames, undefined);
  // Written in capitals, or in title case, a question's capitals mark no names.
  assert.deepEqual(unknown('HOW MANY ROCKETS WERE FIRED AT GREEN VILLAGE?'), []);
  assert.deepEqual(unknown('How Many Rockets Were Fired At Green Village?'), []);
});

test('what a question asks of its names is its other words, less the ones that frame it', () => {
  const asks = (q: string) => asksOf(planOf(q).concepts).map((c) => c.display ?? c.label);
  assert.deepEqual(asks('What is the population of Syria?'), ['population']);
  assert.deepEqual(asks('ما هي عاصمة العراق؟'), ['عاصمة']);
  assert.deepEqual(asks('How many rockets hit the Green Village?'), ['rockets', 'hit']);
  // What happened, where something lies, which year, how much it comes to, and its name frame it.
  assert.deepEqual(asks('What happened at the Baghdad Diplomatic Support Center?'), []);
  assert.deepEqual(asks('ماذا حدث في قاعدة التنف؟'), []);
  assert.deepEqual(
    asks('In which direction from the al-Omar oil field does the Green Village base lie?'),
    [],
  );
  assert.deepEqual(asks('أين يقع حقل العمر النفطي؟'), []);
  assert.deepEqual(asks('في أي عام تأسس حزب الله اللبناني؟'), ['تأسس']);
  assert.deepEqual(asks('In what year was the SDF founded?'), ['founded']);
  assert.deepEqual(asks('كم يبلغ عدد سكان العراق؟'), ['سكان']);
  assert.deepEqual(asks('What is the name of the commander of the Fatemiyoun?'), ['commander']);
  // So do the verbs of saying, and where one place lies in relation to another.
  assert.deepEqual(asks('ماذا قالت جين بساكي عن الانسحاب الأمريكي من أفغانستان؟'), ['الانسحاب']);
  assert.deepEqual(asks('What did Psaki say about the withdrawal from Afghanistan?'), ['withdrawal']);
  assert.deepEqual(asks('Where is the Green Village base in relation to Mayadin?'), []);
  // Numbers are checked as years or not at all, and what a follow-up carries over is not asked.
  assert.deepEqual(asks('What happened on 3 January?'), ['January']);
  // A noun with the article is asked as itself; a verb also by the other terms of its root.
  const related = { related: (stem: string) => new Set([stem, stem + 'ي']) };
  const held = (q: string) =>
    asksOf(planOf(q, related).concepts).map((c) => [c.display ?? c.label, c.related !== undefined]);
  assert.deepEqual(held('ما هي العملة الرسمية في العراق؟'), [
    ['الرسمية', false],
    ['العملة', false],
  ]);
  // So is one that ends in ة, and a lexicon word an English question names whose Arabic forms
  // are such nouns (currency: عملة, العملة).
  assert.deepEqual(held('ما هي عملة العراق؟'), [['عملة', false]]);
  assert.deepEqual(held('What is the currency of Iraq?'), [['currency', false]]);
  assert.deepEqual(held('لماذا طلب التحالف من الفصيل أن يستنفر؟'), [
    ['طلب', true],
    ['يستنفر', true],
    ['الفصيل', false],
  ]);
  const carried = followUp(planOf('How many were killed?'), planOf('What did the drones target at Conoco?'));
  assert.deepEqual(
    asksOf(carried.concepts).map((c) => c.label),
    ['killed'],
  );
});

test('a follow-up naming another day does not carry the words of the day before it', () => {
  const labels = (q: string, previous: string) =>
    followUp(planOf(q), planOf(previous)).concepts.map((c) => [c.label, c.carried ?? false]);
  // "4" of "January 4" is not asked about on the 5th; Green Village still is.
  assert.deepEqual(labels('and on January 5?', 'What happened at Green Village on January 4?'), [
    ['January', false],
    ['5', false],
    ['Green Village', true],
    ['happened', true],
  ]);
  // Nor its terms, in any field ("4", "^4", "=4").
  const terms = followUp(planOf('and on January 5?'), planOf('What happened in Mayadin on January 4?')).terms;
  assert.deepEqual(
    terms.filter((t) => /^[\^=]?4$/u.test(t.term)).map((t) => t.term),
    [],
  );
  // Without a day of its own, a follow-up carries them.
  assert.ok(labels('Who was killed?', 'What happened on January 4?').some(([l]) => l === '4'));
});

test('after "أين", the verb that frames the question weighs little', () => {
  const where = planOf('أين يقع حقل العمر النفطي؟');
  assert.equal(where.concepts.find((c) => c.label === 'يقع')?.weight, 0.5);
  assert.equal(where.concepts.find((c) => c.label.includes('العمر'))?.name, true);
  // Also where the lexicon knows the verb (تقع is a spelling of "presence"), and in its terms.
  const austria = planOf('أين تقع النمسا؟');
  assert.equal(
    austria.concepts.find((c) => c.label === 'تقع')?.weight,
    0.5,
    JSON.stringify(austria.concepts),
  );
  assert.ok(austria.terms.filter((t) => !t.term.includes('نمس')).every((t) => t.weight <= 0.5));
  // Without أين the same verb is what is asked about.
  assert.equal(planOf('متى يقع الهجوم؟').concepts.find((c) => c.label === 'يقع')?.weight, 1);
});

test('in a "how many" question, عدد frames it as the verb after أين does', () => {
  const weightOf = (q: string) => planOf(q).concepts.find((c) => c.label === 'عدد')?.weight;
  assert.equal(weightOf('ما هو عدد الولايات في الولايات المتحدة الأمريكية؟'), 0.5);
  assert.equal(weightOf('كم يبلغ عدد سكان دير الزور؟'), 0.5);
  // Not asking how many: the word is what the question is about.
  assert.equal(weightOf('هل ازداد عدد الهجمات على القاعدة؟'), 1);
});

test('in a "what is the name" question, اسم frames it too', () => {
  const weightOf = (q: string) => planOf(q).concepts.find((c) => /[اإ]سم/.test(c.label))?.weight;
  assert.equal(weightOf('ما اسم القاعدة الأمريكية في حقل العمر؟'), 0.5);
  assert.equal(weightOf('ماهو الإسم الرسمي لقاعدة التنف؟'), 0.5);
  assert.equal(weightOf('ما هو اسم قائد التحالف؟'), 0.5);
  // Elsewhere اسم is a word like any other ("باسم": on behalf of).
  assert.equal(weightOf('من تحدث باسم البنتاغون؟'), 1);
});

test("a question's stems are also looked up in the articles' lead field, its exact words are not", async () => {
  const { leadTerm, LEAD_PREFIX, SURFACE_PREFIX } = await import('../../src/index/index.js');
  const analyzer = createAnalyzer();
  const plan = planOf('ما هي عاصمة العراق؟');
  const weight = new Map(plan.terms.map((t) => [t.term, t.weight]));
  const capital = analyzer.stem('عاصمة');
  assert.equal(weight.get(leadTerm(capital)), weight.get(capital));
  assert.ok(!plan.terms.some((t) => t.term.startsWith(LEAD_PREFIX + SURFACE_PREFIX)));
});

test("an article's passages past its first two wait until every article's first two have come", async () => {
  const { perArticleFirst } = await import('../../src/search/retriever.js');
  const ranked = ['a1', 'a2', 'a3', 'b1', 'a4', 'c1', 'b2', 'b3'].map((id) => ({ articleId: id[0]!, id }));
  assert.deepEqual(
    perArticleFirst(ranked, { perArticle: 2 }).map((c) => c.id),
    ['a1', 'a2', 'b1', 'c1', 'b2', 'a3', 'a4', 'b3'],
  );
  assert.deepEqual(perArticleFirst(ranked, { perArticle: 10 }), ranked);
  // A passage next to one of its article's leading ones leads too, up to a span of `joined`.
  const labelled = [
    { articleId: 'a', label: 5 },
    { articleId: 'a', label: 6 },
    { articleId: 'b', label: 20 },
    { articleId: 'a', label: 9 },
    { articleId: 'a', label: 7 },
    { articleId: 'a', label: 4 },
    { articleId: 'c', label: 30 },
  ];
  assert.deepEqual(
    perArticleFirst(labelled, { perArticle: 2, labelOf: (c) => c.label, joined: 3 }).map((c) => c.label),
    [5, 6, 20, 7, 30, 9, 4],
  );
  assert.deepEqual(
    perArticleFirst(labelled, { perArticle: 2, labelOf: (c) => c.label, joined: 1 }).map((c) => c.label),
    [5, 6, 20, 30, 9, 7, 4],
  );
});

test("an article's third passage still comes before the others' much weaker ones", async () => {
  const { perArticleFirst } = await import('../../src/search/retriever.js');
  // a3 scores twice what b2 and c1 do: past a's first two it keeps 0.6 of that, and still leads them.
  const ranked = [
    { articleId: 'a', id: 'a1', score: 10 },
    { articleId: 'a', id: 'a2', score: 9 },
    { articleId: 'a', id: 'a3', score: 8 },
    { articleId: 'b', id: 'b1', score: 7 },
    { articleId: 'a', id: 'a4', score: 6 },
    { articleId: 'b', id: 'b2', score: 4 },
    { articleId: 'c', id: 'c1', score: 3 },
  ];
  const order = (beyond?: number) =>
    perArticleFirst(ranked, { perArticle: 2, scoreOf: (c) => c.score, beyond }).map((c) => c.id);
  assert.deepEqual(order(0.6), ['a1', 'a2', 'b1', 'a3', 'b2', 'a4', 'c1']);
  // Without a share, every article's first two come first.
  assert.deepEqual(order(), ['a1', 'a2', 'b1', 'b2', 'c1', 'a3', 'a4']);
});

/** An index of these articles, built and opened as the product does (offline lexical embedder). */
async function openArticles(articles: { id: string; text: string }[]) {
  const path = await import('node:path');
  const { articlesJsonl, tmpDir } = await import('../helpers/corpus.js');
  const { buildIndex } = await import('../../src/index/index.js');
  const { LexicalEmbeddings } = await import('../../src/embed/lexical.js');
  const { openQA } = await import('../../src/answer/index.js');
  const { loadConfig } = await import('../../src/config.js');
  const dir = tmpDir();
  const source = articlesJsonl(dir, articles);
  const indexDir = path.join(dir, 'index');
  await buildIndex({ source, indexDir, embeddings: new LexicalEmbeddings(), maxArticleBytes: 1_000_000 });
  return openQA(loadConfig({ EMBEDDER: 'lexical', STATE_DIR: dir }), { indexDir });
}

/** The passages found for `question` in an index of these articles (see openArticles). */
async function searchArticles(articles: { id: string; text: string }[], question: string) {
  const qa = await openArticles(articles);
  try {
    return (await qa.retriever.search(question)).passages;
  } finally {
    await qa.close();
  }
}

test('a passage of the article that holds all the question words, in different sentences, comes first', async () => {
  const passages = await searchArticles(
    [
      // Says اللوفر two sentences before it says when "the museum" opened.
      {
        id: 'louvre',
        text: 'تعرض لوحات قديمة داخل اللوفر.\nويزوره السياح.\nافتتح المتحف للجمهور لأول مرة سنة 1793.',
      },
      // Each holds two of the three words, in one sentence of three as long.
      { id: 'branch', text: 'افتتح اللوفر سنة 2017.\nوحضر الحفل وزراء.\nوامتدت الأعمال أعواما.' },
      {
        id: 'village',
        text: 'افتتح المتحف الوطني سنة 1990 في القرية.\nوحضر الحفل وزراء.\nوامتدت الأعمال أعواما.',
      },
    ],
    'متى افتتح متحف اللوفر؟',
  );
  assert.equal(passages[0]?.row.articleId, 'louvre', JSON.stringify(passages.map((p) => p.row.text)));
  assert.match(passages[0]!.row.text, /1793/);
});

test('"who is X", "where is X" and "what is the definition of X" are answered first by the passage that opens with X', async () => {
  const qa = await openArticles([
    // Names him twice, in passing.
    {
      id: 'visit',
      text: 'التقى كوريلا بوجهاء العشائر في دير الزور، وقال كوريلا إن القوات الأمريكية باقية في سوريا.',
    },
    // Says who he is, after a sentence about something else.
    {
      id: 'profile',
      text: 'عين البنتاغون قائدا جديدا للقيادة المركزية.\nكوريلا جنرال أمريكي يقود القيادة المركزية منذ عام 2022.',
    },
    {
      id: 'strike',
      text: 'هاجمت طائرة مسيرة قاعدة التنف جنوب شرقي سوريا، وقال التحالف إن الهجوم على قاعدة التنف لم يوقع إصابات.',
    },
    {
      id: 'tanf',
      text: 'أعلن التحالف الدولي تعزيز دفاعاته.\nقاعدة التنف موقع للتحالف قرب الحدود السورية العراقية الأردنية.',
    },
    { id: 'risk', text: 'يستطيع السرطان أن يصيب كل الأعمار، ويسبب السرطان وفيات كثيرة.' },
    {
      id: 'definition',
      text: 'تقدم الطب كثيرا في العقود الأخيرة.\nالسرطان هو مجموعة من الأمراض تنمو فيها الخلايا بلا ضابط.',
    },
  ]);
  try {
    const texts = (ps: { row: { text: string } }[]) => JSON.stringify(ps.map((p) => p.row.text));
    const who = await qa.retriever.search('من هو كوريلا؟');
    assert.equal(who.passages[0]?.row.articleId, 'profile', texts(who.passages));
    const where = await qa.retriever.search('أين تقع قاعدة التنف؟');
    assert.match(where.passages[0]!.row.text, /^قاعدة التنف موقع/, texts(where.passages));
    // "تعريف" says what is asked, not what it is asked about.
    const meaning = await qa.retriever.search('ما تعريف السرطان؟');
    assert.match(meaning.passages[0]!.row.text, /^السرطان هو/, texts(meaning.passages));
  } finally {
    await qa.close();
  }
});

test('a search for the names a question asks about finds only passages that name them', async () => {
  const qa = await openArticles([
    { id: 'report', text: 'ذكر التقرير أن الموقع العسكري تعرض لقصف، وذكر التقرير أن الموقع الثاني أخلي.' },
    { id: 'other', text: 'أفاد التقرير بأن الموقع قرب النهر تعرض لهجوم بالصواريخ.' },
    { id: 'named', text: 'كان أبو مهدي المهندس نائب رئيس هيئة الحشد الشعبي.' },
  ]);
  try {
    const question = 'ما هو الموقع الذي ذكر التقرير أن أبو مهدي المهندس شغله؟';
    const name = qa.retriever.plan(question).concepts.find((c) => c.name);
    assert.ok(name, 'the lexicon knows al-Muhandis');
    const all = await qa.retriever.search(question, 5);
    assert.notEqual(all.passages[0]?.row.articleId, 'named');
    const naming = await qa.retriever.search(question, 5, { naming: [name.label] });
    assert.deepEqual(
      naming.passages.map((p) => p.row.articleId),
      ['named'],
    );
  } finally {
    await qa.close();
  }
});

test('a glued ل, ك or ي is taken off a word when the index knows the word without it better', () => {
  const analyzer = createAnalyzer();
  const counts = new Map([
    [analyzer.stem('سويسرا'), 40],
    [analyzer.stem('لبنان'), 900],
    [analyzer.stem('بنان'), 2],
    [analyzer.stem('سفيرة'), 30],
    [analyzer.stem('تزوج'), 12],
    [analyzer.stem('يوسف'), 300],
  ]);
  const df = (t: string) => counts.get(t) ?? 0;
  const bare = (word: string) => withoutPrefix(word, analyzer.stem(word), analyzer.stem, df);
  assert.equal(bare('لسويسرا'), analyzer.stem('سويسرا'));
  assert.equal(bare('ولسويسرا'), analyzer.stem('سويسرا'));
  assert.equal(bare('كسفيره'), analyzer.stem('سفيرة'));
  assert.equal(bare('يتزوج'), analyzer.stem('تزوج'));
  // The word's own letter: لبنان and يوسف are the common terms, بنان and وسف are not.
  assert.equal(bare('لبنان'), undefined);
  assert.equal(bare('يوسف'), undefined);
  // لل is the article after ل, which the stemmer already takes off; a bare stem is too short to tell.
  assert.equal(bare('للسويسريين'), undefined);
  assert.equal(bare('لمن'), undefined);
  const plan = planOf('ما الاسم الرسمي لسويسرا؟', { df });
  const swiss = plan.concepts.find((c) => c.label === 'لسويسرا');
  assert.deepEqual(swiss?.forms, [[analyzer.stem('لسويسرا')], [analyzer.stem('سويسرا')]]);
  assert.ok(plan.terms.some((t) => t.term === analyzer.stem('سويسرا') && t.weight === 1));
});

test('a word that begins with و is also looked up by the stem it has after the article, and back', () => {
  const analyzer = createAnalyzer();
  // The stemmer reads واقعة's و as "and", not الواقعة's.
  assert.notEqual(analyzer.stem('واقعة'), analyzer.stem('الواقعة'));
  const known = new Set([analyzer.stem('واقعة'), analyzer.stem('الواقعة')]);
  const df = (t: string) => (known.has(t) ? 5 : 0);
  const others = (word: string) => otherStems(word, analyzer.stem(word), analyzer.stem, df);
  assert.deepEqual(others('واقعة'), [analyzer.stem('الواقعة')]);
  assert.deepEqual(others('الواقعة'), [analyzer.stem('واقعة')]);
  assert.deepEqual(others('والواقعة'), [analyzer.stem('واقعة')]);
  // Only a stem the index has; وزير has one stem either way.
  assert.deepEqual(others('وادي'), []);
  assert.deepEqual(others('وزير'), []);
  // The lexicon's forms too: "تقع" is a spelling of "presence", which lists الواقعة.
  const plan = planOf('أين تقع لبنان؟', { df });
  const lies = plan.concepts.find((c) => c.label === 'تقع');
  assert.ok(
    lies?.forms.some((f) => f.length === 1 && f[0] === analyzer.stem('واقعة')),
    JSON.stringify(lies),
  );
});

test("the lexicon's forms are analysed once per index, and plan the same from the memo", () => {
  const lexicon = loadLexicon('data/lexicon.json');
  const analyzer = createAnalyzer();
  const df = (t: string) => (t === analyzer.stem('واقعة') ? 3 : 0);
  const lexiconForms = new Map();
  const plan = (q: string) => planQuery(q, { lexicon, analyzer, crossLingualDense: false, df, lexiconForms });
  for (const q of ['Where is the Green Village base?', 'أين تقع لبنان؟']) {
    const first = plan(q);
    assert.ok(lexiconForms.size > 0);
    assert.deepEqual(plan(q), first);
    assert.deepEqual(first, planQuery(q, { lexicon, analyzer, crossLingualDense: false, df }));
  }
});

test('"لسويسرا" in a question finds the passage that says سويسرا', async () => {
  const passages = await searchArticles(
    [
      { id: 'india', text: 'الاسم الرسمي للهند هو جمهورية الهند.' },
      { id: 'swiss', text: 'الاسم الرسمي لدولة سويسرا هو الاتحاد السويسري.' },
    ],
    'ما الاسم الرسمي لسويسرا؟',
  );
  assert.equal(passages[0]?.row.articleId, 'swiss', JSON.stringify(passages.map((p) => p.row.text)));
});

/**
 * The passages found for `question` by a retriever that takes one candidate from each of dense and
 * lexical search, as on a large index, where most passages are in neither list.
 */
async function searchOneCandidate(articles: { id: string; text: string }[], question: string) {
  const path = await import('node:path');
  const { articlesJsonl, tmpDir } = await import('../helpers/corpus.js');
  const { buildIndex, openIndex } = await import('../../src/index/index.js');
  const { LexicalEmbeddings } = await import('../../src/embed/lexical.js');
  const { HybridRetriever } = await import('../../src/search/retriever.js');
  const dir = tmpDir();
  const source = articlesJsonl(dir, articles);
  const embeddings = new LexicalEmbeddings();
  const indexDir = path.join(dir, 'index');
  await buildIndex({ source, indexDir, embeddings, maxArticleBytes: 1_000_000 });
  const index = openIndex(indexDir, { embedder: embeddings, efSearch: 50 });
  try {
    const lexicon = loadLexicon('data/lexicon.json');
    return (await new HybridRetriever({ index, embeddings, lexicon, candidates: 1 }).search(question))
      .passages;
  } finally {
    await index.close();
  }
}

test('one of the best articles with no passage among the candidates has its passages added', async () => {
  // One candidate from each list: the same passage, the shorter one, leads both.
  const passages = await searchOneCandidate(
    [
      { id: 'first', text: 'افتتح المتحف سنة 1793.' },
      // Keeps the second article out of reach of the first one's neighbours.
      { id: 'between', text: 'هطلت أمطار غزيرة على الساحل.' },
      { id: 'second', text: 'افتتح المتحف الجديد للفنون الحديثة في المدينة سنة 1929.' },
    ],
    'متى افتتح المتحف؟',
  );
  assert.deepEqual(
    passages.map((p) => p.row.articleId).filter((id) => id !== 'between'),
    ['first', 'second'],
  );
  const second = passages.find((p) => p.row.articleId === 'second')!;
  assert.equal(second.denseRank, null);
  assert.equal(second.bm25Rank, null);
});

test("a question's Arabic word brings the index's terms of its root, less the forms it counts by", () => {
  const analyzer = createAnalyzer();
  const plan = planOf('أين تتركز قوات التحالف؟', {
    related: (stem) => new Set(stem === analyzer.stem('تتركز') ? ['يتركز', 'تركيز', stem] : ['قاعد']),
  });
  const word = plan.concepts.find((c) => c.label === 'تتركز');
  assert.deepEqual([...(word?.related ?? [])].sort(), ['تركيز', 'يتركز']);
  // Names the lexicon knows have no root: "التحالف" is the coalition, whatever its root.
  assert.ok(plan.concepts.filter((c) => c.name).every((c) => c.related === undefined));
  // Only the concepts look for related terms; the lexical search does not.
  assert.ok(!plan.terms.some((t) => t.term === 'يتركز' || t.term === 'تركيز'));
});

test("an English question's incident word brings the terms of its Arabic forms' root; a name brings none", () => {
  const analyzer = createAnalyzer();
  const use = analyzer.stem('استخدام');
  const plan = planOf('What did the coalition use against the militias?', {
    related: (stem) =>
      new Set(
        stem === use
          ? ['مستخدمون', 'خدمات', analyzer.stem('يستخدم')]
          : stem === analyzer.stem('التحالف')
            ? ['تحالفات']
            : [],
      ),
  });
  const word = plan.concepts.find((c) => c.label === 'use');
  // The entry's own forms (يستخدم) are not related terms of it.
  assert.deepEqual([...(word?.related ?? [])].sort(), ['خدمات', 'مستخدمون']);
  const coalition = plan.concepts.find((c) => c.label === 'coalition');
  assert.ok(coalition?.name && coalition.related === undefined);
});

test("a related term counts for a share of the question's word, never more than the word itself", () => {
  const idf = () => 1;
  const concepts = [
    { label: 'تتركز', weight: 1, forms: [['تتركز']], related: new Set(['يتركز']) },
    { label: 'مصر', weight: 1, forms: [['مصر']] },
  ];
  const holds = (words: string[]) => (related: ReadonlySet<string>) => words.some((w) => related.has(w));
  const passage = (words: string[]) => coverageOf(concepts, bag(words), idf, holds(words));
  assert.equal(passage(['مصر']), 1 / 2);
  assert.equal(passage(['يتركز', 'مصر']), 1.4 / 2);
  assert.equal(passage(['تتركز', 'يتركز', 'مصر']), 1);
  assert.equal(coverageOf(concepts, bag(['يتركز', 'مصر']), idf), 1 / 2);
});

test('"أين تتركز" finds the passage that says يتركز', async () => {
  const passages = await searchArticles(
    [
      {
        id: 'growth',
        text: 'يزداد عدد سكان مصر كل عام بنحو مليوني نسمة بحسب الجهاز المركزي للتعبئة العامة والإحصاء في تقريره.',
      },
      {
        id: 'valley',
        text: 'ويتركز سكان مصر في وادي النيل والدلتا وعلى ساحلي البحر المتوسط والبحر الأحمر ومدن قناة السويس.',
      },
    ],
    'أين تتركز سكان مصر؟',
  );
  assert.equal(passages[0]?.row.articleId, 'valley', JSON.stringify(passages.map((p) => p.row.text)));
});

test("a small index's passage terms are read once and kept; a large one's are read for each question", async () => {
  const { PassageTerms } = await import('../../src/search/retriever.js');
  const asked: number[][] = [];
  const store = (passages: number) => ({
    counts: () => ({ articles: 1, passages }),
    termsOf: (labels: readonly number[]) => {
      asked.push([...labels]);
      return new Map(
        labels
          .filter((l) => l < 100)
          .map((l) => [l, { articleId: `a${l}`, ordinal: 0, terms: `t${l} =s${l}` }]),
      );
    },
  });
  const small = new PassageTerms(store(88), 100);
  const first = small.get([1, 2, 500]);
  assert.deepEqual([...first.keys()], [1, 2]);
  assert.equal(first.get(1)!.view(), small.get([1]).get(1)!.view(), 'one view per passage');
  assert.deepEqual([...first.get(1)!.view().set], ['t1', '=s1']);
  assert.deepEqual([...first.get(1)!.lead().set], ['t1'], 'the opening has stems only');
  // Known, and known to be missing: nothing read again.
  small.get([2, 500, 1]);
  assert.deepEqual(asked, [[1, 2, 500]]);
  asked.length = 0;
  const large = new PassageTerms(store(101), 100);
  large.get([1, 2]);
  large.get([2]);
  assert.deepEqual(asked, [[1, 2], [2]]);
});

test('a follow-up keeps its own question and carries the one it follows at half weight', () => {
  const previous = planOf('What did the drones target at the Conoco gas field?');
  const own = planOf('Was anyone killed by the drones?');
  const plan = followUp(own, previous);
  assert.equal(plan.question, own.question);
  assert.equal(plan.language, 'en');
  const conoco = plan.concepts.find((c) => c.label === 'Conoco gas field');
  assert.ok(conoco?.carried && conoco.name);
  assert.equal(
    conoco.weight,
    CARRIED_WEIGHT * previous.concepts.find((c) => c.label === conoco.label)!.weight,
  );
  // What the follow-up asks itself is not carried again, nor halved.
  const drones = plan.concepts.filter((c) => c.label === 'drones');
  assert.equal(drones.length, 1);
  assert.equal(drones[0]!.carried, undefined);
  const weightOf = (p: typeof plan, term: string) => p.terms.find((t) => t.term === term)?.weight;
  const conocoStem = conoco.forms[0]![0]!;
  assert.equal(weightOf(plan, conocoStem), CARRIED_WEIGHT * weightOf(previous, conocoStem)!);
  for (const t of own.terms) assert.equal(weightOf(plan, t.term), t.weight);
  assert.ok(plan.denseText.startsWith(own.denseText) && plan.denseText.includes(previous.denseText));
});

test('"كم ولاية في الهند؟" is answered first by the passage that counts states, not by any number', async () => {
  const passages = await searchArticles(
    [
      { id: 'floods', text: 'قتل أربعة أشخاص في ولاية أوديشا في الهند.' },
      {
        id: 'states',
        text: 'على الصعيد الإداري تعد الهند جمهورية فيدرالية تتألف من 28 ولاية وسبعة أقاليم اتحادية مع وجود نظام برلماني ديمقراطي.',
      },
    ],
    'كم ولاية في الهند؟',
  );
  assert.equal(passages[0]?.row.articleId, 'states', JSON.stringify(passages.map((p) => p.row.text)));
});

test('a passage about the place the question names outranks one that holds its other words, not the place', async () => {
  const passages = await searchArticles(
    [
      // Holds the other words, and العمر only as "age" in the next sentence.
      {
        id: 'france',
        text: 'سقط 3 قتلى في جنوب فرنسا في الهجوم على متجر.\nوقال الوزير إن منفذ الهجوم يبلغ من العمر 26 عاما.',
      },
      // Holds fewer of the question's words, but the place.
      { id: 'omar', text: 'سقطت قذائف في الهجوم على حقل العمر النفطي.\nولم تقع إصابات.' },
      { id: 'other', text: 'قتل جنديان في هجوم على نقطة عسكرية قرب الحدود.' },
    ],
    'هل سقط قتلى في الهجوم على حقل العمر؟',
  );
  assert.equal(passages[0]?.row.articleId, 'omar', JSON.stringify(passages.map((p) => p.row.text)));
});

test('a count of another incident does not lead a "how many" question about a named place', async () => {
  const passages = await searchArticles(
    [
      // Counts the killed, but of strikes elsewhere: Green Village is not named.
      {
        id: 'deir',
        text: 'الحصيلة الأولية للهجمات الصاروخية والغارات الجوية على مدينة دير الزور بلغت 5 قتلى بصفوف الميليشيات.',
      },
      {
        id: 'green',
        text: 'سقطت ثماني قذائف صاروخية على قاعدة القرية الخضراء.\nولم يتسبب الهجوم في وقوع أي إصابات.',
      },
    ],
    'كم عدد القتلى في الهجوم على قاعدة القرية الخضراء؟',
  );
  assert.equal(passages[0]?.row.articleId, 'green', JSON.stringify(passages.map((p) => p.row.text)));
});

test("the leading article's sentence that answers is a candidate even when neither search finds it", async () => {
  const passages = await searchOneCandidate(
    [
      {
        id: 'centcom',
        // The answer is its fourth sentence: two from the one that names the strike, so no neighbour.
        text: [
          'أعلنت القيادة المركزية الأمريكية سينتكوم شن ضربة على مخزن أسلحة في سوريا.',
          'وقالت إنها جاءت ردا على هجوم سابق.',
          'وأضافت أن الموقع كانت تستخدمه جماعات مسلحة.',
          'وقال المتحدث إنه لا يعتقد أن الضربة تسببت في وقوع أي خسائر بين المدنيين.',
        ].join('\n'),
      },
      { id: 'weather', text: 'هطلت أمطار غزيرة على الساحل.' },
    ],
    'هل تسببت ضربة سينتكوم على مخزن الأسلحة في خسائر بين المدنيين؟',
  );
  const answer = passages.findIndex((p) => p.row.text.includes('لا يعتقد'));
  assert.ok(answer >= 0 && answer < 2, JSON.stringify(passages.map((p) => p.row.text)));
  assert.equal(passages[answer]!.bm25Rank, null);
  assert.equal(passages[answer]!.denseRank, null);
});

test('nearIdentical is Jaccard similarity of at least 0.6, however early it gives up', () => {
  const random = prng(7);
  const set = (n: number, from: number, span: number) =>
    new Set(Array.from({ length: n }, () => `t${from + Math.floor(random() * span)}`));
  let copies = 0;
  for (let i = 0; i < 3000; i++) {
    const span = 10 + Math.floor(random() * 60);
    const a = set(5 + Math.floor(random() * 40), 0, span);
    const b = set(5 + Math.floor(random() * 40), Math.floor(random() * 10), span);
    const inter = [...a].filter((t) => b.has(t)).length;
    const expected = inter / (a.size + b.size - inter) >= 0.6;
    if (expected) copies++;
    assert.equal(nearIdentical(a, b), expected, `${[...a].join(' ')} | ${[...b].join(' ')}`);
    assert.equal(nearIdentical(b, a), expected);
  }
  assert.ok(copies > 100, `only ${copies} pairs at or over 0.6`);
  // At the threshold exactly (3 shared of 5 in all), and just under it (5 of 9).
  assert.equal(nearIdentical(new Set(['a', 'b', 'c', 'd']), new Set(['a', 'b', 'c', 'e'])), true);
  assert.equal(nearIdentical(new Set(['a', 'b', 'c']), new Set(['a', 'b', 'c', 'd', 'e'])), true);
  assert.equal(nearIdentical(new Set('abcdefg'), new Set('abcdehi')), false);
  assert.equal(nearIdentical(new Set(), new Set(['a'])), false);
});

test('a follow-up asks only for others when it has no words of its own but those and question words', () => {
  for (const q of [
    'Who else?',
    'Anyone else?',
    'Is there anything else?',
    'ومين كمان؟',
    'هل هناك غيرهم؟',
    'وماذا أيضاً؟',
  ])
    assert.equal(asksForOthers(q), true, q);
  // These say what else they ask: the others may be in the very passage quoted before.
  for (const q of [
    'What other weapons were used?',
    'ما الأسلحة الأخرى؟',
    'Who else was killed?',
    'Any other groups?',
  ])
    assert.equal(asksForOthers(q), false, q);
});

test('«كم قتيلا» is answered by the passage that counts «قتلى», the broken plural the stemmer keeps apart', async () => {
  const passages = await searchArticles(
    [
      // More of the question's words, and a number, but of villages.
      {
        id: 'villages',
        text: 'تمكنت قوات النظام خلال الاشتباكات في دير الزور صباح اليوم من السيطرة على 4 قرى.',
      },
      { id: 'toll', text: 'أسفرت المعارك في دير الزور عن تسعة قتلى في صفوف قوات النظام.' },
    ],
    'كم قتيلا سقط في الاشتباكات بين قوات النظام في دير الزور؟',
  );
  assert.equal(passages[0]?.row.articleId, 'toll', JSON.stringify(passages.map((p) => p.row.text)));
});
