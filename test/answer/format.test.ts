import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate } from '../../src/answer/format.js';

describe('formatDate', () => {
  it('shows the date with its precision, in English and Arabic', () => {
    assert.equal(formatDate('2022-01-05', 'day', 'en'), '5 Jan 2022');
    assert.equal(formatDate('2022-01', 'month', 'en'), 'Jan 2022');
    assert.equal(formatDate('2022-01-05', 'month', 'en'), 'Jan 2022');
    assert.equal(formatDate('2022', 'year', 'en'), '2022');
    assert.equal(formatDate(null, 'unknown', 'en'), 'date unknown');
    assert.equal(formatDate('2022-01-05', 'unknown', 'en'), 'date unknown');
    assert.equal(formatDate('2018-03-01T10:00:00+02:00', 'day', 'en'), '1 Mar 2018');
    assert.equal(formatDate('2022-01-05', 'day', 'ar'), '5 كانون الثاني/يناير 2022');
    assert.equal(formatDate('2022-12', 'month', 'ar'), 'كانون الأول/ديسمبر 2022');
    assert.equal(formatDate(null, 'unknown', 'ar'), 'تاريخ غير معروف');
    // A date claimed precise to the day but given only to the month degrades honestly.
    assert.equal(formatDate('2022-01', 'day', 'en'), 'Jan 2022');
  });
});
