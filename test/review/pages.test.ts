import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loginPage } from '../../src/review/pages.js';

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
