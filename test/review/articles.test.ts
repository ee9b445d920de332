import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { PassageStore } from '../../src/index/store.js';
import { openArticleSource } from '../../src/review/index.js';
import { LexicalEmbeddings } from '../../src/embed/lexical.js';
import { buildIndex } from '../../src/index/index.js';
import { locateGeneration } from '../../src/index/manifest.js';
import { bareArticle, syntheticJsonl, tmpDir } from '../helpers/corpus.js';

function generation(indexDir: string, name: string, text: string): void {
  const gen = path.join(indexDir, name);
  fs.mkdirSync(gen, { recursive: true });
  const store = new PassageStore(path.join(gen, 'passages.sqlite'));
  store.insertArticle(bareArticle(text, 'a1'), 'hash');
  store.db.close();
  fs.writeFileSync(path.join(indexDir, 'CURRENT'), name);
}

describe('article source for the review page', () => {
  let dir: string;
  beforeEach(() => {
    dir = tmpDir('review-articles-');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads article bodies from the current generation and follows a swap', () => {
    const warnings: string[] = [];
    const src = openArticleSource(dir, (m) => warnings.push(m));
    assert.equal(src.articleText('a1'), null, 'no index yet');
    assert.match(src.problem() ?? '', /there is no index in .* \(no CURRENT file\)/);
    generation(dir, 'gen-1', 'النص الأول');
    assert.equal(src.problem(), null);
    assert.equal(src.articleText('a1'), 'النص الأول');
    assert.equal(src.articleText('missing'), null);
    generation(dir, 'gen-2', 'النص الثاني');
    assert.equal(src.articleText('a1'), 'النص الثاني');
    src.close();
    assert.deepEqual(warnings, []);
  });

  it('treats a damaged index as "no text" and says why', () => {
    const warnings: string[] = [];
    const src = openArticleSource(dir, (m) => warnings.push(m));
    fs.writeFileSync(path.join(dir, 'CURRENT'), '../etc');
    assert.equal(src.articleText('a1'), null);
    assert.equal(src.articleText('a2'), null);
    assert.match(src.problem() ?? '', /CURRENT is damaged/);
    fs.writeFileSync(path.join(dir, 'CURRENT'), 'gen-absent');
    assert.equal(src.articleText('a1'), null);
    assert.match(src.problem() ?? '', /cannot read articles of .*gen-absent/);
    // A generation whose passage store is not a database.
    fs.mkdirSync(path.join(dir, 'gen-torn'));
    fs.writeFileSync(path.join(dir, 'gen-torn', 'passages.sqlite'), 'not a database'.repeat(100));
    fs.writeFileSync(path.join(dir, 'CURRENT'), 'gen-torn');
    assert.equal(src.articleText('a1'), null);
    assert.match(src.problem() ?? '', /cannot read articles of .*gen-torn/);
    assert.equal(warnings.length, 3, 'each reason once, not once per lookup');
    assert.match(warnings[0] ?? '', /damaged/);
    assert.match(warnings[1] ?? '', /cannot read articles of .*gen-absent/);
    src.close();
  });

  it('reads a finished generation when CURRENT is lost, as the bot does, and says so once', async () => {
    const corpus = path.join(dir, 'corpus.jsonl');
    syntheticJsonl(corpus, 3);
    const indexDir = path.join(dir, 'index');
    await buildIndex({ source: corpus, indexDir, embeddings: new LexicalEmbeddings(), maxArticleBytes: 1e6 });
    const store = new PassageStore(path.join(locateGeneration(indexDir)!.dir, 'passages.sqlite'));
    const id = store.listArticles(1)[0]?.id;
    store.close();
    fs.rmSync(path.join(indexDir, 'CURRENT'));
    const warnings: string[] = [];
    const src = openArticleSource(indexDir, (m) => warnings.push(m));
    assert.ok(src.articleText(id!));
    assert.ok(src.articleText(id!));
    assert.equal(src.problem(), null);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /CURRENT is missing: reading articles from gen-/);
    src.close();
  });
});
