import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
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
