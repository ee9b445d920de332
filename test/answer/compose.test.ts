import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  choosePassages,
  compose,
  glossed,
  unanswered,
  undated,
  unnamed,
  unquoted,
} from '../../src/answer/compose.js';
import { parseLexicon } from '../../src/search/lexicon.js';
import type { Concept, QueryPlan } from '../../src/search/plan.js';
import type { PassageRow } from '../../src/index/index.js';
import { TermView, type RetrievedPassage } from '../../src/search/retriever.js';

// Two articles; their passages have consecutive labels and offsets into the article's text.
const ARTICLES: Record<string, string[]> = {
  a: ['قالت المتحدثة باسم البيت الأبيض.', 'وأضافت أن الهجمات مرتبطة بالمفاوضات.', 'وتابعت حديثها.', 'وختمت.'],
  b: ['سقطت صواريخ قرب القاعدة.', 'ولم تقع إصابات.'],
};
const TEXTS = Object.fromEntries(Object.entries(ARTICLES).map(([id, ps]) => [id, ps.join('\n\n')]));
const LABEL_BASE: Record<string, number> = { a: 10, b: 20 };

function passage(articleId: string, ordinal: number, coverage = 0.8): RetrievedPassage {
  const parts = ARTICLES[articleId]!;
  const start = parts.slice(0, ordinal).reduce((n, p) => n + p.length + 2, 0);
  const text = parts[ordinal]!;
  const row = { articleId, label: LABEL_BASE[articleId]! + ordinal, start, end: start + text.length, text };
  return { row: row as PassageRow, score: coverage, coverage, denseRank: null, bm25Rank: null, alsoIn: [] };
}
const articleText = (id: string) => TEXTS[id];
const NO_NAMES = parseLexicon({ version: 1, entries: [] }, 'test');
const all = () => true;
/** The passages cited from `ranked`, with the articles' texts at hand. */
const choose = (ranked: RetrievedPassage[], slots: number, cited: (p: RetrievedPassage) => boolean = all) =>
  choosePassages(ranked, { slots, cited, articleText });

test('passages of one article next to each other are quoted as one verbatim span, in the better place', () => {
  const chosen = choose([passage('a', 1), passage('b', 0), passage('a', 0)], 3);
  assert.deepEqual(
    chosen.map((p) => p.row.articleId),
    ['a', 'b'],
  );
  const joined = chosen[0]!.row;
  assert.equal(joined.text, `${ARTICLES.a![0]}\n\n${ARTICLES.a![1]}`);
  assert.equal(TEXTS.a!.slice(joined.start, joined.end), joined.text);
});

test('a joined passage takes no place: the next one is cited in its stead', () => {
  const ranked = [passage('a', 0), passage('a', 1), passage('b', 0)];
  assert.deepEqual(
    choose(ranked, 2).map((p) => p.row.label),
    [10, 20],
  );
  // Without the article texts nothing is joined: the first two places, as ranked.
  assert.deepEqual(
    choosePassages(ranked, { slots: 2, cited: all }).map((p) => p.row.label),
    [10, 11],
  );
});

test('only cited neighbours are joined, at most three passages to a span, never across articles or gaps', () => {
  const cited = (p: RetrievedPassage) => p.coverage >= 0.5;
  const low = choose(
    [passage('a', 0), passage('a', 1, 0.1), passage('b', 0), passage('b', 1, 0.1)],
    2,
    cited,
  );
  // The uncited neighbour is left out and takes no place: the next article is still cited.
  assert.deepEqual(
    low.map((p) => p.row.text),
    [ARTICLES.a![0], ARTICLES.b![0]],
  );
  const three = choose([passage('a', 1), passage('a', 0), passage('a', 2), passage('b', 0)], 2);
  assert.deepEqual(
    three.map((p) => p.row.text),
    [ARTICLES.a!.slice(0, 3).join('\n\n'), ARTICLES.b![0]],
  );
  const four = choose([passage('a', 1), passage('a', 0), passage('a', 2), passage('a', 3)], 3);
  assert.deepEqual(
    four.map((p) => p.row.label),
    [11, 13],
  );
  const apart = choose([passage('a', 0), passage('a', 2), passage('b', 1)], 3);
  assert.equal(apart.length, 3);
  assert.ok(apart.every((p) => !p.row.text.includes('\n')));
});

