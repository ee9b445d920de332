import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  createArabicStemmer,
  memoizeStemmer,
  normalize,
  stemArabic,
  stemEnglish,
  stripArabicPrefixes,
  tokenize,
} from '../../src/text/index.js';

const ar = (w: string) => stemArabic(normalize(w));
const sameStem = (...words: string[]) => {
  const stems = words.map(ar);
  assert.equal(new Set(stems).size, 1, `${words.join('/')} → ${stems.join('/')}`);
};

describe('stripArabicPrefixes', () => {
  it('strips conjunction و and one article form', () => {
    assert.equal(stripArabicPrefixes('والتحالف'), 'تحالف');
    assert.equal(stripArabicPrefixes('للتحالف'), 'تحالف');
    assert.equal(stripArabicPrefixes('بالصواريخ'), 'صواريخ');
    assert.equal(stripArabicPrefixes('وبالقرب'), 'قرب');
    assert.equal(stripArabicPrefixes('كالعاده'), 'عاده');
    assert.equal(stripArabicPrefixes('فالقوات'), 'قوات');
  });

  it('keeps short words whole', () => {
    assert.equal(stripArabicPrefixes('وقع'), 'وقع'); // و needs 3 letters after it
    assert.equal(stripArabicPrefixes('الي'), 'الي'); // ال needs 2 letters after it
    assert.equal(stripArabicPrefixes('لله'), 'لله');
  });
});

describe('stemArabic', () => {
  it('conflates the forms the bot is asked about', () => {
    sameStem('التحالف', 'والتحالف', 'للتحالف', 'تحالف');
    sameStem('الميليشيات', 'ميليشيا', 'والميليشيات');
    sameStem('قاعدة', 'القاعدة', 'قاعده');
    sameStem('صواريخ', 'بالصواريخ', 'الصواريخ');
    sameStem('الإيرانية', 'إيران');
    sameStem('الغارات', 'غارات', 'غارة');
    sameStem('القوات', 'قوات', 'وقوات');
    sameStem('المدنيين', 'مدنيين');
    sameStem('المیادین', 'الميادين'); // Persian-letter spelling in seed 000
  });

  it('takes a feminine noun with a possessive (ته) to the noun, and leaves a ت of the word itself', () => {
    sameStem('عاصمة', 'العاصمة', 'عاصمته', 'عاصمتها');
    sameStem('قاعدة', 'قاعدته');
    sameStem('حكومة', 'حكومته');
    sameStem('بيت', 'بيته');
    sameStem('صوت', 'صوته');
  });

  it('takes a plural in يات to its singular in ية, and leaves a four-letter word alone', () => {
    sameStem('عملية', 'العمليات', 'عمليات');
    sameStem('ولاية', 'ولايات');
    sameStem('شخصية', 'الشخصيات');
    sameStem('إمكانية', 'إمكانيات');
    assert.equal(ar('آيات'), 'ايا'); // too short to be read as a singular's plural: Snowball's stem
  });

  it('takes a long word in يا to the stem of its plural, and keeps a short one apart', () => {
    sameStem('ميليشيا', 'الميليشيات');
    sameStem('بريطانيا', 'البريطانية');
    assert.notEqual(ar('يوميا'), ar('اليوم'));
  });

  it('keeps a final ن that is the word’s own letter, not a suffix', () => {
    sameStem('أعلن', 'أعلنت', 'وأعلن', 'أعلنوا');
    assert.notEqual(ar('أعلن'), ar('أعلى')); // "announced", "highest"
    assert.notEqual(ar('يؤمن'), ar('اليوم')); // "believes", "the day"
    sameStem('المواطن', 'المواطنين');
    sameStem('الأردن', 'الأردنية');
    sameStem('يمكن', 'ويمكن');
    sameStem('يتضمن', 'ويتضمن', 'سيتضمن'); // Snowball takes the future س too
    sameStem('لندن', 'بلندن');
  });

  it('stems a plural nisba as its singular', () => {
    sameStem('الأمريكيين', 'الأمريكيون', 'الأمريكي', 'أمريكا');
    sameStem('العراقيين', 'العراقي', 'العراق');
    sameStem('المدنيين', 'مدنيون', 'المدني');
    assert.notEqual(ar('مليون'), ar('ملي')); // too short to be a plural: "million"
  });

  it('stems a nisba in اني as the noun it is formed from', () => {
    sameStem('الإيراني', 'الإيرانية', 'إيران', 'الإيرانيين', 'الإيرانيون');
    sameStem('اللبناني', 'اللبنانية', 'لبنان');
    sameStem('البريطاني', 'بريطانيا', 'البريطانية');
    sameStem('الإنساني', 'الإنسانية');
    assert.equal(ar('الثاني'), ar('الثانية')); // four letters: left to Snowball
    assert.notEqual(ar('الإيراني'), ar('أير'));
  });

  it('produces sensible, not absurdly short, stems', () => {
    assert.equal(ar('التحالف'), 'تحالف');
    assert.equal(ar('صواريخ'), 'صواريخ');
    assert.equal(ar('الهجوم'), 'هجوم');
    assert.equal(ar('المدنيين'), 'مدن');
    assert.equal(ar('الإيرانيين'), 'ايران');
    assert.equal(ar('قتلى'), 'قتل');
  });

  it('keeps apart the words its list gives a stem of their own (repair 7)', () => {
    // Snowball takes عملة ("currency") to عمل, the stem of عملية ("operation") and عمل ("work").
    sameStem('العملة', 'عملة', 'بالعملة', 'وعملة', 'العملات', 'عملات');
    assert.notEqual(ar('العملة'), ar('العملية'));
    assert.notEqual(ar('العملات'), ar('العمليات'));
    assert.notEqual(ar('عملة'), ar('عمل'));
    sameStem('العملية', 'عمليات', 'عمل');
  });

  it('keeps distinct words apart', () => {
    assert.notEqual(ar('قاعدة'), ar('قصف'));
    assert.notEqual(ar('صواريخ'), ar('صاروخية'));
    assert.notEqual(ar('الأمريكية'), ar('أمر'));
  });

  it('leaves one- and two-letter tokens alone', () => {
    assert.equal(stemArabic('و'), 'و');
    assert.equal(stemArabic('كم'), 'كم');
  });

  it('gives every 3+ letter seed token a stem of at least 2 letters, in normalized form', () => {
    const text = readFileSync(new URL('fixtures/seed-000.txt', import.meta.url), 'utf8');
    const words = tokenize(normalize(text)).filter((t) => /^\p{Script=Arabic}{3,}$/u.test(t));
    assert.ok(words.length > 500);
    for (const w of words) {
      const s = stemArabic(w);
      assert.ok(s.length >= 2, `${w} → ${s}`);
      assert.equal(normalize(s), s);
    }
  });
});

