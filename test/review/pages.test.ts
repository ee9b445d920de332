import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorPage, loginPage, passageInArticle } from '../../src/review/pages.js';

describe('loginPage', () => {
  it('shows its message in both languages, escaped like any other text', () => {
    const page = loginPage({
      csrf: 'c',
      next: '/',
      error: { en: 'Wrong <b>name</b> & "token".', ar: 'الاسم <i>أو</i> الرمز' },
    }).value;
    assert.ok(
      page.includes(
        '<p class="error" role="alert">Wrong &lt;b&gt;name&lt;/b&gt; &amp; &quot;token&quot;. ' +
          '<span class="ar" lang="ar" dir="rtl">الاسم &lt;i&gt;أو&lt;/i&gt; الرمز</span></p>',
      ),
      page,
    );
  });

  it('shows no alert without a message', () => {
    assert.doesNotMatch(loginPage({ csrf: 'c', next: '/' }).value, /role="alert"/);
  });
});

describe('errorPage', () => {
  it('gives its title and message in both languages, escaped, the title in the <title> too', () => {
    const page = errorPage(
      { moderator: 'alice', csrf: 'c' },
      { en: 'Bad <b>', ar: 'سيئ <i>' },
      { en: 'Wrong & "so"', ar: 'خطأ <script>' },
    ).value;
    assert.ok(
      page.includes('<h1>Bad &lt;b&gt; <span class="ar" lang="ar" dir="rtl">سيئ &lt;i&gt;</span></h1>'),
      page,
    );
    assert.ok(
      page.includes(
        '<p class="error" role="alert">Wrong &amp; &quot;so&quot; ' +
          '<span class="ar" lang="ar" dir="rtl">خطأ &lt;script&gt;</span></p>',
      ),
      page,
    );
    assert.ok(
      page.includes(
        '<title>Bad &lt;b&gt; — answer review / \u2067سيئ &lt;i&gt; — مراجعة الإجابات\u2069</title>',
      ),
      page,
    );
  });
});

describe('passageInArticle', () => {
  const passage = { text: 'the passage', start: 4, end: 15 };

  it('says in both languages why a passage is not shown where it was cited', () => {
    assert.deepEqual(passageInArticle(null, passage).note, {
      en: 'The article is not in the current index; showing the passage as logged.',
      ar: 'المقال غير موجود في الفهرس الحالي؛ يُعرض المقطع كما سُجّل.',
    });
    assert.deepEqual(passageInArticle('An article without it.', passage).note, {
      en: 'The article has changed since this answer: the passage is no longer in it.',
      ar: 'تغيّر المقال منذ هذه الإجابة: لم يعد المقطع فيه.',
    });
    assert.deepEqual(passageInArticle('Now, the passage moved.', passage).note, {
      en: 'The article has changed since this answer: the passage was found at another place.',
      ar: 'تغيّر المقال منذ هذه الإجابة: وُجد المقطع في موضع آخر.',
    });
    assert.equal(passageInArticle('Was the passage.', passage).note, null);
  });
});