test('a name the question asks about that no cited article mentions, in any spelling, is reported', () => {
  const cited = (terms: string) => {
    const p = passage('a', 0);
    return { ...p, row: { ...p.row, terms } };
  };
  const jordan: Concept = { label: 'jordan', weight: 1, forms: [['اردن'], ['مملك', 'اردني']], name: true };
  const drone: Concept = { label: 'drone', weight: 1, forms: [['مسير']] };
  const articles: Record<string, string[]> = { a: ['مسير سوري', 'قصف مملك اردني'] };
  const articlePassages = (id: string) => (articles[id] ?? []).map((terms) => new TermView(terms));
  // Not in the passage, but its article names it (the second spelling, its words together).
  assert.deepEqual(unnamed([jordan, drone], [cited('مسير')], articlePassages), []);
  // Named nowhere in the article: reported; a word that is not a name never is.
  articles.a = ['مسير سوري', 'مملك'];
  assert.deepEqual(
    unnamed([jordan, drone], [cited('مسير')], articlePassages).map((c) => c.label),
    ['jordan'],
  );
  // A name's words scattered over the article, or far apart in one passage, do not name it.
  articles.a = ['مسير مملك', 'اردني قصف'];
  assert.deepEqual(
    unnamed([jordan], [cited('مسير')], articlePassages).map((c) => c.label),
    ['jordan'],
  );
  articles.a = ['مملك قصف مسير سوري اردني'];
  assert.deepEqual(
    unnamed([jordan], [cited('مسير')], articlePassages).map((c) => c.label),
    ['jordan'],
  );
  // Carried from the question a follow-up follows, it is not asked about again.
  assert.deepEqual(unnamed([{ ...jordan, carried: true }, drone], [cited('مسير')], articlePassages), []);
  // In a cited passage itself: the articles are not read.
  assert.deepEqual(
    unnamed([jordan], [cited('مسير اردن')], () => {
      throw new Error('no article lookup needed');
    }),
    [],
  );
});

test('a year the question names counts as a name, unless a cited article was published in it', () => {
  const cited = (terms: string, published: string | null) => {
    const p = passage('a', 0);
    return { ...p, row: { ...p.row, terms, published } };
  };
  const year: Concept = { label: '2011', weight: 1, forms: [['2011']] };
  const syria: Concept = { label: 'سوريا', weight: 1, forms: [['سوري']] };
  const none = () => [];
  // A 2022 article that names Syria does not say what happened there in 2011.
  assert.deepEqual(
    unnamed([syria, year], [cited('سوري', '2022-01-05')], none).map((c) => c.label),
    ['2011'],
  );
  // One that mentions the year, or was published in it, may.
  assert.deepEqual(unnamed([syria, year], [cited('سوري 2011', '2022-01-05')], none), []);
  assert.deepEqual(unnamed([syria, year], [cited('سوري', '2011-03-15')], none), []);
  // Other numbers are not years: "how many in 10 days" asks nothing of a 10.
  const ten: Concept = { label: '10', weight: 1, forms: [['10']] };
  assert.deepEqual(unnamed([syria, ten], [cited('سوري', null)], none), []);
});

test('a day the question names that no cited article states, nor was published on, is reported', () => {
  const cited = (text: string, published: string | null, articleId = 'a') => {
    const p = passage('a', 0);
    const precision = published ? ('day' as const) : ('unknown' as const);
    return { ...p, row: { ...p.row, articleId, text, published, publishedPrecision: precision } };
  };
  const days = (question: string, ...passages: RetrievedPassage[]) =>
    undated(question, passages).map((d) => question.slice(d.start, d.end));
  const kirby = 'وأضاف كيربي أن المواقع قصفت في 3 كانون الثاني.';
  assert.deepEqual(days('What did Kirby say on January 10?', cited(kirby, '2022-01-05')), ['January 10']);
  // Stated in a passage, counted from its date («أمس، الثلاثاء» of a 5 January article), or its day.
  assert.deepEqual(days('What did Kirby say on January 3rd?', cited(kirby, null)), []);
  assert.deepEqual(days('What happened on January 4?', cited('قصف أمس، الثلاثاء، مواقع.', '2022-01-05')), []);
  assert.deepEqual(days('ماذا حدث يوم 5 كانون الثاني؟', cited('قصف مواقع.', '2022-01-05')), []);
  // A year is compared where both give one; the question's other numbers are not days.
  assert.deepEqual(days('What happened on 3 January 2021?', cited(kirby, '2022-01-05')), ['3 January 2021']);
  assert.deepEqual(days('How many rockets hit in 10 days?', cited(kirby, '2022-01-05')), []);
  // The cited articles' other passages are read only when no cited passage states the day.
  const article = (id: string) =>
    id === 'b' ? 'مقدمة.\n\nوفي العاشر من كانون الثاني قال كيربي.' : undefined;
  assert.deepEqual(undated('What did Kirby say on January 10?', [cited(kirby, null, 'b')], article), []);
  assert.equal(undated('What did Kirby say on January 10?', [cited(kirby, null, 'a')], article).length, 1);
});

