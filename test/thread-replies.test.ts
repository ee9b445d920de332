import assert from 'node:assert/strict';
import test from 'node:test';
import { ThreadReplies } from '../src/thread-replies.js';

test('the thread is held only while a reply is owed, and every reply reaches its own request', async () => {
  const holds: boolean[] = [];
  const sent: number[] = [];
  const replies = new ThreadReplies<string>((held) => holds.push(held));
  const a = replies.request((id) => sent.push(id));
  const b = replies.request((id) => sent.push(id));
  assert.deepEqual(holds, [true]);
  assert.equal(replies.size, 2);
  assert.notEqual(sent[0], sent[1]);
  replies.resolve(sent[1]!, 'second');
  assert.deepEqual(holds, [true]);
  replies.reject(sent[0]!, new Error('first failed'));
  assert.deepEqual(holds, [true, false]);
  assert.equal(await b, 'second');
  await assert.rejects(a, /first failed/);
  // A reply to a request no longer waiting (already settled) changes nothing.
  replies.resolve(sent[1]!, 'again');
  assert.deepEqual(holds, [true, false]);
});

test('when the thread stops, every request still waiting fails with its reason', async () => {
  const holds: boolean[] = [];
  const replies = new ThreadReplies<number>((held) => holds.push(held));
  const waiting = [replies.request(() => {}), replies.request(() => {}), replies.request(() => {})];
  replies.rejectAll(new Error('the thread stopped'));
  for (const w of waiting) await assert.rejects(w, /the thread stopped/);
  assert.equal(replies.size, 0);
  assert.deepEqual(holds, [true, false]);
});
