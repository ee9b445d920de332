import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoize } from '../src/memo.js';

test('memoize keeps results by key, undefined ones too, and drops the oldest key past its size', () => {
  const calls: string[] = [];
  const lookup = memoize((key: string) => {
    calls.push(key);
    return key === 'none' ? undefined : key.length;
  }, 2);
  assert.equal(lookup('abc'), 3);
  assert.equal(lookup('abc'), 3);
  assert.equal(lookup('none'), undefined);
  assert.equal(lookup('none'), undefined);
  assert.deepEqual(calls, ['abc', 'none']);
  // A third key drops the oldest, 'abc'.
  assert.equal(lookup('de'), 2);
  assert.equal(lookup('none'), undefined);
  assert.equal(lookup('abc'), 3);
  assert.deepEqual(calls, ['abc', 'none', 'de', 'abc']);
});

test('memoize with no room keeps nothing', () => {
  let n = 0;
  const count = memoize(() => ++n, 0);
  assert.equal(count('a'), 1);
  assert.equal(count('a'), 2);
});
