import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  answerTypeMatcher,
  asksWhatIs,
  countedWord,
  countedWords,
  countMatcher,
  expectedAnswerType,
  namesDefinition,
} from '../../src/search/answer-type.js';
import { createAnalyzer, normalize } from '../../src/text/index.js';

test('the question word says which kind of answer is wanted', () => {
  assert.equal(expectedAnswerType('متى أقيمت القاعدة في حقل العمر؟', 'ar'), 'date');
  assert.equal(expectedAnswerType('في أي عام ولد؟', 'ar'), 'date');
  assert.equal(expectedAnswerType('كم صاروخًا سقط على القاعدة؟', 'ar'), 'number');
  assert.equal(expectedAnswerType('ماذا قال كيربي؟', 'ar'), null);
  assert.equal(expectedAnswerType('When did the coalition set up the base?', 'en'), 'date');
  assert.equal(expectedAnswerType('In what year was the field taken?', 'en'), 'date');
  assert.equal(expectedAnswerType('How many rockets hit the base?', 'en'), 'number');
  assert.equal(expectedAnswerType('Which base was hit?', 'en'), null);
});

test('spoken question words ask for the same kinds of answer', () => {
  assert.equal(expectedAnswerType('إمتى انضربت قاعدة حقل العمر؟', 'ar'), 'date');
  assert.equal(expectedAnswerType('قديش صاروخ وقع على القرية الخضراء؟', 'ar'), 'number');
  assert.equal(expectedAnswerType('وين يقع حقل كونيكو؟', 'ar'), 'position');
  assert.equal(countedWord('قديش صاروخ وقع على القاعدة؟', 'ar'), 'صاروخ');
});

test('a question about a quantity ("ما عدد", "what is the death toll", "how far") wants a number', () => {
  assert.equal(expectedAnswerType('ما عدد القتلى في الهجوم على القاعدة؟', 'ar'), 'number');
  assert.equal(expectedAnswerType('ما هي مساحة حقل العمر؟', 'ar'), 'number');
  assert.equal(expectedAnswerType('ماهو طول الحدود؟', 'ar'), 'number');
  assert.equal(expectedAnswerType('ما هو موقف البنتاغون؟', 'ar'), null);
  assert.equal(expectedAnswerType('ما القاعدة التي استهدفت؟', 'ar'), null);
  assert.equal(expectedAnswerType('What is the death toll of the strike?', 'en'), 'number');
  assert.equal(expectedAnswerType('What was the number of rockets?', 'en'), 'number');
  assert.equal(expectedAnswerType('How far is Al-Tanf from the border?', 'en'), 'number');
  assert.equal(expectedAnswerType('What is the coalition?', 'en'), null);
});

test('"who is X", "what is X", "ما تعريف X" ask what something is', () => {
  for (const q of [
    'من هو العربي بن مهيدي؟',
    'من هم الفاطميون؟',
    'ما هي حرب أكتوبر؟',
    'ماهو الإيدز؟',
    'ما تعريف السرطان؟',
  ]) {
    assert.equal(asksWhatIs(q, 'ar'), true, q);
  }
  for (const q of ['ما عدد سكان الصين؟', 'من قصف القاعدة؟', 'متى هو الهجوم؟', 'ماذا قال كيربي؟']) {
    assert.equal(asksWhatIs(q, 'ar'), false, q);
  }
  assert.equal(asksWhatIs('Who is Kurilla?', 'en'), true);
  assert.equal(asksWhatIs('What are the Fatemiyoun?', 'en'), true);
  assert.equal(asksWhatIs('What did Kirby say?', 'en'), false);
  // In "ما تعريف X" / "ما معنى X", X is what the definition is of.
  assert.deepEqual(['تعريف', 'معنى', 'معني', 'السرطان'].map(namesDefinition), [true, true, true, false]);
});

