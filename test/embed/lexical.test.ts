import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnv1a, LexicalEmbeddings } from '../../src/embed/lexical.js';

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

test('vectors are deterministic, unit length and of the configured dimension', async () => {
  const e = new LexicalEmbeddings({ dimension: 256 });
  const [a] = await e.embedDocuments(['استهدفت ثمانية صواريخ قاعدة التحالف']);
  const again = await new LexicalEmbeddings({ dimension: 256 }).embedQuery(
    'استهدفت ثمانية صواريخ قاعدة التحالف',
  );
  assert.equal(a!.length, 256);
  assert.deepEqual(a, again);
  assert.ok(Math.abs(cos(a!, a!) - 1) < 1e-9);
  assert.equal(e.id, 'lexical-hash-v2-d256');
});

test('related texts are closer than unrelated ones, across spelling variants', async () => {
  const e = new LexicalEmbeddings();
  const q = await e.embedQuery('قاعدة القریة الخضراء'); // Persian yeh, as in the seeds
  const near = await e.embedQuery('استهدف قصف قاعدة القرية الخضراء شرق الفرات');
  const far = await e.embedQuery('ارتفعت أسعار النفط في الأسواق العالمية اليوم');
  assert.ok(cos(q, near) > 0.3, `near: ${cos(q, near)}`);
  assert.ok(cos(q, near) > cos(q, far) + 0.2);
});

test('empty or punctuation-only text gives a zero vector rather than NaN', async () => {
  const v = await new LexicalEmbeddings().embedQuery(' ،.! ');
  assert.ok(v.every((x) => x === 0));
});

test('fnv1a is the standard 32-bit FNV-1a', () => {
  assert.equal(fnv1a(''), 0x811c9dc5);
  assert.equal(fnv1a('a'), 0xe40c292c);
});
