import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openQA, type IncidentQA } from '../../src/answer/index.js';
import { countedBy, figuresIn } from '../../src/answer/compose.js';
import { loadConfig } from '../../src/config.js';
import { loadLexicon } from '../../src/search/lexicon.js';
import { tmpDir } from '../helpers/corpus.js';

let qa: IncidentQA;

before(async () => {
  // Builds the seed index on first open, as `npm start` does on a fresh machine.
  qa = await openQA(loadConfig({ EMBEDDER: 'lexical', STATE_DIR: tmpDir() }));
});
after(() => qa.close());

function assertVerbatim(a: Awaited<ReturnType<IncidentQA['answer']>>) {
  for (const c of a.citations) {
    assert.equal(qa.index.store.article(c.articleId)!.text.slice(c.start, c.end), c.text);
  }
}

test('an Arabic question gets an Arabic answer quoting the passage, with numbered citations', async () => {
  const a = await qa.answer('كم عدد القذائف الصاروخية التي استهدفت قاعدة القرية الخضراء؟');
  assert.equal(a.language, 'ar');
  assert.equal(a.abstained, false);
  assert.equal(a.considered, undefined, 'only an abstention sets passages aside');
  assert.ok(a.citations.length >= 1 && a.citations.length <= 5);
  assert.deepEqual(
    a.citations.map((c) => c.n),
    a.citations.map((_, i) => i + 1),
  );
  assert.match(a.text, /\[1\]/);
  assert.match(a.text, /عنب بلدي/);
  assert.ok(a.citations.some((c) => /ثماني|8 صواريخ/.test(c.text)));
  assert.match(a.text, /\b8\b/, 'the count is stated in digits');
  assertVerbatim(a);
});

