import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { otherArabicScriptLanguage, otherLanguage } from '../../src/bot/languages.js';

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
});
