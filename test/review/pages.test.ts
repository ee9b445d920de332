import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorPage, loginPage } from '../../src/review/pages.js';

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