test('an English question reaches the Arabic passages through the lexicon and is answered in English', async () => {
  const a = await qa.answer('Which school did the Fatemiyoun militia use as a headquarters?');
  assert.equal(a.language, 'en');
  assert.equal(a.abstained, false);
  assert.match(a.text, /^From .*\[1\]/);
  assert.ok(a.citations.slice(0, 5).some((c) => c.text.includes('عبد المنعم رياض')));
  assert.match(a.text, /\(Fatemiyoun/, 'names in the quotes are glossed');
  assertVerbatim(a);
});

test('questions the articles do not cover get an abstention that says what they do cover', async () => {
  for (const q of ['What is the population of Damascus?', 'ما هي عاصمة فرنسا؟']) {
    const a = await qa.answer(q);
    assert.equal(a.abstained, true, q);
    assert.equal(a.citations.length, 0);
    // What it set aside goes to the log for moderators; the person is shown none of it.
    assert.ok(a.considered && a.considered.length >= 1 && a.considered.length <= 3, q);
    assert.ok(!a.text.includes(a.considered[0]!.text));
    assert.match(a.text, /5 (Arabic news articles|مقالات إخبارية) \((Jan 2022|كانون الثاني\/يناير 2022)\)/);
  }
});

test("a question without letters is answered in the asker's language, or the one it follows", async () => {
  assert.equal((await qa.answer('2022?')).language, 'en');
  const ar = await qa.answer('2022?', { language: 'ar' });
  assert.equal(ar.language, 'ar');
  assert.match(ar.text, /[\u0621-\u064A]{3}/);
  // The question it follows tells its language before the asker's does.
  const after = await qa.answer('2022?', { language: 'en', previous: 'متى هوجمت قاعدة القرية الخضراء؟' });
  assert.equal(after.language, 'ar');
  // Letters decide whatever the asker's language.
  assert.equal((await qa.answer('When was Green Village attacked?', { language: 'ar' })).language, 'en');
});

test('greetings, thanks and "please" around a question are not what it asks', async () => {
  const plain = await qa.answer('What happened at the al-Omar oil field?');
  for (const polite of [
    'Hi, what happened at the al-Omar oil field?',
    'Please, what happened at the al-Omar oil field? Thanks!',
  ]) {
    const a = await qa.answer(polite);
    assert.equal(a.abstained, false, a.text);
    assert.deepEqual(
      a.citations.map((c) => c.text),
      plain.citations.map((c) => c.text),
    );
  }
  const ar = await qa.answer('السلام عليكم، من فضلك ماذا حدث في حقل العمر؟');
  assert.equal(ar.abstained, false, ar.text);
  assert.match(ar.citations[0]!.text, /حقل العمر/);
});

test('a month and year no cited article states or was published in is abstained on, naming it', async () => {
  const june = await qa.answer('What happened at Green Village in June 2018?');
  assert.equal(june.abstained, true);
  assert.match(june.text, /mentions «June 2018»/);
  assert.doesNotMatch(june.text, /«2018»/, 'the year is said with its month, not again alone');
  const feb = await qa.answer('كم قذيفة صاروخية استهدفت قاعدة القرية الخضراء في شباط 2022؟');
  assert.equal(feb.abstained, true);
  assert.match(feb.text, /«شباط 2022»/);
  // The month the articles were published in is answered.
  const january = await qa.answer('What happened at Green Village in January 2022?');
  assert.equal(january.abstained, false);
});

test('a base the articles never name is abstained on, not read as a common word or a person', async () => {
  // Tower 22 is not a watchtower, nor Al-Asad airbase Bashar al-Assad.
  for (const q of [
    'How many people died in the Tower 22 attack?',
    'How many died in the attack on Al-Asad airbase?',
  ]) {
    const a = await qa.answer(q);
    assert.equal(a.abstained, true, a.text);
  }
});

test('info and article list describe the index', () => {
  const info = qa.info();
  assert.equal(info.articles, 5);
  assert.match(info.embedderId, /^lexical/);
  const list = qa.listArticles();
  assert.equal(list.length, 5);
  assert.equal(list[0]!.published, '2022-01-05', 'newest first, undated last');
  assert.equal(list[4]!.published, null);
});

test('figures are read from digits and from counting words', () => {
  assert.deepEqual(figuresIn('قصفًا بثماني قذائف صاروخية و10كم شرقي'), [
    { number: '8', word: 'قذائف', phrase: 'قذائف صاروخية' },
    { number: '10', word: 'كم', phrase: 'كم شرقي' },
  ]);
  // A word across punctuation is not what the number counts; a year is not a figure.
  assert.deepEqual(figuresIn('(قتل 13 عنصرا في 2018، المدينة المنورة)'), [
    { number: '13', word: 'عنصرا', phrase: 'عنصرا في' },
  ]);
  assert.deepEqual(figuresIn('وفي عام 2018، اتخذت قاعدة في 2017 بعد طرد 1500 مقاتل'), [
    { number: '1500', word: 'مقاتل', phrase: 'مقاتل' },
  ]);
  // A number that is part of a name is not a figure; "الـ24 ساعة" counts hours.
  const text = 'أفادت شبكة “دير الزور 24” ومنصة SY24 وموقع “963+” وديرالزور24 خلال الـ24 ساعة الماضية';
  const name = text.indexOf('دير الزور 24');
  assert.deepEqual(figuresIn(text, [{ start: name, end: name + 'دير الزور 24'.length }]), [
    { number: '24', word: 'ساعة', phrase: 'ساعة الماضية' },
  ]);
  // Nor is the day of a date a quoted tweet gives in English.
  assert.deepEqual(figuresIn('لقطات بثماني قذائف — ديرالزور24 (@DeirEzzor24) January 5, 2022'), [
    { number: '8', word: 'قذائف', phrase: 'قذائف' },
  ]);
  // "100 ألف مقاتل" counts 100,000 fighters.
  assert.deepEqual(figuresIn('بأكثر من 100 ألف مقاتل، و1.5 مليون نازح'), [
    { number: '100,000', word: 'مقاتل', phrase: 'مقاتل' },
    { number: '1,500,000', word: 'نازح', phrase: 'نازح' },
  ]);
  // Arabic writes decimals with a comma (or ٫) and may use Arabic-Indic digits: 68,5 مليون is 68.5
  // million; a comma before groups of three still groups thousands.
  assert.deepEqual(figuresIn('من أصل 68,5 مليون نازح، و١٢ عنصراً، و٣٫٥ مليون لاجئ، ونحو 1,500 مقاتل'), [
    { number: '68,500,000', word: 'نازح', phrase: 'نازح' },
    { number: '12', word: 'عنصراً', phrase: 'عنصراً' },
    { number: '3,500,000', word: 'لاجئ', phrase: 'لاجئ' },
    { number: '1,500', word: 'مقاتل', phrase: 'مقاتل' },
  ]);
  assert.deepEqual(figuresIn('وفي عام ٢٠١٨ على بعد 12,75 كيلومتر'), [
    { number: '12.75', word: 'كيلومتر', phrase: 'كيلومتر' },
  ]);
  // "ثلاثة من عناصر" counts members; "3 في" counts nothing it names.
  assert.deepEqual(figuresIn('أكدت مقتل ثلاثة من عناصر الميليشيات، وإصابة 3 في الهجوم'), [
    { number: '3', word: 'عناصر', phrase: 'عناصر الميليشيات' },
    { number: '3', word: null, phrase: null },
  ]);
  // A number written onto the word before it, for want of a space, still counts what follows it.
  assert.deepEqual(figuresIn('أوقعت حتى الآن25 قتيلا، وقتل12 مسلحا، وديرالزور24 خلال'), [
    { number: '25', word: 'قتيلا', phrase: 'قتيلا' },
    { number: '12', word: 'مسلحا', phrase: 'مسلحا' },
  ]);
  // A model's number is not a figure, nor is the ordinal of an hour.
  assert.deepEqual(figuresIn('طائرات F-15 و(إف 16) وأف-16 وإس 400 في الساعة الحادية عشرة و3 صواريخ'), [
    { number: '3', word: 'صواريخ', phrase: 'صواريخ' },
  ]);
  // A date's day and year are not figures.
  assert.deepEqual(figuresIn('الأربعاء 5 من كانون الثاني، 8 صواريخ (13 أكتوبر 1958)'), [
    { number: '8', word: 'صواريخ', phrase: 'صواريخ' },
  ]);
});

test('a noun in the dual counts two; a plural, a name or a ten with the same ending does not', () => {
  const counted = countedBy(loadLexicon(fileURLToPath(new URL('../../data/lexicon.json', import.meta.url))));
  assert.deepEqual(figuresIn('لهجوم بطائرتين مسيرتين، وإصابة عنصرين اثنين، وبيانين وصاروخين', [], counted), [
    { number: '2', word: 'طائرتين', phrase: 'طائرة مسيرة' },
    { number: '2', word: 'عنصرين', phrase: 'عنصر' },
    { number: '2', word: 'بيانين', phrase: 'بيان' },
    { number: '2', word: 'صاروخين', phrase: 'صاروخ' },
  ]);
  assert.deepEqual(
    figuresIn(
      'قال بوتين وحسين إن المقاتلين المدنيين التابعين للاجئين في الكمين والخمسين يستخدمان',
      [],
      counted,
    ),
    [],
  );
  // Without the lexicon, nothing is read as a dual.
  assert.deepEqual(figuresIn('بطائرتين مسيرتين'), []);
});

test("the figures an answer states are counts, not a name's number", async () => {
  const a = await qa.answer('How many rockets hit the US garrison at Al-Tanf on January 5, 2022?');
  // The quotes hold "ثماني قذائف صاروخية", "ثمانية صواريخ" and the outlet "دير الزور24" / "دير الزور 24".
  assert.ok(a.citations.some((c) => /دير ?الزور ?24/.test(c.text)));
  const figures = /Figures: ([^\n]*?)\./.exec(a.text)?.[1] ?? '';
  assert.ok(figures.startsWith('8 (rocket shell)'), figures);
  assert.doesNotMatch(figures, /24/);
});

test('an answer led by an article that does not name what the question names says so', async () => {
  // A false premise: the eight rocket shells of 5 January fell on Green Village, not Al-Tanf, which
  // the warning of 2 January, quoted second, names.
  const en = await qa.answer('How many rocket shells hit Al-Tanf?');
  assert.equal(en.abstained, false);
  const lead = en.text.split('\n')[1]!;
  assert.match(lead, /^The article of \[1\] does not name Al-Tanf; \[2\] does\./);
  // Each date and figure says which quote it is from.
  assert.match(lead, /Dates: Wednesday 5 January \[2022\] in \[1\], 2 January 2022 in \[2\]\./);
  assert.match(lead, /Figures: 8 \(rocket shell\) in \[1\], 6 \(artillery\) in \[1\]\./);
  const ar = await qa.answer('كم قذيفة صاروخية استهدفت قاعدة التنف؟');
  assert.equal(ar.text.split('\n')[0], 'لا يرد ذكر التنف في مقال المقطع [1]، وإنما في [2].');
  // Where the first article names it, nothing is said.
  const named = await qa.answer('How many rockets hit Green Village?');
  assert.doesNotMatch(named.text, /does not name/);
});

test('a question that names a day is answered from passages of that day, or not at all', async () => {
  // The day's words count only where a passage states that day: the warning of 2 January at
  // Al-Tanf no longer answers for the 5th, and no quote says that Al-Tanf was hit that day.
  const en = await qa.answer('How many rockets hit Al-Tanf on January 5?');
  assert.match(
    en.text.split('\n')[1]!,
    /^Dates: Wednesday 5 January 2022 in \[1\] and \[2\]\..* Not named in any cited passage: Al-Tanf\.$/,
  );
  assert.equal((await qa.answer('كم صاروخا سقط على قاعدة التنف في 5 كانون الثاني؟')).abstained, true);
  // «أمس، الثلاثاء» in a 5 January article is the 4th.
  const fourth = await qa.answer('What happened on January 4?');
  assert.equal(fourth.abstained, false);
  assert.match(fourth.citations[0]!.text, /أمس، الثلاثاء/);
  assert.match(fourth.text.split('\n')[1]!, /^Dates: Tuesday \[4 January 2022\] in \[1\]/);
  // Written in figures, or with an ordinal, the day is read the same.
  for (const q of [
    'What happened on 2022-01-04?',
    'What happened on January fourth?',
    'ماذا حدث في 4/1/2022؟',
  ])
    assert.match((await qa.answer(q)).citations[0]!.text, /أمس، الثلاثاء/, q);
  // "and the day before?" asks about the 3rd, the day of the two rocket attacks on Al-Omar.
  const before = await qa.answer('and the day before?', { previous: 'What happened on January 4?' });
  assert.match(before.citations[0]!.text, /الثالث من كانون الثاني/);
  const after = await qa.answer('وفي اليوم التالي؟', { previous: 'ماذا حدث يوم 4 كانون الثاني؟' });
  assert.match(after.citations[0]!.text, /الخضراء/);
  // A day no article states.
  const tenth = await qa.answer('What did Kirby say on January 10?');
  assert.equal(tenth.abstained, true);
  assert.match(tenth.text, /mentions «January 10»/);
});

test('a question that names a day of the week is answered from passages that put something on it', async () => {
  // 3 January 2022, the day of the two rocket attacks on Al-Omar, was a Monday: the question had
  // abstained, saying no article mentions Monday; in Arabic «يوم الاثنين» had matched «قبل يومين»
  // and «مقتل اثنين».
  for (const q of ['What happened on Monday?', 'ماذا حدث يوم الاثنين؟']) {
    const a = await qa.answer(q);
    assert.equal(a.abstained, false, q);
    assert.match(a.citations[0]!.text, /الثالث من كانون الثاني/, q);
  }
  // 2 January, the alert at Al-Tanf and Khamenei's threat, was a Sunday.
  for (const q of ['What happened on Sunday?', 'ماذا حدث يوم الأحد؟']) {
    const a = await qa.answer(q);
    assert.ok(
      a.citations.slice(0, 2).every((c) => /2 ?كانون الثاني|الثاني من كانون الثاني|الأحد/.test(c.text)),
      q,
    );
  }
  // Levantine «التلات» is Tuesday.
  const tuesday = await qa.answer('شو صار يوم التلات بدير الزور؟');
  assert.match(tuesday.text, /تواريخ واردة: الثلاثاء/);
  // "And the next day?" after Sunday asks about Monday, and leaves Sunday behind.
  const next = await qa.answer('And the next day?', { previous: 'What happened on Sunday?' });
  assert.match(next.citations[0]!.text, /الثالث من كانون الثاني/);
});

test('Levantine «حكت» (said), «هالشي» (this thing) and «كمان» (also) no longer make a question abstain', async () => {
  const psaki = await qa.answer('إمتى حكت بساكي؟');
  assert.equal(psaki.abstained, false);
  assert.match(psaki.citations[0]!.text, /بساكي/);
  const village = await qa.answer('إمتى صار هالشي بالقرية الخضراء؟');
  assert.equal(village.abstained, false);
  assert.match(village.text, /تواريخ واردة: الأربعاء 5 كانون الثاني/);
  // «كمان» (also) is أيضا: «ومين كمان؟» had abstained on it.
  const also = await qa.answer('ومين كمان؟', { previous: 'مين استهدف القرية الخضراء؟' });
  assert.equal(also.abstained, false);
});

test('"Is this true?" and «عنجد؟» after an answer ask the earlier question again', async () => {
  // They had abstained on «true», «sure» or «صحيح», or (as frame words) on «عنجد» after a question
  // naming only a place.
  const cases: [string, string][] = [
    ['Is this true?', 'Were three US Marines wounded at the Al-Omar base?'],
    ['Are you sure?', 'Who attacked the Green Village base?'],
    ['هل هذا صحيح؟', 'شو صار بالقرية الخضراء؟'],
    ['عنجد؟', 'شو صار بالقرية الخضراء؟'],
  ];
  for (const [check, previous] of cases) {
    const earlier = await qa.answer(previous);
    const again = await qa.answer(check, { previous });
    assert.equal(again.abstained, false, check);
    assert.equal(again.citations[0]!.text, earlier.citations[0]!.text, check);
  }
  // Alone, it asks nothing the articles could answer.
  assert.equal((await qa.answer('Is this true?')).abstained, true);
});

test('an abstention on a misspelt name asks whether the person meant the name the lexicon knows', async () => {
  const a = await qa.answer('What happened at Grean Vilage?');
  assert.equal(a.abstained, true);
  assert.match(a.text, /\nDid you mean Green Village\?\n/);
  const b = await qa.answer('Who attacked the Konoko field?');
  assert.match(b.text, /Did you mean Conoco gas field\?/);
  assert.doesNotMatch((await qa.answer('What happened in Idlib?')).text, /Did you mean/);
});

test('"Who runs the Green Village base?" quotes whose base it is', async () => {
  // "runs" is the lexicon's "affiliated" (تابعة): it had abstained on «runs».
  const a = await qa.answer('Who runs the Green Village base?');
  assert.equal(a.abstained, false);
  assert.match(a.text, /قاعدة تابعة لـ/);
});

test('"Who else?" and «ومين كمان؟» after an answer quote what the earlier answer did not', async () => {
  // They had quoted the earlier answer's passages again ("Who else?"), or abstained on «anyone».
  const cases: [string, string][] = [
    ['Who else?', 'Which militias are present in Mayadin?'],
    ['Anyone else?', 'Which militias are present in Mayadin?'],
    ['ومين كمان؟', 'ما هي الميليشيات الموجودة في الميادين؟'],
    ['هل هناك غيرهم؟', 'ما هي الميليشيات الموجودة في الميادين؟'],
  ];
  for (const [more, previous] of cases) {
    const earlier = await qa.answer(previous);
    const shown = earlier.citations.slice(0, 2).map((c) => c.text);
    const next = await qa.answer(more, { previous });
    assert.equal(next.abstained, false, more);
    assert.ok(next.citations.length > 0, more);
    for (const c of next.citations) assert.ok(!shown.includes(c.text), `${more}: ${c.text.slice(0, 40)}`);
    // What it quotes is what the earlier answer cited below its quotes.
    assert.ok(
      earlier.citations.slice(2).some((c) => c.text === next.citations[0]!.text),
      more,
    );
  }
});

test('an Arabic answer says which passages are cited below its quotes, as the English lead does', async () => {
  for (const question of ['ماذا حدث في القرية الخضراء؟', 'متى هوجمت قاعدة القرية الخضراء؟']) {
    const a = await qa.answer(question);
    const quoted = new Set([...a.text.matchAll(/^و?بحسب .*\[(\d+)\]:$/gmu)].map((m) => Number(m[1])));
    const below = a.citations.filter((c) => !quoted.has(c.n)).map((c) => `[${c.n}]`);
    assert.ok(below.length > 0, question);
    const also =
      below.length === 1
        ? 'ومقطع آخر مستشهد به'
        : below.length === 2
          ? 'ومقطعان آخران مستشهد بهما'
          : 'ومقاطع أخرى مستشهد بها';
    assert.ok(a.text.split('\n').includes(`${also} أدناه: ${below.join('، ')}.`), a.text);
  }
});

test('a name written in the other script, or HTML around the question, is read as a person means it', async () => {
  // «شو صار بـ Al-Omar؟» had been read as English and abstained; "What did البنتاغون say…?"
  // ignored البنتاغون; "<p>…</p>" abstained on «p».
  const omar = await qa.answer('شو صار بـ Al-Omar؟');
  assert.equal(omar.language, 'ar');
  assert.equal(omar.abstained, false);
  assert.match(omar.citations[0]!.text, /حقل العمر/);
  const rockets = await qa.answer('كم صاروخ ضرب Al-Omar oil field؟');
  assert.equal(rockets.language, 'ar');
  assert.match(rockets.text, /أرقام واردة: 8 صواريخ/);
  const pentagon = await qa.answer('What did البنتاغون say about the strikes?');
  assert.equal(pentagon.language, 'en');
  assert.match(pentagon.citations[0]!.text, /البنتاغون/);
  const tagged = await qa.answer('<p>ماذا قال <b>البنتاغون</b>؟</p>');
  assert.equal(tagged.language, 'ar');
  assert.equal(tagged.abstained, false);
  assert.match(tagged.citations[0]!.text, /البنتاغون/);
});

test('a person named after a city is not named by the city: al-Baghdadi is not Baghdad', async () => {
  // The answer quoted the attack on the Baghdad Diplomatic Support Center, since «البغدادي» alone
  // was stemmed as بغداد; it had even said that no cited passage names him.
  const a = await qa.answer('When was Abu Bakr al-Baghdadi killed?');
  assert.equal(a.abstained, true);
  assert.match(a.text, /mentions «Abu Bakr al-Baghdadi»/);
});

test('a request to be told, a word of stress, or "countries" no longer makes an answer abstain', async () => {
  // Each had abstained for its word: «explain», «exactly», «countries» (دولة, which the lexicon
  // gives English questions only: Arabic ones say الدولة of the Islamic State).
  const explained = await qa.answer('Explain what happened at the Conoco field');
  assert.equal(explained.abstained, false);
  assert.match(explained.citations[0]!.text, /كونيكو/);
  assert.equal((await qa.answer('Where exactly is Green Village located?')).abstained, false);
  const countries = await qa.answer('How many countries are in the coalition?');
  assert.equal(countries.abstained, false);
  assert.match(countries.citations[0]!.text, /عشرين دولة/);
});

test('a name inside a longer one is named: Iran in «ميليشيات موالية لإيران» or «المرشد الإيراني»', async () => {
  // These had been said to be "not named in any cited passage": findArabic reads the longer name.
  const en = await qa.answer('Which militias are backed by Iran in Mayadin and Albu Kamal?');
  assert.equal(en.abstained, false);
  assert.ok(en.citations.slice(0, 2).some((c) => /لإيران|الإيراني/.test(c.text)));
  assert.doesNotMatch(en.text, /\bIran \(named in|Not named in any cited passage: [^.]*\bIran\b/);
  const ar = await qa.answer('ما اسم المسؤول الإيراني الذي هدد قتلة سليماني؟');
  assert.equal(ar.abstained, false);
  assert.ok(ar.citations.slice(0, 2).some((c) => /الإيراني/.test(c.text)));
  assert.doesNotMatch(ar.text, /لم يرد في/);
});

test("a statement's attribution and the sentence after it are quoted as one span", async () => {
  // The question names the speaker (one sentence) and asks what she added (the next one).
  const a = await qa.answer(
    'Which negotiations did White House spokeswoman Jen Psaki link to the rise in attacks?',
  );
  const first = a.citations[0]!;
  assert.match(first.text, /البيت الأبيض/);
  assert.match(first.text, /بالمفاوضات/);
  assertVerbatim(a);
});

test('the sentence after the one that names the strike is quoted with it: what the strike did', async () => {
  const a = await qa.answer(
    'What damage did the unidentified drone strike on the Fatemiyoun headquarters near Mayadin cause?',
  );
  const first = a.citations[0]!;
  assert.match(first.text, /للواء فاطميون/);
  assert.match(first.text, /إصابة عنصرين من اللواء/);
  assertVerbatim(a);
});

test('a follow-up question is read with the question it follows', async () => {
  const previous = 'What did the drones target at the Conoco gas field?';
  const alone = await qa.answer('Was anyone killed?');
  assert.ok(!alone.citations[0]?.text.includes('كونيكو'));
  const a = await qa.answer('Was anyone killed?', { previous });
  assert.equal(a.language, 'en');
  assert.equal(a.question, 'Was anyone killed?');
  assert.match(a.citations[0]!.text, /كونيكو/);
  assert.match(a.citations[0]!.text, /مقتل/);
  assertVerbatim(a);
});

test('a question about a place none of the matching articles mentions is not answered from them', async () => {
  const a = await qa.answer('How many drones struck the Tower 22 outpost in Jordan?');
  assert.equal(a.abstained, true);
  assert.equal(a.citations.length, 0);
  assert.match(a.text, /mentions «Tower 22» or «Jordan»/);
  const ar = await qa.answer('كم عدد الجنود الذين أصيبوا في الهجوم على قاعدة عين الأسد في العراق؟');
  assert.equal(ar.abstained, true);
  assert.match(ar.text, /«قاعدة عين الأسد»/);
});

test("a name the best passages' articles do not give is looked for in the passages that do give it", async () => {
  // The report passages that rank first say "position" and "report"; the article that names him
  // ranks lower. It does say what he was.
  const a = await qa.answer('What position did Abu Mahdi al-Muhandis hold, according to the report?');
  assert.equal(a.abstained, false);
  assert.match(a.citations[0]!.text, /مهدي المهندس/);
  assert.match(a.citations[0]!.text, /نائب رئيس هيئة الحشد الشعبي/);
  assertVerbatim(a);
});

test('a year, or a name the lexicon does not know, that no matching article mentions is not answered for', async () => {
  const en = await qa.answer('What happened in Syria in 2011?');
  assert.equal(en.abstained, true);
  assert.match(en.text, /mentions «2011»/);
  const ar = await qa.answer('ما عدد سكان سوريا عام 2020؟');
  assert.equal(ar.abstained, true);
  assert.match(ar.text, /«2020»/);
  const cup = await qa.answer('Who won the 2018 FIFA World Cup?');
  assert.equal(cup.abstained, true);
  assert.match(cup.text, /mentions «FIFA World Cup»/);
  // The year the articles were published in, and the names they give, are answered for.
  const omar = await qa.answer('Which bases were attacked in January 2022?');
  assert.equal(omar.abstained, false);
});

test('a question about a name the articles give, asking what none of its passages says, is not answered', async () => {
  const en = await qa.answer('What is the population of Syria?');
  assert.equal(en.abstained, true);
  assert.equal(en.citations.length, 0);
  assert.match(en.text, /say nothing of «population»/);
  const ar = await qa.answer('ما هي عاصمة العراق؟');
  assert.equal(ar.abstained, true);
  assert.match(ar.text, /«عاصمة»/);
  // What happened at a place, or where one lies from another, any passage about them answers.
  const what = await qa.answer('What happened at the Baghdad Diplomatic Support Center?');
  assert.equal(what.abstained, false);
  assert.match(what.citations[0]!.text, /مركز بغداد للدعم الدبلوماسي/);
  const where = await qa.answer(
    'In which direction from the al-Omar oil field does the Green Village base lie?',
  );
  assert.equal(where.abstained, false);
  assertVerbatim(where);
  // What someone said of something the passages do not mention is not what they said of the rest.
  const said = await qa.answer('ماذا قالت جين بساكي عن الانسحاب الأمريكي من أفغانستان؟');
  assert.equal(said.abstained, true);
  assert.match(said.text, /«الانسحاب»/);
  const relation = await qa.answer(
    'Where is the Green Village base located in relation to the Al-Omar field and the city of Mayadin?',
  );
  assert.equal(relation.abstained, false);
  assert.match(relation.citations[0]!.text, /القرية الخضراء/);
  // "The currency" is not held by "عملية العزم الصلب", an operation of the same root; a verb's own
  // noun still answers it (الاستنفار for يستنفر).
  const currency = await qa.answer('ما هي العملة الرسمية في العراق؟');
  assert.equal(currency.abstained, true);
  assert.match(currency.text, /لا تتحدث المقاطع .*«العملة»/);
  // Nor is a noun without the article (ending in ة), nor the English word for it.
  const noArticle = await qa.answer('ما هي عملة سوريا؟');
  assert.equal(noArticle.abstained, true);
  assert.match(noArticle.text, /«عملة»/);
  const english = await qa.answer('What is the currency of Syria?');
  assert.equal(english.abstained, true);
  assert.match(english.text, /«currency»/);
  // "Official" before it is not the noun "an official" (مسؤول), whom the articles quote.
  const official = await qa.answer('What is the official currency of Syria?');
  assert.equal(official.abstained, true);
  assert.match(official.text, /«official currency»/);
  const alert = await qa.answer('ليش التحالف طلب من فصيل مغاوير الثوره يستنفر؟');
  assert.equal(alert.abstained, false);
  // A seed article ends with its site's menu ("آخر الأخبار", "مساحة نسوية"): not the article's words.
  const area = await qa.answer('ما مساحة حقل العمر؟');
  assert.equal(area.abstained, true);
  assert.match(area.text, /«مساحة»/);
  const news = await qa.answer('ما هي آخر الأخبار؟');
  assert.ok(!news.citations.some((c) => /آخر الأخبار|مساحة نسوية/.test(c.text)));
  // Another seed article links to one of its site's other articles ("اقرأ أيضاً: …"): that headline is
  // not this article's report, and was quoted first for the question it words.
  const linked = await qa.answer('هل قصف التحالف الدولي مواقع للفصائل الموالية لإيران شرقي سوريا؟');
  assert.equal(linked.abstained, false);
  assert.ok(!linked.citations.some((c) => /اقرأ/.test(c.text)));
});

test('a kind of group the question describes is not a name the passages must give', async () => {
  const a = await qa.answer(
    'Which coalition-backed Syrian rebel faction was ordered on alert in the 55-km zone?',
  );
  assert.equal(a.abstained, false);
  assert.match(a.citations[0]!.text, /مغاوير الثورة/);
});

test('a foreign ministry the articles never name is not answered from what others said', async () => {
  const ar = await qa.answer('ماذا قالت وزارة الخارجية السورية عن غارات التحالف على الميليشيات في الميادين؟');
  assert.equal(ar.abstained, true);
  assert.match(ar.text, /«وزارة الخارجية السورية»/);
  // Iran and خارج ("outside") are in the CENTCOM article, but not together as the ministry's name.
  const en = await qa.answer(
    "How did Iran's foreign ministry respond to CENTCOM's strike on the weapons storage facility?",
  );
  assert.equal(en.abstained, true);
  assert.match(en.text, /mentions «Iran's foreign ministry»/);
});
