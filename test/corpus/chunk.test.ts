import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chunk, loadArticles, passagesOf, type Article } from '../../src/corpus/index.js';
import { linesElsewhere, trailingChrome } from '../../src/corpus/chunk.js';
import { bareArticle } from '../helpers/corpus.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ANT = path.resolve(ROOT, '../shared/corpora/ant-news-2018.jsonl.gz');

const texts = (text: string, opts?: Parameters<typeof chunk>[1]) =>
  chunk(text, opts).map(({ start, end }) => text.slice(start, end));

const article = (text: string): Article => bareArticle(text);

describe('chunk', () => {
  test('groups sentences of a paragraph up to targetChars; a newline always ends a passage', () => {
    const text = 'جملة أولى. جملة ثانية؟ جملة ثالثة!\nفقرة ثانية.';
    assert.deepEqual(texts(text), ['جملة أولى. جملة ثانية؟ جملة ثالثة!', 'فقرة ثانية.']);
    assert.deepEqual(texts(text, { targetChars: 15 }), [
      'جملة أولى.',
      'جملة ثانية؟',
      'جملة ثالثة!',
      'فقرة ثانية.',
    ]);
    assert.deepEqual(texts(text, { targetChars: 22 }), [
      'جملة أولى. جملة ثانية؟',
      'جملة ثالثة!',
      'فقرة ثانية.',
    ]);
  });

  test('sentence ends: . ! ? ؟ ؛ … and closing quotes stay with the sentence', () => {
    const text = 'قال: “انتهى.” ثم غادر؛ وبعد ذلك… صمت (طويل.) هل؟ نعم! «حسناً.» أخيراً.';
    assert.deepEqual(texts(text, { targetChars: 1 }), [
      'قال: “انتهى.”',
      'ثم غادر؛',
      'وبعد ذلك…',
      'صمت (طويل.)',
      'هل؟',
      'نعم!',
      '«حسناً.»',
      'أخيراً.',
    ]);
  });

  test('does not split inside numbers, URLs or at a terminator run', () => {
    const text = 'ارتفع بنسبة 2.5 بالمئة. انظر https://t.co/x.y وأيضاً example.org/a... ثم انتهى?! نعم.';
    assert.deepEqual(texts(text, { targetChars: 1 }), [
      'ارتفع بنسبة 2.5 بالمئة.',
      'انظر https://t.co/x.y وأيضاً example.org/a...',
      'ثم انتهى?!',
      'نعم.',
    ]);
  });

  test('offsets are into the verbatim text, trimmed, with CRLF and surrounding spaces', () => {
    const text = '  \u200Fأول.  ثان.\r\n\r\n\tثالث  ';
    const spans = chunk(text, { targetChars: 1 });
    assert.deepEqual(spans, [
      { start: 3, end: 7 },
      { start: 9, end: 13 },
      { start: 18, end: 22 },
    ]);
    assert.deepEqual(
      spans.map((s) => text.slice(s.start, s.end)),
      ['أول.', 'ثان.', 'ثالث'],
    );
  });

  test('drops spans with no letter or digit', () => {
    assert.deepEqual(texts('نص.\n–\n... !!\n  \n* * *\n٣'), ['نص.', '٣']);
    assert.deepEqual(chunk(''), []);
  });

  test('a sentence longer than maxChars is split at whitespace, preferring after a comma', () => {
    const clause = 'كلمة '.repeat(15).trim(); // 74 chars
    const text = `${clause}، ${clause}، ${clause}، ${clause}.`;
    const parts = texts(text, { maxChars: 170, targetChars: 100 });
    assert.deepEqual(parts, [`${clause}، ${clause}،`, `${clause}، ${clause}.`]);

    const noCommas = 'كلمة '.repeat(100).trim();
    const pieces = chunk(noCommas, { maxChars: 52 });
    for (const p of pieces) {
      assert.ok(p.end - p.start <= 52);
      assert.equal(noCommas.slice(p.start, p.end), noCommas.slice(p.start, p.end).trim());
      assert.ok(p.start === 0 || noCommas[p.start - 1] === ' ', 'cut at a word boundary');
    }
    assert.equal(pieces.map((p) => noCommas.slice(p.start, p.end)).join(' '), noCommas);
  });

  test('a run with no whitespace is cut hard, never inside a surrogate pair', () => {
    const text = '𠀀'.repeat(10); // a CJK letter outside the BMP: 20 UTF-16 units
    const spans = chunk(`a${text}`, { maxChars: 4 });
    assert.ok(spans.every((s) => s.end - s.start <= 4));
    for (const s of spans) assert.ok(!`a${text}`.slice(s.start, s.end).includes('\uFFFD'));
    assert.deepEqual(
      spans.map((s) => s.start),
      [0, 3, 7, 11, 15, 19],
    );
  });

  test('rejects nonsense options; targetChars is capped by maxChars', () => {
    assert.throws(() => chunk('نص', { maxChars: 1 }), RangeError);
    assert.throws(() => chunk('نص', { targetChars: 0 }), RangeError);
    const text = 'أ. '.repeat(40);
    assert.ok(chunk(text, { maxChars: 20, targetChars: 1000 }).every((s) => s.end - s.start <= 20));
  });
});

