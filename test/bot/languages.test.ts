import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isArabizi, otherArabicScriptLanguage, otherLanguage } from '../../src/bot/languages.js';

describe('otherArabicScriptLanguage', () => {
  it('tells Persian, Sorani Kurdish and Urdu questions from Arabic ones', () => {
    for (const text of [
      'در پایگاه العمر چه اتفاقی افتاد؟',
      'حمله به پایگاه آمریکا در سوریه',
      'آیا به میدان نفتی العمر حمله شد؟',
      'چی ڕوویدا لە بنکەی العمر؟',
      'العمر بیس پر کیا ہوا؟',
    ]) {
      assert.equal(otherArabicScriptLanguage(text), true, text);
    }
  });

  it('keeps Arabic Arabic: a dialect’s گ or چ, an article’s Persian ی, a Kurdish name', () => {
    for (const text of [
      'ماذا حدث في القرية الخضراء؟',
      'شگد صاروخ نزل على قاعدة العمر؟',
      'شو صار بحقل العمر؟ چان في ضحايا؟',
      'صباح الیوم، الأربعاء 5 من كانون الثاني: ما الذي استھدف القاعدة؟',
      'ماذا قالت قوات سوريا الديمقراطية عن كۆبانێ؟',
      'Was the al-Omar base attacked?',
      'What did البنتاغون say?',
    ]) {
      assert.equal(otherArabicScriptLanguage(text), false, text);
    }
  });

  it('tells Kurmanji, Kurdish in Latin letters, from English; a Kurdish name in English is English', () => {
    for (const text of [
      'Li bingeha El-Omer çi qewimî?',
      'Êrîşa li ser bingeha Omer kengî bû?',
      'Çi bû li Gundê Kesk?',
    ]) {
      assert.equal(otherLanguage(text), true, text);
    }
    for (const text of [
      'What happened in Qamişlo?',
      'Did the SDF (Hêzên Sûriya Demokratîk) say anything about the attack?',
      'Was the al-Omar base attacked in a bi-weekly raid?',
      'ماذا حدث في القرية الخضراء؟',
    ]) {
      assert.equal(otherLanguage(text), false, text);
    }
  });

  it("tells Arabic in Latin letters from English with a weapon's or a day's digits", () => {
    for (const text of [
      'shu sar bel 3omar?',
      'kif el wade3 bel mayadin?',
      'sho sar b deir ezzor embare7?',
      'wen sar el 2asf?',
    ]) {
      assert.equal(isArabizi(text), true, text);
    }
    for (const text of [
      'Did a B52 or an MQ9 strike on the 3rd?',
      'What happened at El-Omar on the 2nd at 7am?',
      'Was El Omar hit by 3 rockets?',
    ]) {
      assert.equal(isArabizi(text), false, text);
    }
  });
});