test('a passage holds a date when it has a year or a month, a number when it has digits or number words', () => {
  const analyzer = createAnalyzer();
  const holds = answerTypeMatcher(analyzer);
  const terms = (s: string) => analyzer.tokens(s);
  assert.ok(holds(terms('أقيمت القاعدة عام 2017'), 'date'));
  assert.ok(holds(terms('وقع الهجوم في الخامس من كانون الثاني'), 'date'));
  assert.ok(holds(terms('وقع الهجوم في الخامس من يناير'), 'date'));
  assert.ok(!holds(terms('وقع الهجوم على القاعدة الأمريكية'), 'date'));
  // A month that is also a common word dates a passage only beside a number.
  assert.ok(holds(terms('وقع الهجوم في 5 آب'), 'date'));
  assert.ok(holds(terms('منذ آب 2014'), 'date'));
  assert.ok(!holds(terms('ولد لأب تاجر في المدينة'), 'date'));
  assert.ok(!holds(terms('مارس الضغط على الحكومة'), 'date'));
  assert.ok(holds(terms('سقطت ثمانية صواريخ'), 'number'));
  assert.ok(holds(terms('سقط 8 صواريخ'), 'number'));
  assert.ok(!holds(terms('سقطت صواريخ على القاعدة'), 'number'));
});

test('"where is" wants a position: a direction or a distance, not just any place name', () => {
  assert.equal(expectedAnswerType('أين يقع حقل العمر النفطي؟', 'ar'), 'position');
  assert.equal(expectedAnswerType('أين تقع القرية الخضراء؟', 'ar'), 'position');
  assert.equal(
    expectedAnswerType('أين ولد عمر المختار؟', 'ar'),
    null,
    'a birthplace is a place, not a position',
  );
  assert.equal(expectedAnswerType('Where is the Al-Omar oil field?', 'en'), 'position');
  assert.equal(expectedAnswerType('Where did the drones come from?', 'en'), null);
  const analyzer = createAnalyzer();
  const holds = answerTypeMatcher(analyzer);
  const terms = (s: string) => analyzer.tokens(s);
  assert.ok(holds(terms('ويعد حقل العمر النفطي 10كم شرقي الميادين'), 'position'));
  assert.ok(holds(terms('تقع في أقصى غرب شمال أفريقيا'), 'position'));
  assert.ok(!holds(terms('استهدفت ثمانية صواريخ محيط قاعدة التحالف المتواجدة بحقل العمر'), 'position'));
});

test('a "how many" question counts the word after كم or عدد; a number right before it answers', () => {
  const counted = (q: string) => countedWord(q, /[a-z]/i.test(q) ? 'en' : 'ar');
  assert.equal(counted('كم ولاية في الهند؟'), normalize('ولاية'));
  assert.equal(counted('كم عدد القذائف التي سقطت؟'), normalize('القذائف'));
  assert.equal(counted('كم يبلغ عدد سكان اليابان؟'), normalize('سكان'));
  assert.equal(counted('ما هو عدد القتلى؟'), normalize('القتلى'));
  assert.equal(counted('How many rockets hit the base?'), 'rockets');
  // In English the counted noun may follow a name or an adjective: the words up to a function word.
  assert.deepEqual(countedWords('How many Russian citizens did Moscow say were killed?', 'en'), [
    'russian',
    'citizens',
  ]);
  assert.deepEqual(countedWords('How many pro-regime fighters were killed?', 'en'), [
    'pro',
    'regime',
    'fighters',
  ]);
  assert.deepEqual(countedWords('كم قتيلا سقط؟', 'ar'), [normalize('قتيلا')]);
  // How much, how far, or not a count at all.
  for (const q of ['كم تبعد مكة عن الطائف؟', 'كم يبلغ طول النهر؟', 'متى سقطت القذائف؟', 'How far is it?'])
    assert.equal(counted(q), null, q);
  const analyzer = createAnalyzer();
  const counts = countMatcher(analyzer);
  const stems = (s: string) => analyzer.tokens(s);
  const state = new Set(stems('ولاية'));
  assert.ok(counts(stems('تتألف من 28 ولاية'), state));
  assert.ok(counts(stems('أطلقت ثماني قذائف'), new Set(stems('قذائف'))));
  assert.ok(!counts(stems('قتل أربعة أشخاص في ولاية أوديشا'), state), 'a number of something else');
  assert.ok(!counts(stems('في عام 2017 ولاية جديدة'), state), 'a year dates, it does not count');
});