test('an answer to a question naming a day no cited article states is an abstention that names it', () => {
  const row = { ...passage('a', 0).row, text: 'قال كيربي إن المواقع قصفت.', published: '2022-01-05' };
  const plan = {
    question: 'What did Kirby say on 10 January 2022?',
    language: 'en',
    entities: [],
    concepts: [2022].map((y) => ({ label: String(y), weight: 1, forms: [[String(y)]] })),
  };
  const composed = compose(
    {
      plan: plan as unknown as QueryPlan,
      passages: [{ ...passage('a', 0), row: { ...row, publishedPrecision: 'day' } as PassageRow }],
    },
    { lexicon: NO_NAMES, minCoverage: 0.25, coverageNote: { ar: '', en: '' }, articleText },
  );
  assert.equal(composed.abstained, true);
  // The day whole, not its year again.
  assert.match(composed.text, /^None of the articles that match this question mentions «10 January 2022»,/);
});

test('the cited passages that state a day the question names are quoted first', () => {
  const dated = (id: string, ordinal: number, text: string) => {
    const p = passage(id, ordinal);
    return {
      ...p,
      row: { ...p.row, text, published: '2022-01-05', publishedPrecision: 'day' } as PassageRow,
    };
  };
  const plan = { question: 'What happened on January 4?', language: 'ar', entities: [], concepts: [] };
  const composed = compose(
    {
      plan: plan as unknown as QueryPlan,
      passages: [
        dated('a', 0, 'هدد المرشد في 2 كانون الثاني.'),
        dated('b', 0, 'قصف التحالف أمس، الثلاثاء، مواقع.'),
      ],
    },
    { lexicon: NO_NAMES, minCoverage: 0.25, coverageNote: { ar: '', en: '' } },
  );
  assert.deepEqual(
    composed.citations.map((c) => c.text),
    ['قصف التحالف أمس، الثلاثاء، مواقع.', 'هدد المرشد في 2 كانون الثاني.'],
  );
});

test('a question whose cited passages hold nothing of what it asks of its names is not answered', () => {
  const syria: Concept = { label: 'سوريا', weight: 1, forms: [['سوري']], name: true };
  const capital: Concept = { label: 'عاصمه', display: 'عاصمة', weight: 1, forms: [['عاصم']] };
  const asked = (share: number | undefined) => ({
    ...passage('a', 0),
    ...(share === undefined ? {} : { asked: share }),
  });
  assert.deepEqual(
    unanswered([syria, capital], [asked(0), asked(0)]).map((c) => c.display),
    ['عاصمة'],
  );
  // One cited passage that holds some of it is enough; a question that asks nothing more, too.
  assert.deepEqual(unanswered([syria, capital], [asked(0), asked(0.4)]), []);
  assert.deepEqual(unanswered([syria], [asked(undefined)]), []);
  assert.deepEqual(unanswered([syria, capital], []), []);
});

test('a name the lexicon does not know is not answered for, unless a cited passage quotes it', () => {
  const cited = (text: string) => {
    const p = passage('a', 0);
    return { ...p, row: { ...p.row, text } };
  };
  assert.deepEqual(unquoted(['FIFA World Cup'], [cited('وفي عام 2018، اتخذت قسد القاعدة')]), [
    'FIFA World Cup',
  ]);
  assert.deepEqual(unquoted(['Green Village'], [cited('القرية الخضراء (Green Village)')]), []);
  const copy = { ...cited('قاعدة'), alsoIn: [{ ...cited('(green village)').row }] };
  assert.deepEqual(unquoted(['Green Village'], [copy]), []);
});

