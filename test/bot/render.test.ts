import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  escapeHtml,
  isolateArabic,
  renderAbout,
  renderAnswer,
  renderArticleList,
  renderDateRange,
  renderSources,
  splitSpans,
} from '../../src/bot/render.js';
import { createFakeQA, PASSAGES } from './fake-qa.js';
import { visible } from './harness.js';

const RLI = '\u2067';
const PDI = '\u2069';

describe('escaping and direction', () => {
  it('escapes HTML special characters', () => {
    assert.equal(escapeHtml('<b>x</b> & "y"'), '&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;');
  });

  it('isolates Arabic runs inside English text, leaving the rest untouched', () => {
    const out = isolateArabic('He said «استهدفت مستودعًا للأسلحة» [1] near Mayadin.');
    assert.equal(out, `He said «${RLI}استهدفت مستودعًا للأسلحة${PDI}» [1] near Mayadin.`);
    assert.equal(isolateArabic('no arabic here'), 'no arabic here');
    const done = `already «${RLI}نص${PDI}» isolated`;
    assert.equal(isolateArabic(done), done);
  });
});

describe('splitSpans', () => {
  it('keeps a short message whole', () => {
    const parts = splitSpans([{ text: 'Hello ' }, { text: 'world', style: 'b' }]);
    assert.deepEqual(parts, [{ html: 'Hello <b>world</b>', text: 'Hello world' }]);
  });

  it('splits at paragraph breaks first, then sentences, then spaces, within the limit', () => {
    const para = (i: number) => `Paragraph ${i} has a first sentence. And a second one here.`;
    const text = [1, 2, 3, 4].map(para).join('\n\n');
    const parts = splitSpans([{ text }], 130);
    assert.deepEqual(
      parts.map((p) => p.text),
      [`${para(1)}\n\n${para(2)}`, `${para(3)}\n\n${para(4)}`],
    );
    const sentences = splitSpans([{ text: para(1) }], 40).map((p) => p.text);
    assert.deepEqual(sentences, ['Paragraph 1 has a first sentence.', 'And a second one here.']);
    const words = splitSpans([{ text: 'aaaa bbbb cccc dddd' }], 10).map((p) => p.text);
    assert.deepEqual(words, ['aaaa bbbb', 'cccc dddd']);
    const hard = splitSpans([{ text: 'x'.repeat(25) }], 10).map((p) => p.text);
    assert.deepEqual(hard, ['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('counts escaped HTML against the limit and closes tags in every part', () => {
    const parts = splitSpans([{ text: '<&> '.repeat(100), style: 'b' }], 100);
    assert.ok(parts.length > 1);
    for (const p of parts) {
      assert.ok(p.html.length <= 100, `part of ${p.html.length}`);
      assert.match(p.html, /^<b>.*<\/b>$/s);
      assert.equal(visible(p.html), p.text);
    }
    assert.equal(parts.map((p) => p.text).join(' '), '<&> '.repeat(100).trim());
  });

  it('splits Arabic at the Arabic question mark and full stop', () => {
    const text = 'هل استهدفت الصواريخ القاعدة؟ نعم استهدفتها ثمانية صواريخ. وأصيب مسجد بأضرار.';
    const parts = splitSpans([{ text }], 60).map((p) => p.text);
    assert.equal(parts[0], 'هل استهدفت الصواريخ القاعدة؟ نعم استهدفتها ثمانية صواريخ.');
    assert.equal(parts.join(' '), text);
  });
});

describe('a cited passage longer than a message', () => {
  const SENTENCE =
    'استهدفت غارات <b>التحالف</b> & "الدولي" مستودعًا للأسلحة قرب قلعة الرحبة في مدينة الميادين شرقي دير الزور. ';
  const passage = (unit: string) => unit.repeat(Math.ceil(9000 / unit.length)).trim();
  const cite = (text: string) => ({
    n: 1,
    title: 'قصف <i>متبادل</i> شرقي دير الزور',
    source: 'SY24 & <a>',
    published: '2022-01-05',
    publishedPrecision: 'day' as const,
    url: 'https://example.com/article?id=1&lang=ar',
    text,
    alsoIn: [],
  });

  /** The tags of `html` open and close in order, and every & starts one of the entities escaping writes. */
  function assertWellFormed(html: string): void {
    const open: string[] = [];
    for (const [, close, name] of html.matchAll(/<(\/?)(b|i|a|blockquote)\b[^>]*>/g)) {
      if (close) assert.equal(open.pop(), name, html.slice(0, 200));
      else open.push(name!);
    }
    assert.deepEqual(open, [], 'every tag closed in its own message');
    assert.doesNotMatch(html.replace(/<\/?(?:b|i|a|blockquote)\b[^>]*>/g, ''), /<|>/);
    assert.doesNotMatch(html, /&(?!(?:amp|lt|gt|quot);)/, 'no entity cut');
  }

  it('is cut at sentence ends, tags balanced and entities whole, its number and source above it', () => {
    const text = passage(SENTENCE);
    assert.ok(text.length >= 9000);
    const parts = renderSources([cite(text)], 'ar');
    // Heading, number and source go with the passage's first part: not each in a message alone.
    assert.equal(parts.length, 3);
    assert.match(
      visible(parts[0]!.html),
      /^المقاطع المقتبسة \(1\)\n\n\[1\] قصف <i>متبادل<\/i>[^]*\nاستهدفت غارات/,
    );
    for (const p of parts) {
      assert.ok(p.html.length <= 4000, `part of ${p.html.length}`);
      assertWellFormed(p.html);
      assert.match(p.html, /<\/blockquote>$/);
      assert.match(visible(p.html), /الزور\.$/, 'cut at the end of a sentence');
    }
    const quoted = parts.map((p) => visible(p.html).replace(/^[^]*\n(?=استهدفت)/, '')).join(' ');
    assert.equal(quoted, text);
  });

  it('without sentence ends, is cut between words', () => {
    const words = 'قصف متبادل بين <b>الميليشيات</b> & القوات الأمريكية شرقي دير الزور ';
    const text = passage(words);
    const parts = renderSources([cite(text)], 'en');
    assert.ok(parts.length >= 3);
    const known = new Set(words.trim().split(' '));
    for (const p of parts) {
      assert.ok(p.html.length <= 4000, `part of ${p.html.length}`);
      assertWellFormed(p.html);
      const seen = visible(p.html);
      assert.ok(known.has(seen.split(/\s/).at(-1)!), `ends in a whole word: …${seen.slice(-20)}`);
    }
  });
});

describe('renderAnswer', () => {
  it('renders an English answer with numbered citations, source, date and isolated Arabic', async () => {
    const answer = await createFakeQA().answer('Was the al-Omar base attacked?');
    const [part, ...rest] = renderAnswer(answer);
    assert.equal(rest.length, 0);
    assert.ok(part);
    const seen = visible(part.html);
    assert.match(seen, /Eight rockets targeted the coalition base/);
    assert.match(
      seen,
      /\n\nSources\n\[1\] استهداف قاعدة التحالف بحقل العمر بالصواريخ دون وقوع ضحايا — unknown source, Jan 2022/,
    );
    assert.match(seen, /\n\[2\] SY24, date unknown/);
    assert.match(seen, /also in: unknown source \(Jan 2022\)/);
    assert.match(part.html, /<b>Sources<\/b>/);
  });

  it('renders an Arabic answer with Arabic labels and right-to-left lines', async () => {
    const answer = await createFakeQA().answer('ماذا استهدفت غارات التحالف قرب الميادين؟');
    const [part] = renderAnswer(answer);
    assert.ok(part);
    assert.match(visible(part.html), /المصادر\n\[1\] عنب بلدي \(Enab Baladi\)، 5 كانون الثاني\/يناير 2022/);
    for (const line of part.text.split('\n').filter((l) => l !== ''))
      assert.ok(line.startsWith('\u200F'), line);
  });

  it('shows the first 200 characters of what an answer follows up on, cut at a space', async () => {
    const report = 'سقطت ثماني قذائف صاروخية على قاعدة التحالف في حقل العمر صباح اليوم. '.repeat(12).trim();
    const answer = await createFakeQA().answer('من أطلقها؟', { previous: report });
    const [line = ''] = visible(renderAnswer(answer)[0]?.html ?? '').split('\n');
    const shown = /«(.*)…»$/.exec(line)?.[1] ?? '';
    assert.ok(shown.length > 150 && shown.length <= 200, `${shown.length} characters shown`);
    assert.ok(report.startsWith(`${shown} `), 'cut at a space');
    // Short enough, it is shown whole.
    const short = await createFakeQA().answer('من أطلقها؟', { previous: report.slice(0, 60) });
    assert.ok(visible(renderAnswer(short)[0]?.html ?? '').includes(`«${report.slice(0, 60)}»`));
  });

  it('isolates the question an answer follows up on, in either language, line by line', async () => {
    const FSI = '\u2068';
    const qa = createFakeQA();
    const ar = renderAnswer(await qa.answer('ومتى حدث ذلك؟', { previous: 'What happened at al-Omar?' }));
    assert.ok(
      ar[0]?.html.startsWith(`\u200F<i>قرأتُه متابعةً لسؤال: «${FSI}What happened at al-Omar?${PDI}»</i>`),
    );
    const en = renderAnswer(
      await qa.answer('When was that?', { previous: 'ماذا حدث في حقل العمر؟\nWhat happened at al-Omar?' }),
    );
    assert.ok(
      en[0]?.html.startsWith(
        `<i>Read as a follow-up to: «${FSI}ماذا حدث في حقل العمر؟${PDI}\n${FSI}What happened at al-Omar?${PDI}»</i>`,
      ),
    );
  });

  it('renders an abstention without a sources list', async () => {
    const answer = await createFakeQA().answer('What is the capital of France?');
    const parts = renderAnswer(answer);
    assert.equal(parts.length, 1);
    assert.equal(
      visible(parts[0]?.html ?? ''),
      'The articles I have do not cover this question, so I cannot answer it.',
    );
  });

  it('keeps markup in questions and passages literal', async () => {
    const tricky = 'Mayadin <b>bold</b> & *stars* _under_ [link](x) `code`';
    const qa = createFakeQA({ mayadinPassage: 'نص <i>مائل</i> & *نجمة* [رابط](y)' });
    const answer = await qa.answer(tricky);
    const [part] = renderAnswer(answer);
    assert.ok(part);
    assert.ok(!part.html.includes('<b>bold'));
    assert.ok(part.html.includes('&lt;b&gt;bold&lt;/b&gt; &amp; *stars* _under_ [link](x) `code`'));
    assert.ok(visible(part.html).includes(tricky));
    const [src] = renderSources(answer.citations, 'en');
    assert.ok(src?.html.includes('نص &lt;i&gt;مائل&lt;/i&gt; &amp; *نجمة* [رابط](y)'));
    assert.ok(visible(src?.html ?? '').includes('نص <i>مائل</i> & *نجمة* [رابط](y)'));
  });

  it('splits a long answer under the limit with nothing lost', async () => {
    const answer = await createFakeQA().answer('Tell me the long story');
    const parts = renderAnswer(answer);
    assert.ok(parts.length >= 2, `${parts.length} parts`);
    for (const p of parts) assert.ok(p.html.length < 4096);
    const all = visible(parts.map((p) => p.html).join('\n\n'));
    assert.equal(all.split(PASSAGES.mayadin).length - 1, 30);
  });
});

describe('renderSources, renderArticleList, renderAbout', () => {
  it('shows every cited passage verbatim in a quote', async () => {
    const answer = await createFakeQA().answer('هل تعرضت قاعدة حقل العمر لهجوم؟');
    const parts = renderSources(answer.citations, 'ar');
    const html = parts.map((p) => p.html).join('');
    assert.ok(html.includes(`<blockquote>${PASSAGES.omar}</blockquote>`));
    assert.ok(html.includes(`<blockquote>${PASSAGES.omarSy24}</blockquote>`));
    assert.match(visible(html), /ورد أيضًا في: مصدر غير معروف \(كانون الثاني\/يناير 2022\)/);
  });

  it('splits the cited passages between passages, each message opening on a number', () => {
    // Passages of two paragraphs: split at the last paragraph break that fit, the second message
    // opened on the rest of a passage, without its number and source.
    const sentence = 'استهدفت ثمانية صواريخ محيط قاعدة التحالف الدولي بحقل العمر النفطي صباح اليوم. ';
    const citations = [1, 2, 3, 4, 5, 6].map((n) => ({
      n,
      title: null,
      source: 'SY24',
      published: '2022-01-05',
      publishedPrecision: 'day' as const,
      url: null,
      text: `${sentence.trim()}\n\n${sentence.repeat(7).trim()}`,
      alsoIn: [],
    }));
    const parts = renderSources(citations, 'en');
    assert.ok(parts.length > 1, `${parts.length} parts`);
    for (const p of parts.slice(1)) assert.match(visible(p.html), /^\[\d\] SY24, 5 Jan 2022\n/);
    assert.equal(parts.map((p) => p.html.match(/<blockquote>/g)?.length).join('+'), '5+1');
    assert.ok(parts.every((p) => p.html.length <= 4000));
  });

  it('lists articles with title, source and date, and says when the list is cut', () => {
    const qa = createFakeQA();
    const [part] = renderArticleList(qa.listArticles(2), 5, 'en');
    const seen = visible(part?.html ?? '');
    assert.match(
      seen,
      /^Articles \(newest 2 of 5\)\n1\. عنب بلدي \(Enab Baladi\), 5 Jan 2022\n2\. استهداف قاعدة/,
    );
    assert.equal(visible(renderArticleList([], 0, 'ar')[0]?.html ?? ''), 'لا توجد مقالات في المجموعة بعد.');
  });

  it('describes the corpus', () => {
    const [part] = renderAbout(createFakeQA().info(), 'en');
    assert.equal(
      visible(part?.html ?? ''),
      'Articles: 5 (42 passages)\nDates: Jan 2022\nEmbedder: lexical-384\nIndex version: v-test-1, built 1 May 2024',
    );
  });

  it('shows a date range whose one end contains the other as that one date, in both languages', () => {
    // The seeds' earliest article is dated only to January 2022, their latest to 5 January 2022:
    // "Jan 2022 – 5 Jan 2022" read as a range ending inside where it starts.
    const cases: [string | null, string | null, string, string][] = [
      ['2022-01', '2022-01-05', 'Jan 2022', 'كانون الثاني/يناير 2022'],
      ['2022', '2022-03-04', '2022', '2022'],
      ['2022', '2022-11', '2022', '2022'],
      ['2022-01-05', '2022-01-05', '5 Jan 2022', '5 كانون الثاني/يناير 2022'],
      ['2022-01-05', '2022-01-05T22:10:00Z', '5 Jan 2022', '5 كانون الثاني/يناير 2022'],
      ['2022-01', '2022-01', 'Jan 2022', 'كانون الثاني/يناير 2022'],
      // Neither contains the other: a range.
      ['2022-01', '2022-02-03', 'Jan 2022 – 3 Feb 2022', 'كانون الثاني/يناير 2022 – 3 شباط/فبراير 2022'],
      ['2021', '2022-01-05', '2021 – 5 Jan 2022', '2021 – 5 كانون الثاني/يناير 2022'],
      ['2021-12-30', '2022', '30 Dec 2021 – 2022', '30 كانون الأول/ديسمبر 2021 – 2022'],
      [
        '2022-01-03',
        '2022-01-05',
        '3 Jan 2022 – 5 Jan 2022',
        '3 كانون الثاني/يناير 2022 – 5 كانون الثاني/يناير 2022',
      ],
      // Only undated articles.
      [null, null, 'date unknown', 'تاريخ غير معروف'],
    ];
    for (const [earliest, latest, en, ar] of cases) {
      assert.equal(renderDateRange(earliest, latest, 'en'), en, `${earliest} – ${latest}`);
      assert.equal(renderDateRange(earliest, latest, 'ar'), ar, `${earliest} – ${latest}`);
    }
  });
});
