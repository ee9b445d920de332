import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  detectLanguage,
  passageLanguage,
  questionLanguage,
  tokenScript,
  withoutLinks,
  withoutMarkup,
} from '../../src/text/index.js';

describe('detectLanguage', () => {
  it('detects Arabic and English text', () => {
    assert.equal(detectLanguage('كم صاروخا استهدف قاعدة التحالف؟'), 'ar');
    assert.equal(detectLanguage('How many rockets hit the coalition base?'), 'en');
  });

  it('goes by letter counts in mixed text', () => {
    assert.equal(detectLanguage('What did كيربي say?'), 'en');
    assert.equal(detectLanguage('ماذا قال John Kirby عن الهجوم على القاعدة؟'), 'ar');
    assert.equal(detectLanguage('ab جد'), 'ar'); // a tie goes to Arabic
  });

  it('counts Persian-letter spellings as Arabic script', () => {
    assert.equal(detectLanguage('المیادین'), 'ar');
  });

  it('without letters, goes by Arabic digits and marks, then by the fallback', () => {
    assert.equal(detectLanguage(''), 'en');
    assert.equal(detectLanguage('2022?'), 'en');
    assert.equal(detectLanguage('2022?', 'ar'), 'ar');
    assert.equal(detectLanguage('٢٠٢٢'), 'ar');
    assert.equal(detectLanguage('2022 ٥ ؟!', 'en'), 'ar');
    // ؟ and ، are of the Common script, used by Arabic.
    assert.equal(detectLanguage('؟؟؟'), 'ar');
    assert.equal(detectLanguage('2022، 2023؟'), 'ar');
    // Letters decide, whatever the fallback.
    assert.equal(detectLanguage('When? 2022', 'ar'), 'en');
  });
});

describe('passageLanguage', () => {
  it("is the article's, unless the passage is written wholly in the other script", () => {
    assert.equal(passageLanguage('قُتل 12 عنصراً من تنظيم الدولة في هجين.', 'en'), 'ar');
    assert.equal(passageLanguage('Coalition aircraft struck positions near Hajin.', 'ar'), 'en');
    assert.equal(passageLanguage('قُتل 12 عنصراً.', 'ar'), 'ar');
    assert.equal(passageLanguage('Six rounds were fired.', 'en'), 'en');
  });

  it("keeps the article's language for a passage with letters of both scripts, whichever has more", () => {
    const tweet = 'رابط يوتيوب:https://t.co/AbCdEfGh12 (@DeirEzzor24) January 5, 2022';
    assert.equal(detectLanguage(tweet), 'en', 'more Latin letters than Arabic');
    assert.equal(passageLanguage(tweet, 'ar'), 'ar');
    assert.equal(passageLanguage('The Pentagon (البنتاغون) said nothing.', 'en'), 'en');
    assert.equal(passageLanguage('قصف التحالف (Green Village) مساء أمس', 'en'), 'en');
  });

  it("keeps the article's language for a passage without letters", () => {
    assert.equal(passageLanguage('2022-01-05 — 11:00', 'ar'), 'ar');
    assert.equal(passageLanguage('٢٠٢٢؟', 'en'), 'en');
  });
});

describe('questionLanguage', () => {
  it('goes by the first word when a question mixes scripts', () => {
    assert.equal(questionLanguage('شو صار بـ Green Village؟'), 'ar');
    assert.equal(questionLanguage('كم صاروخ ضرب Al-Omar oil field؟'), 'ar');
    assert.equal(questionLanguage('What did البنتاغون say about the strikes?'), 'en');
    // Digits and marks before the first word decide nothing.
    assert.equal(questionLanguage('؟ 2022 When did it happen في الميادين'), 'en');
  });

  it('is detectLanguage for a question in one script', () => {
    assert.equal(questionLanguage('كم صاروخا استهدف قاعدة التحالف؟'), 'ar');
    assert.equal(questionLanguage('How many rockets hit the coalition base?'), 'en');
    assert.equal(questionLanguage('2022?', 'ar'), 'ar');
    assert.equal(questionLanguage('٢٠٢٢'), 'ar');
  });
});

describe('tokenScript', () => {
  it('classifies tokens by their first character', () => {
    assert.equal(tokenScript('قاعده'), 'arabic');
    assert.equal(tokenScript('kirby'), 'latin');
    assert.equal(tokenScript('24'), 'digit');
    assert.equal(tokenScript('бтр'), 'other');
    assert.equal(tokenScript(''), 'other');
  });
});

describe('withoutLinks', () => {
  it('blanks out URLs, www. addresses and domains with a path, keeping offsets', () => {
    const text = 'انظر https://t.co/hVkKBBfBUr و www.example.org و t.me/deirezzor24/1234 عن 9.83 مليون كم²';
    const out = withoutLinks(text);
    assert.equal(out.length, text.length);
    assert.deepEqual(out.split(/\s+/u), ['انظر', 'و', 'و', 'عن', '9.83', 'مليون', 'كم²']);
    assert.equal(withoutLinks('Kirby said so.'), 'Kirby said so.');
  });
});

describe('withoutMarkup', () => {
  it('blanks out HTML tags, keeping offsets and what is not a tag', () => {
    const text = '<p>ماذا قال <b class="x">البنتاغون</b>؟<br/></p> a < b > c';
    const out = withoutMarkup(text);
    assert.equal(out.length, text.length);
    assert.deepEqual(out.trim().split(/\s+/u), ['ماذا', 'قال', 'البنتاغون', '؟', 'a', '<', 'b', '>', 'c']);
  });
});