const NAMES = parseLexicon(
  {
    version: 1,
    entries: [
      { id: 'deir-ez-zor', type: 'place', en: ['Deir ez-Zor'], ar: ['دير الزور'] },
      { id: 'deir-ez-zor-province', type: 'place', en: ['Deir ez-Zor province'], ar: ['محافظة دير الزور'] },
      { id: 'us-forces', type: 'group', en: ['US forces'], ar: ['القوات الأمريكية'] },
      { id: 'us-navy', type: 'group', en: ['US Navy'], ar: ['البحرية الأمريكية'], within: ['us-forces'] },
      { id: 'lebanon', type: 'place', en: ['Lebanon'], ar: ['لبنان'] },
      { id: 'mayadin', type: 'place', en: ['Mayadin'], ar: ['الميادين'] },
    ],
  },
  'test',
);
/** Deir ez-Zor is named by its province; US forces only by the third citation; Lebanon by none. */
const NAMING_TEXTS = [
  'قصف صاروخي في محافظة دير الزور.',
  'سقطت القذائف قرب الميادين.',
  'وردت القوات الأمريكية على مصادر النيران.',
];

/** The answer's text, in `language`, to a question naming the entries `ids`, from passages of `texts`. */
function namingAnswer(ids: string[], texts: string[], language: 'ar' | 'en', question = ''): string {
  const passage = (text: string, i: number): RetrievedPassage => {
    const row = { articleId: `x${i}`, label: i * 10, start: 0, end: text.length, text, terms: '' };
    return { row: row as PassageRow, score: 1, coverage: 0.9, denseRank: null, bm25Rank: null, alsoIn: [] };
  };
  const plan = { question, language, entities: ids.map((id) => NAMES.byId(id)!), concepts: [], terms: [] };
  const result = { plan: plan as unknown as QueryPlan, passages: texts.map(passage) };
  return compose(result, { lexicon: NAMES, minCoverage: 0.25, coverageNote: { ar: '', en: '' } }).text;
}

test('the English lead says which asked-about names the quotes lack, and which later citation names them', () => {
  /** The lead's second line (figures and names). */
  const lead = (ids: string[], texts: string[]) => namingAnswer(ids, texts, 'en').split('\n')[1]!;
  const line = lead(['deir-ez-zor', 'us-forces', 'lebanon'], NAMING_TEXTS);
  assert.match(line, /Names: Deir ez-Zor province, Mayadin\./);
  assert.doesNotMatch(line, /Not[^.]*Deir ez-Zor/);
  assert.match(line, /Not in the quoted passages: US forces \(named in \[3\]\)\./);
  assert.match(line, /Not named in any cited passage: Lebanon\./);
  // An entry the lexicon puts within the asked one names it ("جنود البحرية الأمريكية": US forces);
  // not the other way round.
  assert.doesNotMatch(lead(['us-forces'], ['أصيب 3 من جنود البحرية الأمريكية.']), /Not/);
  assert.match(lead(['us-navy'], ['وردت القوات الأمريكية.']), /Not named in any cited passage: US Navy\./);
  // The other way round, a place does not stand for the larger one that holds its name.
  assert.match(
    lead(['deir-ez-zor-province'], ['قصف صاروخي في دير الزور.']),
    /Not named in any cited passage: Deir ez-Zor province\./,
  );
});

test('with two passages quoted, each figure says which one it comes from', () => {
  // Two incidents' counts: read as one list they would add up to one incident's.
  const texts = ['سقطت 8 صواريخ في الميادين.', 'وأصيب 3 جنود و8 صواريخ أخرى.'];
  assert.match(namingAnswer([], texts, 'en').split('\n')[1]!, /^Figures: 8 in \[1\] and \[2\], 3 in \[2\]\./);
  assert.match(namingAnswer([], texts, 'ar'), /\nأرقام واردة: 8 صواريخ في \[1\] و\[2\]، 3 جنود في \[2\]$/);
  // One quote: the lead already says where it comes from.
  assert.match(namingAnswer([], texts.slice(0, 1), 'en').split('\n')[1]!, /^Figures: 8\./);
});

test('the Arabic answer says first which asked-about names the quotes lack, and which later citation names them', () => {
  const lines = namingAnswer(['deir-ez-zor', 'us-forces', 'lebanon'], NAMING_TEXTS, 'ar').split('\n');
  assert.deepEqual(lines.slice(0, 2), [
    'لم يرد في المقاطع المقتبسة أدناه: القوات الأمريكية (ورد في [3]).',
    'لم يرد في أيٍّ من المقاطع المستشهد بها أدناه: لبنان.',
  ]);
  assert.match(lines[2]!, /^بحسب .*\[1\]:$/);
  assert.equal(lines[3], `«${NAMING_TEXTS[0]}»`);
  // The quotes name all the question names: nothing is said before them.
  assert.match(namingAnswer(['deir-ez-zor', 'mayadin'], NAMING_TEXTS, 'ar'), /^بحسب /);
});

