import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  arabicDigitsToAscii,
  composeFilters,
  lowercase,
  nfkc,
  normalize,
  normalizeFilters,
  stripDiacritics,
  stripTatweel,
  unifyAlef,
  unifyHamza,
  unifyHeh,
  unifyKaf,
  unifyYeh,
} from '../../src/text/index.js';

describe('normalisation filters', () => {
  it('nfkc folds presentation forms and full-width Latin', () => {
    assert.equal(nfkc('\uFEFB'), 'لا'); // ﻻ ligature
    assert.equal(nfkc('\uFE8D\uFEDF'), 'ال'); // isolated/initial forms
    assert.equal(nfkc('ＡＢＣ１２'), 'ABC12');
  });

  it('stripDiacritics removes harakat, tanween, shadda, sukun, superscript alef, Quranic marks', () => {
    assert.equal(stripDiacritics('نفّذ'), 'نفذ'); // seed 000
    assert.equal(stripDiacritics('مستودعًا'), 'مستودعا'); // seed 000
    assert.equal(stripDiacritics('مُحَمَّدٌ'), 'محمد');
    assert.equal(stripDiacritics('هٰذا'), 'هذا');
    assert.equal(stripDiacritics('قال\u06D6\u06ED'), 'قال');
    assert.equal(stripDiacritics('abc é'), 'abc é');
  });

  it('stripTatweel removes kashida only', () => {
    assert.equal(stripTatweel('الـ24'), 'ال24'); // seed 000
    assert.equal(stripTatweel('قـــوات'), 'قوات');
  });

  it('unifyAlef maps hamza/madda/wasla alef forms to bare alef', () => {
    assert.equal(unifyAlef('أإآٱ'), 'اااا');
    assert.equal(unifyAlef('إيران'), 'ايران');
  });

  it('unifyHamza maps hamza on waw/yeh and keeps standalone hamza', () => {
    assert.equal(unifyHamza('مسؤول'), 'مسوول');
    assert.equal(unifyHamza('قذائف'), 'قذايف');
    assert.equal(unifyHamza('سماء'), 'سماء');
  });

  it('unifyYeh maps alef maqsura and Persian yeh', () => {
    assert.equal(unifyYeh('قتلى'), 'قتلي');
    assert.equal(unifyYeh('الیوم'), 'اليوم'); // seed 000 spelling
  });

  it('unifyHeh maps Persian/Urdu heh and teh marbuta', () => {
    assert.equal(unifyHeh('الھجوم'), 'الهجوم'); // seed 000 spelling
    assert.equal(unifyHeh('ہ'), 'ه');
    assert.equal(unifyHeh('قاعدة'), 'قاعده');
  });

  it('unifyKaf maps Persian kaf', () => {
    assert.equal(unifyKaf('کانون'), 'كانون');
  });

  it('arabicDigitsToAscii maps both Arabic-Indic digit blocks', () => {
    assert.equal(arabicDigitsToAscii('٠١٢٣٤٥٦٧٨٩'), '0123456789');
    assert.equal(arabicDigitsToAscii('۰۱۲۳۴۵۶۷۸۹'), '0123456789');
    assert.equal(arabicDigitsToAscii('عام ٢٠٢٢'), 'عام 2022');
  });

  it('lowercase lowercases Latin', () => {
    assert.equal(lowercase('Kirby SDF'), 'kirby sdf');
  });

  it('composeFilters applies filters left to right', () => {
    const f = composeFilters([(s) => s + 'a', (s) => s + 'b']);
    assert.equal(f('x'), 'xab');
  });
});

describe('normalize', () => {
  it('makes the Persian-letter spellings of the seed articles match the standard ones', () => {
    assert.equal(normalize('المیادین'), normalize('الميادين'));
    assert.equal(normalize('الیوم'), normalize('اليوم'));
    assert.equal(normalize('الھجوم'), normalize('الهجوم'));
    assert.equal(normalize('إیران'), normalize('ايران'));
    assert.equal(normalize('الصاروخیة'), normalize('الصاروخية'));
  });

  it('combines all filters', () => {
    assert.equal(normalize('«القاعدةُ» الأمريكيّة، ٥ كانون Kirby'), '«القاعده» الامريكيه، 5 كانون kirby');
    assert.equal(normalize('الـ24 ساعة'), 'ال24 ساعه');
  });

  it('leaves punctuation for the tokenizer', () => {
    assert.equal(normalize('“قسد”، (داعش)!'), '“قسد”، (داعش)!');
  });

  it('is idempotent on every BMP code point', () => {
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const once = normalize(String.fromCharCode(c));
      assert.equal(normalize(once), once, `U+${c.toString(16)}`);
    }
  });

  it('is idempotent on random mixes of marks, tatweel and letters', () => {
    const alphabet = [...'eEaIiاويهىةیھک٣۳ Σςßﬁ', '\u0640', '\u0301', '\u0653', '\u0654', '\u064B', '\u0651'];
    alphabet.push('\u06E5', '\u0670', 'ℌ', 'İ', '\uFEFB', '\uFE70', '\u0308', '\u0307');
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 20000; k++) {
      let s = '';
      for (let i = 0, len = 1 + rnd(5); i < len; i++) s += alphabet[rnd(alphabet.length)];
      const once = normalize(s);
      assert.equal(normalize(once), once, JSON.stringify(s));
    }
  });

  it('needs its closing NFKC: removing a tatweel can expose a composable pair', () => {
    const withoutClosingNfkc = composeFilters(normalizeFilters.slice(0, -1));
    const once = withoutClosingNfkc('e\u0640\u0301');
    assert.notEqual(withoutClosingNfkc(once), once);
    assert.equal(normalize('e\u0640\u0301'), 'é');
  });
});
