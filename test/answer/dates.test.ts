import assert from 'node:assert/strict';
import { test } from 'node:test';
import { datesIn, formatMention } from '../../src/answer/dates.js';

/** Each date in `text`, in English, with the words it was read from. */
const read = (text: string) => datesIn(text).map((d) => [formatMention(d), text.slice(d.start, d.end)]);

test('dates are read as the seed articles write them', () => {
  assert.deepEqual(read('صباح الیوم، الأربعاء 5 من كانون الثاني.'), [
    ['Wednesday 5 January', 'الأربعاء 5 من كانون الثاني'],
  ]);
  // The digit written onto the month, and the month's second name after a slash.
  assert.deepEqual(read('وهدد المرشد الإيراني في 2كانون الثاني/ يناير الجاري'), [
    ['2 January', '2كانون الثاني/ يناير'],
  ]);
  assert.deepEqual(read('خلال الثالث من كانون الثاني/ يناير الجاري'), [
    ['3 January', 'الثالث من كانون الثاني/ يناير'],
  ]);
  assert.deepEqual(read('منذ آب 2014'), [['August 2014', 'آب 2014']]);
});

test('ordinal days, two-word months, years and other digits', () => {
  assert.deepEqual(read('في الحادي والعشرين من تشرين الأول 2021'), [
    ['21 October 2021', 'الحادي والعشرين من تشرين الأول 2021'],
  ]);
  assert.deepEqual(read('يوم الخميس، 6 كانون الثاني (يناير) 2022'), [
    ['Thursday 6 January 2022', 'الخميس، 6 كانون الثاني (يناير) 2022'],
  ]);
  assert.deepEqual(read('في 14 أغسطس/ آب عام 2013'), [['14 August 2013', '14 أغسطس/ آب عام 2013']]);
  assert.deepEqual(read('في ٥ من كانون الأول ٢٠٢٢'), [['5 December 2022', '٥ من كانون الأول ٢٠٢٢']]);
  assert.deepEqual(read('الثاني من شباط'), [['2 February', 'الثاني من شباط']]);
  // Tatweel and diacritics inside the month's name.
  assert.deepEqual(read('طرح في إبـريل 2017'), [['April 2017', 'إبـريل 2017']]);
  assert.deepEqual(read('في 5 من كَانُون الثَّانِي'), [['5 January', '5 من كَانُون الثَّانِي']]);
});

test('a month alone, a year alone, a weekday alone or a number before other words is no date', () => {
  assert.deepEqual(read('منذ كانون الثاني الماضي'), []);
  assert.deepEqual(read('في عام 2017 سقطت 8 صواريخ'), []);
  assert.deepEqual(read('والثلاثاء، أعلنت وزارة الدفاع'), []);
  // A day number must stand right before its month: not across a comma or another word.
  assert.deepEqual(read('قتل 5، كانون الثاني'), []);
  assert.deepEqual(read('قتل 5 عناصر كانون الثاني'), []);
  // مارس is also a verb, آب also a father: with no day or year beside them they are not dates.
  assert.deepEqual(read('مارس الضغط على الأب'), []);
  // The month's two names must be the same month.
  assert.deepEqual(read('5 كانون الثاني/ شباط'), [['5 January', '5 كانون الثاني']]);
});