interface OnePassage {
  entries?: unknown[];
  source?: string | null;
  published?: string | null;
  precision?: string;
  language?: 'ar' | 'en';
  question?: string;
}

/** The lines of the answer that cites one passage of `text`. */
function answerLines(text: string, opts: OnePassage = {}): string[] {
  const lexicon = parseLexicon({ version: 1, entries: opts.entries ?? [] }, 'test');
  const row = {
    articleId: 'x',
    label: 1,
    start: 0,
    end: text.length,
    text,
    terms: '',
    source: opts.source ?? null,
    published: opts.published ?? null,
    publishedPrecision: opts.precision ?? 'unknown',
  };
  const plan = {
    question: opts.question ?? '',
    language: opts.language ?? 'en',
    entities: [],
    concepts: [],
    terms: [],
  } as unknown as QueryPlan;
  const passage = {
    row: row as PassageRow,
    score: 1,
    coverage: 0.9,
    denseRank: null,
    bm25Rank: null,
    alsoIn: [],
  };
  const composed = compose(
    { plan, passages: [passage] },
    { lexicon, minCoverage: 0.25, coverageNote: { ar: '', en: '' } },
  );
  return composed.text.split('\n');
}

/** The second line of the English lead (dates, figures, names). */
const englishFacts = (text: string, opts: OnePassage = {}) => answerLines(text, opts)[1]!;

test('an article without a source is said to be one, not an "unnamed source"', () => {
  const dated = { published: '2022-01', precision: 'month' };
  assert.match(
    answerLines('سقطت صواريخ.', dated)[0]!,
    /^From an article whose source is not stated, Jan 2022 \[1\]/,
  );
  assert.equal(
    answerLines('سقطت صواريخ.', { ...dated, language: 'ar' })[0],
    'بحسب مقال لم يُذكر مصدره، كانون الثاني/يناير 2022 [1]:',
  );
  assert.match(answerLines('سقطت صواريخ.', { ...dated, source: 'SY24' })[0]!, /^From SY24, Jan 2022 \[1\]/);
});

test("the English lead states the quotes' dates in English, and their days are not figures", () => {
  const text = 'سقطت 8 صواريخ صباح الیوم، الأربعاء 5 من كانون الثاني، بعد هجوم في 2كانون الثاني/ يناير.';
  assert.equal(englishFacts(text), 'Dates: Wednesday 5 January, 2 January. Figures: 8.');
});

test("the English lead gives the day of 'أمس، الثلاثاء' from the article's date, as an insertion", () => {
  const text = 'استهدفت قوات التحالف أمس، الثلاثاء، بغارة جوية راجمات صواريخ.';
  assert.equal(
    englishFacts(text, { published: '2022-01-05', precision: 'day' }),
    'Dates: Tuesday [4 January 2022].',
  );
  // Without the article's day there is none to count from.
  assert.equal(answerLines(text, { published: '2022-01', precision: 'month' }).length, 2);
});

test("the English lead gives a month named 'الجاري' or 'الماضي' its year from the article's date", () => {
  const text = 'هدد في 2كانون الثاني/ يناير الجاري، بعد غارة في كانون الأول الماضي.';
  assert.equal(
    englishFacts(text, { published: '2022-01-05', precision: 'day' }),
    'Dates: 2 January 2022, December 2021.',
  );
  assert.equal(englishFacts(text), 'Dates: 2 January.');
});

