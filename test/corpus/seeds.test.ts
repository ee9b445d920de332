import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadArticles, type Article, type Skip } from '../../src/corpus/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTICLES = path.join(ROOT, 'data/articles');
const SEEDS = path.resolve(ROOT, '../shared/seeds');
const haveSeeds = fs.existsSync(path.join(SEEDS, 'meta.json'));

async function loadSeedArticles(): Promise<{ articles: Article[]; skips: Skip[] }> {
  const articles: Article[] = [];
  const skips: Skip[] = [];
  for await (const a of loadArticles(ARTICLES, {
    maxArticleBytes: 1_000_000,
    onSkip: (s) => skips.push(s),
  })) {
    articles.push(a);
  }
  return { articles, skips };
}

test('data/articles loads the five seed articles, in file order, with nothing skipped', async () => {
  const { articles, skips } = await loadSeedArticles();
  assert.deepEqual(skips, []);
  assert.deepEqual(
    articles.map((a) => a.id),
    [
      '000_491cdc483407fe0a',
      '001_ac5e62f6193e386d',
      '002_0aeae3b849c18532',
      '003_827349901dd84165',
      '004_13ee92c3984e32c2',
    ],
  );
  for (const a of articles) {
    assert.equal(a.language, 'ar');
    assert.equal(a.url, null);
    assert.equal(a.origin, path.join(ARTICLES, `${a.id}.md`));
  }
});

test(
  'each seed body is byte for byte the shared seed file',
  { skip: !haveSeeds && 'no ../shared/seeds' },
  async () => {
    const { articles } = await loadSeedArticles();
    assert.equal(articles.length, 5);
    for (const a of articles) {
      const seed = fs.readFileSync(path.join(SEEDS, `${a.id}.txt`));
      assert.ok(Buffer.from(a.text, 'utf8').equals(seed), `${a.id}: body differs from the seed`);
      // And the file on disk is front matter followed by exactly those bytes.
      const file = fs.readFileSync(path.join(ARTICLES, `${a.id}.md`));
      assert.ok(
        file.subarray(file.length - seed.length).equals(seed),
        `${a.id}: file does not end with the seed`,
      );
    }
  },
);

test(
  'seed metadata is exactly what meta.json supports',
  { skip: !haveSeeds && 'no ../shared/seeds' },
  async () => {
    const meta = JSON.parse(fs.readFileSync(path.join(SEEDS, 'meta.json'), 'utf8')) as Record<
      string,
      {
        title: string | null;
        source: string | null;
        published: string | null;
        published_precision: string | null;
      }
    >;
    const { articles } = await loadSeedArticles();
    for (const a of articles) {
      const m = meta[`${a.id}.txt`];
      assert.ok(m, `${a.id} is not in meta.json`);
      assert.equal(a.title, m.title);
      assert.equal(a.source, m.source);
      assert.equal(a.published, m.published);
      assert.equal(a.publishedPrecision, m.published_precision ?? 'unknown');
    }
  },
);
