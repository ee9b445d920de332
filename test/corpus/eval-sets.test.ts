import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadArticles } from '../../src/corpus/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SETS = [
  'data/eval/seed-check.jsonl',
  'data/eval/seed-blind.jsonl',
  'data/eval/seed-blind2.jsonl',
  'data/eval/seed-blind3.jsonl',
  'data/eval/seed-blind4.jsonl',
  'data/eval/seed-unanswerable.jsonl',
];

interface Question {
  id: string;
  lang: string;
  question: string;
  answerable: boolean;
  evidence: string[];
  facts_any: string[];
  seed_articles: string[];
}

test("the project's seed question sets are in score.mjs's form, their evidence verbatim in the articles it names", async () => {
  const texts = new Map<string, string>();
  for await (const a of loadArticles(path.join(ROOT, 'data/articles'), {
    maxArticleBytes: 1_000_000,
    onSkip: (s) => assert.fail(`${s.origin}: ${s.reason}`),
  })) {
    texts.set(a.id.slice(0, 3), a.text);
  }
  assert.equal(texts.size, 5);
  const ids = new Set<string>();
  for (const set of SETS) {
    const lines = fs.readFileSync(path.join(ROOT, set), 'utf8').trim().split('\n');
    for (const line of lines) {
      const q = JSON.parse(line) as Question;
      const where = `${set} ${q.id}`;
      assert.ok(!ids.has(q.id), `${where}: id used twice`);
      ids.add(q.id);
      assert.ok(q.lang === 'ar' || q.lang === 'en', where);
      assert.ok(q.question.trim().length > 0, where);
      if (!q.answerable) {
        assert.deepEqual([q.evidence, q.facts_any, q.seed_articles], [[], [], []], where);
        continue;
      }
      assert.ok(q.evidence.length > 0 && q.seed_articles.length > 0, where);
      for (const span of q.evidence) {
        assert.ok(
          q.seed_articles.some((id) => texts.get(id)?.includes(span)),
          `${where}: "${span}" is not in ${q.seed_articles.join(', ')}`,
        );
      }
    }
  }
});

test("the project's eastern-Syria sets are in score.mjs's form, their gold ids articles of ANT", async () => {
  const ant = path.join(ROOT, '../shared/corpora/ant-news-2018.jsonl.gz');
  const ids = new Set<string>();
  const lines = createInterface({ input: fs.createReadStream(ant).pipe(zlib.createGunzip()) });
  for await (const line of lines) {
    const id = /^\{"id": "([^"]+)"/.exec(line)?.[1];
    if (id) ids.add(id);
  }
  assert.equal(ids.size, 23_133);
  for (const set of ['ant-east.jsonl', 'ant-east2.jsonl', 'ant-east3.jsonl']) {
    const seen = new Set<string>();
    for (const line of fs
      .readFileSync(path.join(ROOT, 'data/eval', set), 'utf8')
      .trim()
      .split('\n')) {
      const q = JSON.parse(line) as Pick<
        Question,
        'id' | 'lang' | 'question' | 'answerable' | 'facts_any'
      > & {
        gold_ids: string[];
      };
      assert.deepEqual(
        Object.keys(q),
        ['id', 'lang', 'question', 'answerable', 'gold_ids', 'facts_any'],
        q.id,
      );
      assert.ok(!seen.has(q.id), `${q.id}: id used twice`);
      seen.add(q.id);
      assert.ok(q.lang === 'ar' || q.lang === 'en', q.id);
      assert.ok(q.question.trim().length > 0, q.id);
      if (!q.answerable) {
        assert.deepEqual([q.gold_ids, q.facts_any], [[], []], q.id);
        continue;
      }
      assert.ok(q.gold_ids.length > 0 && q.facts_any.length > 0, q.id);
      for (const id of q.gold_ids) assert.ok(ids.has(id), `${q.id}: ${id} is not an ANT article`);
    }
    assert.equal(seen.size, 72, set);
  }
});