describe('passagesOf', () => {
  test('numbers passages from 0 and carries the article id and exact text', () => {
    const a = article('أول. ثان.\nثالث.');
    assert.deepEqual(passagesOf(a, { targetChars: 1 }), [
      { articleId: 'a', ordinal: 0, start: 0, end: 4, text: 'أول.' },
      { articleId: 'a', ordinal: 1, start: 5, end: 9, text: 'ثان.' },
      { articleId: 'a', ordinal: 2, start: 10, end: 15, text: 'ثالث.' },
    ]);
  });

  test("leaves out the page's furniture that ends the article: three short lines or more, not sentences", () => {
    const body = 'استهدفت ثمانية صواريخ محيط قاعدة التحالف.\nويقدّر عدد الميليشيات بأكثر من 100 ألف مقاتل';
    const menu = '\n\nشارك المقال على:\nمقالات ذات صلة:\n\nآخر الأخبار\n\nمساحة نسوية\n–';
    const a = article(body + menu);
    assert.equal(trailingChrome(a.text), body.length + 2);
    assert.deepEqual(
      passagesOf(a).map((p) => p.text),
      ['استهدفت ثمانية صواريخ محيط قاعدة التحالف.', 'ويقدّر عدد الميليشيات بأكثر من 100 ألف مقاتل'],
    );
    // Two short lines may be the article's own: an agency, a list's last item.
    const agency = body + '\nفرانس24/ أ ف ب\nانتهى وروجع';
    assert.equal(trailingChrome(agency), agency.length);
    // A sentence, however short, is the article's; so is a line with a figure (a ranking's items).
    for (const own of [
      '\nلا إصابات.\nآخر الأخبار\nمساحة نسوية',
      '\nآخر الأخبار\n46- المغرب (-5)\nمساحة نسوية',
    ]) {
      assert.equal(trailingChrome(body + '\nأرشيف الاتحاد' + own), (body + '\nأرشيف الاتحاد' + own).length);
    }
    // A subheading is followed by its sentences, so it never ends the text.
    const sub = `${body}\nتهديدات خامنئي\nآخر الأخبار\n${body}`;
    assert.equal(passagesOf(article(sub)).length, 6);
    // An article of nothing but short lines keeps them all.
    assert.equal(passagesOf(article('عنوان\nآخر الأخبار\nمساحة نسوية')).length, 3);
  });

  test('leaves out the lines that link to other articles, as the sites write them', () => {
    const body = 'استهدفت ثمانية صواريخ محيط قاعدة التحالف.';
    for (const link of [
      'اقرأ أيضاً: “التحالف الدولي” يقصف مواقع للفصائل الموالية لإيران شرقي سوريا',
      'إقرأ أيضا اتهام مديري أوبرا باريس بإهدار المال العام',
      'اقرأ ايضا| أول رحلة',
      '- اقرأ المزيد...',
      'للمزيد - "حسين حبري: تراجيديا تشادية" في قلب مهرجان كان',
      'للمزيد، كنوز نجل رئيس غينيا الاستوائية تحت عيون القضاء الفرنسي',
      'طالـع أيضًا: الغوطة الشرقية',
      'Read also: Syria',
    ]) {
      const text = `${body}\n${link}\n${body}`;
      assert.deepEqual(
        linesElsewhere(text),
        [{ start: body.length + 1, end: body.length + 1 + link.length }],
        link,
      );
      assert.deepEqual(
        passagesOf(article(text)).map((p) => p.text),
        [body, body],
        link,
      );
    }
    // The words in a sentence of the article's own, or after its start, are not a link.
    for (const own of [
      'للمزيد من التفاصيل قال المتحدث إن القصف استمر.',
      'وقال: اقرأ أيضا ما كتبناه أمس.',
      'قرأ أيضا البيان.',
    ]) {
      assert.deepEqual(linesElsewhere(`${body}\n${own}`), [], own);
    }
    // An article that is only a link keeps it.
    assert.equal(passagesOf(article('اقرأ أيضا: عنوان')).length, 1);
  });
});

