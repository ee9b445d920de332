import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoginLimiter } from '../../src/review/auth.js';

describe('LoginLimiter', () => {
  it('blocks a name per address first, then per name across addresses, then per address', () => {
    const clock = { now: new Date('2024-06-10T12:00:00.000Z') };
    const limiter = new LoginLimiter(() => clock.now, { perNameAndAddress: 2, perName: 4, perAddress: 3 });
    limiter.fail('a', 'alice');
    limiter.fail('a', 'alice');
    assert.equal(limiter.blocked('a', 'alice')?.by, 'here');
    assert.equal(limiter.blocked('b', 'alice'), null, 'alice at another address is not blocked');
    limiter.fail('b', 'alice');
    limiter.fail('c', 'alice');
    assert.equal(limiter.blocked('d', 'alice')?.by, 'name');
    assert.equal(limiter.blocked('d', 'bob'), null);
    limiter.fail('a', 'bob');
    assert.equal(limiter.blocked('a', 'carol')?.by, 'address');
    limiter.succeed('b', 'alice');
    assert.equal(limiter.blocked('b', 'alice')?.by, 'name', 'her own login does not reset the guesses');
  });

  it('forgets failures whose window has passed, so memory holds only the last window', () => {
    const clock = { now: new Date('2024-06-10T12:00:00.000Z') };
    const limiter = new LoginLimiter(() => clock.now);
    for (let i = 0; i < 200; i++) limiter.fail(`192.0.2.${i % 50}`, `name${i}`);
    assert.equal(limiter.size, 200 + 200 + 50);
    clock.now = new Date(clock.now.getTime() + 10 * 60_000);
    limiter.fail('198.51.100.1', 'alice');
    assert.equal(limiter.size, 3);
    assert.equal(limiter.blocked('192.0.2.1', 'name1'), null);
  });
});