test('a gloss follows the whole name, its quotes, and the quotation it opened; Latin names get none', () => {
  const lexicon = parseLexicon(
    {
      version: 1,
      entries: [
        {
          id: 'coalition',
          type: 'group',
          en: ['international coalition'],
          ar: ['التحالف الدولي', 'التحالف الدولي لمحاربة تنظيم الدولة الإسلامية'],
        },
        { id: 'green-village', type: 'place', en: ['Green Village'], ar: ['القرية الخضراء'] },
        { id: '963-plus', type: 'institution', en: ['963+'], ar: ['963+'] },
        { id: 'sy24', type: 'institution', en: ['SY24'], ar: ['SY24'] },
        {
          id: 'pentagon',
          type: 'institution',
          en: ['Pentagon'],
          ar: ['وزارة الدفاع الأمريكية', 'البنتاغون'],
        },
      ],
    },
    'test',
  );
  // A name and its other name in brackets or quotes right after it are glossed once, after both.
  assert.equal(
    glossed('وعلّقت وزارة الدفاع الأمريكية (البنتاغون) على الهجوم', lexicon),
    'وعلّقت وزارة الدفاع الأمريكية (البنتاغون) (Pentagon) على الهجوم',
  );
  assert.equal(
    glossed('وصرح المتحدث باسم وزارة الدفاع الأمريكية “البنتاغون” للصحفيين', lexicon),
    'وصرح المتحدث باسم وزارة الدفاع الأمريكية “البنتاغون” (Pentagon) للصحفيين',
  );
  assert.equal(
    glossed('وزارة الدفاع الأمريكية والتحالف الدولي والبنتاغون', lexicon),
    'وزارة الدفاع الأمريكية (Pentagon) والتحالف الدولي (international coalition) والبنتاغون',
  );
  assert.equal(
    glossed('قوات التحالف الدولي لمحاربة تنظيم “الدولة الإسلامية” بقيادة الولايات المتحدة', lexicon),
    'قوات التحالف الدولي لمحاربة تنظيم “الدولة الإسلامية” (international coalition) بقيادة الولايات المتحدة',
  );
  assert.equal(
    glossed('في قاعدة “القرية الخضراء” شرق نهر الفرات', lexicon),
    'في قاعدة “القرية الخضراء” (Green Village) شرق نهر الفرات',
  );
  assert.equal(
    glossed('بحسب ما نقله موقع “963+” ومنصة SY24', lexicon),
    'بحسب ما نقله موقع “963+” ومنصة SY24',
  );
});

test('a name the question gave in Latin letters is glossed where the quote writes it in Arabic', () => {
  const lexicon = parseLexicon(
    { version: 1, entries: [{ id: 'syria', type: 'place', en: ['Syria'], ar: ['سوريا'] }] },
    'test',
  );
  const muallem: Concept = {
    label: 'walid al-muallem',
    display: 'Walid al-Muallem',
    weight: 1,
    forms: [],
    name: true,
    spelt: [['وليد'], ['المعلم', 'معلم']],
  };
  // With its marks, a hamza or ة the normalised spelling lacks, after a proclitic; twice only once.
  assert.equal(
    glossed('قال وليد المعلّم في سوريا، وأكد لوليد المعلم', lexicon, [muallem]),
    'قال وليد المعلّم (Walid al-Muallem) في سوريا (Syria)، وأكد لوليد المعلم',
  );
  const sweida: Concept = { ...muallem, label: 'sweida', display: 'Sweida', spelt: [['السويداء']] };
  assert.equal(glossed('هجوم على السويداء.', lexicon, [sweida]), 'هجوم على السويداء (Sweida).');
  // Not inside another word, nor one word of the name alone.
  assert.equal(glossed('السويداءات وليد', lexicon, [sweida, muallem]), 'السويداءات وليد');
});

test('a figure is glossed by the longest lexicon name its words start with', () => {
  const entries = [
    { id: 'shelling', type: 'term', en: ['shelling'], ar: ['قذائف'] },
    { id: 'rocket-shell', type: 'term', en: ['rocket shell'], ar: ['قذائف صاروخية'] },
  ];
  assert.equal(
    englishFacts('قصفًا بثماني قذائف صاروخية، ثم 6 قذائف أخرى.', { entries }),
    'Figures: 8 (rocket shell), 6 (shelling).',
  );
});

