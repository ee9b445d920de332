import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  datesIn,
  followingDay,
  formatMention,
  referenceOf,
  sameDays,
  weekdaysIn,
  yearsIn,
  namesWeekday,
  questionWeekdays,
  statesWeekday,
  writtenDates,
  type Reference,
} from '../../src/answer/dates.js';

/** Each date in `text`, in English, with the words it was read from. */
const read = (text: string, ref?: Reference) =>
  datesIn(text, ref).map((d) => [formatMention(d), text.slice(d.start, d.end)]);

test('dates are read as the seed articles write them', () => {
  assert.deepEqual(read('صباح الیوم، الأربعاء 5 من كانون الثاني.'), [
    ['Wednesday 5 January', 'الأربعاء 5 من كانون الثاني'],
  ]);
  // The digit written onto the month, and the month's second name after a slash.
  assert.deepEqual(read('وهدد المرشد الإيراني في 2كانون الثاني/ يناير الجاري'), [
    ['2 January', '2كانون الثاني/ يناير الجاري'],
  ]);
  assert.deepEqual(read('خلال الثالث من كانون الثاني/ يناير الجاري'), [
    ['3 January', 'الثالث من كانون الثاني/ يناير الجاري'],
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

test("'الجاري', 'الماضي' and 'المقبل' after a month take the year from the article's date", () => {
  const jan2022 = referenceOf('2022-01-05', 'day');
  assert.deepEqual(jan2022, { year: 2022, month: 1, day: 5 });
  assert.deepEqual(read('في 2كانون الثاني/ يناير الجاري', jan2022), [
    ['2 January 2022', '2كانون الثاني/ يناير الجاري'],
  ]);
  // The last December before a January article is the year before's; so is the last January.
  assert.deepEqual(read('منذ كانون الأول الماضي', jan2022), [['December 2021', 'كانون الأول الماضي']]);
  assert.deepEqual(read('في 20 يناير الماضي', jan2022), [['20 January 2021', '20 يناير الماضي']]);
  // In the article's own month the day decides.
  assert.deepEqual(read('في 3 يناير الماضي', jan2022), [['3 January 2022', '3 يناير الماضي']]);
  assert.deepEqual(read('في 24 يناير المقبل', jan2022), [['24 January 2022', '24 يناير المقبل']]);
  assert.deepEqual(read('في 24 يونيو المقبل', referenceOf('2018-06', 'month')), [
    ['24 June', '24 يونيو المقبل'],
  ]);
  assert.deepEqual(read('في آذار المقبل', jan2022), [['March 2022', 'آذار المقبل']]);
  assert.deepEqual(read('في 4 كانون الثاني القادم', jan2022), [['4 January 2023', '4 كانون الثاني القادم']]);
  assert.deepEqual(read('في حزيران الماضي', referenceOf('2018-09', 'month')), [
    ['June 2018', 'حزيران الماضي'],
  ]);
  // A date known to the year only places "الجاري", not "الماضي".
  const year2018 = referenceOf('2018', 'year');
  assert.deepEqual(read('في أيار الجاري', year2018), [['May 2018', 'أيار الجاري']]);
  assert.deepEqual(read('في 5 أيار الماضي', year2018), [['5 May', '5 أيار الماضي']]);
  assert.deepEqual(read('في أيار الماضي', year2018), []);
  // Without the article's date a month alone stays no date; a stated year is not overridden.
  assert.equal(referenceOf(null, 'unknown'), undefined);
  assert.deepEqual(read('منذ كانون الثاني الماضي'), []);
  assert.deepEqual(read('في آب 2014 الماضي', jan2022), [['August 2014', 'آب 2014']]);
  // "من العام الماضي" after the month counts from the article's year, whatever the month.
  assert.deepEqual(read('في 5 آب من العام الماضي', jan2022), [['5 August 2021', '5 آب من العام الماضي']]);
  assert.deepEqual(read('في آب من العام المقبل', jan2022), [['August 2023', 'آب من العام المقبل']]);
  assert.deepEqual(read('في أيار السنة الماضية', year2018), [['May 2017', 'أيار السنة الماضية']]);
  assert.deepEqual(read('في 5 آب من العام الماضي'), [['5 August', '5 آب من العام الماضي']]);
  assert.deepEqual(read('في آب من العام الماضي'), []);
  // Elsewhere in the sentence it does not.
  assert.deepEqual(read('في 5 آب وفي العام الماضي', jan2022), [['5 August [2021]', '5 آب']]);
});

test('a day and month without a year take the year nearest the article, if the weekday named agrees', () => {
  const jan2022 = referenceOf('2022-01-05', 'day');
  assert.deepEqual(read('صباح اليوم، الأربعاء 5 من كانون الثاني.', jan2022), [
    ['Wednesday 5 January [2022]', 'الأربعاء 5 من كانون الثاني'],
  ]);
  // The last days of December in a January article are the year before's; early January in a December one, the next.
  assert.deepEqual(read('منذ 28 كانون الأول', jan2022), [['28 December [2021]', '28 كانون الأول']]);
  assert.deepEqual(read('في 3 يناير', referenceOf('2018-12-30T10:00:00Z', 'day')), [
    ['3 January [2019]', '3 يناير'],
  ]);
  // A weekday the nearest year's day does not fall on leaves the year out.
  assert.deepEqual(read('الخميس 5 كانون الثاني', jan2022), [['Thursday 5 January', 'الخميس 5 كانون الثاني']]);
  // Not without the article's month, nor for a day no month has.
  assert.deepEqual(read('في 5 آب', referenceOf('2018', 'year')), [['5 August', '5 آب']]);
  assert.deepEqual(read('في 30 شباط', jan2022), [['30 February', '30 شباط']]);
});

test('an English date an article quotes is read, day or month first', () => {
  const tweet = 'رابط يوتيوب:https://t.co/x— ديرالزور24 (@DeirEzzor24) January 5, 2022';
  assert.deepEqual(read(tweet), [['5 January 2022', 'January 5, 2022']]);
  assert.deepEqual(read('نُشر في 3 Feb 2022 ثم في Sept 30'), [
    ['3 February 2022', '3 Feb 2022'],
    ['30 September', 'Sept 30'],
  ]);
  // An English month is capitalised.
  assert.deepEqual(read('since May 5 and may 5 more'), [['5 May', 'May 5']]);
  assert.deepEqual(read('strikes may follow in 2022'), []);
  // In Arabic the number after a month is not its day: "في يناير 15 قتيلاً" counts the dead.
  assert.deepEqual(read('سقط في يناير 15 قتيلاً'), []);
});

test('mentions of one day are said once, with the weekday and the year any of them gives', () => {
  const ref = referenceOf('2022-01-05', 'day');
  const arabic = datesIn('صباح اليوم، الأربعاء 5 من كانون الثاني.', ref);
  const tweet = datesIn('(@DeirEzzor24) January 5, 2022 ثم في 3 كانون الثاني', ref);
  assert.deepEqual(
    [...arabic, ...tweet].map((d) => formatMention(d)),
    ['Wednesday 5 January [2022]', '5 January 2022', '3 January [2022]'],
  );
  assert.deepEqual(
    sameDays([...arabic, ...tweet]).map((d) => formatMention(d)),
    ['Wednesday 5 January 2022', '3 January [2022]'],
  );
});

test("'أمس', 'أول أمس', 'اليوم الأربعاء' and 'الثلاثاء الماضي' are counted from the article's day", () => {
  const jan5 = referenceOf('2022-01-05', 'day'); // a Wednesday
  assert.deepEqual(read('استهدفت أمس، الثلاثاء، بغارة جوية', jan5), [
    ['Tuesday [4 January 2022]', 'أمس، الثلاثاء'],
  ]);
  assert.deepEqual(read('أعلن التحالف أمس أن قواته', jan5), [['[4 January 2022]', 'أمس']]);
  assert.deepEqual(read('وأول أمس الخميس قالت', referenceOf('2022-01-08', 'day')), [
    ['Thursday [6 January 2022]', 'وأول أمس الخميس'],
  ]);
  assert.deepEqual(read('منذ أول من أمس', jan5), [['[3 January 2022]', 'أول من أمس']]);
  assert.deepEqual(read('قصف اليوم، الأربعاء، مواقع', jan5), [
    ['Wednesday [5 January 2022]', 'اليوم، الأربعاء'],
  ]);
  // The last Tuesday before the article's day; a week back from a Wednesday's "الأربعاء الماضي".
  assert.deepEqual(read('يوم الثلاثاء الماضي', jan5), [['Tuesday [4 January 2022]', 'الثلاثاء الماضي']]);
  assert.deepEqual(read('الأربعاء الماضي', jan5), [['Wednesday [29 December 2021]', 'الأربعاء الماضي']]);
  // "اليوم" alone is as often "nowadays"; a weekday the day does not fall on is a slip, or another day.
  assert.deepEqual(read('ما زالت حتى اليوم', jan5), []);
  assert.deepEqual(read('أمس الخميس', jan5), []);
  // Not without the article's day.
  assert.deepEqual(read('استهدفت أمس، الثلاثاء', referenceOf('2022-01', 'month')), []);
  assert.deepEqual(read('استهدفت أمس، الثلاثاء'), []);
  // A date stated over the same words is read as stated.
  assert.deepEqual(read('صباح اليوم، الأربعاء 5 من كانون الثاني.', jan5), [
    ['Wednesday 5 January [2022]', 'الأربعاء 5 من كانون الثاني'],
  ]);
  // A counted day and a stated one of the same day are said once, as stated.
  const both = datesIn('أمس، الثلاثاء، ثم في 4 كانون الثاني 2022', jan5);
  assert.deepEqual(
    sameDays(both).map((d) => formatMention(d)),
    ['Tuesday 4 January 2022'],
  );
});

test('an ordinal after a word it counts is no day: the first week of March, the second attack', () => {
  assert.deepEqual(read('في الأسبوع الأول من آذار 2022'), [['March 2022', 'آذار 2022']]);
  assert.deepEqual(read('الهجوم الثاني من نيسان'), []);
  // A day's ordinal still is, also after اليوم.
  assert.deepEqual(read('في اليوم الأول من آذار 2022'), [['1 March 2022', 'الأول من آذار 2022']]);
});

test('English ordinal days, as questions write them', () => {
  assert.deepEqual(read('What did Kirby say on January 10th?'), [['10 January', 'January 10th']]);
  assert.deepEqual(read('on the 3rd of January 2022'), [['3 January 2022', '3rd of January 2022']]);
});

test('a follow-up that moves from the day its question before named is given that day', () => {
  const fourth = 'What happened on January 4?';
  assert.equal(followingDay('and the day before?', fourth), 'and the day before? 3 January');
  assert.equal(followingDay('What happened the next day?', fourth), 'What happened the next day? 5 January');
  assert.equal(followingDay('and two days earlier?', fourth), 'and two days earlier? 2 January');
  assert.equal(
    followingDay('وفي اليوم السابق؟', 'ماذا حدث يوم 1 كانون الثاني 2022؟'),
    'وفي اليوم السابق؟ 31 كانون الأول/ديسمبر 2021',
  );
  assert.equal(
    followingDay('وماذا حدث بعدها بيومين؟', 'ماذا حدث يوم 3 يناير؟'),
    'وماذا حدث بعدها بيومين؟ 5 كانون الثاني/يناير',
  );
  // The day written out is read as the day it is.
  assert.deepEqual(read(followingDay('وفي اليوم السابق؟', 'ماذا حدث يوم 1 كانون الثاني 2022؟')!), [
    ['31 December 2021', '31 كانون الأول/ديسمبر 2021'],
  ]);
  // After a day of the week named alone, the day of the week next to it.
  assert.equal(followingDay('And the next day?', 'What happened on Sunday?'), 'And Monday?');
  assert.equal(followingDay('وفي اليوم السابق؟', 'ماذا حدث يوم الأربعاء؟'), 'وفي يوم الثلاثاء؟');
  assert.equal(followingDay('وماذا حدث في اليوم التالي؟', 'ماذا حدث يوم السبت؟'), 'وماذا حدث في يوم الأحد؟');
  assert.equal(followingDay('and the day before, on Friday?', 'What happened on Sunday?'), undefined);
  // Not after a question naming no day, nor for a follow-up that names its own or does not move.
  assert.equal(followingDay('and the day before?', 'What happened at Green Village?'), undefined);
  assert.equal(followingDay('and the day before, on January 2?', fourth), undefined);
  assert.equal(followingDay('Who was killed?', fourth), undefined);
  assert.equal(followingDay('What happened before the attack?', fourth), undefined);
});

test('dates a question writes in figures or English words are written as the articles write dates', () => {
  assert.equal(writtenDates('What happened on 2022-01-04?'), 'What happened on 4 January 2022?');
  // Day first, as Arabic and most of the world write it, unless only month first makes a date.
  assert.equal(writtenDates('on 4/1/2022 and 4.1.2022'), 'on 4 January 2022 and 4 January 2022');
  assert.equal(writtenDates('on 1/13/2022'), 'on 13 January 2022');
  assert.equal(writtenDates('ماذا حدث في ٥/١/٢٠٢٢؟'), 'ماذا حدث في 5 كانون الثاني/يناير 2022؟');
  assert.equal(writtenDates('2022/01/05?', 'ar'), '5 كانون الثاني/يناير 2022?');
  assert.equal(writtenDates('the 5th, January 3rd'), 'the 5, January 3');
  assert.equal(writtenDates('the fifth of January, January twenty-first'), 'the 5 of January, January 21');
  // No date: no four-digit year of news, no such day, an ordinal not beside a month or ending the
  // question, figures inside a longer run (a phone number, a resolution, a version).
  for (const q of [
    '24/7 and 1/2',
    'on 31/2/2022',
    'the first attack in January',
    'SY24 and 963+',
    'What did the 4th Division do in Mayadin?',
    'اتصل على 0933-12-11',
    'قرار 2254/12/1',
    'score 3-1-0012',
    'version 10.5.2021.3',
  ])
    assert.equal(writtenDates(q), q);
  // As read, they are dates.
  assert.deepEqual(read(writtenDates('on 2022-01-04')), [['4 January 2022', '4 January 2022']]);
});

test('the days of the week a passage names, and the two whose names are also words only after a time word', () => {
  assert.deepEqual(weekdaysIn('والأربعاء، أكدت التحالف استهداف مواقع. وليل الثلاثاء قصفت المسيرات'), [3, 2]);
  assert.deepEqual(weekdaysIn('وأول أمس الخميس، قالت المتحدثة'), [4]);
  assert.deepEqual(weekdaysIn('وقع الهجوم يوم الاثنين، ولم يصب أحد'), [1]);
  // "كلا الاثنين" is "both", "لم يصب الأحد منهم" is no Sunday.
  assert.deepEqual(weekdaysIn('أصيب كلا الاثنين، ولم يعلم الأحد منهم'), []);
  // Set off by commas or brackets, as news writes the day it reports, they are the day.
  assert.deepEqual(weekdaysIn('شنت قسد هجوما بريا، الاثنين، على هجين'), [1]);
  assert.deepEqual(weekdaysIn('وقالت الوزارة (الأحد) إن'), [0]);
  assert.deepEqual(weekdaysIn('بين الاثنين، وقال'), []);
  assert.deepEqual(weekdaysIn('ليلة الأحد'), [0]);
});

test('a date is written in Arabic with the Arabic month names, a weekday and what was counted marked', () => {
  const [counted] = datesIn('أعلن التحالف أمس، الثلاثاء، إحباط هجوم', { year: 2022, month: 1, day: 5 });
  assert.equal(formatMention(counted!, 'ar'), 'الثلاثاء [4 كانون الثاني/يناير 2022]');
  const [stated] = datesIn('صباح اليوم، الأربعاء 5 من كانون الثاني', { year: 2022, month: 1 });
  assert.equal(formatMention(stated!, 'ar'), 'الأربعاء 5 كانون الثاني/يناير [2022]');
  assert.equal(formatMention(stated!), 'Wednesday 5 January [2022]');
});

test('the days of the week a question names without a date', () => {
  const named = (q: string, lang: 'ar' | 'en') =>
    questionWeekdays(q, lang).map((w) => [w.weekday, q.slice(w.start, w.end)]);
  assert.deepEqual(named('What happened on Monday?', 'en'), [[1, 'Monday']]);
  assert.deepEqual(named("What was tuesday's strike?", 'en'), [[2, 'tuesday']]);
  assert.deepEqual(named('ماذا حدث يوم الاثنين؟', 'ar'), [[1, 'الاثنين']]);
  assert.deepEqual(named('هل قتل الاثنين؟', 'ar'), []);
  // With a date, the date is what is asked (questionDays).
  assert.deepEqual(named('What happened on Wednesday, January 5th, 2022?', 'en'), []);
  // In people's own Arabic: Levantine «التلات», «الاتنين» and «الأربعا».
  assert.deepEqual(named('شو صار يوم التلات بدير الزور؟', 'ar'), [[2, 'التلات']]);
  assert.deepEqual(named('شو صار يوم الاتنين؟', 'ar'), [[1, 'الاتنين']]);
  assert.deepEqual(named('شو صار ليلة الأربعا؟', 'ar'), [[3, 'الأربعا']]);
  // «يوم» before the day is a word of the day.
  const [monday] = questionWeekdays('ماذا حدث يوم الاثنين؟', 'ar');
  assert.equal('ماذا حدث يوم الاثنين؟'.slice(monday!.dayStart, monday!.end), 'يوم الاثنين');
  assert.equal(questionWeekdays('ماذا حدث ليلة الاثنين؟', 'ar')[0]!.dayStart, undefined);
});

test("a passage names a day of the week by its name or by a date that fell on it, not by its article's date", () => {
  const row = (text: string) => ({ text, published: '2022-01-05', publishedPrecision: 'day' as const });
  // 3 January 2022 was a Monday; «أمس» in a 5 January article is Tuesday the 4th.
  assert.equal(namesWeekday(1, row('شهد حقل العمر خلال الثالث من كانون الثاني هجمتين')), true);
  assert.equal(namesWeekday(2, row('أعلن التحالف أمس إحباط هجوم')), true);
  assert.equal(namesWeekday(2, row('قصف طيران مسيّر ليل الثلاثاء مقرين')), true);
  // «مقتل اثنين» is "two killed", and «قبل يومين» names no day.
  assert.equal(namesWeekday(1, row('تحدثت صفحات عن مقتل اثنين من عناصرها قبل يومين')), false);
  // Published on a Wednesday, a passage that says nothing of when names no Wednesday; it states it.
  assert.equal(namesWeekday(3, row('استهدفت ثمانية صواريخ القاعدة')), false);
  assert.equal(statesWeekday(3, row('استهدفت ثمانية صواريخ القاعدة')), true);
});

test('years stated on their own, not counts of four figures, nor the year of a date already read', () => {
  const years = (text: string) =>
    yearsIn(text, datesIn(text)).map((y) => [y.year, text.slice(y.start, y.end)]);
  assert.deepEqual(years('وفي عام 2018، اتخذت قسد القرية الخضراء قاعدة'), [[2018, '2018']]);
  assert.deepEqual(years('القاعدة قائمة منذ ٢٠١٧'), [[2017, '٢٠١٧']]);
  assert.deepEqual(years('نشرت الميليشيات 2000 عنصر'), []);
  assert.deepEqual(years('يضم أكثر من عشرين دولة منذ آب 2014'), []);
  assert.deepEqual(years('في عام 1850'), []);
});
