import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvText } from '../../src/review/export.js';

describe('csvText', () => {
  it('defuses a formula at the start of a cell, as before', () => {
    for (const lead of ['=', '+', '-', '@']) assert.equal(csvText(`${lead}SUM(1,2)`), `'${lead}SUM(1,2)`);
    assert.equal(csvText('\t=1'), "'\t=1");
    assert.equal(csvText('\r=1'), "'\r=1");
    assert.equal(csvText(null), '');
  });

  it('defuses one after blanks at the start', () => {
    assert.equal(csvText(' =1+1'), "' =1+1");
    assert.equal(csvText('\u00a0@SUM(A1)'), "'\u00a0@SUM(A1)");
  });

  it('defuses one starting a line of the cell, or after a ";", where a ;-separated reading starts a cell', () => {
    assert.equal(csvText('why?\n=HYPERLINK("http://evil")'), `why?\n'=HYPERLINK("http://evil")`);
    assert.equal(csvText('why?\r\n+1'), "why?\r\n'+1");
    assert.equal(csvText('why?\r-1'), "why?\r'-1");
    assert.equal(csvText('why?;=cmd'), "why?;'=cmd");
    assert.equal(csvText('why?; @cmd'), "why?;' @cmd");
  });

  it('leaves text without such a place as it is', () => {
    for (const text of [
      'Deir ez-Zor',
      '3 - 2 = 1',
      'a;b',
      'first line\r\nsecond line',
      'ما القاعدة التي استهدفت بثمانية صواريخ؟',
      "it's",
    ]) {
      assert.equal(csvText(text), text);
    }
  });
});