test('a "when" answer quotes a later passage that states a date and names what is asked, when the first two state none', () => {
  const texts = [
    'وقبل ساعات من الهجوم على الميادين رصدت القوات مواقع إطلاق.',
    'وقالت القوات الأمريكية إن الهجوم لم يسفر عن إصابات.',
    'شهدت الميادين في 3 كانون الثاني 2022 هجومين بالصواريخ.',
  ];
  const en = namingAnswer(['mayadin'], texts, 'en', 'When was Mayadin attacked?').split('\n');
  assert.match(en[1]!, /^Dates: 3 January 2022 in \[3\]\./);
  assert.ok(en.some((l) => l.startsWith('[3] ') && l.includes('3 كانون الثاني 2022')));
  const ar = namingAnswer(['mayadin'], texts, 'ar', 'متى هوجمت الميادين؟').split('\n');
  assert.ok(ar.includes('«شهدت الميادين في 3 كانون الثاني 2022 هجومين بالصواريخ.»'));
  assert.ok(ar.includes('تواريخ واردة: 3 كانون الثاني/يناير 2022 في [3]'));
  // Not for a question that does not ask when: two quotes, as always.
  assert.ok(!namingAnswer(['mayadin'], texts, 'en', 'Was Mayadin attacked?').includes('[3] '));
  // A question that names nothing the lexicon knows takes the first later passage that says when.
  assert.match(namingAnswer([], texts, 'en', 'When was it attacked?'), /^Dates: 3 January 2022 in \[3\]/m);
});

test('a "when" answer does not quote a dated passage about something else, and says no quote states a date', () => {
  const texts = [
    'وقبل ساعات من الهجوم على الميادين رصدت القوات مواقع إطلاق.',
    'وقالت القوات الأمريكية إن الهجوم لم يسفر عن إصابات.',
    'شهد لبنان في 3 كانون الثاني 2022 هجومين بالصواريخ.',
  ];
  const en = namingAnswer(['mayadin'], texts, 'en', 'When was Mayadin attacked?');
  assert.ok(!en.includes('[3] '));
  assert.ok(!en.includes('Dates:'));
  assert.match(
    en,
    /No quoted passage says when; the date with each quote is the date its article was published\./,
  );
  const ar = namingAnswer(['mayadin'], texts, 'ar', 'متى هوجمت الميادين؟');
  assert.match(ar, /لا يذكر أيٌّ من المقاطع المقتبسة متى كان ذلك/);
  // A day of the week is what the passages give, and the answer says so.
  const weekday = ['والخميس، قالت القوات الأمريكية إن الميادين تعرضت لهجوم.', 'سقطت القذائف قرب الميادين.'];
  assert.match(
    namingAnswer(['mayadin'], weekday, 'en', 'When was Mayadin attacked?'),
    /No quoted passage gives a date, only the day of the week: Thursday in \[1\]\./,
  );
  assert.match(
    namingAnswer(['mayadin'], weekday, 'ar', 'متى هوجمت الميادين؟'),
    /لا يذكر أيٌّ من المقاطع المقتبسة تاريخًا، وإنما يوم الأسبوع فقط: الخميس في \[1\]\./,
  );
});

test('a "when" answer does not take its date from a quote that does not name what is asked', () => {
  // The Conoco question was answered "Dates: 3 January 2022 in [2]", the date of attacks on Al-Omar.
  const texts = [
    'وقبل ساعات من الهجوم على الميادين رصدت القوات مواقع إطلاق.',
    'شهد لبنان في 3 كانون الثاني 2022 هجومين بالصواريخ.',
    'وقالت القوات إن الهجوم لم يسفر عن إصابات.',
  ];
  const en = namingAnswer(['mayadin'], texts, 'en', 'When was Mayadin attacked?').split('\n')[1]!;
  assert.match(
    en,
    /^Dates: 3 January 2022 in \[2\]\. No quoted passage that names Mayadin says when; the dates listed are from passages that do not name it\./,
  );
  const ar = namingAnswer(['mayadin'], texts, 'ar', 'متى هوجمت الميادين؟');
  assert.match(
    ar,
    /لا يذكر أيٌّ من المقاطع المقتبسة التي تذكر الميادين متى كان ذلك؛ التواريخ الواردة من مقاطع لا تذكر الميادين\./,
  );
  // A later passage that names it and says when is quoted, and is the answer.
  const dated = [...texts, 'شهدت الميادين في 4 كانون الثاني 2022 قصفًا.'];
  const third = namingAnswer(['mayadin'], dated, 'en', 'When was Mayadin attacked?').split('\n')[1]!;
  assert.match(third, /^Dates: 3 January 2022 in \[2\], 4 January 2022 in \[4\]\. Names/);
  // Only a quote that names it gives the day of the week: Tuesday, not Lebanon's Thursday.
  const weekday = [texts[0]!, 'والخميس، قصف لبنان.', 'والثلاثاء، قصفت الميادين.'];
  assert.match(
    namingAnswer(['mayadin'], weekday, 'en', 'When was Mayadin attacked?'),
    /\nNo quoted passage gives a date, only the day of the week: Tuesday in \[3\]\. Names/,
  );
});

