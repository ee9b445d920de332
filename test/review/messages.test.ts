import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOGIN, NOT_SAVED } from '../../src/review/messages.js';

describe('review page messages', () => {
  it('says how long to wait in Arabic with the count’s own form', () => {
    const wait = (minutes: number) => /بعد (.+)\.$/.exec(LOGIN.tooMany('here', minutes).ar)?.[1];
    assert.equal(wait(1), 'دقيقة');
    assert.equal(wait(2), 'دقيقتين');
    assert.equal(wait(3), '3 دقائق');
    assert.equal(wait(10), '10 دقائق');
    assert.equal(wait(11), '11 دقيقةً');
    assert.equal(wait(100), '100 دقيقة');
    assert.equal(
      LOGIN.tooMany('here', 1).en,
      'Too many failed logins for this name from this address; try again in 1 min.',
    );
  });

  it('has every login message in both languages', () => {
    const all = [
      LOGIN.wrong,
      LOGIN.expired,
      ...(['here', 'name', 'address'] as const).map((by) => LOGIN.tooMany(by, 5)),
      LOGIN.sessionEnded(true),
      LOGIN.sessionEnded(false),
    ];
    for (const m of all) {
      assert.match(m.en, /^[\x20-\x7e“”’]+$/, m.en);
      assert.match(m.ar, /^[\u0600-\u06ff\s\d«»؛،.()]+$/, m.ar);
    }
  });

  it('names the other moderator’s verdict and time in words, not as the log stores them', () => {
    const at = '2024-06-10T13:00:00.000Z';
    const missing = NOT_SAVED.changed({ moderator: 'bob', toState: 'article_missing', at }).cause;
    assert.equal(
      missing.en,
      'bob reviewed this answer after you opened it (Article missing, 2024-06-10 13:00:00Z)',
    );
    assert.equal(
      missing.ar,
      'راجع bob هذه الإجابة بعد أن فتحتها (المقال غير موجود، \u20662024-06-10 13:00:00Z\u2069)',
    );
    const takenBack = NOT_SAVED.changed({ moderator: 'bob', toState: 'unreviewed', at }).cause;
    assert.equal(
      takenBack.en,
      "bob took back this answer's verdict after you opened it (2024-06-10 13:00:00Z)",
    );
    assert.equal(takenBack.ar, 'سحب bob حكم هذه الإجابة بعد أن فتحتها (\u20662024-06-10 13:00:00Z\u2069)');
  });
});
