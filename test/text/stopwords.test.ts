import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arabicStopwords, englishStopwords, isStopword, normalize } from '../../src/text/index.js';

describe('stopwords', () => {
  it('holds Arabic function words in normalized form', () => {
    for (const w of [
      'في',
      'من',
      'على',
      'إلى',
      'عن',
      'أن',
      'إن',
      'التي',
      'الذي',
      'هذا',
      'هذه',
      'ذلك',
      'كان',
    ]) {
      assert.ok(arabicStopwords.has(normalize(w)), w);
    }
    assert.ok(arabicStopwords.has('الي')); // إلى after normalize
    assert.ok(!arabicStopwords.has('إلى')); // the raw spelling is not what tokens look like
  });

  it('holds the common misspellings of التي and الذي', () => {
    for (const w of ['اللتى', 'اللتي', 'اللذى', 'اللذي']) assert.ok(isStopword(normalize(w)), w);
  });

  it('holds Arabic question words, since questions are queries', () => {
    for (const w of ['هل', 'كم', 'متى', 'أين', 'ماذا', 'لماذا', 'كيف', 'ما', 'من']) {
      assert.ok(isStopword(normalize(w)), w);
    }
  });

  it('holds the question words and relatives people use in spoken Arabic', () => {
    for (const w of ['شو', 'ايش', 'وين', 'مين', 'ليش', 'قديش', 'إمتى', 'اللي', 'ازاي']) {
      assert.ok(isStopword(normalize(w)), w);
    }
  });

  it('holds English function and question words', () => {
    for (const w of ['the', 'a', 'of', 'what', 'which', 'how', 'did', 'when', 'where', 'is']) {
      assert.ok(englishStopwords.has(w), w);
    }
  });

  it('keeps content words, and words that double as content words', () => {
    for (const w of ['killed', 'base', 'rocket', 'attack', 'may', 'us', 'coalition']) {
      assert.ok(!isStopword(w), w);
    }
    for (const w of ['قال', 'قتل', 'قاعدة', 'صواريخ', 'التحالف', 'أمام', 'قصف']) {
      assert.ok(!isStopword(normalize(w)), w);
    }
  });

  it('stores every entry already normalized', () => {
    for (const w of [...arabicStopwords, ...englishStopwords]) assert.equal(normalize(w), w);
  });
});