test("the Arabic answer lists the quotes' dates, with the day of «أمس، الثلاثاء» counted from the article's date", () => {
  const lines = answerLines('وأعلن التحالف أمس، الثلاثاء، إحباط هجوم صاروخي.', {
    language: 'ar',
    published: '2022-01-05',
    precision: 'day',
  });
  assert.ok(lines.includes('تواريخ واردة: الثلاثاء [4 كانون الثاني/يناير 2022]'), lines.join('\n'));
});

test('a question that names a day of the week no cited passage says anything happened on is an abstention that names it', () => {
  const texts = ['قصفت المسيرات مواقع قرب الميادين ليل الثلاثاء.', 'سقطت القذائف قرب الميادين.'];
  assert.match(
    namingAnswer(['mayadin'], texts, 'en', 'What happened in Mayadin on Monday?'),
    /^None of the articles that match this question mentions «Monday»/,
  );
  assert.match(
    namingAnswer(['mayadin'], texts, 'ar', 'ماذا حدث في الميادين يوم الاثنين؟'),
    /^لا يذكر أيٌّ من المقالات المطابقة لهذا السؤال «الاثنين»/,
  );
  // A date that fell on the day states it: 3 January 2022 was a Monday.
  const dated = ['شهدت الميادين في 3 كانون الثاني 2022 هجومين بالصواريخ.'];
  assert.doesNotMatch(
    namingAnswer(['mayadin'], dated, 'en', 'What happened in Mayadin on Monday?'),
    /None of/,
  );
});

test('a year stated on its own is a date to a "when" answer, and the answers list it', () => {
  const texts = ['وفي عام 2018 اتخذت القوات الأمريكية من الميادين قاعدة.', 'سقطت القذائف قرب الميادين.'];
  const en = namingAnswer(['mayadin'], texts, 'en', 'When did US forces make Mayadin a base?');
  assert.match(en.split('\n')[1]!, /^Dates: 2018 in \[1\]\./);
  assert.doesNotMatch(en, /No quoted passage/);
  const ar = namingAnswer(['mayadin'], texts, 'ar', 'متى اتخذت القوات الأمريكية الميادين قاعدة؟');
  assert.ok(ar.split('\n').includes('تواريخ واردة: 2018 في [1]'), ar);
});

test('a "when" answer whose quotes name the day of the week does not quote a dated passage after them', () => {
  const texts = [
    'والثلاثاء، أعلنت القوات الأمريكية قصف مواقع قرب الميادين.',
    'سقطت القذائف قرب الميادين.',
    'شهدت الميادين في 3 كانون الثاني 2022 هجومين بالصواريخ.',
  ];
  const en = namingAnswer(['mayadin'], texts, 'en', 'When did US forces strike near Mayadin?');
  assert.ok(!en.includes('[3] '), en);
  assert.match(en, /No quoted passage gives a date, only the day of the week: Tuesday in \[1\]\./);
  // And a later passage that names only the day is quoted when the first two say nothing of when.
  const later = [
    'سقطت القذائف قرب الميادين.',
    'وقالت القوات الأمريكية إن الهجوم لم يسفر عن إصابات.',
    texts[0]!,
  ];
  const ar = namingAnswer(['mayadin'], later, 'ar', 'متى قصفت القوات الأمريكية قرب الميادين؟');
  assert.ok(ar.includes(`«${texts[0]}»`), ar);
  assert.match(ar, /وإنما يوم الأسبوع فقط: الثلاثاء في \[3\]\./);
});

test('quotes that name only the day of the week take a later dated passage only when the date fell on that day', () => {
  const texts = [
    'والأربعاء، أعلنت القوات الأمريكية استهداف مواقع قرب الميادين.',
    'سقطت القذائف قرب الميادين.',
    'شهدت الميادين في 3 كانون الثاني 2022 هجومين بالصواريخ.',
    'وقصفت الميادين صباح الأربعاء 5 كانون الثاني 2022 بثماني قذائف.',
  ];
  const en = namingAnswer(['mayadin'], texts, 'en', 'When was Mayadin struck?');
  assert.ok(
    en.split('\n').some((l) => l.startsWith('[4] ')),
    en,
  );
  assert.ok(!en.split('\n').some((l) => l.startsWith('[3] ')), en);
  assert.match(en.split('\n')[1]!, /^Dates: Wednesday 5 January 2022 in \[4\]\./);
});