describe('stemEnglish', () => {
  it('applies Snowball English', () => {
    assert.equal(stemEnglish('killed'), 'kill');
    assert.equal(stemEnglish('rockets'), 'rocket');
    assert.equal(stemEnglish('bases'), 'base');
    assert.equal(stemEnglish('militias'), stemEnglish('militia'));
    assert.equal(stemEnglish('attacked'), stemEnglish('attacks'));
  });
});

describe('memoizeStemmer', () => {
  it('returns the same stems and calls the stemmer once per cached token', () => {
    let calls = 0;
    const inner = createArabicStemmer();
    const memo = memoizeStemmer((t) => {
      calls++;
      return inner(t);
    }, 2);
    assert.equal(memo('التحالف'), 'تحالف');
    assert.equal(memo('التحالف'), 'تحالف');
    assert.equal(calls, 1);
  });

  it('stays bounded, evicting the oldest entry', () => {
    const seen: string[] = [];
    const memo = memoizeStemmer((t) => {
      seen.push(t);
      return t.toUpperCase();
    }, 2);
    memo('a');
    memo('b');
    memo('c'); // evicts a
    memo('b'); // still cached
    memo('a'); // recomputed
    assert.deepEqual(seen, ['a', 'b', 'c', 'a']);
  });

  it('does not cache with size 0', () => {
    let calls = 0;
    const memo = memoizeStemmer((t) => {
      calls++;
      return t;
    }, 0);
    memo('x');
    memo('x');
    assert.equal(calls, 2);
  });
});
