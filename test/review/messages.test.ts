import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOGIN } from '../../src/review/messages.js';

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
});