/** Every invariant a passage list must keep, for one article. */
function assertInvariants(a: Article, maxChars = 500): void {
  const passages = passagesOf(a);
  const own = passages.length ? Math.max(trailingChrome(a.text), passages.at(-1)!.end) : a.text.length;
  const links = linesElsewhere(a.text);
  const covered = new Uint8Array(a.text.length);
  let prevEnd = 0;
  passages.forEach((p, i) => {
    const where = `${a.origin} passage ${i}`;
    assert.equal(p.ordinal, i);
    assert.equal(p.articleId, a.id);
    assert.equal(p.text, a.text.slice(p.start, p.end), where);
    assert.ok(p.start >= prevEnd && p.start < p.end, `${where}: out of order or overlapping`);
    assert.ok(p.end - p.start <= maxChars, `${where}: ${p.end - p.start} chars`);
    assert.ok(!/[\n\r\u2028\u2029]/.test(p.text), `${where}: contains a newline`);
    assert.equal(p.text, p.text.trim(), `${where}: not trimmed`);
    covered.fill(1, p.start, p.end);
    prevEnd = p.end;
  });
  for (let i = 0; i < own; i++) {
    if (!covered[i] && /[\p{L}\p{N}]/u.test(a.text[i]!) && !links.some((l) => i >= l.start && i < l.end)) {
      assert.fail(`${a.origin}: "${a.text.slice(Math.max(0, i - 10), i + 10)}" at ${i} is in no passage`);
    }
  }
}

test('invariants hold on the seed articles', async () => {
  let n = 0;
  for await (const a of loadArticles(path.join(ROOT, 'data/articles'), {
    maxArticleBytes: 1_000_000,
    onSkip: (s) => assert.fail(s.reason),
  })) {
    assertInvariants(a);
    n++;
  }
  assert.equal(n, 5);
});

test(
  'invariants hold on the first 200 ANT articles',
  { skip: !fs.existsSync(ANT) && 'no ANT corpus' },
  async () => {
    let n = 0;
    let passages = 0;
    for await (const a of loadArticles(ANT, {
      maxArticleBytes: 1_000_000,
      onSkip: (s) => assert.fail(s.reason),
    })) {
      assertInvariants(a);
      passages += passagesOf(a).length;
      if (++n === 200) break;
    }
    assert.equal(n, 200);
    assert.ok(passages > 400, `only ${passages} passages: sentences are not being split`);
  },
);
