import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { counted, type CountForms } from '../../src/text/index.js';

const articles: CountForms = {
  one: 'مقال واحد',
  two: 'مقالان',
  few: '# مقالات',
  many: '# مقالًا',
  other: '# مقال',
};

describe('counted', () => {
  it('gives an Arabic noun the form its number takes', () => {
    assert.equal(counted('ar', 1, articles), 'مقال واحد');
    assert.equal(counted('ar', 2, articles), 'مقالان');
    assert.equal(counted('ar', 5, articles), '5 مقالات');
    assert.equal(counted('ar', 10, articles), '10 مقالات');
    assert.equal(counted('ar', 11, articles), '11 مقالًا');
    assert.equal(counted('ar', 100, articles), '100 مقال');
    assert.equal(counted('ar', 103, articles), '103 مقالات');
    assert.equal(counted('ar', 23133, articles), '23133 مقالًا');
  });

  it('falls back to `other` for a form not given', () => {
    assert.equal(counted('ar', 0, articles), '0 مقال');
    assert.equal(counted('en', 1, { one: '# article', other: '# articles' }), '1 article');
    assert.equal(counted('en', 2, { one: '# article', other: '# articles' }), '2 articles');
    assert.equal(counted('en', 1, { other: '# passages' }), '1 passages');
  });
});
