import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalize, tokenize } from '../../src/text/index.js';

describe('tokenize', () => {
  it('returns nothing for empty or punctuation-only input', () => {
    assert.deepEqual(tokenize(''), []);
    assert.deepEqual(tokenize('  \n\t'), []);
    assert.deepEqual(tokenize('“”،؛؟!?.,:;()[]—-#@/'), []);
  });

  it('splits on whitespace and punctuation, including Arabic punctuation', () => {
    assert.deepEqual(tokenize('قوات “قسد”، ردتا؟'), ['قوات', 'قسد', 'ردتا']);
  });

  it('splits digit runs from letter runs', () => {
    assert.deepEqual(tokenize('10كم'), ['10', 'كم']);
    assert.deepEqual(tokenize('2كانون'), ['2', 'كانون']);
    assert.deepEqual(tokenize('f35s'), ['f', '35', 's']);
    assert.deepEqual(tokenize(normalize('الـ24')), ['ال', '24']);
    assert.deepEqual(tokenize(normalize('٥ من كانون')), ['5', 'من', 'كانون']);
  });

  it('keeps mixed-script text in separate tokens where separated', () => {
    assert.deepEqual(tokenize('what did كيربي say?'), ['what', 'did', 'كيربي', 'say']);
    assert.deepEqual(tokenize(normalize('#ديرالزور (@DeirEzzor24)')), ['ديرالزور', 'deirezzor', '24']);
  });

  it('keeps combining marks inside a letter run', () => {
    assert.deepEqual(tokenize('e\u0301t\u00e9'), ['e\u0301t\u00e9']);
  });
});
